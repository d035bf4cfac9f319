from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("bao-cao/", views.ReportFormView.as_view(), name="report-form"),
    path("bao-cao/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("kho-khan/moi/", views.DifficultyCreateView.as_view(), name="difficulty-new"),
    path("kho-khan/<int:pk>/", views.DifficultyView.as_view(), name="difficulty"),
    path("tong-hop/", views.OverviewView.as_view(), name="overview"),
    path("tong-hop/<int:year>/", views.OverviewView.as_view(), name="overview-year"),
    path("tong-hop/<int:year>/bao-cao-chuan-bi-thi.xlsx", views.ExportView.as_view(),
         name="export"),
    path("tong-hop/<int:year>/tao-bai-viet/", views.CreateArticleView.as_view(),
         name="create-article"),
]

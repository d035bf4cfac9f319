from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("quan-ly/", views.StaffHomeView.as_view(), name="staff-home"),
    path("quan-ly/<int:year>/", views.StaffYearView.as_view(), name="staff-year"),
    path("quan-ly/<int:year>/nhap-tep/", views.UploadView.as_view(), name="staff-upload"),
    path("quan-ly/<int:year>/nhap-tep/<int:pk>/xac-nhan/", views.ConfirmView.as_view(),
         name="staff-confirm"),
    path("quan-ly/<int:year>/nhap-tep/tien-trinh/<int:pk>/", views.JobView.as_view(),
         name="staff-job"),
    path("quan-ly/<int:year>/nhap-tep/tien-trinh/<int:pk>.json", views.JobStatusView.as_view(),
         name="staff-job-status"),
    path("quan-ly/ten-truong/", views.SchoolNamesView.as_view(), name="staff-schools"),
    path("quan-ly/<int:year>/sua-diem/", views.CorrectionView.as_view(), name="staff-correct"),
    path("quan-ly/<int:year>/so-sanh/", views.CompareView.as_view(), name="staff-compare"),
    path("quan-ly/<int:year>/phien-ban/<int:number>/khoi-phuc/", views.RestoreView.as_view(),
         name="staff-restore"),
    path("quan-ly/<int:year>/cong-bo/", views.ReleaseView.as_view(), name="staff-release"),
    path("quan-ly/<int:year>/tao-bai-viet/", views.CreateArticleView.as_view(),
         name="staff-article"),
    path("<int:year>/", views.LookupView.as_view(), name="lookup"),
    path("<int:year>/thong-ke/", views.StatisticsView.as_view(), name="statistics"),
    path("<int:year>/thong-ke/<slug:table>.csv", views.StatisticsExportView.as_view(fmt="csv"),
         name="statistics-csv"),
    path("<int:year>/thong-ke/<slug:table>.xlsx", views.StatisticsExportView.as_view(fmt="xlsx"),
         name="statistics-xlsx"),
]

from django.contrib.auth.views import LogoutView
from django.urls import path

from . import views

app_name = "exams"

urlpatterns = [
    # Public
    path("", views.ScheduleView.as_view(), name="schedule"),
    path("<int:year>/", views.ScheduleView.as_view(), name="schedule-year"),
    path("<int:year>/lich-thi.ics", views.ICalView.as_view(), name="ical"),
    path("diem-thi/", views.SiteListView.as_view(), name="site-list"),
    path("<int:year>/diem-thi/", views.SiteListView.as_view(), name="site-list-year"),
    # Staff: site reports and the Department's dashboard
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", LogoutView.as_view(next_page="exams:login"), name="logout"),
    path("bao-cao/", views.StaffHomeView.as_view(), name="staff-home"),
    path("bao-cao/buoi-thi/<int:session_pk>/", views.ReportFormView.as_view(), name="report-form"),
    path("bao-cao/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("tong-hop/<int:session_pk>/", views.DashboardView.as_view(), name="dashboard"),
    path("tong-hop/<int:session_pk>/ban-in/", views.DashboardPrintView.as_view(),
         name="dashboard-print"),
    path("tong-hop/<int:session_pk>/bao-cao.xlsx", views.DashboardExportView.as_view(fmt="xlsx"),
         name="dashboard-xlsx"),
    path("tong-hop/<int:session_pk>/bao-cao.csv", views.DashboardExportView.as_view(fmt="csv"),
         name="dashboard-csv"),
    path("tong-hop/<int:session_pk>/tao-bai-viet/", views.CreateArticleView.as_view(),
         name="create-article"),
]

from django.urls import path

from . import staff, views

app_name = "hotline"

urlpatterns = [
    path("", views.HotlineView.as_view(), name="index"),
    path("gui-phan-anh/", views.report_form, name="report"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("tra-cuu/phan-anh/", views.status, name="status"),
    # Inspectors' workspace
    path("thanh-tra/", staff.queue, name="staff_queue"),
    path("thanh-tra/bao-cao-ngay/", staff.day_summary, name="staff_day"),
    path("thanh-tra/xuat.csv", staff.export, {"fmt": "csv"}, name="staff_export_csv"),
    path("thanh-tra/xuat.xlsx", staff.export, {"fmt": "xlsx"}, name="staff_export_xlsx"),
    path("thanh-tra/quyen-xem-danh-tinh/", staff.identity_access,
         name="staff_identity_access"),
    path("thanh-tra/<int:pk>/", staff.report_detail, name="staff_report"),
    path("thanh-tra/<int:pk>/ban-in/", staff.report_print, name="staff_report_print"),
    path("thanh-tra/<int:pk>/tep/<int:attachment_pk>/", staff.attachment_download,
         name="staff_attachment"),
    # Hotline operators
    path("tong-dai/", staff.operator_list, name="operator_list"),
    path("tong-dai/ghi-nhan/", staff.operator_new, name="operator_new"),
    path("tong-dai/<int:pk>/", staff.operator_detail, name="operator_detail"),
]

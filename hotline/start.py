"""The hotline's start sections: operators log calls, inspectors work the queue (their landing),
the audit trail for those who read it (examportal.staffstart)."""

from django.urls import reverse

from examportal.staffstart import StartLink, StartSection, admin_link

from .models import Report


def section(user):
    links, landing = [], None
    if user.has_perm("hotline.log_report"):
        links += [
            StartLink("Ghi nhận cuộc gọi, thư báo", reverse("hotline:operator_new"),
                      "Phản ánh nhận qua điện thoại hoặc thư điện tử.",
                      permission="hotline.log_report"),
            StartLink("Cuộc gọi đã ghi nhận hôm nay", reverse("hotline:operator_list"), "",
                      Report.objects.logged_today_by(user).count(), "hotline.log_report"),
        ]
    if user.has_perm("hotline.handle_report"):
        landing = reverse("hotline:staff_queue")
        links += [
            StartLink("Hàng đợi phản ánh", landing, "Phản ánh đang mở: xác minh, xử lý, trả lời.",
                      Report.objects.open().count(), "hotline.handle_report"),
            StartLink("Báo cáo ngày", reverse("hotline:staff_day"),
                      permission="hotline.handle_report"),
        ]
    if user.has_perm("hotline.grant_identity_access"):
        links.append(StartLink("Quyền xem danh tính người phản ánh",
                               reverse("hotline:staff_identity_access"),
                               permission="hotline.grant_identity_access"))
    reports = admin_link(user, "Phản ánh trong trang quản trị", "admin:hotline_report_changelist",
                         "hotline.view_report", description="Tra cứu, lọc theo mọi trường.")
    if reports:
        links.append(reports)
    audit = admin_link(user, "Nhật ký truy cập đường dây nóng",
                       "admin:hotline_auditentry_changelist", "hotline.view_auditentry",
                       description="Ai đã xem, xuất, in hoặc cấp quyền gì.")
    if audit:
        links.append(audit)
    if not links:
        return None
    return StartSection("Đường dây nóng", links, landing=landing, priority=10 if landing else 60)

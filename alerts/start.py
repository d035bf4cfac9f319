"""Email alerts on the start page: the lists and the send queue (examportal.staffstart)."""

from examportal.staffstart import StartSection, admin_link


def section(user):
    links = [link for link in (
        admin_link(user, "Danh sách nhận tin qua thư", "admin:alerts_subscription_changelist",
                   "alerts.view_subscription"),
        admin_link(user, "Thư đang gửi", "admin:alerts_item_changelist", "alerts.view_item"),
    ) if link]
    return StartSection("Nhận tin qua thư", links, priority=95) if links else None

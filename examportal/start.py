"""The core's start section: accounts and groups, for those who keep them (Quản trị)."""

from .staffstart import StartSection, admin_link


def section(user):
    links = [link for link in (
        admin_link(user, "Tài khoản cán bộ", "admin:auth_user_changelist", "auth.view_user",
                   description="Đặt lại mật khẩu, khóa tài khoản, xếp vào nhóm."),
        admin_link(user, "Thêm tài khoản", "admin:auth_user_add", "auth.add_user"),
        admin_link(user, "Nhóm quyền", "admin:auth_group_changelist", "auth.view_group"),
    ) if link]
    if not links:
        return None
    return StartSection("Tài khoản và phân quyền", links, priority=80)

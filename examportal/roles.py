"""Staff groups and their permissions, in one place that each app extends.

Each app may have a ``roles.py`` with ``PERMISSIONS = {GROUP: ["app_label.codename", ...]}``;
``setup_roles`` merges them with the project's own below. A group gets exactly what the merged
table lists (the command removes anything else), so the table is the whole truth.
"""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDITORS = "Biên tập viên"
CONTRIBUTORS = "Cộng tác viên"
OPERATORS = "Tổng đài viên"
INSPECTORS = "Thanh tra"
ADMINISTRATORS = "Quản trị"
# Exam site staff (exams app): each account belongs to one exam site and reports for it.
SITE_STAFF = "Cán bộ điểm thi"
# Unit staff (units app): each account belongs to one school or centre and reports for it.
UNIT_STAFF = "Cán bộ đơn vị"
# The testing office (Phòng Khảo thí, results app): imports, corrects and releases results.
TESTING_OFFICE = "Phòng Khảo thí"

GROUPS = [EDITORS, CONTRIBUTORS, OPERATORS, INSPECTORS, ADMINISTRATORS, SITE_STAFF, UNIT_STAFF,
          TESTING_OFFICE]

# Administrators manage accounts and groups; they are not superusers.
PERMISSIONS = {
    ADMINISTRATORS: [
        "auth.view_user", "auth.add_user", "auth.change_user",
        "auth.view_group",
    ],
}


def _app_role_modules():
    for config in apps.get_app_configs():
        if config.name == "examportal":
            continue
        try:
            module = import_module(f"{config.name}.roles")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.roles":
                raise
            continue
        yield config, module


def reserved_permissions():
    """Permissions that only a superuser grants through the accounts admin (``RESERVED`` in an
    app's ``roles.py``); no group may list them."""
    return frozenset(perm for _, module in _app_role_modules()
                     for perm in getattr(module, "RESERVED", ()))


def permission_table():
    """Return {group name: set of "app_label.codename"} merged from every installed app."""
    table = {name: set(PERMISSIONS.get(name, ())) for name in GROUPS}
    for config, module in _app_role_modules():
        for group, perms in getattr(module, "PERMISSIONS", {}).items():
            if group not in table:
                raise ValueError(f"{config.name}.roles names an unknown group: {group}")
            table[group].update(perms)
    reserved = reserved_permissions()
    for group, perms in table.items():
        if perms & reserved:
            raise ValueError(f"Group {group} lists reserved permissions: {sorted(perms & reserved)}")
    return table


@transaction.atomic
def setup_roles():
    """Create or update every staff group with exactly its permissions. Idempotent."""
    result = {}
    for name, perms in permission_table().items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in sorted(perms):
            app_label, codename = perm.split(".", 1)
            try:
                wanted.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
            except Permission.DoesNotExist as exc:
                raise ValueError(f"Unknown permission {perm} for group {name}") from exc
        group.permissions.set(wanted)
        result[name] = len(wanted)
    return result

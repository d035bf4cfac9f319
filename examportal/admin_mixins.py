"""Admin building blocks the apps share."""


class ReadOnlyAdminMixin:
    """An admin that only shows: records written by services (reports, audit lines, deliveries)
    are never added, changed or deleted by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

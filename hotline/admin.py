"""Read-only admin views of the hotline: changes go through the inspectors' workspace and
services.py, so the admin can neither bypass the rules nor edit the audit trail."""

from django.contrib import admin
from django.utils.html import format_html

from examportal.admin_mixins import ReadOnlyAdminMixin

from .models import HIDDEN_IDENTITY, AuditEntry, Report


@admin.register(Report)
class ReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("reference", "received_at", "category", "channel", "status", "assigned_to",
                    "workspace_link")
    list_filter = ("status", "category", "channel")
    search_fields = ("reference",)
    date_hierarchy = "received_at"
    fields = ("reference", "received_at", "channel", "category", "place", "occurred_at",
              "status", "assigned_to", "first_response_due", "first_responded_at", "closed_at",
              "identity")

    @admin.display(description="người phản ánh")
    def identity(self, obj):
        if obj.has_identity:
            return f"{obj.reporter_name} {obj.reporter_phone} {obj.reporter_email}".strip()
        return HIDDEN_IDENTITY

    @admin.display(description="người phản ánh")
    def identity_hidden(self, obj):
        return HIDDEN_IDENTITY

    def get_fields(self, request, obj=None):
        if request.user.has_perm("hotline.view_reporter_identity"):
            return self.fields
        return (*self.fields[:-1], "identity_hidden")

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description="khu làm việc")
    def workspace_link(self, obj):
        return format_html('<a href="{}">Mở</a>', obj.get_absolute_url())

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assigned_to")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Reading a report here is audited like in the workspace."""
        from . import services

        response = super().change_view(request, object_id, form_url, extra_context)
        report = self.get_object(request, object_id)
        if report is not None and response.status_code == 200:
            identity = request.user.has_perm("hotline.view_reporter_identity")
            services.audit(request.user, services.AuditEntry.Action.VIEW, report,
                           "Xem trong trang quản trị" + (" (kèm danh tính)" if identity else ""))
        return response


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "username", "action", "subject_username", "report", "detail")
    list_filter = ("action",)
    search_fields = ("username", "subject_username", "report__reference")
    date_hierarchy = "at"
    list_select_related = ("report",)

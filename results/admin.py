"""Read-only admin views of the results (the work itself is on the staff screens under
/ket-qua-thi/quan-ly/); candidate rows are not listed here."""

from django.contrib import admin

from .models import AuditEntry, ResultSet, ResultVersion


@admin.register(ResultSet)
class ResultSetAdmin(admin.ModelAdmin):
    list_display = ("exam_year", "current_version", "remarking_deadline")
    fields = ("exam_year", "current_version", "remarking_deadline", "remarking_url", "article")
    readonly_fields = ("exam_year", "current_version", "article")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ResultVersion)
class ResultVersionAdmin(ReadOnly):
    list_display = ("result_set", "number", "kind", "row_count", "created_by", "created_at", "note")
    list_filter = ("result_set", "kind")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnly):
    list_display = ("at", "result_set", "action", "user", "detail")
    list_filter = ("result_set", "action")

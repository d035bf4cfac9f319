"""Read-only admin views of the results (the work itself is on the staff screens under
/ket-qua-thi/quan-ly/); candidate rows are not listed here."""

from django.contrib import admin

from .models import AuditEntry, NationalFigure, ResultSet, ResultVersion, SchoolName


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


@admin.register(SchoolName)
class SchoolNameAdmin(admin.ModelAdmin):
    """Single edits; a whole list comes as CSV on /ket-qua-thi/quan-ly/ten-truong/."""

    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(NationalFigure)
class NationalFigureAdmin(admin.ModelAdmin):
    """The country's figures per subject and year, from the Ministry's announcement; the
    statistics page shows them beside the province's."""

    list_display = ("exam_year", "subject", "candidates", "mean", "median", "le1", "lt5", "ge8",
                    "tens")
    list_filter = ("exam_year",)
    fields = ("exam_year", "subject", "candidates", "mean", "median", "le1", "lt5", "ge8", "tens",
              "source")

from django.contrib import admin

from examportal.admin_mixins import ReadOnlyAdminMixin

from .models import ExamComponent, ExamSession, ExamSite, SessionReport, SessionReportVersion, SiteMembership


class ExamComponentInline(admin.TabularInline):
    model = ExamComponent
    extra = 0


@admin.register(ExamSession)
class ExamSessionAdmin(admin.ModelAdmin):
    list_display = ["date", "part_of_day", "title", "kind", "round", "start_time", "duration_minutes",
                    "is_confirmed"]
    list_filter = ["year", "is_confirmed", "round", "kind"]
    inlines = [ExamComponentInline]
    actions = ["confirm"]

    @admin.action(description="Xác nhận các buổi thi đã chọn (công khai trên lịch thi)",
                  permissions=["change"])
    def confirm(self, request, queryset):
        changed = queryset.filter(is_confirmed=False)
        count = 0
        for session in changed:  # one save each: the page cache and the year's key dates follow
            session.is_confirmed = True
            session.save(update_fields=["is_confirmed"])
            count += 1
        self.message_user(request, f"Đã xác nhận {count} buổi thi.")


@admin.register(ExamSite)
class ExamSiteAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "district", "school", "rooms", "candidates", "year", "is_active",
                    "is_sample"]
    list_filter = ["year", "district", "is_active", "is_sample"]
    search_fields = ["code", "name", "school", "address"]


@admin.register(SiteMembership)
class SiteMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "site", "position"]
    list_filter = ["site__year", "site__district"]
    search_fields = ["user__username", "user__last_name", "site__name", "site__code"]
    autocomplete_fields = ["site"]
    raw_id_fields = ["user"]


class VersionInline(admin.TabularInline):
    model = SessionReportVersion
    extra = 0
    can_delete = False
    fields = ["number", "submitted_at", "submitted_by", "is_late", "expected", "present", "absent",
              "suspended", "disciplined", "incident_severity", "incident_text", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SessionReport)
class SessionReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: reports are sent and corrected by the sites themselves (services)."""

    list_display = ["session", "site", "present", "expected", "is_late", "version", "submitted_at"]
    list_filter = ["session__year", "is_late", "incident_severity", "session"]
    list_select_related = ["session", "site"]
    inlines = [VersionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

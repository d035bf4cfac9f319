"""Units, their staff accounts and the year's deadline (administrators); reports and
difficulties read-only (they change only through the units' pages and ``services``)."""

from django.contrib import admin

from examportal.admin_mixins import ReadOnlyAdminMixin

from .models import (
    Difficulty,
    DifficultyEvent,
    PreparationReport,
    PreparationReportVersion,
    ReportingRound,
    Unit,
    UnitMembership,
)


class MembershipInline(admin.TabularInline):
    model = UnitMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "district", "phone", "is_active", "is_sample"]
    list_filter = ["kind", "district", "is_active", "is_sample"]
    search_fields = ["code", "name"]
    inlines = [MembershipInline]

    def has_delete_permission(self, request, obj=None):
        return False  # a unit that closes is marked inactive; its reports stay


@admin.register(UnitMembership)
class UnitMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "position"]
    list_filter = ["unit__district", "unit__kind"]
    list_select_related = ["user", "unit"]
    search_fields = ["user__username", "user__last_name", "unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["user"]


@admin.register(ReportingRound)
class ReportingRoundAdmin(admin.ModelAdmin):
    list_display = ["year", "deadline", "note"]

    def has_delete_permission(self, request, obj=None):
        return False


class VersionInline(admin.TabularInline):
    model = PreparationReportVersion
    extra = 0
    can_delete = False
    fields = ["number", "saved_at", "saved_by", "note", "data"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PreparationReport)
class PreparationReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "year", "version", "submitted_at", "updated_at"]
    list_filter = ["year", "unit__district"]
    list_select_related = ["unit"]
    inlines = [VersionInline]


class EventInline(admin.TabularInline):
    model = DifficultyEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "by", "status", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Difficulty)
class DifficultyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "kind", "is_urgent", "status", "created_at", "answered_at"]
    list_filter = ["year", "status", "is_urgent", "kind", "unit__district"]
    list_select_related = ["unit"]
    inlines = [EventInline]

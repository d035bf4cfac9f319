from django.contrib import admin

from .models import Column, Section


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["title"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "column", "position", "slug"]
    list_filter = ["column"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}

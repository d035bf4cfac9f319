"""Editors read offers, their audit trail and the good-deeds senders here; offers change only
through the staff screens (support.views), whose services keep the trail."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from examportal.admin_mixins import ReadOnlyAdminMixin

from .models import GoodDeedPhoto, GoodDeedStory, OfferEvent, SupportOffer


class OfferEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = OfferEvent
    extra = 0
    fields = ["at", "action", "from_status", "to_status", "actor", "comment"]
    readonly_fields = fields


@admin.register(SupportOffer)
class SupportOfferAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "district", "site", "year", "status", "unit", "staff_link"]
    list_filter = ["year", "status", "kind", "district"]
    search_fields = ["title", "provider", "address"]
    list_select_related = ["site", "unit"]
    inlines = [OfferEventInline]

    @admin.display(description="duyệt, sửa")
    def staff_link(self, offer):
        return format_html('<a href="{}">Mở màn hình duyệt</a>',
                           reverse("support:staff-edit", args=[offer.pk]))


class GoodDeedPhotoInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The photos through the staff view: they sit in the private folder (no public address)
    until the article is published."""

    model = GoodDeedPhoto
    extra = 0
    fields = ["position", "photo", "width", "height", "is_public"]
    readonly_fields = fields

    @admin.display(description="ảnh")
    def photo(self, photo):
        return format_html('<a href="{0}"><img src="{0}" alt="Ảnh {1}" width="160"></a>',
                           photo.get_staff_url(), photo.position + 1)

    @admin.display(description="đã công khai", boolean=True)
    def is_public(self, photo):
        return bool(photo.public_image)


@admin.register(GoodDeedStory)
class GoodDeedStoryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who sent a story and their consent: staff only, never on the article."""

    list_display = ["reference", "title", "sender_name", "sender_phone", "sender_email",
                    "consent_to_publish", "unverified", "received_at", "article_link"]
    list_filter = ["unverified"]
    readonly_fields = ["unverified", "photos_released_at"]
    search_fields = ["title", "sender_name", "sender_phone", "sender_email"]
    list_select_related = ["article"]
    inlines = [GoodDeedPhotoInline]

    @admin.display(description="mã")
    def reference(self, story):
        return story.reference

    @admin.display(description="bài viết")
    def article_link(self, story):
        if story.article_id is None:
            return "—"
        return format_html('<a href="{}">{}</a>',
                           reverse("admin:news_article_change", args=[story.article_id]),
                           story.article.get_status_display())

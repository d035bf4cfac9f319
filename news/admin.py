from datetime import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from examportal.admin_views import staff_preview_url
from examportal.sanitizer import sanitize_html
from examportal.services import ServiceError
from examportal.text import person_name

from . import services
from .forms import CommaTagField, CommaTagWidget, CoverImageWidget
from .images import clean_cover_upload, make_renditions
from .models import Article, ArticleEvent, ArticleTag, Column, Revision, Section
from .revisions import compare_revisions
from .services import ConflictError
from .workflow import TRANSITIONS, Needs, Who, allowed_moves

Status = Article.Status
# CKEditor 4 builds its toolbar with inline event handlers, which the staff policy blocks. Only
# the article form, which only article staff open, relaxes script-src for it.
EDITOR_CSP = settings.CONTENT_SECURITY_POLICY_STAFF.replace(
    "script-src 'self'", "script-src 'self' 'unsafe-inline'")

# Editors land on the review queue: the admin index shows it above the app list.
admin.site.index_template = "admin/news/index.html"


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "title", "slug", "role", "description"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    """A year's column; years are opened (and made current) under Năm thi."""

    list_display = ["title", "year", "is_current"]
    search_fields = ["title"]
    inlines = [SectionInline]

    @admin.display(boolean=True, description="năm hiện hành")
    def is_current(self, column):
        return column.is_current


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "column", "position", "slug", "role"]
    list_filter = ["column", "role"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(ArticleTag)
class ArticleTagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    readonly_fields = ["slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("tagged_articles"))

    @admin.display(description="số bài", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


class StatusFilter(admin.SimpleListFilter):
    """The workflow states, with "scheduled" and "expired" told apart from "published"."""

    title = "trạng thái"
    parameter_name = "trang_thai"
    CHOICES = [
        ("pending", "Chờ duyệt"), ("draft", "Bản nháp"), ("scheduled", "Đã lên lịch"),
        ("public", "Đang hiển thị"), ("expired", "Đã hết hạn"), ("withdrawn", "Đã gỡ"),
    ]

    def lookups(self, request, model_admin):
        return self.CHOICES

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value()
        if value in ("pending", "draft", "withdrawn"):
            return queryset.filter(status=value)
        if value == "scheduled":
            return queryset.scheduled(now)
        if value == "public":
            return queryset.published(now)
        if value == "expired":
            return queryset.filter(status=Status.PUBLISHED, expires_at__lte=now)
        return queryset


def status_counts(queryset):
    """{filter value: count} for the status tabs, in two queries."""
    now = timezone.now()
    counts = dict(queryset.values_list("status").annotate(n=Count("pk")).order_by())
    scheduled = queryset.scheduled(now).count()
    return {
        "pending": counts.get(Status.PENDING, 0),
        "draft": counts.get(Status.DRAFT, 0),
        "scheduled": scheduled,
        "published": counts.get(Status.PUBLISHED, 0) - scheduled,
        "withdrawn": counts.get(Status.WITHDRAWN, 0),
    }


class ArticleAdminForm(forms.ModelForm):
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # A plain file field: the image is checked by examportal.uploads (kind, size, pixels, bombs)
    # in clean_cover_image, with its own Vietnamese messages, not by Django's ImageField.
    cover_image = forms.FileField(
        label="Ảnh đại diện", required=False, widget=CoverImageWidget,
        help_text=Article._meta.get_field("cover_image").help_text,
    )
    # Tags separated by commas only: "thi tốt nghiệp, Lai Châu" (taggit's own field wraps
    # multiword tags in quotes and splits a lone one on its spaces).
    tags = CommaTagField(
        label="Thẻ", required=False, widget=CommaTagWidget(attrs={"size": 80}),
        help_text="Các thẻ cách nhau bằng dấu phẩy, ví dụ: thi tốt nghiệp, Lai Châu.")

    class Meta:
        model = Article
        fields = [
            "title", "slug", "section", "lead", "body", "cover_image", "cover_alt", "cover_caption",
            "cover_credit", "tags", "source", "byline", "related_articles", "expires_at",
            "is_pinned",
        ]
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 3}),
            "title": forms.TextInput(attrs={"size": 80}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["opened_version"] = self.instance.version
        if "section" in self.fields:
            self.fields["section"].queryset = Section.objects.select_related("column").order_by(
                "-column__year", "position")

    def clean_cover_image(self):
        image = self.cleaned_data.get("cover_image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            kind, cleaned = clean_cover_upload(image)
            self.instance.detected_kind = kind
            return cleaned
        return image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cover_image") and not cleaned.get("cover_alt"):
            self.add_error("cover_alt", "Hãy mô tả ngắn nội dung ảnh (cho người khiếm thị).")
        publish_at, expires_at = self.instance.publish_at, cleaned.get("expires_at")
        if expires_at and publish_at and expires_at <= publish_at:
            self.add_error("expires_at", "Thời điểm hết hạn phải sau thời điểm xuất bản.")
        if self.instance.pk:
            try:
                services.check_version(self.instance, cleaned.get("opened_version"))
            except ConflictError as exc:
                raise ValidationError(exc.message, code="conflict") from exc
        return cleaned


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    # The admin gives every TextField its own textarea; the body needs the project's editor.
    list_display = ["title", "section", "status_badge", "publish_at", "author_name", "updated_at",
                    "is_pinned"]
    list_display_links = ["title"]
    list_filter = [StatusFilter, "section__column", "section", "tags", "publish_at", "is_pinned"]
    list_select_related = ["section__column", "author"]
    search_fields = ["title", "lead", "search_title"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["related_articles"]
    actions = ["submit_selected", "publish_selected", "withdraw_selected"]
    list_per_page = 50
    ordering = ["-updated_at"]
    change_list_template = "admin/news/article/change_list.html"
    change_form_template = "admin/news/article/change_form.html"
    EDITOR_FIELDSETS = [
        (None, {"fields": ["title", "slug", "section", "lead", "body", "opened_version"]}),
        ("Ảnh đại diện", {"fields": ["cover_image", "cover_alt", "cover_caption", "cover_credit"]}),
        ("Phân loại và nguồn", {"fields": ["tags", "source", "byline", "related_articles"]}),
        ("Xuất bản", {"fields": ["publish_at", "expires_at", "is_pinned"],
                      "description": "Trạng thái và thời điểm xuất bản chỉ đổi bằng các nút ở khung "
                                     "“Quy trình duyệt” phía trên (xuất bản ngay, lên lịch, gỡ bài)."}),
    ]
    CONTRIBUTOR_FIELDSETS = [
        (None, {"fields": ["title", "section", "lead", "body", "opened_version"]}),
        ("Ảnh đại diện", {"fields": ["cover_image", "cover_alt", "cover_caption", "cover_credit"]}),
        ("Phân loại và nguồn", {"fields": ["tags", "source", "byline"]}),
    ]

    # --- who sees what -----------------------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if services.can_publish(request.user):
            return queryset
        return queryset.filter(author=request.user)  # contributors see only their own

    def has_change_permission(self, request, obj=None):
        if obj is not None and not services.can_edit(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Published articles are withdrawn, never deleted; drafts may go.
        if obj is not None and obj.first_published_at:
            return False
        return super().has_delete_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = (self.EDITOR_FIELDSETS if services.can_publish(request.user)
                     else self.CONTRIBUTOR_FIELDSETS)
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only (e.g. a submitted article for its author): the body as HTML, not tags.
            fieldsets = [(name, {**options, "fields": [
                "body_html" if f == "body" else f for f in options["fields"]
                if f != "opened_version"]}) for name, options in fieldsets]
        return fieldsets

    @admin.display(description="nội dung")
    def body_html(self, obj):
        # Stored bodies are sanitised on every save; sanitising again costs little and keeps
        # this display safe whatever wrote the row.
        return mark_safe(f'<div class="article-body-readonly">{sanitize_html(obj.body or "")}</div>')  # noqa: S308

    def get_view_on_site_url(self, obj=None):
        # A draft has no public page yet: "Xem trên trang web" opens the staff preview.
        if obj is not None and (preview := staff_preview_url(obj)):
            return preview
        return super().get_view_on_site_url(obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["publish_at"]
        if obj is not None and obj.first_published_at:
            readonly.append("slug")  # links out there must keep working
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if obj is None and services.can_publish(request.user):
            return {"slug": ["title"]}
        return {}

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not services.can_publish(request.user):
            for action, move in self.BULK_MOVES.items():
                if TRANSITIONS[move].who == Who.EDITOR:
                    actions.pop(action, None)
        return actions

    # --- list columns ------------------------------------------------------------------------

    @admin.display(description="trạng thái", ordering="status")
    def status_badge(self, obj):
        return format_html('<span class="news-status news-status--{}">{}</span>',
                           obj.status, obj.status_label)

    @admin.display(description="người tạo", ordering="author__last_name")
    def author_name(self, obj):
        return person_name(obj.author, "—")

    # --- saving: through the services ---------------------------------------------------------

    def save_model(self, request, obj, form, change):
        services.save_article(obj, request.user, expected_version=form.cleaned_data.get("opened_version"))
        obj._cover_changed = "cover_image" in form.changed_data

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if getattr(article, "_cover_changed", False):
            make_renditions(article)
        services.record_revision(article, request.user)

    # --- list actions ------------------------------------------------------------------------

    # The list actions and the moves they make (the table says who may).
    BULK_MOVES = {"submit_selected": "submit", "publish_selected": "publish",
                  "withdraw_selected": "withdraw"}

    def _bulk(self, request, queryset, name):
        done = 0
        for article in queryset:
            try:
                services.transition(article, request.user, name)
                done += 1
            except (ServiceError, PermissionDenied) as exc:
                self.message_user(request, f"“{article.title}”: {exc}", messages.ERROR)
        if done:
            self.message_user(request, f"Đã {TRANSITIONS[name].verb} {done} bài viết.", messages.SUCCESS)

    @admin.action(description="Gửi duyệt các bài đã chọn")
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description="Xuất bản ngay các bài đã chọn", permissions=["change"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish")

    @admin.action(description="Gỡ các bài đã chọn khỏi cổng thông tin", permissions=["change"])
    def withdraw_selected(self, request, queryset):
        self._bulk(request, queryset, "withdraw")

    # --- the change form: workflow panel, preview, revisions ---------------------------------

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["status_counts"] = status_counts(self.get_queryset(request))
        extra_context["status_filters"] = StatusFilter.CHOICES
        return super().changelist_view(request, extra_context)

    # --- "Lưu và gửi duyệt": save, then the workflow's submit move --------------------------

    SUBMIT = "_submit_for_review"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = obj if obj is not None else Article(author=request.user)
        may_save = (self.has_change_permission(request, obj) if obj is not None
                    else self.has_add_permission(request))
        context["show_submit_for_review"] = may_save and "submit" in {
            move.name for move in allowed_moves(request.user, article)}
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _submitted(self, request, obj):
        """After a save with "Lưu và gửi duyệt": the submit move, then the article's page."""
        try:
            services.transition(obj, request.user, "submit", expected_version=obj.version)
        except (ServiceError, PermissionDenied) as exc:
            self.message_user(request, f"Đã lưu bản nháp nhưng chưa gửi duyệt được: {exc}",
                              messages.ERROR)
        else:
            self.message_user(request, f"“{obj.title}”: {TRANSITIONS['submit'].message()}",
                              messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[obj.pk]))

    def response_add(self, request, obj, post_url_continue=None):
        if self.SUBMIT in request.POST:
            return self._submitted(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if self.SUBMIT in request.POST:
            return self._submitted(request, obj)
        return super().response_change(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        response.headers.setdefault("Content-Security-Policy", EDITOR_CSP)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context.update(workflow_context(request, article))
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/quy-trinh/", wrap(self.workflow_view), name="news_article_workflow"),
            path("<int:pk>/xem-truoc/", wrap(self.preview_view), name="news_article_preview"),
            path("<int:pk>/phien-ban/", wrap(self.revisions_view), name="news_article_revisions"),
            path("<int:pk>/phien-ban/<int:number>/khoi-phuc/", wrap(self.restore_view),
                 name="news_article_restore"),
            *super().get_urls(),
        ]

    def _article_for(self, request, pk):
        article = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def workflow_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:news_article_change", args=[pk]))
        article = self._article_for(request, pk)
        action = request.POST.get("action", "")
        version = request.POST.get("version") or None
        try:
            message = run_transition(article, request.user, action, request.POST, version)
        except (ServiceError, PermissionDenied) as exc:
            messages.error(request, str(exc) or "Bạn không có quyền thực hiện thao tác này.")
        else:
            messages.success(request, message)
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[pk]))

    def preview_view(self, request, pk):
        from .views import article_context, article_queryset

        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        article = get_object_or_404(article_queryset().filter(pk__in=self.get_queryset(request)), pk=pk)
        context = article_context(request, article, preview=True)
        response = TemplateResponse(request, "news/article_detail.html", context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def revisions_view(self, request, pk):
        article = self._article_for(request, pk)
        revisions = list(article.revisions.select_related("author"))
        comparison = None
        a, b = request.GET.get("a"), request.GET.get("b")
        if a and b:
            by_number = {str(r.number): r for r in revisions}
            if a not in by_number or b not in by_number:
                raise Http404("Không có phiên bản này.")
            older, newer = sorted([by_number[a], by_number[b]], key=lambda r: r.number)
            comparison = {"older": older, "newer": newer,
                          "rows": compare_revisions(older.data, newer.data)}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Các phiên bản của “{article.title}”",
            "article": article,
            "revisions": revisions,
            "comparison": comparison,
            "can_restore": services.can_edit(request.user, article),
        }
        return TemplateResponse(request, "admin/news/article/revisions.html", context)

    @staticmethod
    def _restore(request, article, number):
        revision = get_object_or_404(Revision, article=article, number=number)
        services.restore_revision(article, revision, request.user,
                                  expected_version=request.POST.get("version") or None)
        return revision

    def restore_view(self, request, pk, number):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:news_article_revisions", args=[pk]))
        article = self._article_for(request, pk)
        try:
            self._restore(request, article, number)
        except (ServiceError, PermissionDenied) as exc:
            messages.error(request, str(exc) or "Bạn không có quyền khôi phục bài viết này.")
            return HttpResponseRedirect(reverse("admin:news_article_revisions", args=[pk]))
        messages.success(request, f"Đã khôi phục nội dung phiên bản {number}; bản trước đó vẫn "
                                  "được giữ trong danh sách phiên bản.")
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[pk]))


def parse_local_datetime(value):
    """A ``datetime-local`` value (or dd/mm/yyyy HH:MM) as an aware time in the portal's zone."""
    value = (value or "").strip()
    for fmt in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"):
        try:
            return timezone.make_aware(datetime.strptime(value, fmt))  # noqa: DTZ007
        except ValueError:
            continue
    raise ServiceError("Hãy nhập thời điểm xuất bản theo dạng ngày/tháng/năm giờ:phút.")


def run_transition(article, user, action, data, version):
    """Make the move named ``action`` with what the panel's form sent; return the success message."""
    move = TRANSITIONS.get(action)
    if move is None:
        raise ServiceError("Thao tác không hợp lệ.")
    at = parse_local_datetime(data.get("publish_at")) if move.needs == Needs.TIME else None
    services.transition(article, user, action, comment=data.get("comment", ""), at=at,
                        expected_version=version)
    return move.message(at)


def workflow_context(request, article):
    """What the workflow panel of the change form offers this user for this article."""
    moves = allowed_moves(request.user, article)
    status = article.status
    events = list(article.events.select_related("actor")[:15])
    last_return = next((e for e in events if e.action == ArticleEvent.Action.RETURNED), None)
    default_time = article.publish_at if article.publish_at and article.publish_at > timezone.now() else None
    return {
        "workflow_allowed": {move.name for move in moves},
        "workflow_buttons": [(move, move.button_for(article)) for move in moves],
        "workflow_events": events,
        "workflow_last_return": last_return if status == Status.DRAFT else None,
        "workflow_article": article,
        "workflow_default_time": timezone.localtime(default_time).strftime("%Y-%m-%dT%H:%M")
        if default_time else "",
        "workflow_min_time": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "revision_count": article.revisions.count(),
    }

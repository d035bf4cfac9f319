from django.contrib import admin, messages
from django.db.models import Count
from django.template.defaultfilters import filesizeformat, truncatechars
from django.utils import timezone
from django.utils.html import format_html

from . import services
from .forms import DocumentAdminForm, DocumentFileForm, IssuerAdminForm
from .models import Document, DocumentFile, Issuer


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    form = DocumentFileForm
    extra = 1
    fields = ["file", "label", "position", "kind_display", "size_display", "download_count"]
    readonly_fields = ["kind_display", "size_display", "download_count"]

    @admin.display(description="định dạng")
    def kind_display(self, obj):
        return obj.kind_label if obj.pk else "—"

    @admin.display(description="dung lượng")
    def size_display(self, obj):
        return filesizeformat(obj.size) if obj.pk else "—"


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    form = DocumentAdminForm
    inlines = [DocumentFileInline]
    list_display = ["number_display", "short_excerpt", "issuer", "issue_date", "status", "download_count"]
    list_display_links = ["number_display", "short_excerpt"]
    list_filter = ["document_type", "issuer", "exam_year", "is_published"]
    list_select_related = ["issuer"]
    # The Q&A answer form's document picker searches these (autocomplete).
    search_fields = ["number", "excerpt"]
    search_help_text = (
        "Tìm theo số, ký hiệu (ví dụ 08/CT-UBND) hoặc từ trong trích yếu, có dấu hay không dấu."
    )
    date_hierarchy = "issue_date"
    ordering = ["-issue_date", "-pk"]
    actions = ["publish_selected", "unpublish_selected"]
    readonly_fields = ["download_count", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["document_type", "number", "issuer", "excerpt"]}),
        ("Ngày tháng", {"fields": ["issue_date", "effective_date", "exam_year"]}),
        ("Người ký", {"fields": ["signer_title", "signer"]}),
        ("Liên quan", {"fields": ["related_articles"]}),
        ("Đăng tải", {"fields": [
            "is_published", "published_at", "download_count", "created_at", "updated_at",
        ]}),
    ]

    class Media:
        js = ["js/documents.js"]

    @admin.display(description="số, ký hiệu", ordering="number")
    def number_display(self, obj):
        return format_html(
            '<span style="white-space:nowrap">{}</span><br><small>{}</small>',
            obj.number, obj.get_document_type_display(),
        )

    @admin.display(description="trích yếu")
    def short_excerpt(self, obj):
        return format_html(
            '<span style="display:inline-block;min-width:18em">{}</span>', truncatechars(obj.excerpt, 120)
        )

    @admin.display(description="trạng thái")
    def status(self, obj):
        if not obj.is_published:
            return "Chưa đăng"
        if obj.published_at and obj.published_at > timezone.now():
            return format_html("Hẹn đăng {}", timezone.localtime(obj.published_at).strftime("%d/%m/%Y %H:%M"))
        return "Đã đăng"

    def get_autocomplete_fields(self, request):
        from news.models import Article

        article_admin = self.admin_site._registry.get(Article)
        return ["related_articles"] if article_admin and article_admin.search_fields else []

    def get_raw_id_fields(self, request):
        return [] if self.get_autocomplete_fields(request) else ["related_articles"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += ["is_published", "published_at"]
        return fields

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found = Document.objects.search(search_term).values("pk")
            results = results | queryset.filter(pk__in=found)
        return results, may_have_duplicates

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("issuer")

    def has_publish_permission(self, request):
        return request.user.has_perm(services.PUBLISH_PERMISSION)

    def save_model(self, request, obj, form, change):
        services.save_document(obj, user=request.user, changed_fields=form.changed_data)

    @admin.action(description="Đăng tải các văn bản đã chọn", permissions=["publish"])
    def publish_selected(self, request, queryset):
        for document in queryset:
            services.publish_document(document, user=request.user)
        self.message_user(request, f"Đã đăng tải {len(queryset)} văn bản.", messages.SUCCESS)

    @admin.action(description="Gỡ các văn bản đã chọn khỏi trang công khai", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        for document in queryset:
            services.unpublish_document(document, user=request.user)
        self.message_user(request, f"Đã gỡ {len(queryset)} văn bản.", messages.SUCCESS)


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    form = IssuerAdminForm
    list_display = ["name", "position", "document_count"]
    list_editable = ["position"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(document_total=Count("documents"))

    @admin.display(description="số văn bản", ordering="document_total")
    def document_count(self, obj):
        return obj.document_total

"""Staff side of the alerts: counts per list for editors; addresses and erasure only with the
permissions (administrators). Nothing here is added or edited by hand."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from examportal.admin_mixins import ReadOnlyAdminMixin

from . import services
from .models import Delivery, Item, Subscription

ADDRESS_PERMISSION = "alerts.view_subscriber_address"
ERASE_PERMISSION = "alerts.erase_subscriber"


class EraseForm(forms.Form):
    email = forms.EmailField(label="Địa chỉ cần xóa", error_messages={
        "required": "Vui lòng nhập địa chỉ thư điện tử.",
        "invalid": "Địa chỉ thư điện tử không hợp lệ."})


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "address", "status_label", "lists", "frequency", "created_at",
                    "confirmed_at"]
    list_filter = ["frequency", "whole_column", "documents",
                   ("confirmed_at", admin.EmptyFieldListFilter),
                   ("unsubscribed_at", admin.EmptyFieldListFilter)]
    actions = ["erase_selected"]
    change_list_template = "admin/alerts/subscription/change_list.html"
    list_per_page = 100

    def can_see_addresses(self, request):
        return request.user.has_perm(ADDRESS_PERMISSION)

    def get_search_fields(self, request):
        return ["email"] if self.can_see_addresses(request) else []

    def get_list_display(self, request):
        display = list(self.list_display)
        if not self.can_see_addresses(request):
            display.remove("address")
        return display

    def get_fields(self, request, obj=None):
        fields = ["whole_column", "sections", "documents", "frequency", "created_at", "confirmed_at",
                  "unsubscribed_at", "last_digest_at"]
        return (["email", *fields]) if self.can_see_addresses(request) else fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm(ERASE_PERMISSION):
            actions.pop("erase_selected", None)
        return actions

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(section_count=Count("sections"))

    @admin.display(description="thư điện tử", ordering="email")
    def address(self, obj):
        return obj.email

    @admin.display(description="trạng thái")
    def status_label(self, obj):
        return obj.status_label

    @admin.display(description="nhận")
    def lists(self, obj):
        parts = []
        if obj.whole_column:
            parts.append("cả chuyên mục")
        if obj.section_count:
            parts.append(f"{obj.section_count} chuyên mục con")
        if obj.documents:
            parts.append("văn bản")
        return ", ".join(parts)

    @admin.action(description="Xóa hẳn các địa chỉ đã chọn (theo yêu cầu của người đăng ký)")
    def erase_selected(self, request, queryset):
        if not request.user.has_perm(ERASE_PERMISSION):
            raise PermissionDenied
        erased = sum(services.erase_subscriber(s) for s in list(queryset))
        messages.success(request, f"Đã xóa hẳn {erased} địa chỉ.")

    def get_urls(self):
        return [
            path("xoa-dia-chi/", self.admin_site.admin_view(self.erase_view),
                 name="alerts_subscription_erase"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        rows, pending = services.list_counts()
        extra_context = {**(extra_context or {}), "list_counts": rows, "pending_count": pending,
                         "can_erase": request.user.has_perm(ERASE_PERMISSION)}
        return super().changelist_view(request, extra_context)

    def erase_view(self, request):
        """Erase an address someone asked to be forgotten, without listing anyone's address."""
        if not request.user.has_perm(ERASE_PERMISSION):
            raise PermissionDenied
        form = EraseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if services.erase_subscriber(form.cleaned_data["email"]):
                messages.success(request, "Đã xóa hẳn địa chỉ và mọi lượt gửi tới địa chỉ đó.")
            else:
                messages.info(request, "Không có đăng ký nào với địa chỉ này.")
            return redirect(reverse("admin:alerts_subscription_changelist"))
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "title": "Xóa địa chỉ theo yêu cầu"}
        return TemplateResponse(request, "admin/alerts/subscription/erase.html", context)


@admin.register(Item)
class ItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "queued_at", "fanned_out_at", "recipients", "sent",
                    "waiting", "failed", "skipped_reason"]
    list_filter = ["kind", ("fanned_out_at", admin.EmptyFieldListFilter)]
    list_select_related = ["article", "document"]

    def get_queryset(self, request):
        status = Delivery.Status
        return super().get_queryset(request).annotate(
            n_sent=Count("deliveries", filter=Q(deliveries__status=status.SENT)),
            n_waiting=Count("deliveries", filter=Q(deliveries__status__in=[status.PENDING, status.SENDING])),
            n_failed=Count("deliveries", filter=Q(deliveries__status=status.FAILED)),
        )

    @admin.display(description="đã gửi")
    def sent(self, obj):
        return obj.n_sent

    @admin.display(description="chờ gửi")
    def waiting(self, obj):
        return obj.n_waiting

    @admin.display(description="lỗi")
    def failed(self, obj):
        return obj.n_failed

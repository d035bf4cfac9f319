from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from . import services
from .models import ExamYear, KeyDate


class KeyDateInline(admin.TabularInline):
    model = KeyDate
    extra = 1
    fields = ["date", "title", "url"]


class OpenYearForm(forms.Form):
    year = forms.IntegerField(label="Năm thi mới", min_value=2000, max_value=2100,
                              error_messages={"required": "Vui lòng nhập năm thi."})
    from_year = forms.TypedChoiceField(label="Sao chép từ năm", coerce=int, choices=())
    title = forms.CharField(label="Tên kỳ thi", required=False, max_length=200,
                            help_text="Để trống: “Kỳ thi tốt nghiệp THPT năm ‹năm›”.")
    copy_schedule = forms.BooleanField(
        label="Chép lịch thi năm trước (dời sang năm mới, chưa xác nhận, chưa công khai)",
        required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = list(ExamYear.objects.values_list("year", flat=True))
        self.fields["from_year"].choices = [(y, str(y)) for y in years]
        current = ExamYear.objects.current()
        if current and not self.is_bound:
            self.initial.update(year=current.year + 1, from_year=current.year)


@admin.register(ExamYear)
class ExamYearAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "council_code", "is_current", "results_release_at"]
    inlines = [KeyDateInline]
    actions = ["make_current"]
    change_list_template = "admin/examyears/examyear/change_list.html"

    def has_add_permission(self, request):
        return False  # a year is opened with "Mở năm thi mới", which copies what it needs

    def get_readonly_fields(self, request, obj=None):
        return ["year", "is_current"]

    def get_urls(self):
        return [path("mo-nam-moi/", self.admin_site.admin_view(self.open_year_view),
                     name="examyears_examyear_open")] + super().get_urls()

    @admin.action(description="Đặt làm năm hiện hành", permissions=["open"])
    def make_current(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Chọn đúng một năm thi.", messages.ERROR)
            return
        exam_year = services.make_current(queryset.get())
        self.message_user(request, f"{exam_year.title} là năm hiện hành: trang chủ, thanh điều "
                                   "hướng, lịch thi, tin RSS và khung tin nhúng đã chuyển sang năm "
                                   "này. Các địa chỉ của năm trước vẫn giữ nguyên.",
                          messages.SUCCESS)

    def has_open_permission(self, request):
        return request.user.has_perm("examyears.open_exam_year")

    def open_year_view(self, request):
        if not self.has_open_permission(request):
            raise PermissionDenied
        form = OpenYearForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                exam_year, lines = services.start_exam_year(
                    data["year"], from_year=data["from_year"], title=data["title"],
                    copy_schedule=data["copy_schedule"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                for line in lines:
                    self.message_user(request, line, messages.SUCCESS)
                self.message_user(request, "Năm mới chưa là năm hiện hành: khi lịch thi đã xác "
                                           "nhận, chọn năm này rồi “Đặt làm năm hiện hành”.",
                                  messages.WARNING)
                return redirect(reverse("admin:examyears_examyear_change", args=[exam_year.pk]))
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "form": form,
            "title": "Mở năm thi mới", "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/examyears/examyear/open_year.html", context,
                                status=400 if form.errors else 200)

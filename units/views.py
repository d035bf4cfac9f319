"""Units' pages: a unit's report, its difficulties and their answers (unit staff), and the
department's picture of every unit (overview, XLSX, the drafted article).

Staff pages need a login and a permission, are never cached, and unit staff act only for the
unit of their account (``services.unit_of``, never an ID from the request: another unit's
report or difficulty answers 404).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from examportal.start_views import StaffView
from examyears.models import ExamYear
from examyears.selectors import current_year_number

from . import conf, exports, services
from .forms import AnswerForm, DifficultyForm, PreparationReportForm
from .models import REPORT_FIELDS, Difficulty, DifficultyStatus, PreparationReport
from .selectors import preparation_overview

NO_UNIT = ("Tài khoản này chưa được giao cho đơn vị nào. Hãy liên hệ quản trị viên của Sở để "
           "được gán đơn vị.")




def _form_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _year_or_404(number):
    return get_object_or_404(ExamYear, year=number)


def _current_year():
    number = current_year_number()
    if number is None:
        raise Http404("Chưa có năm thi nào.")
    return _year_or_404(number)


class UnitMixin(StaffView):
    """Pages of a unit's own staff: the unit comes from the account."""

    permission_required = "units.submit_report"

    def dispatch(self, request, *args, **kwargs):
        self.unit = None
        if request.user.is_authenticated and request.user.has_perm(self.permission_required):
            self.unit = services.unit_of(request.user)
            if self.unit is None:
                raise PermissionDenied(NO_UNIT)
        return super().dispatch(request, *args, **kwargs)


class HomeView(StaffView):
    """Unit staff: their unit's report and difficulties this year. The department: the overview."""

    permission_required = ("units.submit_report", "units.view_reports")
    any_of = True

    def get(self, request):
        unit = services.unit_of(request.user)
        if unit is None:
            if request.user.has_perm("units.view_reports"):
                return redirect("units:overview")
            raise PermissionDenied(NO_UNIT)
        year = _current_year()
        report = (PreparationReport.objects.filter(unit=unit, year=year)
                  .select_related("updated_by").first())
        difficulties = list(Difficulty.objects.filter(unit=unit, year=year)
                            .select_related("answered_by").order_by("-created_at", "-pk"))
        return render(request, "units/home.html", {
            "unit": unit, "year": year, "report": report, "difficulties": difficulties,
            "deadline": services.deadline_of(year), "now": timezone.now(),
            "breadcrumbs": [("Báo cáo chuẩn bị thi", None)],
        })


class ReportFormView(UnitMixin):
    """Send the unit's report for the current year, or update it (a new version each time)."""

    template_name = "units/report_form.html"

    def report(self):
        self.year = _current_year()
        return PreparationReport.objects.filter(unit=self.unit, year=self.year).first()

    def render_form(self, request, form, report):
        return render(request, self.template_name, {
            "form": form, "unit": self.unit, "year": self.year, "report": report,
            "deadline": services.deadline_of(self.year),
            "breadcrumbs": [("Báo cáo chuẩn bị thi", reverse("units:home")),
                            ("Cập nhật báo cáo" if report else "Gửi báo cáo", None)],
        })

    def get(self, request):
        report = self.report()
        initial = {}
        if report:
            initial = {name: getattr(report, name) for name in REPORT_FIELDS}
            initial["version"] = report.version
        form = PreparationReportForm(initial=initial, limit=conf.max_text_chars(),
                                     updating=report is not None)
        return self.render_form(request, form, report)

    def post(self, request):
        report = self.report()
        form = PreparationReportForm(request.POST, limit=conf.max_text_chars(),
                                     updating=report is not None)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.save_report(
                    user=request.user, unit=self.unit, year=self.year, data=data,
                    note=data.get("note", ""),
                    expected_version=data.get("version") if report else None)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                if saved.version == 1:
                    messages.success(request, f"Đã gửi báo cáo chuẩn bị thi năm {self.year.year}.")
                else:
                    messages.success(request, f"Đã cập nhật báo cáo (phiên bản {saved.version}).")
                return redirect("units:home")
        return self.render_form(request, form, report)


class ReportDetailView(StaffView):
    """One report with every version and what changed. Unit staff: only their own (else 404)."""

    permission_required = ("units.submit_report", "units.view_reports")
    any_of = True

    def get(self, request, pk):
        report = get_object_or_404(
            PreparationReport.objects.visible_to(request.user).select_related(
                "unit", "submitted_by", "updated_by"), pk=pk)
        versions = report.versions.select_related("saved_by")
        difficulties = (Difficulty.objects.filter(unit=report.unit, year_id=report.year_id)
                        .select_related("answered_by").order_by("-created_at", "-pk"))
        department = request.user.has_perm("units.view_reports")
        crumbs = ([("Tổng hợp báo cáo", reverse("units:overview-year",
                                                  kwargs={"year": report.year_id}))]
                  if department else [("Báo cáo chuẩn bị thi", reverse("units:home"))])
        return render(request, "units/report_detail.html", {
            "report": report, "unit": report.unit, "changes": services.version_changes(versions),
            "difficulties": difficulties, "department": department,
            "breadcrumbs": [*crumbs, (f"{report.unit.name} — năm {report.year_id}", None)],
        })


class DifficultyCreateView(UnitMixin):
    template_name = "units/difficulty_form.html"

    def render_form(self, request, form):
        return render(request, self.template_name, {
            "form": form, "unit": self.unit,
            "breadcrumbs": [("Báo cáo chuẩn bị thi", reverse("units:home")),
                            ("Gửi khó khăn, vướng mắc, đề xuất", None)],
        })

    def get(self, request):
        return self.render_form(request, DifficultyForm(limit=conf.max_text_chars()))

    def post(self, request):
        form = DifficultyForm(request.POST, limit=conf.max_text_chars())
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = services.raise_difficulty(
                    user=request.user, unit=self.unit, year=_current_year(), kind=data["kind"],
                    text=data["text"], urgent=data["urgent"])
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                note = " Văn phòng Sở đã được báo qua thư điện tử." if item.is_urgent else ""
                messages.success(request, f"Đã gửi {item.get_kind_display().lower()} tới Sở.{note}")
                return redirect("units:difficulty", pk=item.pk)
        return self.render_form(request, form)


class DifficultyView(StaffView):
    """One difficulty and its events. The unit marks it urgent or closes it once answered; the
    department answers and closes it. Another unit's answers 404."""

    permission_required = ("units.submit_report", "units.view_reports", "units.answer_difficulty")
    any_of = True

    def get_item(self, request, pk):
        return get_object_or_404(
            Difficulty.objects.visible_to(request.user).select_related(
                "unit", "created_by", "answered_by"), pk=pk)

    def render_page(self, request, item, answer_form=None, status=200):
        can_answer = request.user.has_perm("units.answer_difficulty")
        own = services.unit_of(request.user)
        is_own = own is not None and own.pk == item.unit_id
        if can_answer and answer_form is None:
            answer_form = AnswerForm(initial={"answer": item.answer}, limit=conf.max_text_chars())
        department = request.user.has_perm("units.view_reports")
        crumbs = ([("Tổng hợp báo cáo", reverse("units:overview-year",
                                                  kwargs={"year": item.year_id}))]
                  if department and not is_own else [("Báo cáo chuẩn bị thi", reverse("units:home"))])
        return render(request, "units/difficulty.html", {
            "item": item, "unit": item.unit, "is_own": is_own, "can_answer": can_answer,
            "answer_form": answer_form,
            "events": item.events.select_related("by"),
            "can_close": item.status == DifficultyStatus.ANSWERED and (is_own or can_answer),
            "breadcrumbs": [*crumbs, (f"{item.get_kind_display()} — {item.unit.name}", None)],
        }, status=status)

    def get(self, request, pk):
        return self.render_page(request, self.get_item(request, pk))

    def post(self, request, pk):
        item = self.get_item(request, pk)
        action = request.POST.get("action")
        try:
            if action == "answer":
                form = AnswerForm(request.POST, limit=conf.max_text_chars())
                if not form.is_valid():
                    return self.render_page(request, item, answer_form=form)
                try:
                    services.answer_difficulty(user=request.user, difficulty=item,
                                               text=form.cleaned_data["answer"])
                except ValidationError as exc:
                    _form_errors(form, exc)
                    return self.render_page(request, item, answer_form=form)
                messages.success(request, "Đã lưu câu trả lời; đơn vị thấy ngay trên trang của mình.")
            elif action == "urgent":
                services.mark_urgent(user=request.user, difficulty=item)
                messages.success(request, "Đã đánh dấu khẩn và báo Văn phòng Sở qua thư điện tử.")
            elif action == "ask":
                services.ask_again(user=request.user, difficulty=item,
                                   text=request.POST.get("text", ""))
                messages.success(request, "Đã gửi câu hỏi thêm; nội dung lại chờ Sở trả lời.")
            elif action == "close":
                services.close_difficulty(user=request.user, difficulty=item)
                messages.success(request, "Đã đóng nội dung này.")
            else:
                messages.error(request, "Thao tác không hợp lệ.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("units:difficulty", pk=item.pk)


class OverviewMixin(StaffView):
    permission_required = "units.view_reports"

    def year(self):
        number = self.kwargs.get("year")
        return _year_or_404(number) if number else _current_year()


class OverviewView(OverviewMixin):
    def get(self, request, year=None):
        exam_year = self.year()
        overview = preparation_overview(exam_year.year)
        return render(request, "units/overview.html", {
            "year": exam_year, "overview": overview, "totals": overview.totals,
            "can_create_article": request.user.has_perm("units.create_preparation_article")
            and request.user.has_perm("news.add_article"),
            "years": list(ExamYear.objects.values_list("year", flat=True)),
            "breadcrumbs": [(f"Tổng hợp báo cáo chuẩn bị thi năm {exam_year.year}", None)],
        })


class ExportView(OverviewMixin):
    def get(self, request, year):
        exam_year = self.year()
        overview = preparation_overview(exam_year.year)
        return exports.xlsx_response(overview, exam_year.year)


class CreateArticleView(StaffView):
    permission_required = "units.create_preparation_article"
    http_method_names = ["post"]

    def post(self, request, year):
        exam_year = _year_or_404(year)
        try:
            article = services.create_preparation_article(user=request.user, year=exam_year)
        except (ValidationError, PermissionDenied) as exc:
            text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, text)
            return redirect("units:overview-year", year=exam_year.year)
        messages.success(request, f"Đã tạo bản nháp “{article.title}” trong chuyên mục "
                                  "“Công tác chuẩn bị”: hãy kiểm tra rồi xuất bản.")
        return redirect(reverse("admin:news_article_change", args=[article.pk]))

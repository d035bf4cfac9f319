"""Public results pages (lookup, candidate, statistics) and the testing office's screens.

Public pages set no cookie, carry no name, read the session only when its cookie is sent (staff
preview) and, before the year's release instant, show nothing of the results: the same "not yet"
page answers every address under the year, whatever number is asked for.
"""

import math
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views import View

from examportal import exports
from examportal.errors import render_error
from examportal.start_views import StaffView as BaseStaffView
from examyears.models import ExamYear

from . import jobs, ratelimit, selectors, services, shell
from .charts import distribution_svg
from .forms import CorrectionForm, LookupForm, ReleaseForm, SchoolNamesForm, UploadForm
from .importing import FileRefused, Problem, summary
from .models import CandidateResult, ImportJob, PendingImport, ResultSet, ResultVersion, SchoolName
from .statistics import page_tables, statistics_for
from .subjects import ABSENT, COMBINATIONS, GROUPS, LANGUAGES, NOT_REGISTERED, SUBJECTS, SUSPENDED

LIMIT_MESSAGE = ("Địa chỉ mạng của bạn đã tra cứu quá nhiều lần trong một phút (tối đa {limit} lần). "
                 "Vui lòng thử lại sau {seconds} giây.")


def remaining_text(delta):
    seconds = max(int(delta.total_seconds()), 0)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = math.ceil(rest / 60) if rest else 0
    if minutes == 60:
        hours, minutes = hours + 1, 0
    parts = [f"{days} ngày"] if days else []
    if hours or days:
        parts.append(f"{hours} giờ")
    parts.append(f"{minutes} phút")
    return "còn " + " ".join(parts)


def base_context(exam_year, preview, **extra):
    year = exam_year.year
    lookup_url = reverse("results:lookup", kwargs={"year": year})
    return {"exam_year": exam_year, "year": year, "preview": preview, "lookup_url": lookup_url,
            "statistics_url": reverse("results:statistics", kwargs={"year": year}),
            "breadcrumbs": [("Kết quả thi", lookup_url), (f"Năm {year}", None)], **extra}


def candidate_context(context, row, result_set, printing):
    """The candidate page's context: ``context`` (base_context's) with the row's part, and
    that part's HTML (results.shell.body). The same for the view and the fast path."""
    context.update(row=row, number=row.number, scores=score_lines(row),
                   combinations=[(c.label, getattr(row, c.key)) for c in COMBINATIONS],
                   groups=[(label, getattr(row, key)) for key, label, _ in GROUPS],
                   printing=printing,
                   remarking_deadline=result_set.remarking_deadline,
                   remarking_url=result_set.remarking_url)
    context["breadcrumbs"] = [context["breadcrumbs"][0], (f"Năm {context['year']}",
                                                          context["lookup_url"]),
                              (f"Số báo danh {row.number}", None)]
    return context


class PublicResultsView(View):
    """The year from the URL; the "not yet" page before release (staff preview aside)."""

    template_name = None

    def dispatch(self, request, year, **kwargs):
        self.exam_year = (ExamYear.objects.filter(year=year)
                          .select_related("result_set").first())
        if self.exam_year is None:
            raise Http404("Không có năm thi này.")
        self.now = timezone.now()
        self.released = selectors.is_released(self.exam_year, self.now)
        self.preview = not self.released and selectors.may_preview(request)
        if not self.released and not self.preview:
            return self.not_yet(request)
        result_set = getattr(self.exam_year, "result_set", None)
        self.version_id = result_set.current_version_id if result_set else None
        self.result_set = result_set
        if self.version_id is None:
            return self.mark(render(request, "results/empty.html", self.base_context()))
        return self.mark(super().dispatch(request, year, **kwargs))

    def base_context(self, **extra):
        return base_context(self.exam_year, self.preview, **extra)

    def mark(self, response):
        if self.preview:
            add_never_cache_headers(response)
            response.page_cache_exempt = True
            response["X-Robots-Tag"] = "noindex"
        return response

    def not_yet(self, request):
        moment = self.exam_year.results_release_at
        context = self.base_context(release_at=moment,
                                    remaining=remaining_text(moment - self.now) if moment else "")
        response = render(request, "results/not_yet.html", context)
        # No browser or CDN may keep this page past the release instant (the page cache's own
        # lifetime follows results.selectors.next_release).
        seconds = int((moment - self.now) / timedelta(seconds=1)) if moment else 60
        patch_cache_control(response, public=True, max_age=max(0, min(60, seconds)))
        return response


def score_lines(row):
    lines = []
    before = row.before_remarking or {}
    for index, subject in enumerate(SUBJECTS):
        status = row.statuses[index]
        if status == NOT_REGISTERED:
            continue
        value = getattr(row, subject.key)
        label = subject.label
        if subject.key == "ngoai_ngu" and row.language_code:
            label = f"Ngoại ngữ ({LANGUAGES.get(row.language_code, row.language_code)})"
        lines.append({"label": label, "score": value,
                      "note": {ABSENT: "Vắng thi", SUSPENDED: "Đình chỉ thi"}.get(status, ""),
                      "before": before.get(subject.key)})
    return lines


class LookupView(PublicResultsView):
    def get(self, request, year):
        context = self.base_context()
        if "sbd" not in request.GET:
            context["form"] = LookupForm(council_code=self.exam_year.council_code)
            return render(request, "results/lookup.html", context)
        response = self.answer(request, year, context)
        # One page per candidate number: keeping each in the shared page cache would only fill
        # it (a million numbers) and cost writes on every lookup; browsers and nginx's
        # micro-cache may still keep them (public, no cookie).
        response.page_cache_exempt = True
        return response

    def answer(self, request, year, context):
        wait = ratelimit.take(request)
        if wait:
            return render_error(429, request, retry_after=wait,
                                message=LIMIT_MESSAGE.format(limit=ratelimit.limit(), seconds=wait))
        form = LookupForm(request.GET, council_code=self.exam_year.council_code)
        context["form"] = form
        if not form.is_valid():
            return render(request, "results/lookup.html", context)
        number = form.cleaned_data["sbd"]
        row = CandidateResult.objects.in_version(self.version_id, number)
        if row is None:
            context["not_found"] = number
            return render(request, "results/lookup.html", context, status=404)
        candidate_context(context, row, self.result_set, "in" in request.GET)
        if shell.usable(request, self.preview):
            return shell.candidate_page(request, context, self.version_id)
        return render(request, "results/candidate.html",
                      {**context, "candidate_body": shell.body(context)})


class StatisticsView(PublicResultsView):
    def get(self, request, year):
        stats = statistics_for(self.version_id)
        charts = []
        for row in stats["subjects"]:
            if row["count"]:
                charts.append((row, distribution_svg(f"pho-diem-{row['key']}",
                                                     f"Phổ điểm môn {row['label']} năm {year}",
                                                     row["distribution"])))
        combo_charts = []
        for row in stats["combinations"]:
            if row["count"]:
                combo_charts.append((row, distribution_svg(
                    f"pho-diem-{row['key']}", f"Phổ điểm tổ hợp {row['label']} năm {year}",
                    row["distribution"], range_labels=True)))
        context = self.base_context(stats=stats, charts=charts, combo_charts=combo_charts,
                                    subjects=SUBJECTS,
                                    tables=page_tables(stats, self.exam_year.year))
        context["breadcrumbs"] = context["breadcrumbs"][:1] + [
            (f"Năm {year}", reverse("results:lookup", kwargs={"year": year})), ("Thống kê", None)]
        return render(request, "results/statistics.html", context)


class StatisticsExportView(PublicResultsView):
    fmt = "csv"

    def get(self, request, year, table):
        found = page_tables(statistics_for(self.version_id), year).get(table)
        if found is None:
            raise Http404("Không có bảng này.")
        title, rows = found
        name = f"ket-qua-thi-{year}-{table}.{self.fmt}"
        if self.fmt == "csv":
            return exports.csv_response(rows, name)
        return exports.xlsx_response(rows, name, sheet_title=title[:31], title=f"{title} {year}")


# --- Staff ------------------------------------------------------------------------------------

class StaffView(BaseStaffView):
    """One of the results permissions."""

    permission_required = (services.IMPORT_PERMISSION, services.RELEASE_PERMISSION,
                           services.ARTICLE_PERMISSION)
    any_of = True

    def year_or_404(self, year):
        return get_object_or_404(ExamYear, year=year)

    def back(self, year):
        return redirect("results:staff-year", year=year)

    @staticmethod
    def error_text(exc):
        return exc.messages[0] if isinstance(exc, ValidationError) else str(exc)


class StaffHomeView(StaffView):
    def get(self, request):
        years = ExamYear.objects.order_by("-year")
        return render(request, "results/staff/home.html", {
            "years": years, "breadcrumbs": [("Kết quả thi — quản lý", None)]})


class StaffYearView(StaffView):
    def get(self, request, year):
        exam_year = self.year_or_404(year)
        result_set = ResultSet.objects.filter(exam_year=exam_year).first()
        return render(request, "results/staff/year.html", {
            "exam_year": exam_year, "result_set": result_set,
            "versions": result_set.versions.select_related("created_by") if result_set else [],
            "audit": result_set.audit.select_related("user")[:50] if result_set else [],
            "released": selectors.is_released(exam_year),
            "release_form": ReleaseForm(initial={"release_at": exam_year.results_release_at}),
            "upload_form": UploadForm(), "correction_form": CorrectionForm(),
            "can_import": request.user.has_perm(services.IMPORT_PERMISSION),
            "can_release": request.user.has_perm(services.RELEASE_PERMISSION),
            "can_article": request.user.has_perm(services.ARTICLE_PERMISSION),
            "breadcrumbs": [("Kết quả thi — quản lý", reverse("results:staff-home")),
                            (f"Năm {year}", None)]})


class UploadView(StaffView):
    permission_required = (services.IMPORT_PERMISSION,)

    def render_form(self, request, exam_year, form, **extra):
        return render(request, "results/staff/upload.html", {
            "exam_year": exam_year, "form": form, **extra,
            "breadcrumbs": [("Kết quả thi — quản lý", reverse("results:staff-home")),
                            (f"Năm {exam_year.year}", reverse("results:staff-year",
                                                              kwargs={"year": exam_year.year})),
                            ("Nhập tệp điểm", None)]})

    def get(self, request, year):
        return self.render_form(request, self.year_or_404(year), UploadForm())

    def post(self, request, year):
        exam_year = self.year_or_404(year)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(request, exam_year, form)
        upload = form.cleaned_data["file"]
        graduation = form.cleaned_data["kind"] == "graduation"
        options = {"drop_personal": form.cleaned_data["drop_personal"], "graduation": graduation,
                   "note": form.cleaned_data["note"]}
        if jobs.in_background(upload.size):
            job = jobs.start_check(user=request.user, exam_year=exam_year, name=upload.name,
                                   data=upload.read(), **options)
            return redirect("results:staff-job", year=year, pk=job.pk)
        try:
            parsed, pending = services.stage_upload(
                user=request.user, exam_year=exam_year, name=upload.name, data=upload.read(),
                **options)
        except FileRefused as exc:
            form.add_error("file", str(exc))
            return self.render_form(request, exam_year, form)
        return self.render_form(request, exam_year, form, parsed=parsed, pending=pending,
                                rows=len(parsed.rows), dropped=parsed.dropped,
                                ignored=parsed.ignored, problems=parsed.problems[:jobs.MAX_PROBLEMS],
                                more_problems=max(0, len(parsed.problems) - jobs.MAX_PROBLEMS),
                                summary=None if graduation else summary(parsed.rows),
                                graduation=graduation)


class JobView(StaffView):
    """A large file's progress (the bar), then its preview or its outcome."""

    permission_required = (services.IMPORT_PERMISSION,)

    def get(self, request, year, pk):
        exam_year = self.year_or_404(year)
        job = jobs.current_state(get_object_or_404(
            ImportJob.objects.select_related("pending", "version"), pk=pk,
            result_set__exam_year=exam_year))
        outcome = job.outcome or {}
        context = {"exam_year": exam_year, "job": job, "form": UploadForm(),
                   "breadcrumbs": [("Kết quả thi — quản lý", reverse("results:staff-home")),
                                   (f"Năm {year}", reverse("results:staff-year",
                                                           kwargs={"year": year})),
                                   ("Nhập tệp điểm", None)]}
        if job.state == ImportJob.State.CHECKED:
            problems = [Problem(*p) for p in outcome.get("problems", [])]
            context.update(parsed=True, pending=job.pending, rows=outcome.get("rows", 0),
                           dropped=outcome.get("dropped", []), ignored=outcome.get("ignored", []),
                           problems=problems, problem_count=len(problems) + outcome.get(
                               "more_problems", 0),
                           more_problems=outcome.get("more_problems", 0),
                           summary=outcome.get("summary"), graduation=outcome.get("graduation"))
        return render(request, "results/staff/upload.html", context)


class JobStatusView(StaffView):
    """The bar's figures as JSON, for results-progress.js."""

    permission_required = (services.IMPORT_PERMISSION,)

    def get(self, request, year, pk):
        job = jobs.current_state(get_object_or_404(ImportJob, pk=pk, result_set__exam_year_id=year))
        return JsonResponse(jobs.as_json(job))


class ConfirmView(StaffView):
    permission_required = (services.IMPORT_PERMISSION,)
    http_method_names = ["post"]

    def post(self, request, year, pk):
        pending = get_object_or_404(PendingImport, pk=pk, result_set__exam_year_id=year)
        if "discard" in request.POST:
            services.discard(pending)
            messages.info(request, "Đã hủy tệp, không có gì được lưu.")
            return self.back(year)
        if jobs.store_in_background(pending):
            job = jobs.start_store(user=request.user, pending=pending)
            return redirect("results:staff-job", year=year, pk=job.pk)
        try:
            version = services.confirm_import(user=request.user, pending=pending)
        except PendingImport.DoesNotExist:
            messages.error(request, "Tệp chờ xác nhận không còn (đã lưu hoặc đã hủy).")
            return self.back(year)
        messages.success(request, f"Đã lưu {version.row_count} thí sinh thành phiên bản "
                                  f"{version.number}.")
        return self.back(year)


class SchoolNamesView(StaffView):
    """The school names the statistics show for the codes in the score files: a CSV of
    ``code,name`` (one school per line) adds or renames; single edits are in the admin."""

    permission_required = ("results.add_schoolname", "results.change_schoolname")

    def has_permission(self):
        return self.request.user.has_perms(self.get_permission_required())

    def show(self, request, form, **extra):
        return render(request, "results/staff/schools.html", {
            "form": form, "schools": SchoolName.objects.all(), **extra,
            "breadcrumbs": [("Kết quả thi — quản lý", reverse("results:staff-home")),
                            ("Tên trường", None)]})

    def get(self, request):
        return self.show(request, SchoolNamesForm())

    def post(self, request):
        form = SchoolNamesForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                added, renamed = services.import_school_names(
                    user=request.user, data=form.cleaned_data["file"].read())
            except ValidationError as exc:
                form.add_error("file", exc.messages[0])
            else:
                messages.success(request, f"Đã thêm {added} trường, đổi tên {renamed} trường.")
                return redirect("results:staff-schools")
        return self.show(request, form)


class CorrectionView(StaffView):
    permission_required = (services.IMPORT_PERMISSION,)

    def get(self, request, year):
        return self.show(request, self.year_or_404(year), CorrectionForm())

    def show(self, request, exam_year, form):
        return render(request, "results/staff/correction.html", {
            "exam_year": exam_year, "form": form,
            "subject_fields": [form[s.key] for s in SUBJECTS],
            "breadcrumbs": [("Kết quả thi — quản lý", reverse("results:staff-home")),
                            (f"Năm {exam_year.year}", reverse("results:staff-year",
                                                              kwargs={"year": exam_year.year})),
                            ("Sửa điểm một thí sinh", None)]})

    def post(self, request, year):
        exam_year = self.year_or_404(year)
        form = CorrectionForm(request.POST)
        result_set = ResultSet.objects.filter(exam_year=exam_year).first()
        if form.is_valid():
            if result_set is None or not result_set.current_version_id:
                form.add_error(None, "Chưa có kết quả thi để sửa.")
            else:
                try:
                    version = services.correct_candidate(
                        user=request.user, result_set=result_set,
                        number=form.cleaned_data["number"], changes=form.changes(),
                        reason=form.cleaned_data["reason"])
                except ValidationError as exc:
                    if hasattr(exc, "error_dict"):
                        for field, errors in exc.error_dict.items():
                            form.add_error(field if field in form.fields else None, errors)
                    else:
                        form.add_error(None, exc)
                else:
                    messages.success(request, f"Đã sửa điểm, phiên bản {version.number}.")
                    return self.back(year)
        return self.show(request, exam_year, form)


class CompareView(StaffView):
    def get(self, request, year):
        result_set = get_object_or_404(ResultSet, exam_year_id=year)
        versions = {v.number: v for v in result_set.versions.all()}
        try:
            old, new = versions[int(request.GET["a"])], versions[int(request.GET["b"])]
        except (KeyError, ValueError) as exc:
            raise Http404("Chọn hai phiên bản để so sánh.") from exc
        return render(request, "results/staff/compare.html", {
            "exam_year": result_set.exam_year, "old": old, "new": new,
            "differences": services.compare_versions(old, new),
            "breadcrumbs": [("Kết quả thi — quản lý", reverse("results:staff-home")),
                            (f"Năm {year}", reverse("results:staff-year", kwargs={"year": year})),
                            ("So sánh phiên bản", None)]})


class RestoreView(StaffView):
    permission_required = (services.IMPORT_PERMISSION,)
    http_method_names = ["post"]

    def post(self, request, year, number):
        version = get_object_or_404(ResultVersion, result_set__exam_year_id=year, number=number)
        new = services.restore_version(user=request.user, version=version,
                                       reason=request.POST.get("reason", "")[:300])
        messages.success(request, f"Đã khôi phục phiên bản {number} thành phiên bản {new.number}.")
        return self.back(year)


class ReleaseView(StaffView):
    permission_required = (services.RELEASE_PERMISSION,)
    http_method_names = ["post"]

    def post(self, request, year):
        exam_year = self.year_or_404(year)
        form = ReleaseForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.errors["release_at"][0])
            return self.back(year)
        services.set_release_time(user=request.user, exam_year=exam_year,
                                  moment=form.cleaned_data["release_at"])
        messages.success(request, "Đã đặt giờ công bố: "
                         f"{timezone.localtime(form.cleaned_data['release_at']):%H:%M %d/%m/%Y}.")
        return self.back(year)


class CreateArticleView(StaffView):
    permission_required = (services.ARTICLE_PERMISSION,)
    http_method_names = ["post"]

    def post(self, request, year):
        exam_year = self.year_or_404(year)
        try:
            article = services.create_results_article(user=request.user, exam_year=exam_year)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, self.error_text(exc))
            return self.back(year)
        messages.success(request, f"Đã tạo bản nháp “{article.title}” trong chuyên mục “Kết quả "
                                  "thi”: hãy kiểm tra rồi xuất bản (tin nhắn và RSS đi theo bài).")
        return redirect(reverse("admin:news_article_change", args=[article.pk]))




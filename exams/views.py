"""Public pages (schedule, iCalendar, exam sites) and the staff side (site reports, dashboard).

Public pages set no cookie, show nothing per user and run a fixed number of queries. Staff
pages need a login and a permission, are never cached, and site staff act only for the site
their account belongs to (taken from the account, never from the request).
"""

import math
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views import View
from django.views.generic import TemplateView

from examportal.start_views import SignInView
from examportal.start_views import StaffView as BaseStaffView
from examyears.selectors import current_year_number

from . import clock, conf, exports, ical, services
from .forms import SessionReportForm
from .models import DISTRICT_ORDER, REPORT_FIELDS, ExamSession, ExamSite, SessionReport
from .selectors import session_overview

# --- Public ---------------------------------------------------------------------------------------


def remaining_text(delta):
    """"còn 3 ngày 4 giờ", "còn 2 giờ 15 phút", "còn 5 phút"."""
    minutes = max(math.ceil(delta.total_seconds() / 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"còn {days} ngày {hours} giờ"
    if hours:
        return f"còn {hours} giờ {minutes} phút"
    return f"còn {minutes} phút" if minutes else "sắp bắt đầu"


def highlight(sessions, now):
    """The session going on now, else the next one to start (None when the year is over)."""
    for session in sessions:
        if session.starts_at <= now < session.ends_at:
            return session, "current"
    upcoming = [s for s in sessions if s.starts_at > now]
    if upcoming:
        return min(upcoming, key=lambda s: s.starts_at), "next"
    return None, None


class YearMixin:
    """The exam year from the URL, or the current one (None: no year yet)."""

    def get_year(self):
        return self.kwargs.get("year") or current_year_number()


class ScheduleView(YearMixin, TemplateView):
    template_name = "exams/schedule.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.get_year()
        sessions = list(ExamSession.objects.for_schedule(year)) if year else []
        if not sessions:
            if "year" in self.kwargs:
                raise Http404("Chưa có lịch thi của năm này.")
            context.update(year=None, rounds=[], breadcrumbs=[("Lịch thi", None)])
            return context
        now = clock.now()
        focus, state = highlight(sessions, now)
        rounds = []
        for rnd, items in groupby(sessions, key=lambda s: s.round):
            days = [(day, list(day_items)) for day, day_items in groupby(items, key=lambda s: s.date)]
            # (day, sessions, state): on a phone the day of the current or next session comes
            # first and past days last (the page cache expires when a session starts or ends).
            days = [(day, day_sessions, "focus" if focus in day_sessions else
                     "past" if all(s.ends_at <= now for s in day_sessions) else "")
                    for day, day_sessions in days]
            first, last = days[0][0], days[-1][0]
            rounds.append({"number": rnd, "days": days, "first": first, "last": last})
        for session in sessions:
            session.is_focus = session is focus
            session.is_past = session.ends_at <= now
            session.public_article = (
                session.article if session.article_id and session.article.is_public else None)
        context.update(
            year=year, rounds=rounds, focus=focus, focus_state=state, now=now,
            remaining=remaining_text(focus.starts_at - now) if state == "next" else "",
            years=list(ExamSession.objects.filter(is_confirmed=True).order_by("-year")
                       .values_list("year", flat=True).distinct()),
            breadcrumbs=[(f"Lịch thi {year}", None)],
        )
        return context


class ICalView(View):
    def get(self, request, year):
        sessions = list(ExamSession.objects.for_schedule(year))
        if not sessions:
            raise Http404("Chưa có lịch thi của năm này.")
        response = HttpResponse(ical.calendar(sessions, year, now=clock.now()),
                                content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="lich-thi-tot-nghiep-thpt-{year}.ics"'
        return response


class SiteListView(YearMixin, TemplateView):
    template_name = "exams/site_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.get_year()
        sites = list(ExamSite.objects.for_year(year)) if year else []
        if not sites and "year" in self.kwargs:
            raise Http404("Chưa có danh sách điểm thi của năm này.")
        if not year:
            context.update(year=None, groups=[], breadcrumbs=[("Điểm thi", None)])
            return context
        by_district = {}
        for site in sites:
            by_district.setdefault(site.district, []).append(site)
        groups = [
            (key, by_district[key][0].get_district_display(), by_district[key])
            for key in DISTRICT_ORDER if key in by_district
        ]
        context.update(
            year=year, groups=groups, total=len(sites),
            rooms=sum(site.rooms for site in sites),
            has_sample=any(site.is_sample for site in sites),
            breadcrumbs=[(f"Lịch thi {year}", reverse("exams:schedule-year", kwargs={"year": year})),
                         (f"Điểm thi {year}", None)],
        )
        return context


# --- Staff ----------------------------------------------------------------------------------------


class LoginView(SignInView):
    """The exam sites' address of the staff's one sign-in page (light, for a phone)."""


class StaffView(BaseStaffView):
    """Site staff sign in at the exams address of the one sign-in page."""

    login_url = reverse_lazy("exams:login")


def exam_session_or_404(pk):
    return get_object_or_404(ExamSession.objects.exams(), pk=pk)


class StaffHomeView(StaffView):
    """Site staff: their site's sessions and reports. Department: every session's dashboard."""

    permission_required = ("exams.submit_report", "exams.view_dashboard")
    any_of = True

    def get(self, request):
        site = services.site_of(request.user)
        context = {"site": site, "breadcrumbs": [("Báo cáo buổi thi", None)]}
        if site is not None:
            sessions = list(ExamSession.objects.for_year(site.year).exams())
            reports = {r.session_id: r for r in SessionReport.objects.filter(site=site)}
            now = clock.now()
            context["site_sessions"] = [
                (s, reports.get(s.pk), s.has_started(now)) for s in sessions]
        if request.user.has_perm("exams.view_dashboard"):
            year = current_year_number()
            sessions = list(ExamSession.objects.for_year(year).exams()) if year else []
            counts = dict(SessionReport.objects.filter(session__year=year).order_by()
                          .values("session").annotate(n=Count("pk")).values_list("session", "n"))
            context["department_sessions"] = [(s, counts.get(s.pk, 0)) for s in sessions]
            context["site_count"] = ExamSite.objects.for_year(year).count() if year else 0
            context["year"] = year
        elif site is None:
            raise PermissionDenied("Tài khoản này chưa được giao cho điểm thi nào. Hãy liên hệ quản "
                                   "trị viên của Sở để được gán điểm thi.")
        return render(request, "exams/staff/home.html", context)


class ReportFormView(StaffView):
    """Submit the site's report on a session, or correct it (each correction is a new version)."""

    permission_required = "exams.submit_report"
    template_name = "exams/staff/report_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.session = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(self.permission_required):
            self.site = services.site_of(request.user)
            if self.site is None:
                raise PermissionDenied("Tài khoản này chưa được giao cho điểm thi nào.")
            self.session = exam_session_or_404(kwargs["session_pk"])
            if self.session.year != self.site.year:
                raise Http404("Buổi thi không thuộc kỳ thi của điểm thi.")
            self.report = SessionReport.objects.filter(session=self.session, site=self.site).first()
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, request, form, status=200):
        now = clock.now()
        return render(request, self.template_name, {
            "form": form, "site": self.site, "session": self.session, "report": self.report,
            "started": self.session.has_started(now),
            "deadline": self.session.report_deadline,
            "deadline_passed": now > self.session.report_deadline,
            "versions": self.report.versions.select_related("submitted_by") if self.report else [],
            "breadcrumbs": [("Báo cáo buổi thi", reverse("exams:staff-home")),
                            (self.session.label, None)],
        }, status=status)

    def get(self, request, session_pk):
        if self.report:
            initial = {name: getattr(self.report, name) for name in REPORT_FIELDS}
            initial["version"] = self.report.version
            form = SessionReportForm(initial=initial, correcting=True)
        else:
            form = SessionReportForm(initial={"expected": self.site.candidates})
        return self.render_form(request, form)

    def post(self, request, session_pk):
        correcting = self.report is not None
        form = SessionReportForm(request.POST, correcting=correcting)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if correcting:
                    services.correct_session_report(
                        user=request.user, report=self.report, data=data, reason=data["reason"],
                        expected_version=data.get("version"))
                    messages.success(request, f"Đã lưu điều chỉnh (phiên bản {self.report.version}) "
                                              f"báo cáo buổi thi {self.session.label}.")
                else:
                    report = services.submit_session_report(
                        user=request.user, session=self.session, site=self.site, data=data)
                    note = " (sau hạn báo cáo)" if report.is_late else ""
                    messages.success(request, f"Đã gửi báo cáo buổi thi {self.session.label}{note}.")
                    self.report = report
                return redirect("exams:report-detail", pk=self.report.pk)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
        return self.render_form(request, form)


class ReportDetailView(StaffView):
    """One report and all its versions. Site staff: only their site's (others get 404)."""

    permission_required = ("exams.submit_report", "exams.view_dashboard")
    any_of = True

    def get(self, request, pk):
        report = get_object_or_404(
            SessionReport.objects.visible_to(request.user).select_related(
                "session", "site", "submitted_by", "updated_by"),
            pk=pk,
        )
        own = services.site_of(request.user)
        is_own = own is not None and own.pk == report.site_id
        return render(request, "exams/staff/report_detail.html", {
            "report": report, "session": report.session, "site": report.site, "is_own": is_own,
            "show_incidents": is_own or request.user.has_perm("exams.view_incidents"),
            "versions": report.versions.select_related("submitted_by"),
            "breadcrumbs": [("Báo cáo buổi thi", reverse("exams:staff-home")),
                            (f"{report.site.code} — {report.session.label}", None)],
        })


class DashboardMixin(StaffView):
    permission_required = "exams.view_dashboard"

    def overview(self, session_pk):
        session = exam_session_or_404(session_pk)
        return session, session_overview(session)


class DashboardView(DashboardMixin):
    def get(self, request, session_pk):
        session, overview = self.overview(session_pk)
        sessions = list(ExamSession.objects.for_year(session.year).exams())
        partial = request.GET.get("phan") == "so-lieu"
        context = {
            "session": session, "overview": overview, "sessions": sessions,
            "show_incidents": request.user.has_perm("exams.view_incidents"),
            "can_create_article": request.user.has_perm("exams.create_session_article")
            and request.user.has_perm("news.add_article"),
            "refresh_seconds": conf.dashboard_refresh_seconds(),
            "generated_at": clock.now(),
            "breadcrumbs": [("Báo cáo buổi thi", reverse("exams:staff-home")),
                            (f"Tổng hợp: {session.label}", None)],
        }
        template = "exams/staff/_dashboard_live.html" if partial else "exams/staff/dashboard.html"
        return render(request, template, context)


class DashboardPrintView(DashboardMixin):
    def get(self, request, session_pk):
        session, overview = self.overview(session_pk)
        return render(request, "exams/staff/dashboard_print.html", {
            "session": session, "overview": overview, "generated_at": clock.now(),
            "show_incidents": request.user.has_perm("exams.view_incidents"),
        })


class DashboardExportView(DashboardMixin):
    fmt = "xlsx"

    def get(self, request, session_pk):
        session, overview = self.overview(session_pk)
        rows = exports.table(overview, incidents=request.user.has_perm("exams.view_incidents"))
        if self.fmt == "csv":
            return exports.csv_response(rows, exports.filename(session, "csv"))
        return exports.xlsx_response(rows, exports.filename(session, "xlsx"),
                                     f"Báo cáo buổi thi {session.label}")


class CreateArticleView(StaffView):
    permission_required = "exams.create_session_article"
    http_method_names = ["post"]

    def post(self, request, session_pk):
        session = exam_session_or_404(session_pk)
        try:
            article = services.create_session_article(user=request.user, session=session)
        except (ValidationError, PermissionDenied) as exc:
            text = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, text)
            return redirect("exams:dashboard", session_pk=session.pk)
        messages.success(request, f"Đã tạo bản nháp “{article.title}” trong chuyên mục "
                                  "“Tình hình tổ chức thi”: hãy kiểm tra rồi xuất bản.")
        return redirect(reverse("admin:news_article_change", args=[article.pk]))


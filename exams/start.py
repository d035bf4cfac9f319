"""Exam days on the start page: site staff land on their site's report for the session at hand;
editors and inspectors get the province's dashboard; administrators the schedule and the sites
(examportal.staffstart)."""

from django.urls import reverse

from examportal.staffstart import StartLink, StartSection, admin_link
from examyears.selectors import current_year_number

from . import clock, services
from .models import ExamSession


def session_at_hand(sessions, now):
    """The session going on or last started, else the first to come (None: no sessions)."""
    started = [s for s in sessions if s.has_started(now)]
    if started:
        return max(started, key=lambda s: s.starts_at)
    return min(sessions, key=lambda s: s.starts_at, default=None)


def _name(session):
    return f"{session.label} (đợt {session.round})" if session.round > 1 else session.label


def _site_section(user):
    site = services.site_of(user)
    if site is None:
        return None
    home = reverse("exams:staff-home")
    links, landing = [], home
    session = session_at_hand(list(ExamSession.objects.for_year(site.year).exams()), clock.now())
    if session is not None:
        landing = reverse("exams:report-form", kwargs={"session_pk": session.pk})
        links.append(StartLink(f"Báo cáo buổi thi {_name(session)}", landing,
                               "Số thí sinh dự thi, vắng thi, sự cố.",
                               permission="exams.submit_report"))
    links.append(StartLink("Các buổi thi của điểm thi", home, permission="exams.submit_report"))
    return StartSection(f"Điểm thi số {site.code}: {site.name}", links, landing=landing,
                        priority=10, note=site.address)


def _dashboard_links(user):
    if not user.has_perm("exams.view_dashboard"):
        return []
    links = []
    year = current_year_number()
    sessions = list(ExamSession.objects.for_year(year).exams()) if year else []
    session = session_at_hand(sessions, clock.now())
    if session is not None:
        links.append(StartLink(f"Tổng hợp báo cáo: {_name(session)}",
                               reverse("exams:dashboard", kwargs={"session_pk": session.pk}),
                               "Điểm thi đã báo cáo, số dự thi, vắng thi, sự cố.",
                               permission="exams.view_dashboard"))
    links.append(StartLink("Báo cáo các buổi thi", reverse("exams:staff-home"),
                           permission="exams.view_dashboard"))
    return links


def section(user):
    if services.site_of(user) is not None:
        return _site_section(user)
    links = _dashboard_links(user) + [link for link in (
        admin_link(user, "Lịch thi (buổi thi)", "admin:exams_examsession_changelist",
                   "exams.view_examsession"),
        admin_link(user, "Điểm thi", "admin:exams_examsite_changelist", "exams.view_examsite"),
        admin_link(user, "Tài khoản cán bộ điểm thi", "admin:exams_sitemembership_changelist",
                   "exams.view_sitemembership"),
        admin_link(user, "Báo cáo buổi thi (quản trị)", "admin:exams_sessionreport_changelist",
                   "exams.view_sessionreport"),
    ) if link]
    if not links:
        return None
    return StartSection("Kỳ thi: lịch thi và báo cáo điểm thi", links, priority=50)

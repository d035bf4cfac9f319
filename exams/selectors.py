"""Reads that several pages share: a session's overview for the Department, hotline counts,
and the next moment the schedule's highlight changes (for the page cache)."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from examportal.text import search_text
from hotline.models import Report

from . import clock
from .formatting import percentage
from .models import ExamSession, ExamSite, SessionReport


@dataclass
class SiteRow:
    site: ExamSite
    report: SessionReport | None
    status: str  # "submitted", "late", "missing" (deadline not passed) or "overdue"
    hotline: int = 0  # hotline reports about this site received that day

    STATUS_LABELS = {
        "submitted": "Đã báo cáo",
        "late": "Nộp muộn",
        "missing": "Chưa báo cáo",
        "overdue": "Chưa báo cáo — quá hạn",
    }

    @property
    def status_label(self):
        return self.STATUS_LABELS[self.status]

    @property
    def is_missing(self):
        return self.report is None


@dataclass
class Overview:
    session: object
    rows: list
    totals: dict
    hotline_total: int = 0
    deadline_passed: bool = False
    incidents: list = field(default_factory=list)


def next_schedule_change(now):
    """The next moment a session starts or ends: the schedule's highlight changes then
    (``page_cache_schedule`` in ExamsConfig.contributes)."""
    today = timezone.localdate(now)
    moments = []
    for session in ExamSession.objects.filter(date__gte=today - timedelta(days=1)).order_by(
            "date", "start_time").prefetch_related("components")[:20]:
        moments += [m for m in (session.starts_at, session.ends_at) if m > now]
    return min(moments) if moments else None


def hotline_counts(day, sites=None):
    """Hotline reports received on ``day``, per exam site, and all of the day's reports:
    ({site pk: count}, total). A report counts for a site when it names the site in the list
    or, typed by hand (the public form's "địa điểm", an operator's note), by the site's name or
    its school's (the longest name found wins); one query whatever the number of reports.
    ``sites``: those whose names are looked for (default: the sites of ``day``'s year)."""
    if sites is None:
        sites = list(ExamSite.objects.filter(year=day.year))
    names = sorted(((search_text(name), site.pk) for site in sites
                    for name in (site.name, site.school) if search_text(name)),
                   key=lambda pair: -len(pair[0]))
    per_site, total = {}, 0
    for site_id, place in Report.objects.received_on(day).values_list("exam_site", "place_search"):
        total += 1
        if site_id is None:
            site_id = next((pk for name, pk in names if name in (place or "")), None)
        if site_id is not None:
            per_site[site_id] = per_site.get(site_id, 0) + 1
    return per_site, total


def session_overview(session, now=None):
    """Every site of the session's year with its report (or none), totals and incidents.

    A fixed number of queries whatever the number of sites.
    """
    now = now or clock.now()
    sites = list(ExamSite.objects.for_year(session.year))
    reports = {
        r.site_id: r
        for r in SessionReport.objects.filter(session=session).select_related(
            "submitted_by", "updated_by")
    }
    per_site, hotline_total = hotline_counts(session.date, sites)
    deadline_passed = now > session.report_deadline
    rows = []
    for site in sites:
        report = reports.get(site.pk)
        if report is None:
            status = "overdue" if deadline_passed else "missing"
        else:
            status = "late" if report.is_late else "submitted"
        rows.append(SiteRow(site, report, status, per_site.get(site.pk, 0)))
    submitted = [r.report for r in rows if r.report is not None]
    totals = {name: sum(getattr(r, name) for r in submitted)
              for name in ("expected", "present", "absent", "suspended", "disciplined")}
    totals.update(
        sites=len(rows),
        reported=len(submitted),
        missing=len(rows) - len(submitted),
        late=sum(1 for r in submitted if r.is_late),
        incidents=sum(1 for r in submitted if r.has_incident),
        attendance=percentage(totals["present"], totals["expected"]),
    )
    incidents = [row for row in rows if row.report is not None and row.report.has_incident]
    return Overview(session=session, rows=rows, totals=totals, hotline_total=hotline_total,
                    deadline_passed=deadline_passed,
                    incidents=incidents)

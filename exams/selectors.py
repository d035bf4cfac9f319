"""Reads that several pages share: a session's overview for the Department, hotline counts,
and the next moment the schedule's highlight changes (for the page cache)."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

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


def hotline_counts(day):
    """Hotline reports received on ``day`` that name one of the exam sites, per site, and all
    of the day's reports: ({site pk: count}, total)."""
    reports = Report.objects.received_on(day)
    total = reports.count()
    per_site = dict(
        reports.filter(exam_site__isnull=False).order_by().values("exam_site")
        .annotate(n=Count("pk")).values_list("exam_site", "n")
    )
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
    per_site, hotline_total = hotline_counts(session.date)
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

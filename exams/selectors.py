"""Reads that several pages share: a session's overview for the Department, hotline counts."""

from dataclasses import dataclass, field

from django.db.models import Count

from . import clock
from .formatting import percentage
from .models import ExamSite, SessionReport


@dataclass
class SiteRow:
    site: ExamSite
    report: SessionReport | None
    status: str  # "submitted", "late", "missing" (deadline not passed) or "overdue"
    hotline: int | None = None

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
    hotline_per_site: bool = False
    deadline_passed: bool = False
    incidents: list = field(default_factory=list)


def hotline_counts(day):
    """Hotline reports received on ``day``: ({site pk: count} or None, total).

    Per site only once ``hotline.Report`` has an ``exam_site`` link; until then, the day's total.
    """
    try:
        from hotline.models import Report
    except ImportError:  # the hotline app is not installed
        return None, 0
    reports = Report.objects.received_on(day)
    total = reports.count()
    if not any(f.name == "exam_site" for f in Report._meta.get_fields()):
        return None, total
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
        rows.append(SiteRow(site, report, status,
                            per_site.get(site.pk, 0) if per_site is not None else None))
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
                    hotline_per_site=per_site is not None, deadline_passed=deadline_passed,
                    incidents=incidents)

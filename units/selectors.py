"""Reads the department's pages share: which units reported, the province's totals, the
difficulties still waiting. A fixed number of queries whatever the number of units."""

from dataclasses import dataclass, field

from django.utils import timezone

from exams.models import DISTRICT_ORDER, District

from .models import REPORT_NUMBERS, Difficulty, PreparationReport, ReportingRound, Unit

TOTAL_FIELDS = [n for n in REPORT_NUMBERS if n not in ("staff_total", "students_total")]


@dataclass
class UnitRow:
    unit: Unit
    report: PreparationReport | None
    open_difficulties: int = 0
    # Sent after the year's deadline (as it stands now), or missing once it has passed.
    late: bool = False
    overdue: bool = False


@dataclass
class Overview:
    year: int
    deadline: object
    now: object
    rows: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    # [(district label, [difficulty, ...])] of the open ones, oldest first.
    open_by_district: list = field(default_factory=list)

    @property
    def overdue(self):
        return bool(self.deadline and self.now > self.deadline)

    @property
    def missing_rows(self):
        return [row for row in self.rows if row.report is None]

    @property
    def reported_rows(self):
        return [row for row in self.rows if row.report is not None]


def preparation_overview(year, now=None):
    """Every active unit with its report of ``year`` (or None), the totals and the open
    difficulties by district: four queries."""
    now = now or timezone.now()
    number = getattr(year, "year", year)
    round_ = ReportingRound.objects.filter(year_id=number).first()
    units = list(Unit.objects.active())
    reports = {r.unit_id: r for r in PreparationReport.objects.for_year(number)
               .select_related("updated_by")}
    open_items = list(Difficulty.objects.for_year(number).still_open().select_related("unit")
                      .order_by("created_at", "pk"))
    per_unit = {}
    for item in open_items:
        per_unit[item.unit_id] = per_unit.get(item.unit_id, 0) + 1
    deadline = round_.deadline if round_ else None
    rows = []
    for unit in units:
        report = reports.get(unit.pk)
        rows.append(UnitRow(
            unit, report, per_unit.get(unit.pk, 0),
            late=bool(report and deadline and report.submitted_at > deadline),
            overdue=bool(report is None and deadline and now > deadline)))
    rows.sort(key=lambda r: (DISTRICT_ORDER.index(r.unit.district), r.unit.name))
    counted = [r.report for r in rows if r.report is not None]
    totals = {name: sum(getattr(r, name) for r in counted) for name in TOTAL_FIELDS}
    totals.update(
        units=len(rows), reported=len(counted), missing=len(rows) - len(counted),
        late=sum(1 for r in rows if r.late), overdue=sum(1 for r in rows if r.overdue),
        trained_staff=totals["trained_managers"] + totals["trained_teachers"]
        + totals["trained_employees"],
        supported=sum(r.supported for r in counted),
        open_difficulties=len(open_items),
        urgent_open=sum(1 for d in open_items if d.is_urgent),
    )
    for item in open_items:
        item.age_days = (now - item.created_at).days
    by_district = {}
    for item in open_items:
        by_district.setdefault(item.unit.district, []).append(item)
    labels = dict(District.choices)
    open_by_district = [(labels[key], by_district[key]) for key in DISTRICT_ORDER
                        if key in by_district]
    return Overview(year=number, deadline=deadline, now=now, rows=rows,
                    totals=totals, open_by_district=open_by_district)

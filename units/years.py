"""The units app's part of an exam year: its reporting deadline as a key date, and the deadline
carried a year on when the next year is opened."""

from django.utils import timezone

from examyears.selectors import KeyDateItem

from .models import ReportingRound


def key_dates(exam_year):
    if exam_year is None:
        return []
    found = ReportingRound.objects.filter(year=exam_year).first()
    if found is None:
        return []
    return [KeyDateItem(timezone.localtime(found.deadline).date(),
                        "Hạn các đơn vị báo cáo công tác chuẩn bị thi")]


def open_year(exam_year, previous, *, copy_schedule=False):
    """The deadline a year after last year's (an editor moves it when the plan says otherwise)."""
    if previous is None or ReportingRound.objects.filter(year=exam_year).exists():
        return ""
    last = ReportingRound.objects.filter(year=previous).first()
    if last is None:
        return ""
    gap = exam_year.year - previous.year
    local = timezone.localtime(last.deadline)
    try:
        moved = local.replace(year=local.year + gap)
    except ValueError:  # 29 February
        moved = local.replace(year=local.year + gap, day=28)
    ReportingRound.objects.create(year=exam_year, deadline=moved)
    return (f"Hạn báo cáo chuẩn bị thi của các đơn vị: {moved:%d/%m/%Y}, dời từ năm "
            f"{previous.year} (sửa lại theo kế hoạch năm mới).")

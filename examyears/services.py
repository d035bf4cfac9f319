"""Opening an exam year and making it current: the editor's ten-minute task.

``start_exam_year`` creates the year and lets every app copy what it keeps per year (through
``year_opening`` contributions, see ``examportal.registry``): the column's sections with their
roles, the exam sites still open, alert lists, and on request the schedule shifted by the gap
in years (unconfirmed and hidden until an editor confirms each session). Nothing of the
previous year changes, so all its addresses keep answering.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from examportal.registry import contributions

from .models import ExamYear
from .selectors import forget_current


def default_title(year):
    return f"Kỳ thi tốt nghiệp THPT năm {year}"


@transaction.atomic
def start_exam_year(year, *, from_year=None, title="", copy_schedule=False):
    """Create exam year ``year`` from ``from_year`` (default: the current one); return
    ``(exam_year, lines)`` where each line says what an app copied, for the editor."""
    if ExamYear.objects.filter(year=year).exists():
        raise ValidationError(f"Năm thi {year} đã có.", code="exists")
    previous = None
    if from_year is not None:
        previous = ExamYear.objects.filter(year=from_year).first()
        if previous is None:
            raise ValidationError(f"Không có năm thi {from_year} để sao chép.", code="no_source")
    else:
        previous = ExamYear.objects.current()
    if previous is not None and year <= previous.year:
        raise ValidationError(f"Năm mới phải sau năm {previous.year}.", code="not_after")
    exam_year = ExamYear(year=year, title=title.strip() or default_title(year),
                         council_code=previous.council_code if previous else "07")
    exam_year.full_clean()
    exam_year.save()
    lines = [f"Đã tạo năm thi {year}."]
    for opener in contributions("year_opening"):
        line = opener(exam_year, previous, copy_schedule=copy_schedule)
        if line:
            lines.append(line)
    return exam_year, lines


@transaction.atomic
def make_current(exam_year):
    """Make ``exam_year`` the one the home page, navigation, schedule, feeds and widget show."""
    ExamYear.objects.select_for_update().filter(is_current=True).exclude(pk=exam_year.pk).update(
        is_current=False)
    exam_year.is_current = True
    exam_year.save(update_fields=["is_current"])  # its post_save empties page and year caches
    transaction.on_commit(forget_current)
    return exam_year


def ensure_year(year, *, title="", results_release_at=None):
    """Exam year ``year`` as a fresh install has it, created with every app's part if missing
    (current when no year is): for tests after a flush, the demo and the benchmark data.
    Idempotent; the openers skip what exists."""
    exam_year, _ = ExamYear.objects.get_or_create(year=year, defaults={
        "title": title or default_title(year), "results_release_at": results_release_at})
    for opener in contributions("year_opening"):
        opener(exam_year, None)
    if not ExamYear.objects.filter(is_current=True).exists():
        make_current(exam_year)
    return exam_year

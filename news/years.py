"""News's part of opening an exam year (a ``year_opening`` contribution, examyears.services)."""

from .models import Column, Section
from .sections import DEFAULT_SECTIONS, column_intro, column_title


def open_year(exam_year, previous, *, copy_schedule=False):
    """The year's column, with the previous column's sections (titles, addresses, order and
    roles) or, for the first year, the plan's eight."""
    column, created = Column.objects.get_or_create(
        year=exam_year.year,
        defaults={"title": column_title(exam_year.year), "intro": column_intro(exam_year.year)})
    if not created and column.sections.exists():
        return f"Chuyên mục năm {exam_year.year} đã có."
    source = Column.objects.filter(year=previous.year).first() if previous else None
    if source is not None:
        rows = [(s.slug, s.title, s.description, s.role) for s in source.sections.all()]
    else:
        rows = DEFAULT_SECTIONS
    Section.objects.bulk_create([
        Section(column=column, slug=slug, title=title, description=description, role=role,
                position=position)
        for position, (slug, title, description, role) in enumerate(rows, start=1)])
    return f"Chuyên mục “{column.title}” với {len(rows)} chuyên mục con."

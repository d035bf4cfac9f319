"""Alerts' part of opening an exam year (a ``year_opening`` contribution): whoever follows a
section of last year's column follows the section with the same role (or address) this year.
Lists that follow the whole column or new documents need nothing: they are not per year."""

from news.models import Column

from .models import Subscription


def open_year(exam_year, previous, *, copy_schedule=False):
    if previous is None:
        return ""
    old = Column.objects.filter(year=previous.year).first()
    new = Column.objects.filter(year=exam_year.year).first()
    if old is None or new is None:
        return ""
    successors = {}
    new_sections = list(new.sections.all())
    for section in old.sections.all():
        match = next((s for s in new_sections if section.role and s.role == section.role), None)
        match = match or next((s for s in new_sections if s.slug == section.slug), None)
        if match:
            successors[section.pk] = match
    through = Subscription.sections.through
    links = through.objects.filter(section_id__in=successors)
    rows = {(link.subscription_id, successors[link.section_id].pk) for link in links}
    through.objects.bulk_create(
        [through(subscription_id=sub, section_id=section) for sub, section in rows],
        ignore_conflicts=True)
    followers = len({sub for sub, _ in rows})
    return f"{followers} người nhận tin theo chuyên mục con tiếp tục nhận tin của năm {exam_year.year}."

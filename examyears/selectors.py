"""Reads about exam years that pages share: which year is current, and its key dates."""

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.utils import timezone

from examportal.cache import on_recovery
from examportal.pagecache import content_version
from examportal.registry import contributions

from .models import ExamYear

CURRENT_KEY = "examyears:current"


def current_year():
    """The exam year the portal runs now, or None before any is set. The one answer to "which
    year is current" (home, navigation, schedule, feeds, widget, forms); kept in the shared
    cache and dropped whenever a year or a key date changes."""
    found = cache.get(CURRENT_KEY)
    if found is None:
        found = ExamYear.objects.current() or False
        cache.set(CURRENT_KEY, found, 3600)
    return found or None


def current_year_number():
    year = current_year()
    return year.year if year else None


def forget_current(**kwargs):
    cache.delete(CURRENT_KEY)


on_recovery(forget_current)


@dataclass(frozen=True)
class KeyDateItem:
    date: date
    title: str
    url: str = ""


def own_key_dates(exam_year):
    """The year's own milestones: the results release and the key dates typed for the year."""
    items = [KeyDateItem(item.date, item.title, item.url) for item in exam_year.key_dates.all()]
    if exam_year.results_release_at:
        items.append(KeyDateItem(timezone.localtime(exam_year.results_release_at).date(),
                                 "Công bố kết quả thi"))
    return items


def key_dates(year, *, upcoming_only=False, limit=None):
    """Every app's key dates of ``year`` (an ExamYear or its number; the schedule's days come
    from the exams app), by date; ``upcoming_only`` keeps today's and later ones when there are
    any. Returns ``(items, upcoming)``. Kept in the shared cache under the page cache's content
    version, which every content write replaces: no query while nothing changed."""
    number = getattr(year, "year", year)
    if number is None:
        return [], False
    version = content_version()
    key = f"examyears:key-dates:{number}:{version}" if version else None
    items = cache.get(key) if key else None
    if items is None:
        exam_year = year if isinstance(year, ExamYear) else ExamYear.objects.filter(
            year=number).first()
        items = sorted((item for provider in contributions("key_dates")
                        for item in provider(exam_year)), key=lambda item: item.date
                       ) if exam_year else []
        if key:
            cache.set(key, items, 3600)
    upcoming = False
    if upcoming_only:
        today = timezone.localdate()
        later = [item for item in items if item.date >= today]
        if later:
            items, upcoming = later, True
    return (items[:limit] if limit else items), upcoming

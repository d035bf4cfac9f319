from datetime import timedelta

from django import template
from django.utils import timezone

register = template.Library()

# The home page links to the results from a week before their release until six weeks after.
BEFORE, AFTER = timedelta(days=7), timedelta(weeks=6)


@register.filter
def score(value):
    """8.20 -> "8,2"; 10.00 -> "10" (scores as people write them)."""
    if value is None or value == "":
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


@register.inclusion_tag("results/home_link.html")
def results_home_link():
    """The home page's results box during the results weeks (nothing otherwise). The page cache
    keeps the home page no longer than the release instant (results.selectors.next_release)."""
    from examyears.selectors import current_year

    from .. import selectors

    year = current_year()
    moment = year.results_release_at if year else None
    now = timezone.now()
    if not moment or not (moment - BEFORE <= now <= moment + AFTER):
        return {"show": False}
    return {"show": True, "year": year.year, "released": selectors.is_released(year, now),
            "release_at": moment}

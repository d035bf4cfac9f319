from django.core.cache import cache

from examportal.addresses import cached_reverse
from examportal.cache import on_recovery

from .models import Column

NAV_CACHE_KEY = "news:nav-column"
# The main navigation's links besides the current column's (templates/includes/site_header.html).
NAV_URL_NAMES = ("home", "exams:schedule", "documents:list", "qa:question-list", "hotline:index")


@on_recovery
def forget_navigation_after_outage():
    """A column saved while Redis was down could not drop the cached one (news.signals): drop it
    when the cache answers again. With the cache down, every request reads the column from the
    database (a miss), so nothing here fails with it."""
    cache.delete(NAV_CACHE_KEY)


def navigation(request):
    """The current column for the main navigation, cached; reset when a column is saved.

    Looked up once per request, the first time a template asks for it. ``nav_path`` is the
    request's path when it is a main navigation link (so the header can mark it), else "": the
    header is a cached fragment that varies on it, not on every article's path.
    """
    found = []

    def current_column():
        if not found:
            column = cache.get(NAV_CACHE_KEY)
            if column is None:
                column = Column.objects.current() or False
                cache.set(NAV_CACHE_KEY, column, 3600)
            found.append(column or None)
        return found[0]

    def nav_path():
        path = request.path
        if path in {cached_reverse(name) for name in NAV_URL_NAMES}:
            return path
        column = current_column()
        return path if column and path == column.get_absolute_url() else ""

    return {"nav_column": current_column, "nav_path": nav_path}

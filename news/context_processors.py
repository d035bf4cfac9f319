from django.core.cache import cache

from .models import Column

NAV_CACHE_KEY = "news:nav-column"


def navigation(request):
    """The current column for the main navigation, cached; reset when a column is saved.

    Looked up once per request, the first time a template asks for it.
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

    return {"nav_column": current_column}

"""How apps contribute to each other: one mechanism, declared in each app's ``AppConfig``.

An app lists what it offers in a ``contributes`` dict of dotted paths, read when first asked
for and never imported by name from here (the core imports no app)::

    class ExamsConfig(AppConfig):
        contributes = {
            "key_dates": ["exams.selectors.key_dates"],
            "year_opening": ["exams.services.open_year"],
        }

Kinds in use (each documented where it is consumed):

- ``key_dates``: ``f(exam_year) -> [KeyDateItem]`` (examyears.selectors.key_dates)
- ``year_opening``: ``f(new_year, previous_year, *, copy_schedule) -> str`` (one line for the
  editor), run in one transaction by examyears.services.start_exam_year
- ``search``: site-search providers (portal.search)
- ``sitemaps``: ``{"name": SitemapClass}`` (portal.sitemaps)
- ``page_cache_schedule``: ``f(now) -> [datetime]`` (examportal.pagecache)
- ``article_links``: statement parts of the article page (news.links)
- ``private_models``: ``"app_label.Model"`` labels whose writes never empty the page cache

Order follows ``INSTALLED_APPS``; a test may add an app of its own with ``contributes`` and see
it everywhere, without touching a file outside that app.
"""

from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string


def _resolve(value):
    return import_string(value) if isinstance(value, str) else value


@cache
def _contributions(kind):
    found = []
    for config in apps.get_app_configs():
        declared = getattr(config, "contributes", {}).get(kind)
        if declared is None:
            continue
        if isinstance(declared, dict):
            found.extend((config, name, _resolve(value)) for name, value in declared.items())
        else:
            found.extend((config, None, _resolve(value)) for value in declared)
    return tuple(found)


def contributions(kind):
    """Everything the installed apps contribute under ``kind``, in INSTALLED_APPS order."""
    return [value for _, _, value in _contributions(kind)]


def named_contributions(kind):
    """``{name: value}`` for kinds declared as dicts (e.g. sitemaps)."""
    return {name: value for _, name, value in _contributions(kind)}


def labels(kind):
    """Plain string contributions (e.g. model labels), not imported."""
    return [value for config in apps.get_app_configs()
            for value in getattr(config, "contributes", {}).get(kind, ())]


def reset():
    """Forget what was read (tests that install an app of their own call it)."""
    _contributions.cache_clear()

"""How apps contribute to each other: one mechanism, declared in each app's ``AppConfig``.

An app lists what it offers in a ``contributes`` dict of dotted paths (or, for labels, plain
strings), read when first asked for and never imported by name from here (the core imports no
app; ``tests/examportal/test_core_imports_no_app.py`` checks it)::

    class DocumentsConfig(AppConfig):
        contributes = {
            "search": ["documents.search.provider"],
            "sitemaps": {"van-ban": "documents.sitemaps.DocumentSitemap"},
            "page_cache_content": ["documents"],
            "page_cache_schedule": ["documents.models.next_public_change"],
            "article_links": {"document": "documents.links.RelatedDocuments"},
        }

Kinds in use, with their consumer:

- ``key_dates``: ``f(exam_year) -> [KeyDateItem]`` (examyears.selectors.key_dates)
- ``year_opening``: ``f(new_year, previous_year, *, copy_schedule) -> str`` (one line for the
  editor), run in one transaction by examyears.services.start_exam_year
- ``search``: ``examportal.search.SearchProvider`` objects: one kind of result in the site
  search (portal.views.SearchView)
- ``key_pages``: ``f() -> [examportal.search.KeyPage]``, the app's own pages that the site
  search names above its results when the query names them (portal.views.SearchView)
- ``sitemaps``: ``{"section": SitemapClass}``, one ``sitemap-<section>.xml`` each, listed in
  ``sitemap.xml`` (portal.sitemaps)
- ``page_cache_schedule``: ``f(now) -> datetime | None``, the next moment the app's public
  pages change with no write (examportal.pagecache.next_change)
- ``page_cache_content`` (labels, not imported): app labels, or ``"app_label.model"`` labels,
  whose writes change public pages and so empty the page cache (examportal.pagecache)
- ``page_cache_private_models`` (labels): ``"app_label.model"`` labels inside those apps whose
  writes never change a public page (examportal.pagecache)
- ``article_links``: ``{"kind": part}``, a part of the article page's one statement: an object
  with ``sql()`` and ``build(id, key, label, detail, moment)`` (news.links)
- ``private_root``: ``f() -> Path``, the folder of files no web server may serve directly
  (exactly one app declares it: the hotline); nginx guards it, backups keep it, protected
  downloads name it (examportal.protected, backup_portal, restore_portal, nginx_config)
- ``staff_start``: ``f(user) -> examportal.staffstart.StartSection | None``, what a staff member
  may do in the app, shown on their start page; the most pressing section's ``landing`` is where
  they arrive after signing in (examportal.staffstart)
- ``feed_items``: an object with ``items(year, limit) -> [item]`` (newest first; an item has
  the attributes the feeds read from an article: ``title``, ``lead``, ``get_absolute_url()``,
  ``publish_at``, ``updated_at``, ``byline``, ``categories``, ``cover_image``) and
  ``state(year) -> [QuerySet]`` (single-value querysets that change whenever its items do, run
  inside the feed's one conditional-request query): items added to the year's column feeds
  (news.feeds)
- ``wsgi_fast_paths``: ``f(wsgi_app) -> wsgi_app``, a WSGI wrapper that answers some requests
  itself before the page cache and Django and hands everything else on unchanged
  (examportal.wsgi; the results lookup: results.fastpath.LookupApp)
- ``request_body_limits``: ``{"area": f() -> bytes}``, the largest request an area of the site
  accepts; nginx allows 1 MiB more (``BODY_<AREA>`` in the nginx template; nginx_config)

Order follows ``INSTALLED_APPS``. A test may install an app of its own with ``contributes``
(``override_settings(INSTALLED_APPS=...)``; the registry forgets what it read whenever
INSTALLED_APPS changes) and see it everywhere, without touching a file outside that app
(tests/portal/test_plugin_app.py).
"""

from functools import cache

from django.apps import apps
from django.core.signals import setting_changed
from django.dispatch import receiver
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


@cache
def labels(kind):
    """Plain string contributions (e.g. model labels), not imported, as a frozenset."""
    return frozenset(value for config in apps.get_app_configs()
                     for value in getattr(config, "contributes", {}).get(kind, ()))


def reset():
    """Forget what was read (done whenever INSTALLED_APPS changes, e.g. in a test)."""
    _contributions.cache_clear()
    labels.cache_clear()


@receiver(setting_changed)
def _installed_apps_changed(setting, **kwargs):
    if setting == "INSTALLED_APPS":
        reset()

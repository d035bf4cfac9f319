"""A shared page cache for anonymous pages that is never stale.

Pages are stored in the default cache (Redis in production, so every app server shares them)
together with the *content version* they were made under. Any write to a content model replaces
the version, so every cached page is dropped at once: a hit reads the version and the page in
one round trip (one MGET) and is served only when they match. Pages that change with the clock
alone (a scheduled article going public, an article expiring) are kept no longer than the next
such moment: ``next_change()`` asks the apps' schedules when that is.

What counts as content, and when it changes by itself, is declared by the apps themselves
(``contributes`` in their AppConfig, see examportal.registry): ``page_cache_content`` (app or
model labels whose writes drop every page), ``page_cache_private_models`` (staff-only records
inside those apps, whose writes drop nothing) and ``page_cache_schedule`` (``f(now)``: the
next moment a public page changes with no write, e.g. a scheduled article going public).

The middleware is the first in MIDDLEWARE (issue 16): a stored page already carries every header
the middlewares below it added when it was made (security headers, CSP, X-Frame-Options,
Cache-Control, ETag), so a hit answers before any of them runs, and answers 304 itself when the
client has the page. Requests that a middleware in front would answer differently are not served
from it: plain HTTP while SECURE_SSL_REDIRECT is on (SecurityMiddleware redirects them), static
files (WhiteNoise), staff paths, clients with a session or flash messages.

The cache is an accelerator, never a dependency (issue 14). With Redis down (examportal.cache
makes every operation a miss) there is no version: pages are served from their views and
nothing is stored. A publish made while Redis is down cannot replace the version, so pages
stored before it would come back with Redis; hence the rule: **when the cache backend recovers
from a failed state, the version is replaced** (``examportal.cache.on_recovery``; it runs before
that process uses the cache again). Any process that saw the outage does so, and a process that
saw none keeps a page at most PAGE_CACHE_SECONDS. Redis restarted empty has no version key: a
new one is made, which drops nothing that still exists. Storing a page never turns it into an
error: if the schedules cannot be read (database gone after the view), the page is not stored.
"""

import hashlib
import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from examportal import registry
from examportal.cache import on_recovery

logger = logging.getLogger("examportal.pagecache")

VERSION_KEY = "pagecache:version"
NEXT_CHANGE_KEY = "pagecache:next-change"


def content_version():
    """The current content version; None when the cache cannot say (Redis down)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


@on_recovery
def drop_pages_after_outage():
    """Replace the version when the cache answers again after failing (see the module doc)."""
    cache.set_many({VERSION_KEY: uuid.uuid4().hex}, None)
    cache.delete(NEXT_CHANGE_KEY)


def is_content(model):
    """Whether writes to ``model`` change public pages (see the module doc)."""
    meta = model._meta
    content = registry.labels("page_cache_content")
    return ((meta.app_label in content or meta.label_lower in content)
            and meta.label_lower not in registry.labels("page_cache_private_models"))


def content_changed(sender=None, **kwargs):
    """Receiver for post_save/post_delete/m2m_changed: drop every cached page."""
    if sender is not None and not is_content(sender):
        return
    cache.set_many({VERSION_KEY: uuid.uuid4().hex}, None)
    cache.delete(NEXT_CHANGE_KEY)


def next_change(now=None):
    """The earliest future moment any app's schedule changes a public page (or None)."""
    cached = cache.get(NEXT_CHANGE_KEY)
    now = now or timezone.now()
    if cached is not None and (cached == "none" or cached > now):
        return None if cached == "none" else cached
    moments = [m for m in (schedule(now) for schedule in registry.contributions("page_cache_schedule"))
               if m and m > now]
    soonest = min(moments) if moments else None
    timeout = int((soonest - now).total_seconds()) + 1 if soonest else 3600
    cache.set(NEXT_CHANGE_KEY, soonest or "none", timeout)
    return soonest


def page_timeout(now=None):
    """Seconds a page rendered now may be served from the cache (0: do not store)."""
    seconds = settings.PAGE_CACHE_SECONDS
    if seconds <= 0:
        return 0
    now = now or timezone.now()
    soonest = next_change(now)
    if soonest is not None:
        seconds = min(seconds, int((soonest - now) / timedelta(seconds=1)))
    return max(seconds, 0)


def never_page_cached(view):
    """Mark a public view whose response must always come from the view itself."""

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.page_cache_exempt = True
        return response

    wrapped.__name__ = getattr(view, "__name__", "view")
    wrapped.__doc__ = view.__doc__
    return wrapped


class PageCacheMiddleware:
    """Serve anonymous GET pages from the shared cache; store what may be shared.

    First in MIDDLEWARE (see the module doc): a hit costs one cache round trip and no middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.private_cookies = (settings.SESSION_COOKIE_NAME,
                                getattr(settings, "MESSAGE_COOKIE_NAME", "messages"))

    def cacheable_request(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method == "GET"
            and not any(name in request.COOKIES for name in self.private_cookies)
            and not request.path.startswith(settings.STAFF_URL_PREFIXES)
            and not request.path.startswith(settings.STATIC_URL)
            and (request.is_secure() or not settings.SECURE_SSL_REDIRECT)
            and len(request.get_full_path()) <= 1000
        )

    def key(self, request):
        # The scheme too: a page made for HTTPS carries HSTS, one made for HTTP does not.
        raw = f"{request.scheme}|{request.get_host()}|{request.get_full_path()}"
        return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        key = self.key(request)
        found = cache.get_many([VERSION_KEY, key])  # one round trip
        version = found.get(VERSION_KEY)
        stored = found.get(key)
        if version is not None and isinstance(stored, tuple) and stored[0] == version:
            return self.hit(request, stored[1])
        if version is None:
            version = content_version()
            if version is None:  # the cache is down: serve from the view, store nothing
                return self.get_response(request)
        response = self.get_response(request)
        cache_control = response.get("Cache-Control", "")
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not getattr(response, "page_cache_exempt", False)
            and "cookie" not in response.get("Vary", "").lower()
            and "public" in cache_control
            and "private" not in cache_control
            and "no-store" not in cache_control
        ):
            try:
                timeout = page_timeout()
            except DatabaseError as exc:  # the page is good; only storing it is not possible
                logger.warning("page not stored, schedules unreadable: %s", exc)
                timeout = 0
            if timeout > 0:
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                # One bytes object, not the many chunks a feed writer leaves: cheap to unpickle.
                response.content = response.content
                cache.set(key, (version, response), timeout)
        response["X-Page-Cache"] = "miss"
        return self.micro_cache(response)

    @staticmethod
    def micro_cache(response):
        """How long nginx's micro-cache may keep a public page: to the end of the whole second
        NGINX_MICRO_CACHE_SECONDS from now (X-Accel-Expires: @epoch). nginx's own lifetime
        counts whole seconds and keeps a "1 s" copy for up to 2 s; this keeps it at most that
        long. nginx and the app servers must share a clock (NTP)."""
        seconds = settings.NGINX_MICRO_CACHE_SECONDS
        if seconds > 0 and "public" in response.get("Cache-Control", ""):
            response["X-Accel-Expires"] = f"@{int(time.time()) + seconds - 1}"
        return response

    def hit(self, request, response):
        """The stored page, or 304 when the client has it (ConditionalGetMiddleware's rule)."""
        response["X-Page-Cache"] = "hit"
        etag = response.get("ETag")
        last_modified = response.get("Last-Modified")
        last_modified = last_modified and parse_http_date_safe(last_modified)
        if etag or last_modified:
            response = get_conditional_response(request, etag=etag, last_modified=last_modified,
                                                response=response)
        return self.micro_cache(response)

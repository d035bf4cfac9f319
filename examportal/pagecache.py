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

A stored page already carries every header the middlewares added when it was made (security
headers, CSP, X-Frame-Options, Cache-Control, ETag), so a hit needs none of them (issue 16).
Requests with no cookie are answered by ``PageCacheApp``, a WSGI wrapper around Django's
handler (examportal.wsgi): one MGET and the stored bytes, without building a Django request.
Each process also keeps the pages it served lately (``LocalPages``, PAGE_CACHE_LOCAL_BYTES): a
hit on one of those reads only the version (a GET of a few bytes) instead of the whole page.
Everything else reaches ``PageCacheMiddleware``, first in MIDDLEWARE, which answers hits the
same way (``hit_answer``, one function for both: the same bytes) and renders and stores misses.
Both answer 304 themselves when the client has the page, and both key pages with ``page_key``.
Requests that a middleware would answer differently are never served from the cache: plain
HTTP while SECURE_SSL_REDIRECT is on (SecurityMiddleware redirects them), static files
(WhiteNoise), staff paths, If-Match/If-Unmodified-Since, clients with a session or flash messages.

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
from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import get_path_info, get_script_name, get_str_from_wsgi
from django.core.signals import setting_changed
from django.db import DatabaseError, transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.http.response import ResponseHeaders
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.encoding import escape_uri_path, iri_to_uri
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


def _replace_version():
    cache.set_many({VERSION_KEY: uuid.uuid4().hex}, None)
    cache.delete(NEXT_CHANGE_KEY)


def content_changed(sender=None, using=None, **kwargs):
    """Receiver for post_save/post_delete/m2m_changed: drop every cached page, now and again
    when the transaction commits.

    The signal fires inside the writer's transaction. A request that reads the new version
    before the commit still renders the old rows and would store that page under the new
    version, where it stays until the next write (issue 16: the publish storm saw an article
    appear only at the next publish, 2 s later). Replacing the version once more after the
    commit drops such a page: any page stored under the final version was rendered from a
    request that read it after the commit.
    """
    if sender is not None and not is_content(sender):
        return
    _replace_version()
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and not any(
            entry[1] is _replace_version for entry in connection.run_on_commit):
        transaction.on_commit(_replace_version, using=using)


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


def page_timeout(now=None, rendered_from=None):
    """Seconds a page may be served from the cache from ``now`` (0: do not store). A page whose
    rendering began at ``rendered_from`` shows the schedule as it was then: when a scheduled
    change (a release, a publish time) came while it was being made, it is not stored."""
    seconds = settings.PAGE_CACHE_SECONDS
    if seconds <= 0:
        return 0
    now = now or timezone.now()
    soonest = next_change(min(rendered_from or now, now))
    if soonest is not None:
        if soonest <= now:
            return 0
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


# The headers a 304 keeps from the page (Django's _not_modified, RFC 9110 15.4.5), in its order.
NOT_MODIFIED_HEADERS = ("Cache-Control", "Content-Location", "Date", "ETag", "Expires",
                        "Last-Modified", "Vary")
STATUS_LINES = {status: f"{status} {HTTPStatus(status).phrase}" for status in (200, 304)}


def private_cookie_names():
    """A request carrying one of these is a signed-in or flash-message client: never a hit."""
    return (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGE_COOKIE_NAME", "messages"))


_page_keys = {}
# What page_key_of reads of a request (its scheme header is added from the settings).
KEY_INPUTS = ("PATH_INFO", "QUERY_STRING", "SCRIPT_NAME", "SCRIPT_URL", "REDIRECT_URL",
              "HTTP_HOST", "HTTP_X_FORWARDED_HOST", "wsgi.url_scheme", "SERVER_NAME",
              "SERVER_PORT", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")


@receiver(setting_changed)
def _forget_page_keys(**kwargs):
    _page_keys.clear()


def page_key(meta):
    """page_key_of(meta), remembered for the requests seen lately (a hit's key costs a
    dictionary lookup instead of a hash of the address): every value it is made from is part
    of what it is remembered by, and a change of settings forgets them."""
    proxy = settings.SECURE_PROXY_SSL_HEADER
    found = (*(meta.get(name) for name in KEY_INPUTS), meta.get(proxy[0]) if proxy else None)
    key = _page_keys.get(found, False)
    if key is False:
        if len(_page_keys) >= 10000:
            _page_keys.clear()
        key = _page_keys[found] = page_key_of(meta)
    return key


def page_key_of(meta):
    """The cache key of the page a request asks for, from its WSGI environ (request.META);
    None when the request is never served from the page cache.

    Both the WSGI fast path and the middleware key pages with this, from Django's own rules:
    the scheme (``request.scheme``, SECURE_PROXY_SSL_HEADER included: a page made for HTTPS
    carries HSTS, one made for HTTP does not), the host as the client sent it (a host Django
    refuses answers 400, so nothing is ever stored under it) and ``request.get_full_path()``.
    Not cached: staff paths, static files (WhiteNoise answers them), plain HTTP while
    SECURE_SSL_REDIRECT is on (SecurityMiddleware redirects it), conditional requests with
    If-Match or If-Unmodified-Since (ConditionalGetMiddleware may refuse them), long addresses.
    """
    if "HTTP_IF_MATCH" in meta or "HTTP_IF_UNMODIFIED_SINCE" in meta:
        return None
    origin = request_origin(meta)
    if origin is None:
        return None
    script_name = get_script_name(meta)
    path = "{}/{}".format(script_name.rstrip("/"), (get_path_info(meta) or "/").replace("/", "", 1))
    if path.startswith(settings.STAFF_URL_PREFIXES) or path.startswith(settings.STATIC_URL):
        return None
    query = get_str_from_wsgi(meta, "QUERY_STRING", "")
    full_path = escape_uri_path(path) + (("?" + iri_to_uri(query)) if query else "")
    if len(full_path) > 1000:
        return None
    raw = f"{origin}|{full_path}"
    return "pagecache:page:" + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def request_origin(meta):
    """"scheme|host" of a request as Django sees them (page_key's rules), or None for plain
    HTTP while SECURE_SSL_REDIRECT is on (SecurityMiddleware redirects it)."""
    scheme = None
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = meta.get(header)
        if value is not None:
            scheme = "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    if scheme is None:
        scheme = meta.get("wsgi.url_scheme") or "http"
    if scheme != "https" and settings.SECURE_SSL_REDIRECT:
        return None
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in meta:
        host = meta["HTTP_X_FORWARDED_HOST"]
    elif "HTTP_HOST" in meta:
        host = meta["HTTP_HOST"]
    else:
        host = f"{meta.get('SERVER_NAME', '')}:{meta.get('SERVER_PORT', '')}"
    return f"{scheme}|{host}"


class LocalPages:
    """The pages this process served lately, by key, within PAGE_CACHE_LOCAL_BYTES: a hit on
    one reads only the content version from Redis (a few bytes), not the page (the statistics
    page is 130 KB). A copy is served only while its version is the current one and before
    its own expiry, exactly as the shared copy it came from (issue 16)."""

    def __init__(self):
        self.pages = OrderedDict()
        self.size = 0

    def get(self, key):
        return self.pages.get(key)

    def put(self, key, stored):
        budget = settings.PAGE_CACHE_LOCAL_BYTES
        size = len(stored[2])
        self.discard(key)
        if size > budget // 4:
            return
        self.pages[key] = stored
        self.size += size
        while self.size > budget:
            _, oldest = self.pages.popitem(last=False)
            self.size -= len(oldest[2])

    def served(self, key):
        self.pages.move_to_end(key)

    def discard(self, key):
        found = self.pages.pop(key, None)
        if found is not None:
            self.size -= len(found[2])

    def clear(self):
        self.pages.clear()
        self.size = 0


local_pages = LocalPages()


def _valid(stored, version, now):
    return (version is not None and isinstance(stored, tuple) and len(stored) == 4
            and stored[0] == version and stored[3] > now)


def stored_page(key):
    """(version, stored page or None); version None: Redis down. One round trip: an MGET of
    the version and the page, or, when this process keeps a copy of the page, a GET of the
    version alone. (When that copy turns out outdated, the page is read in a second one.)"""
    now = time.time()
    local = local_pages.get(key)
    if local is not None:
        version = cache.get_many([VERSION_KEY]).get(VERSION_KEY)  # the lean MGET, one key
        if _valid(local, version, now):
            local_pages.served(key)
            return version, local
        local_pages.discard(key)
        if version is None:
            return None, None
        stored = cache.get(key)
    else:
        found = cache.get_many([VERSION_KEY, key])
        version, stored = found.get(VERSION_KEY), found.get(key)
    if _valid(stored, version, now):
        local_pages.put(key, stored)
        return version, stored
    return version, None


def page_to_store(version, response, timeout):
    """What the cache keeps of a page: (version, its headers, its body, when it expires), plain
    values that are cheap to unpickle (no HttpResponse); the headers in the order the response
    had them."""
    return (version, tuple(response.items()), bytes(response.content), time.time() + timeout)


def micro_cache_header(headers, verified):
    """X-Accel-Expires for nginx's micro-cache, or None: a public page may be kept to the end
    of the whole second NGINX_MICRO_CACHE_SECONDS from ``verified``, the last moment the content
    version was seen unchanged since the page was made (a hit: its lookup; a miss: after it was
    rendered, see PageCacheMiddleware). So no copy is fresh more than that after its content
    stopped being current: an article committed at T is in every copy verified after T, and no
    other copy is fresh after T + NGINX_MICRO_CACHE_SECONDS (issue 16, the publish storm).
    nginx's own lifetime counts whole seconds and keeps a "1 s" copy for up to 2 s. nginx and
    the app servers must share a clock (NTP)."""
    seconds = settings.NGINX_MICRO_CACHE_SECONDS
    if seconds <= 0:
        return None
    for name, value in headers:
        if name.lower() == "cache-control":
            if "public" in value:
                return f"@{int(verified) + seconds - 1}"
            return None
    return None


class _Conditions:
    """What get_conditional_response reads of a request, over a WSGI environ."""

    __slots__ = ("META", "method")

    def __init__(self, meta):
        self.META = meta
        self.method = meta.get("REQUEST_METHOD", "GET")


def hit_answer(stored, meta, started):
    """The answer to a hit: (status, headers, body). The stored page, or 304 when the client has
    it, with X-Page-Cache: hit. One function for the fast path and the middleware, so a hit is
    the same bytes whichever answers it."""
    return conditional_answer(stored[1], stored[2], meta, started,
                              extra=(("X-Page-Cache", "hit"),))


def conditional_answer(headers, body, meta, started, extra=()):
    """A page answered without Django's middlewares (a page-cache hit, a fast path): (status,
    headers, body), the page or 304 when the client has it (ConditionalGetMiddleware's rule,
    with the headers Django's 304 keeps); both with ``extra`` and nginx's X-Accel-Expires
    counted from ``started``."""
    status = 200
    if "HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" in meta:
        by_name = {name.lower(): (name, value) for name, value in headers}
        etag = by_name.get("etag", (None, None))[1]
        last_modified = by_name.get("last-modified", (None, None))[1]
        last_modified = last_modified and parse_http_date_safe(last_modified)
        # No If-Match/If-Unmodified-Since here (page_key), and GET or HEAD: 304 or nothing.
        if (etag or last_modified) and get_conditional_response(
                _Conditions(meta), etag=etag, last_modified=last_modified) is not None:
            status, body = 304, b""
            headers = tuple(by_name[name.lower()] for name in NOT_MODIFIED_HEADERS
                            if name.lower() in by_name)
    headers = [*headers, *extra]
    expires = micro_cache_header(headers, started)
    if expires:
        headers.append(("X-Accel-Expires", expires))
    return status, headers, body


# The fast path's lookup, handed to the middleware on a miss so that it does not ask again.
LOOKUP_ENVIRON_KEY = "examportal.pagecache.lookup"


class PageCacheApp:
    """The WSGI fast path (``examportal.wsgi``): a hit answered before Django's handler.

    A GET or HEAD without any cookie whose page is in the cache is answered from one round trip,
    with no Django request, no signals and no middleware (the stored page already carries
    every header they add). Anything else, a miss, Redis down (the cache backend answers
    every read with a miss, see examportal.cache) or any surprise goes to Django unchanged,
    where PageCacheMiddleware serves, renders and stores as before.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        answer = None
        if (settings.PAGE_CACHE_SECONDS > 0
                and environ.get("REQUEST_METHOD") in ("GET", "HEAD")
                and not environ.get("HTTP_COOKIE")):
            try:
                answer = self.lookup(environ)
            except Exception:
                logger.exception("page cache fast path failed; answering through Django")
                answer = None
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(STATUS_LINES[status], headers)
        return [body]

    @staticmethod
    def lookup(environ):
        started = time.time()
        key = page_key(environ)
        if key is None:
            return None
        version, stored = stored_page(key)
        if stored is None:
            # A miss: the middleware renders and stores it under this version, no second MGET.
            environ[LOOKUP_ENVIRON_KEY] = (key, version)
            return None
        return hit_answer(stored, environ, started)


class PageCacheMiddleware:
    """Serve anonymous GET pages from the shared cache; store what may be shared.

    First in MIDDLEWARE (see the module doc): a hit costs one cache round trip and no middleware.
    Requests with no cookie rarely get here for a hit: PageCacheApp answers them first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.private_cookies = private_cookie_names()

    def cacheable_request(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and not any(name in request.COOKIES for name in self.private_cookies)
        )

    def __call__(self, request):
        started = time.time()
        key = page_key(request.META) if self.cacheable_request(request) else None
        if key is None:
            return self.get_response(request)
        looked_up = request.META.get(LOOKUP_ENVIRON_KEY)
        if looked_up is not None and looked_up[0] == key:
            version, stored = looked_up[1], None  # PageCacheApp just found no page
        else:
            version, stored = stored_page(key)  # one round trip
        if stored is not None:
            return self.hit(request, stored, started)
        if request.method != "GET":
            return self.get_response(request)
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
                timeout = page_timeout(rendered_from=datetime.fromtimestamp(started, UTC))
            except DatabaseError as exc:  # the page is good; only storing it is not possible
                logger.warning("page not stored, schedules unreadable: %s", exc)
                timeout = 0
            if timeout > 0:
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                stored = page_to_store(version, response, timeout)
                cache.set(key, stored, timeout)
                local_pages.put(key, stored)
        response["X-Page-Cache"] = "miss"
        if settings.NGINX_MICRO_CACHE_SECONDS > 0 and "public" in cache_control:
            # Rendered from the content as of ``version``: still current now? Then nginx may
            # keep it counted from now; if a write came meanwhile, nginx must not keep it at all.
            verified = time.time()
            if cache.get(VERSION_KEY) == version:
                response["X-Accel-Expires"] = micro_cache_header(response.items(), verified)
            else:
                response["X-Accel-Expires"] = "0"
        return response

    @staticmethod
    def hit(request, stored, started):
        """The stored page as an HttpResponse: exactly the fast path's answer (hit_answer)."""
        status, headers, body = hit_answer(stored, request.META, started)
        response = HttpResponse(body, status=status)
        response.headers = ResponseHeaders(headers)
        return response

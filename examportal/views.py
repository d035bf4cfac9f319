"""The core's own views: the error pages, /healthz, /favicon.ico and the benchmark's floor (the
pages that show content are the apps' and portal's)."""

import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from examportal.cache import cache_available
from examportal.errors import database_unavailable, is_database_outage, render_error
from examportal.pagecache import never_page_cached

logger = logging.getLogger("examportal.errors")


@never_cache
@never_page_cached
def healthz(request):
    """200 while the database answers, 503 when it does not; the cache only reported.

    Redis down makes pages slower, never unavailable (DESIGN.md), so a load balancer must keep
    the server: ``"cache": "degraded"`` tells the monitoring instead.
    """
    # One cache operation, so a dead Redis is noticed (tried at most once per breaker window).
    cache.get("healthz:probe")
    cache_state = "ok" if cache_available() else "degraded"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable", "cache": cache_state},
                            status=503)
    return JsonResponse({"status": "ok", "database": "ok", "cache": cache_state})


def page_not_found(request, exception):
    """The site's 404 with its navigation when it can be had; the standalone page when the
    database or anything else the layout needs fails."""
    try:
        return render(request, "404_site.html", status=404)
    except Exception as exc:
        if is_database_outage(exc):
            logger.warning("404 page without the site layout: %s", exc)
        else:
            logger.exception("404 page without the site layout")
        return render_error(404, request)


def bad_request(request, exception):
    """400; a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE (or too many fields) gets the 413
    page, which says what to send instead."""
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return render_error(413, request,
                            limit_mb=settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024))
    return render_error(400, request)


def permission_denied(request, exception):
    """403 for Django's permission decorators and mixins: names the signed-in account and the
    reason a view gave (``PermissionDenied("…")``), still without the site layout."""
    try:
        account = request.user.get_username() if request.user.is_authenticated else ""
    except DatabaseError:  # the session could not be read: say nothing about the account
        account = ""
    return render_error(403, request, account=account, reason=str(exception or ""))


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without its cookie or token, in Vietnamese."""
    return render_error(403, request, csrf=True)


def server_error(request):
    """500, or 503 when what failed is the database (an error outside a view, which
    DatabaseUnavailableMiddleware does not see). Never the site layout: it needs the database."""
    exception = sys.exc_info()[1]
    if exception is not None and is_database_outage(exception):
        return database_unavailable(request, exception)
    return render_error(500, request)


def too_many_requests(request, retry_after=None):
    """A generic 429 page with Retry-After, for views that have no page of their own."""
    return render_error(429, request, retry_after=retry_after)


@never_page_cached
def framework_floor(request):
    """The benchmark's baseline: the cheapest response through the full middleware stack."""
    return HttpResponse("ok", content_type="text/plain")


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the real icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))

"""Error pages that render with no database and no cache (issue 14, item 3).

Each error page (templates/400.html … 503.html, on templates/includes/error_base.html) is
rendered by the template engine *without* a request, so no context processor runs: the site
navigation (news.context_processors.navigation) reads the cache and the database, and it is
exactly what fails during an outage. The pages use only ``settings.PORTAL`` and static CSS. If
even that fails (a template missing after a bad deploy), a fixed Vietnamese page is sent.
"""

import logging
import time

from django.conf import settings
from django.http import HttpResponse
from django.template import engines
from django.utils.html import escape

logger = logging.getLogger("examportal.errors")

# Seconds a client is asked to wait (Retry-After) when it is worth trying again.
RETRY_AFTER = {503: 30, 429: 60}
TITLES = {
    400: "Yêu cầu không hợp lệ",
    403: "Không có quyền truy cập",
    404: "Không tìm thấy trang",
    413: "Nội dung gửi lên quá lớn",
    429: "Quá nhiều yêu cầu",
    500: "Hệ thống đang gặp sự cố",
    503: "Hệ thống tạm thời gián đoạn",
}


def static_url(path):
    """The static file's address; the bare STATIC_URL path if the manifest cannot say."""
    try:
        from django.contrib.staticfiles.storage import staticfiles_storage

        return staticfiles_storage.url(path)
    except Exception:
        return settings.STATIC_URL + path


def wait_text(seconds):
    """Vietnamese for a wait: 30 giây, 1 phút, 15 phút, 2 giờ."""
    seconds = max(1, int(seconds))
    if seconds < 60:
        return f"{seconds} giây"
    if seconds < 3600:
        return f"{round(seconds / 60)} phút"
    return f"{round(seconds / 3600)} giờ"


def _fallback_html(status, context):
    portal = context["portal"]
    phones = " hoặc ".join(f'<a href="tel:{escape(p)}">{escape(p)}</a>' for p in portal["phones"])
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="robots" content="noindex">'
        f"<title>{escape(TITLES.get(status, 'Lỗi'))} | {escape(portal['agency'])}</title></head>"
        f"<body><h1>{escape(TITLES.get(status, 'Lỗi'))}</h1>"
        "<p>Xin lỗi, hệ thống chưa xử lý được yêu cầu của bạn. Vui lòng thử lại sau ít phút.</p>"
        f"<p>Việc khẩn cấp về Kỳ thi xin gọi đường dây nóng {phones}.</p>"
        f'<p><a href="/">Về trang chủ</a> — {escape(portal["agency"])}</p></body></html>'
    )


def render_error(status, request=None, *, retry_after=None, template=None, **context):
    """An error response that needs neither the database nor the cache.

    ``retry_after`` (seconds; defaults from RETRY_AFTER) becomes the Retry-After header and the
    wait the page names. Extra keyword arguments go into the template's context.
    """
    if retry_after is None:
        retry_after = RETRY_AFTER.get(status)
    context = {
        "portal": settings.PORTAL,
        "status": status,
        "title": TITLES.get(status, "Lỗi"),
        "retry_after": retry_after,
        "wait": wait_text(retry_after) if retry_after else "",
        "css_url": static_url("css/site.css"),
        "icon_url": static_url("img/favicon.svg"),
        "path": getattr(request, "path", ""),
        "method": getattr(request, "method", "GET"),
        **context,
    }
    try:
        # No request: a plain Context, so no context processor (and no query) runs.
        html = engines["django"].get_template(template or f"{status}.html").render(context)
    except Exception:
        logger.exception("error page %s could not be rendered; sending the fixed page", status)
        html = _fallback_html(status, context)
    response = HttpResponse(html, status=status, content_type="text/html; charset=utf-8")
    if retry_after:
        response["Retry-After"] = str(int(retry_after))
    response["X-Robots-Tag"] = "noindex"
    if status != 404:
        # A shared cache must not keep an outage or one client's refusal for everybody. (A 404
        # stays cacheable as before: examportal.middleware.PublicCacheMiddleware.)
        response["Cache-Control"] = "no-store"
    return response


class _Throttle:
    """Log a line at most once per ``interval`` seconds per process."""

    def __init__(self, interval=60.0):
        self.interval = interval
        self.last = None

    def ready(self):
        now = time.monotonic()
        if self.last is None or now - self.last >= self.interval:
            self.last = now
            return True
        return False


_db_warning = _Throttle()


def database_unavailable(request, exception):
    """The 503 answer to a database outage during a request."""
    if _db_warning.ready():
        logger.error("Database unavailable (%s: %s): answering 503 (logged once a minute)",
                     type(exception).__name__, exception)
    return render_error(503, request)


def is_database_outage(exception):
    """True for the errors a database that does not answer raises (lost or refused
    connections), which a retry a little later may cure."""
    from django.db import InterfaceError, OperationalError

    return isinstance(exception, OperationalError | InterfaceError)

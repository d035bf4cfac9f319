from django.conf import settings
from django.utils.cache import patch_cache_control


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response.

    A view that needs another policy (the embeddable widget, say) sets its own header and it is
    kept. Staff pages get the policy that CKEditor and the admin need.
    """

    permissions_policy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(settings.STAFF_URL_PREFIXES):
            policy = settings.CONTENT_SECURITY_POLICY_STAFF
        else:
            policy = settings.CONTENT_SECURITY_POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


class PublicCacheMiddleware:
    """Mark anonymous, cookie-free GET pages as cacheable by a shared cache or a CDN.

    A response that sets a cookie, varies on Cookie (CSRF token, session) or already says how
    to cache itself is left alone.
    """

    max_age = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code in (200, 301, 404, 410)
            and not response.cookies
            and "Cache-Control" not in response
            and "cookie" not in response.get("Vary", "").lower()
            and not request.path.startswith(settings.STAFF_URL_PREFIXES)
        ):
            patch_cache_control(response, public=True, max_age=self.max_age)
        return response


class DatabaseUnavailableMiddleware:
    """A database that does not answer (OperationalError, InterfaceError) during a view gets the
    503 page, which names the hotline numbers and says to retry (Retry-After), not a 500.

    Errors outside a view (another middleware) reach examportal.views.server_error, which
    answers 503 for them too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from examportal.errors import database_unavailable, is_database_outage

        if is_database_outage(exception):
            return database_unavailable(request, exception)
        return None

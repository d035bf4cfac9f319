"""The benchmark's bare Django baseline: one view and three stock middlewares, no database, no
cache (``gunicorn bench.bare:application``, same gunicorn and workers as the portal). A page
served from the portal's page cache is judged against it (issue 16: ≥ 0.8 of its requests/s)."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import path

BODY = b"<!DOCTYPE html><html lang=\"vi\"><title>ok</title><p>ok</p></html>"


def hello(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


def sized(request, size):
    """A page of ``size`` bytes: the floor for a large page, where the bytes themselves cost."""
    return HttpResponse(b"x" * size, content_type="text/html; charset=utf-8")


settings.configure(
    DEBUG=False,
    SECRET_KEY="benchmark-bare-view-only-0123456789abcdefghijklmnopqrstuvwxyz",  # noqa: S106 -- no secrets here
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    DATABASES={},
    USE_TZ=True,
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
)
urlpatterns = [path("", hello), path("healthz", hello), path("size/<int:size>", sized)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

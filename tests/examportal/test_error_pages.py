"""Error pages render with no database and no cache, in Vietnamese, with the hotline numbers,
and say whether to retry (issue 14, item 3); a database outage answers 503, not 500."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import path

from examportal.errors import render_error
from portal import urls as root_urls

PHONES = ("02133799569", "02133876961")
STATUSES = (400, 403, 404, 413, 429, 500, 503)


class BrokenCache:
    """A cache every operation of which raises: error pages must not touch the cache."""

    def __getattr__(self, name):
        raise AssertionError(f"an error page used the cache ({name})")


@pytest.fixture
def no_cache():
    with mock.patch.object(caches, "__getitem__", lambda self, alias: BrokenCache()):
        yield


def assert_error_page(response, status, retry=None):
    html = response.content.decode()
    assert response.status_code == status
    assert '<html lang="vi">' in html
    for phone in PHONES:
        assert f'href="tel:{phone}"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "site-nav" not in html  # the standalone layout, no navigation
    if retry:
        assert response["Retry-After"] == str(retry)
    return html


@pytest.mark.parametrize("status", STATUSES)
def test_every_error_page_renders_without_database_or_cache(status, no_cache):
    # No django_db mark: pytest-django fails any query; BrokenCache fails any cache use.
    response = render_error(status)
    html = assert_error_page(response, status)
    assert "thử lại" in html.lower()  # each says whether (and when) to retry
    if status in (429, 503):
        assert response["Retry-After"].isdigit()
        assert "Vui lòng thử lại sau" in html
    if status != 404:
        assert response["Cache-Control"] == "no-store"


def test_a_broken_template_still_gives_a_vietnamese_page():
    with mock.patch("examportal.errors.engines") as engines:
        engines.__getitem__.return_value.get_template.side_effect = RuntimeError("gone")
        response = render_error(503)
    assert response.status_code == 503
    assert "Hệ thống tạm thời gián đoạn" in response.content.decode()
    assert 'href="tel:02133799569"' in response.content.decode()


def failing(exc):
    def view(request):
        raise exc

    return view


class ErrorUrls:
    urlpatterns = [
        path("db-down/", failing(OperationalError("connection refused"))),
        path("db-gone/", failing(InterfaceError("connection already closed"))),
        path("boom/", failing(RuntimeError("boom"))),
        *root_urls.urlpatterns,
    ]
    handler400 = root_urls.handler400
    handler403 = root_urls.handler403
    handler404 = root_urls.handler404
    handler500 = root_urls.handler500


@pytest.fixture
def error_client(settings):
    settings.ROOT_URLCONF = ErrorUrls
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/db-down/", "/db-gone/"])
def test_a_database_outage_answers_503_not_500(error_client, url):
    response = error_client.get(url)
    html = assert_error_page(response, 503, retry=30)
    assert "Hệ thống tạm thời gián đoạn" in html
    assert "Internal Server Error" not in html
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_a_database_outage_on_a_post_says_it_was_not_saved(error_client):
    error_client = Client(raise_request_exception=False)
    response = error_client.post("/db-down/", {"a": "b"})
    assert "chưa được ghi nhận" in response.content.decode()


@pytest.mark.django_db
def test_500_is_the_standalone_page(error_client):
    html = assert_error_page(error_client.get("/boom/"), 500)
    assert "Hệ thống đang gặp sự cố" in html


@pytest.mark.django_db
def test_a_database_error_outside_a_view_answers_503(error_client):
    # The page cache middleware asks the schedules after the view: a view of its own cannot
    # catch that, examportal.views.server_error does.
    with mock.patch("portal.views.HomeView.get", side_effect=OperationalError("gone")):
        response = error_client.get("/")
    assert_error_page(response, 503, retry=30)


def test_404_falls_back_to_the_standalone_page_when_the_database_fails(error_client):
    # No django_db mark: the site layout's navigation query fails, the 404 still renders.
    response = error_client.get("/khong-co-trang-nay/")
    html = assert_error_page(response, 404)
    assert "Không tìm thấy trang" in html


@pytest.mark.django_db
def test_404_keeps_the_site_layout_when_the_database_works(error_client):
    response = error_client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "site-nav" in html and "Không tìm thấy trang" in html
    assert 'href="tel:02133799569"' in html
    assert "public" in response["Cache-Control"]  # as before: a 404 may be cached briefly


@pytest.mark.django_db
def test_csrf_failure_is_a_vietnamese_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/hoi-dap/dat-cau-hoi/", {"title": "x"})
    html = assert_error_page(response, 403)
    assert "tải lại trang biểu mẫu" in html


@pytest.mark.django_db
def test_a_body_over_the_limit_gets_the_413_page(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = Client(raise_request_exception=False)
    response = client.post("/hoi-dap/dat-cau-hoi/", {"title": "x" * 2000})
    html = assert_error_page(response, 413)
    assert "rút ngắn nội dung" in html


@pytest.mark.django_db
def test_permission_denied_is_a_vietnamese_403(error_client):
    from django.core.exceptions import PermissionDenied

    ErrorUrls.urlpatterns.insert(0, path("forbidden/", failing(PermissionDenied())))
    try:
        assert_error_page(error_client.get("/forbidden/"), 403)
    finally:
        ErrorUrls.urlpatterns.pop(0)


def test_too_many_requests_sends_retry_after(rf):
    from examportal.views import too_many_requests

    response = too_many_requests(rf.get("/"), retry_after=900)
    html = assert_error_page(response, 429, retry=900)
    assert "15 phút" in html

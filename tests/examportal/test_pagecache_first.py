"""The page cache in front of every other middleware (issue 16): a hit is one cache round trip,
runs no other middleware and still carries every header they add; what a middleware in front
would answer differently never comes from the cache."""

import time

import pytest
from django.conf import settings as django_settings
from django.test import Client

from examportal import pagecache

PAGE_CACHE = "examportal.pagecache.PageCacheMiddleware"
calls = []


class CountingMiddleware:
    """Counts the requests that reach the middlewares below the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        calls.append(request.path)
        return self.get_response(request)


class CountingCache:
    def __init__(self, inner):
        self.inner, self.operations, self.keys = inner, [], []

    def __getattr__(self, name):
        attribute = getattr(self.inner, name)
        if not callable(attribute):
            return attribute

        def counted(*args, **kwargs):
            self.operations.append(name)
            self.keys.append(list(args[0]) if args and isinstance(args[0], list) else args[:1])
            return attribute(*args, **kwargs)

        return counted


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 300
    calls.clear()
    return settings


def test_page_cache_is_the_first_middleware():
    assert django_settings.MIDDLEWARE[0] == PAGE_CACHE


@pytest.mark.django_db
def test_a_hit_is_one_round_trip_and_runs_no_other_middleware(cached, exam_column, monkeypatch):
    cached.MIDDLEWARE = [PAGE_CACHE, f"{__name__}.CountingMiddleware", *cached.MIDDLEWARE[1:]]
    client = Client()
    first = client.get("/ky-thi/2021/")
    assert first["X-Page-Cache"] == "miss" and calls == ["/ky-thi/2021/"]
    counting = CountingCache(pagecache.cache)
    monkeypatch.setattr(pagecache, "cache", counting)
    second = client.get("/ky-thi/2021/")
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    # This process keeps the page it stored: one round trip for the version alone.
    assert counting.operations == ["get_many"] and counting.keys[-1] == [pagecache.VERSION_KEY]
    assert calls == ["/ky-thi/2021/"]  # nothing below the page cache ran
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options",
                   "X-Content-Type-Options", "Referrer-Policy", "Cache-Control", "ETag"):
        assert second[header] == first[header], header
    assert "public" in second["Cache-Control"]
    # The client that has it gets 304 from the cache itself.
    again = client.get("/ky-thi/2021/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and calls == ["/ky-thi/2021/"]
    assert counting.operations == ["get_many", "get_many"]
    # Another process (no copy of its own): the version and the page in one MGET.
    pagecache.local_pages.clear()
    third = client.get("/ky-thi/2021/")
    assert third["X-Page-Cache"] == "hit" and third.content == first.content
    assert counting.operations == ["get_many"] * 3
    assert counting.keys[-1] == [pagecache.VERSION_KEY, pagecache.page_key(third.wsgi_request.META)]


@pytest.mark.django_db
def test_plain_http_is_redirected_not_served_from_cache(cached, exam_column):
    cached.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/ky-thi/2021/", secure=True)["X-Page-Cache"] == "miss"
    assert client.get("/ky-thi/2021/", secure=True)["X-Page-Cache"] == "hit"
    plain = client.get("/ky-thi/2021/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")


@pytest.mark.django_db
def test_a_page_made_for_https_is_not_served_over_http(cached, exam_column):
    client = Client()
    client.get("/ky-thi/2021/", secure=True)
    assert client.get("/ky-thi/2021/", secure=True)["X-Page-Cache"] == "hit"
    assert client.get("/ky-thi/2021/")["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_static_files_and_flash_messages_never_consult_the_cache(cached, exam_column, monkeypatch):
    counting = CountingCache(pagecache.cache)
    monkeypatch.setattr(pagecache, "cache", counting)
    client = Client()
    client.get("/static/css/site.css")
    assert counting.operations == []
    client.cookies["messages"] = "x"
    response = client.get("/ky-thi/2021/")
    # (The page itself may read the content version for its navigation; the page cache neither
    # looks the page up nor stores it.)
    assert "X-Page-Cache" not in response
    assert "get_many" not in counting.operations and "set" not in counting.operations


@pytest.mark.django_db
def test_a_page_of_an_older_version_is_a_miss(cached, exam_column):
    client = Client()
    client.get("/ky-thi/2021/")
    assert client.get("/ky-thi/2021/")["X-Page-Cache"] == "hit"
    pagecache.content_changed()
    assert client.get("/ky-thi/2021/")["X-Page-Cache"] == "miss"
    assert client.get("/ky-thi/2021/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_public_pages_tell_nginx_when_their_copy_expires(cached, exam_column):
    client = Client()
    assert "X-Accel-Expires" not in client.get("/ky-thi/2021/")  # off unless configured
    cached.NGINX_MICRO_CACHE_SECONDS = 1
    for response in (client.get("/ky-thi/2021/?a=1"), client.get("/ky-thi/2021/?a=1")):
        now = int(time.time())
        assert response["X-Accel-Expires"] in (f"@{now}", f"@{now - 1}")
    etag = client.get("/ky-thi/2021/?a=1")["ETag"]
    not_modified = client.get("/ky-thi/2021/?a=1", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified["X-Accel-Expires"].startswith("@")
    cached.NGINX_MICRO_CACHE_SECONDS = 5
    assert client.get("/ky-thi/2021/?a=1")["X-Accel-Expires"] in (
        f"@{int(time.time()) + 4}", f"@{int(time.time()) + 3}")
    assert "X-Accel-Expires" not in client.get("/duong-day-nong/gui-phan-anh/")

"""The page cache's WSGI fast path (issue 16): a hit for a request without cookies is answered
before Django's handler, byte for byte what the middleware would answer; anything else, a miss
or Redis down goes to Django unchanged."""

import datetime
import time
from types import SimpleNamespace

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client, RequestFactory
from django.utils import timezone

from examportal import pagecache
from news.models import Article
from tests.faults.services import dead_port

pytestmark = pytest.mark.django_db
PAGE = "/ky-thi/2021/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.NGINX_MICRO_CACHE_SECONDS = 1


class Recorder:
    """A WSGI application standing in for Django's handler: notes that it was asked."""

    def __init__(self, application=None):
        self.application = application or WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.application(environ, start_response)


def environ(path=PAGE, method="GET", **headers):
    """A WSGI environ like the test client's (the same host, so the same page key)."""
    return RequestFactory().generic(method, path, **headers).environ


def call(application, env):
    """(status line, headers list, body) of one WSGI call. As the test client does, Django's
    handler must not close the test's database connection (inside its transaction) when the
    request starts and ends."""
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, list(headers)

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        chunks = application(dict(env), start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


@pytest.fixture
def frozen(monkeypatch):
    """One clock for both answers (X-Accel-Expires is stamped from the request's start)."""
    now = time.time()
    monkeypatch.setattr(pagecache, "time", SimpleNamespace(time=lambda: now))
    return now


def store(path=PAGE):
    first = Client().get(path)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    return first


@pytest.mark.parametrize("method, headers", [
    ("GET", {}),
    ("HEAD", {}),
    ("GET", {"HTTP_ACCEPT_ENCODING": "gzip", "HTTP_USER_AGENT": "wrk"}),
])
def test_the_fast_path_hit_is_the_middleware_hit_byte_for_byte(exam_column, frozen, method,
                                                                  headers):
    first = store()
    django = Recorder()
    fast = pagecache.PageCacheApp(django)
    via_fast = call(fast, environ(method=method, **headers))
    assert django.calls == 0  # answered before Django's handler
    via_middleware = call(django, environ(method=method, **headers))
    assert django.calls == 1
    assert via_fast == via_middleware
    status, headers_list, body = via_fast
    assert status == "200 OK" and body == first.content
    names = dict(headers_list)
    assert names["X-Page-Cache"] == "hit"
    assert names["X-Accel-Expires"] == f"@{int(frozen)}"
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
                   "Referrer-Policy", "Cache-Control", "ETag", "Content-Type", "Content-Length"):
        assert names[header] == first[header], header


def test_the_fast_path_answers_304_as_the_middleware_does(exam_column, frozen):
    first = store()
    django = Recorder()
    fast = pagecache.PageCacheApp(django)
    asked = environ(HTTP_IF_NONE_MATCH=first["ETag"])
    via_fast = call(fast, asked)
    assert django.calls == 0
    assert via_fast == call(django, asked)
    status, headers, body = via_fast
    assert status == "304 Not Modified" and body == b""
    assert [name for name, _ in headers] == ["Cache-Control", "ETag", "X-Page-Cache",
                                             "X-Accel-Expires"]
    # Another ETag: the page itself.
    status, _, body = call(fast, environ(HTTP_IF_NONE_MATCH='"something-else"'))
    assert status == "200 OK" and body == first.content and django.calls == 1


@pytest.mark.parametrize("path, method, headers", [
    (PAGE, "GET", {"HTTP_COOKIE": "sessionid=abc"}),
    (PAGE, "GET", {"HTTP_COOKIE": "csrftoken=abc"}),
    (PAGE, "GET", {"HTTP_COOKIE": "theme=dark"}),
    (PAGE, "POST", {}),
    (PAGE, "PUT", {}),
    (PAGE, "GET", {"HTTP_IF_MATCH": '"x"'}),
    ("/admin/", "GET", {}),
    ("/static/css/site.css", "GET", {}),
])
def test_a_cookie_a_post_or_a_page_the_cache_never_serves_goes_to_django(exam_column, path, method,
                                                                         headers):
    store()
    django = Recorder()
    fast = pagecache.PageCacheApp(django)
    call(fast, environ(path, method, **headers))
    assert django.calls == 1


def test_a_miss_goes_to_django_which_stores_it_for_the_next(exam_column):
    django = Recorder()
    fast = pagecache.PageCacheApp(django)
    status, headers, _ = call(fast, environ())
    assert status == "200 OK" and dict(headers)["X-Page-Cache"] == "miss" and django.calls == 1
    status, headers, _ = call(fast, environ())
    assert dict(headers)["X-Page-Cache"] == "hit" and django.calls == 1
    # Another address is another page.
    call(fast, environ(PAGE + "?trang=2"))
    assert django.calls == 2


def test_a_miss_costs_one_lookup_not_two(exam_column, monkeypatch):
    lookups = []
    original = pagecache.stored_page
    monkeypatch.setattr(pagecache, "stored_page", lambda key: lookups.append(key) or original(key))
    fast = pagecache.PageCacheApp(Recorder())
    _, headers, _ = call(fast, environ())
    assert dict(headers)["X-Page-Cache"] == "miss" and len(lookups) == 1
    _, headers, _ = call(fast, environ())
    assert dict(headers)["X-Page-Cache"] == "hit" and len(lookups) == 2
    # With a cookie the fast path does not look: the middleware does, once.
    _, headers, _ = call(fast, environ(HTTP_COOKIE="theme=dark"))
    assert dict(headers)["X-Page-Cache"] == "hit" and len(lookups) == 3


def test_a_publish_empties_the_fast_path(exam_column):
    store()
    django = Recorder()
    fast = pagecache.PageCacheApp(django)
    call(fast, environ())
    assert django.calls == 0
    moment = timezone.now() - datetime.timedelta(minutes=1)
    Article.objects.create(
        section=exam_column.sections.get(slug="tinh-hinh-to-chuc-thi"),
        title="Bài vừa đăng qua đường nhanh", lead="Tóm tắt", body="<p>Nội dung</p>",
        status=Article.Status.PUBLISHED, publish_at=moment, first_published_at=moment)
    status, headers, body = call(fast, environ())
    assert django.calls == 1 and dict(headers)["X-Page-Cache"] == "miss"
    assert "Bài vừa đăng qua đường nhanh".encode() in body


def test_the_version_is_replaced_again_when_the_write_commits(exam_column,
                                                               django_capture_on_commit_callbacks):
    """A page rendered between the write (inside its transaction) and the commit cannot be kept
    under the version that follows the commit."""
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        exam_column.save()
        exam_column.save()
        during = pagecache.content_version()
    assert len(callbacks) == 1  # once per transaction, however many writes
    assert pagecache.content_version() != during


def test_a_page_stored_in_another_shape_is_a_miss(exam_column):
    store()
    key = pagecache.page_key(environ())
    pagecache.cache.set(key, (pagecache.content_version(), "not a page"), 60)
    pagecache.local_pages.clear()  # as another process sees it
    django = Recorder()
    status, headers, _ = call(pagecache.PageCacheApp(django), environ())
    assert django.calls == 1 and status == "200 OK"


def test_a_process_s_own_copy_is_served_only_while_current(exam_column, monkeypatch):
    """The copy a process keeps (LocalPages) goes with the version and with its own expiry."""
    store()
    key = pagecache.page_key(environ())
    assert pagecache.local_pages.get(key) is not None
    django = Recorder()
    assert call(pagecache.PageCacheApp(django), environ())[0] == "200 OK" and django.calls == 0
    pagecache.content_changed()  # a write elsewhere: a new version
    call(pagecache.PageCacheApp(django), environ())
    assert django.calls == 1
    stored = pagecache.local_pages.get(key)
    assert stored is not None and stored[0] == pagecache.content_version()
    # Past its own expiry (the next scheduled change), the copy is not served either.
    later = stored[3] + 1
    monkeypatch.setattr(pagecache, "time", SimpleNamespace(time=lambda: later))
    call(pagecache.PageCacheApp(django), environ())
    assert django.calls == 2


def test_local_copies_stay_within_their_budget(settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 1000
    pages = pagecache.LocalPages()
    for n in range(10):
        pages.put(f"k{n}", ("v", (), b"x" * 200, 0))
    assert pages.size <= 1000 and list(pages.pages) == ["k5", "k6", "k7", "k8", "k9"]
    pages.put("big", ("v", (), b"x" * 300, 0))  # more than a quarter of the budget: not kept
    assert pages.get("big") is None


def test_redis_down_falls_through_to_django_as_today(exam_column, settings):
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "examportal.cache.SharedClientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{dead_port()}/0", "KEY_PREFIX": f"wsgi-{time.monotonic_ns()}",
        "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3}}}
    django = Recorder()
    fast = pagecache.PageCacheApp(django)
    for calls in (1, 2):
        status, headers, body = call(fast, environ())
        assert status == "200 OK" and django.calls == calls
        assert "X-Page-Cache" not in dict(headers)  # the cache was not used at all
        assert "Kỳ thi".encode() in body


def test_the_portal_s_wsgi_entry_point_is_the_fast_path():
    """The page cache right around Django's handler, the apps' own fast paths (registry kind
    ``wsgi_fast_paths``) around it, in INSTALLED_APPS order."""
    from examportal import registry, wsgi

    app, wrappers = wsgi.application, []
    while not isinstance(app, pagecache.PageCacheApp):
        wrappers.append(type(app))
        app = app.application
    assert app.application is wsgi.django_application
    assert wrappers == registry.contributions("wsgi_fast_paths")


def test_x_accel_expires_counts_from_the_request_s_start(settings):
    stored = ("v", (("Cache-Control", "public, max-age=60"), ("ETag", '"e"')), b"page")
    _, headers, _ = pagecache.hit_answer(stored, environ(), 1000.9)
    assert dict(headers)["X-Accel-Expires"] == "@1000"
    settings.NGINX_MICRO_CACHE_SECONDS = 3
    _, headers, _ = pagecache.hit_answer(stored, environ(), 1000.9)
    assert dict(headers)["X-Accel-Expires"] == "@1002"
    settings.NGINX_MICRO_CACHE_SECONDS = 0
    _, headers, _ = pagecache.hit_answer(stored, environ(), 1000.9)
    assert "X-Accel-Expires" not in dict(headers)


def test_a_miss_is_kept_by_nginx_counted_from_after_it_rendered(exam_column, monkeypatch):
    """The content version is checked again once the page is rendered: unchanged, nginx keeps
    the copy to the end of that second (not of the second the rendering began in, which could
    already be over)."""
    moments = iter([1000.2])
    monkeypatch.setattr(pagecache, "time", SimpleNamespace(time=lambda: next(moments, 1005.4)))
    _, headers, _ = call(pagecache.PageCacheApp(Recorder()), environ())
    assert dict(headers)["X-Page-Cache"] == "miss"
    assert dict(headers)["X-Accel-Expires"] == "@1005"


def test_a_page_rendered_while_the_content_changed_is_not_kept_by_nginx(exam_column):
    """A write between the version read and the end of the rendering: the page may show the
    old content, so nginx is told not to keep it (X-Accel-Expires: 0); the next one is kept."""
    handler = WSGIHandler()
    pagecache.content_version()  # there is a version to read

    def write_meanwhile(env, start_response):
        pagecache.content_changed()  # after PageCacheApp read the version, before the view
        return handler(env, start_response)

    _, headers, _ = call(pagecache.PageCacheApp(write_meanwhile), environ())
    assert dict(headers)["X-Page-Cache"] == "miss" and dict(headers)["X-Accel-Expires"] == "0"
    _, headers, _ = call(pagecache.PageCacheApp(Recorder(handler)), environ())
    assert dict(headers)["X-Page-Cache"] == "miss"
    assert dict(headers)["X-Accel-Expires"].startswith("@")

"""The lookup's WSGI fast path (results.fastpath, issue 18): a cookie-free lookup of a released
year's candidate is answered before Django with the bytes and headers Django's own page has,
in one SQL query and one cache round trip; anything else goes to Django, counted once."""

import datetime

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from examportal import formguard
from examportal.pagecache import PageCacheApp
from examyears.models import ExamYear
from results import fastpath, ratelimit, shell
from tests.examportal.test_pagecache_wsgi import Recorder, call, environ

pytestmark = pytest.mark.django_db
URL = "/ket-qua-thi/2021/"
# Headers that belong to one response, or say which layer answered.
OWN = {"date", "x-page-cache", "x-accel-expires"}


@pytest.fixture(autouse=True)
def fresh_shells(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.NGINX_MICRO_CACHE_SECONDS = 1
    shell._shells.clear()
    yield
    shell._shells.clear()


def make_app():
    django = Recorder(PageCacheApp(WSGIHandler()))
    lookup = fastpath.LookupApp(django)
    lookup.django = django
    return lookup


@pytest.fixture
def app():
    return make_app()


def lookup(app, query, **headers):
    path = f"{URL}?{query}"
    return call(app, environ(path, **headers))


def comparable(headers):
    return sorted((name.lower(), value) for name, value in headers if name.lower() not in OWN)


def counted(request_environ):
    subject = ratelimit.subject(type("R", (), {"META": request_environ})())
    return formguard.peek(ratelimit.SCOPE, ratelimit.WINDOW, subject).value


def test_answers_as_django_does(app, seeded):
    status, headers, body = lookup(app, "sbd=07000001")  # Django makes the shell
    assert status.startswith("200") and app.django.calls == 1
    for query in ("sbd=07000005", "sbd=0700%200042&in=1", "sbd=7000199", "sbd=07000005"):
        before = app.django.calls
        status, headers, body = lookup(app, query)
        assert status.startswith("200")
        django_answer = call(WSGIHandler(), environ(f"{URL}?{query}"))
        assert body == django_answer[2]
        assert comparable(headers) == comparable(django_answer[1])
        assert dict(headers)["Content-Length"] == str(len(body))
        if "in=1" not in query:  # the print view's first request makes its own shell
            assert app.django.calls == before
    page = body.decode()
    assert "Số báo danh: <strong>07000005</strong>" in page
    assert "Set-Cookie" not in dict(headers) and "public" in dict(headers)["Cache-Control"]


def test_one_query_and_nothing_of_django(app, seeded, monkeypatch):
    lookup(app, "sbd=07000001")
    lookup(app, "sbd=07000002")  # the year read once for this content version
    reads = []
    read = fastpath.RowReader.read
    monkeypatch.setattr(fastpath.RowReader, "read",
                        lambda self, *args: reads.append(args) or read(self, *args))
    with CaptureQueriesContext(connection) as queries:
        status, _, body = lookup(app, "sbd=07000003")
    assert status.startswith("200") and b"07000003" in body
    assert app.django.calls == 1 and len(reads) == 1
    # The row's one read: on PostgreSQL on the driver's own cursor, which Django does not see.
    assert len(queries) == (0 if connection.vendor == "postgresql" else 1)


def test_client_with_the_page_gets_304(app, seeded):
    lookup(app, "sbd=07000001")
    _, headers, _ = lookup(app, "sbd=07000002")
    etag = dict(headers)["ETag"]
    status, headers, body = lookup(app, "sbd=07000002", HTTP_IF_NONE_MATCH=etag)
    assert status.startswith("304") and body == b"" and dict(headers)["ETag"] == etag


@pytest.mark.parametrize("query,status,text", [
    ("sbd=07999999", "404", "Không tìm thấy"),
    ("sbd=12345", "200", "đúng 8 chữ số"),
    ("sbd=01000001", "200", "không thuộc Hội đồng thi"),
    ("sbd=", "200", "Hãy nhập số báo danh"),
])
def test_anything_else_is_django_counted_once(app, seeded, query, status, text):
    lookup(app, "sbd=07000001")
    request = environ(f"{URL}?{query}")
    before = counted(request)
    calls = app.django.calls
    answer = call(app, request)
    assert answer[0].startswith(status) and text in answer[2].decode()
    assert app.django.calls == calls + 1
    assert counted(request) == before + 1


def test_limit_counted_once_and_told(app, seeded, settings):
    settings.RESULTS_LOOKUPS_PER_MINUTE = 3
    from django.core.cache import cache

    cache.clear()
    answers = [lookup(app, f"sbd=0700000{n}") for n in range(1, 6)]
    assert [a[0][:3] for a in answers] == ["200", "200", "200", "429", "429"]
    assert "thử lại sau" in answers[-1][2].decode()
    assert 0 < int(dict(answers[-1][1])["Retry-After"]) <= 60
    assert counted(environ(URL)) == 5


def test_signed_in_visitors_and_head_go_to_django(app, seeded):
    lookup(app, "sbd=07000001")
    calls = app.django.calls
    lookup(app, "sbd=07000002", HTTP_COOKIE="sessionid=x")
    call(app, environ(f"{URL}?sbd=07000002", method="HEAD"))
    assert app.django.calls == calls + 2


def test_only_for_a_scheme_and_host_django_answered(seeded, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    app = make_app()  # SecurityMiddleware reads its settings when made
    lookup(app, "sbd=07000001")
    calls = app.django.calls
    status, _, _ = lookup(app, "sbd=07000002", HTTP_HOST="evil.example")
    assert status.startswith("400") and app.django.calls == calls + 1
    status, headers, _ = lookup(app, "sbd=07000002", HTTP_X_FORWARDED_PROTO="https")
    assert app.django.calls == calls + 2  # HTTPS: learnt from Django's own page first
    assert "Strict-Transport-Security" in dict(headers)
    status, headers, _ = lookup(app, "sbd=07000003", HTTP_X_FORWARDED_PROTO="https")
    assert app.django.calls == calls + 2 and "Strict-Transport-Security" in dict(headers)
    status, headers, _ = lookup(app, "sbd=07000004")
    assert app.django.calls == calls + 2 and "Strict-Transport-Security" not in dict(headers)


def test_release_boundary(app, seeded, monkeypatch):
    """One second before the release instant: the "not yet" page from Django, whatever the
    fast path keeps; one second after: the candidate's scores from the fast path."""
    lookup(app, "sbd=07000001")
    lookup(app, "sbd=07000002")
    moment = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1)
    year = ExamYear.objects.get(year=2021)
    year.results_release_at = moment
    year.save()  # a write: the content version changes, the fast path reads the year again
    monkeypatch.setattr(fastpath.timezone, "now", lambda: moment - datetime.timedelta(seconds=1))
    monkeypatch.setattr("results.views.timezone.now",
                        lambda: moment - datetime.timedelta(seconds=1))
    calls = app.django.calls
    status, _, body = lookup(app, "sbd=07000003")
    assert app.django.calls == calls + 1
    assert "07000003" not in body.decode() and "Điểm từng môn" not in body.decode()
    monkeypatch.setattr(fastpath.timezone, "now", lambda: moment + datetime.timedelta(seconds=1))
    monkeypatch.setattr("results.views.timezone.now",
                        lambda: moment + datetime.timedelta(seconds=1))
    lookup(app, "sbd=07000004")  # Django makes the new shell
    calls = app.django.calls
    status, _, body = lookup(app, "sbd=07000005")
    assert status.startswith("200") and "Điểm từng môn" in body.decode()
    assert app.django.calls == calls


def test_a_new_version_is_seen_at_once(app, seeded, officer):
    from results import services
    from results.models import ResultSet

    lookup(app, "sbd=07000001")
    result_set = ResultSet.objects.get(exam_year_id=2021)
    services.correct_candidate(user=officer, result_set=result_set, number="07000002",
                               changes={"toan": "9.8"}, reason="Phúc khảo")
    lookup(app, "sbd=07000001")  # the new version's shell
    _, _, body = lookup(app, "sbd=07000002")
    assert "9,8" in body.decode() or "9.8" in body.decode()
    assert "Điểm sau phúc khảo" in body.decode()


def test_cache_failing_goes_to_django(app, seeded, monkeypatch):
    lookup(app, "sbd=07000001")
    monkeypatch.setattr(formguard, "hit_and_read", lambda *args: None)
    calls = app.django.calls
    status, _, body = lookup(app, "sbd=07000002")
    assert status.startswith("200") and b"07000002" in body
    assert app.django.calls == calls + 1


def test_database_failing_goes_to_django(app, seeded, monkeypatch):
    lookup(app, "sbd=07000001")

    def broken(self, version_id, number):
        raise fastpath.connections["default"].Database.OperationalError("gone")

    monkeypatch.setattr(fastpath.RowReader, "read", broken)
    calls = app.django.calls
    status, _, body = lookup(app, "sbd=07000002")
    assert status.startswith("200") and b"07000002" in body
    assert app.django.calls == calls + 1


def test_installed_in_the_wsgi_application():
    from examportal import wsgi

    assert isinstance(wsgi.application, fastpath.LookupApp)
    assert isinstance(wsgi.application.application, PageCacheApp)

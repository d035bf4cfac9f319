"""The page cache with Redis failing: pages still served, nothing half-stored, and no stale page
after a publish made while Redis did not answer (issue 14, item 2)."""

import time
from contextlib import contextmanager
from unittest import mock

import pytest
import redis
from django.db import OperationalError

from examportal import cache as portal_cache
from examportal import pagecache
from news.models import Article
from tests.faults.services import dead_port

pytestmark = pytest.mark.django_db
OPTIONS = {"socket_connect_timeout": 0.3, "socket_timeout": 0.3}


def redis_cache(settings, location):
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "examportal.cache.SharedClientRedisCache", "LOCATION": location,
        "KEY_PREFIX": f"pc-{time.monotonic_ns()}", "OPTIONS": OPTIONS}}


@pytest.fixture(autouse=True)
def page_cache_on(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 300
    monkeypatch.setattr(portal_cache, "BREAKER_SECONDS", 0.3)


@contextmanager
def partition():
    """Nothing this process sends reaches Redis (a network partition); Redis keeps its data."""
    with mock.patch.object(redis.connection.Connection, "send_packed_command", autospec=True,
                           side_effect=redis.ConnectionError("network unreachable")):
        yield


def test_pages_are_served_and_not_stored_with_redis_down(client, exam_column, settings):
    redis_cache(settings, f"redis://127.0.0.1:{dead_port()}/0")
    for _ in range(2):
        response = client.get("/ky-thi/2021/")
        assert response.status_code == 200
        assert response.get("X-Page-Cache") is None  # the cache was not used at all


def test_no_stale_page_after_a_publish_made_while_redis_did_not_answer(client, exam_column,
                                                                          settings, live_redis):
    from tests.examportal.test_pagecache import publish

    publish(exam_column, "Buổi thi môn Ngữ văn diễn ra an toàn")
    redis_cache(settings, live_redis.url)
    assert client.get("/ky-thi/2021/")["X-Page-Cache"] == "miss"
    assert client.get("/ky-thi/2021/")["X-Page-Cache"] == "hit"

    with partition():
        changed = Article.objects.get(title="Buổi thi môn Ngữ văn diễn ra an toàn")
        changed.title = "Buổi thi môn Ngữ văn: đã có đáp án tham khảo"
        changed.save()  # the version cannot be replaced now
        during = client.get("/ky-thi/2021/")
        assert "đã có đáp án tham khảo" in during.content.decode()

    time.sleep(0.35)  # Redis answers again, with the old version and the old pages
    after = client.get("/ky-thi/2021/")
    assert "đã có đáp án tham khảo" in after.content.decode()
    assert after["X-Page-Cache"] == "miss"
    assert client.get("/ky-thi/2021/")["X-Page-Cache"] == "hit"


def test_a_page_is_not_turned_into_an_error_when_its_schedules_cannot_be_read(client,
                                                                               exam_column):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pagecache, "next_change",
                      lambda now=None: (_ for _ in ()).throw(OperationalError("gone")))
        response = client.get("/ky-thi/2021/")
    assert response.status_code == 200
    assert client.get("/ky-thi/2021/")["X-Page-Cache"] == "miss"  # it was not stored


def test_navigation_column_saved_while_redis_did_not_answer_is_not_stale(client, exam_column,
                                                                        settings, live_redis):
    from examyears.services import make_current, start_exam_year

    redis_cache(settings, live_redis.url)
    settings.PAGE_CACHE_SECONDS = 0
    assert "Kỳ thi tốt nghiệp THPT 2021" in client.get("/").content.decode()
    with partition():
        newer, _ = start_exam_year(2022, from_year=2021)
        make_current(newer)
    time.sleep(0.35)
    html = client.get("/").content.decode()
    assert "Kỳ thi tốt nghiệp THPT 2022" in html

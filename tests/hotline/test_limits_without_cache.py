"""Issue 14, item 2 (the limits' part): with Redis down the limits count in the database, so
they neither fail open (every request "the first") nor closed (every form "a duplicate")."""

import re

import pytest
from django.urls import reverse

from examportal import formguard
from examportal.models import RateCounter
from hotline import ratelimit
from hotline.models import Report

from .dead_redis import use_dead_redis

pytestmark = pytest.mark.django_db

REPORT = reverse("hotline:report")
LOOKUP = reverse("hotline:lookup")


@pytest.fixture
def redis_down(settings):
    return use_dead_redis(settings)


def form_data(client, ip, **overrides):
    html = client.get(REPORT, REMOTE_ADDR=ip).content.decode()
    data = {"form_token": re.search(r'name="form_token" value="([^"]+)"', html).group(1),
            "category": "health", "place": "Điểm thi Trường THPT Mường Tè",
            "description": "Một thí sinh bị sốt trước giờ thi môn Ngữ văn.", "website": ""}
    data.update(overrides)
    return data


def test_submissions_are_limited_per_address_in_the_database(client, settings, redis_down):
    settings.HOTLINE_SUBMIT_LIMIT_PER_IP = 3
    for _ in range(3):
        response = client.post(REPORT, form_data(client, "192.0.2.10"), REMOTE_ADDR="192.0.2.10")
        assert response.status_code == 200  # not failing closed: no form is "a duplicate"
    response = client.post(REPORT, form_data(client, "192.0.2.10"), REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 429  # not failing open
    assert "Vui lòng thử lại sau" in response.content.decode()
    assert client.post(REPORT, form_data(client, "192.0.2.11"),
                       REMOTE_ADDR="192.0.2.11").status_code == 200
    assert Report.objects.count() == 4
    per_address = RateCounter.objects.filter(scope=ratelimit.SUBMIT).exclude(subject=formguard.ALL)
    assert sorted(per_address.values_list("count", flat=True)) == [1, 3]
    assert RateCounter.objects.get(scope=ratelimit.SUBMIT, subject=formguard.ALL).count == 4


def test_a_form_sent_twice_is_still_filed_once(client, redis_down):
    data = form_data(client, "192.0.2.10")
    assert client.post(REPORT, data, REMOTE_ADDR="192.0.2.10").status_code == 200
    again = client.post(REPORT, data, REMOTE_ADDR="192.0.2.10")
    reference = Report.objects.get().reference
    assert "đã được gửi" in again.content.decode() and reference in again.content.decode()


def test_site_pressure_is_seen_without_the_cache(client, settings, redis_down):
    settings.HOTLINE_SUBMIT_LIMIT_GLOBAL = 1
    client.post(REPORT, form_data(client, "192.0.2.10"), REMOTE_ADDR="192.0.2.10")
    assert "data-proof-bits" in client.get(REPORT, REMOTE_ADDR="192.0.2.12").content.decode()


def test_failed_lookups_are_limited_in_the_database(client, make_report, settings, redis_down):
    settings.HOTLINE_LOOKUP_LIMIT_PER_IP = 3
    report, key = make_report()
    for _ in range(3):
        response = client.post(LOOKUP, {"reference": report.reference, "access_key": "X" * 28},
                               REMOTE_ADDR="192.0.2.20")
        assert response.status_code == 400
    response = client.post(LOOKUP, {"reference": report.reference, "access_key": key},
                           REMOTE_ADDR="192.0.2.20")
    assert response.status_code == 429
    response = client.post(LOOKUP, {"reference": report.reference, "access_key": key},
                           REMOTE_ADDR="192.0.2.21")
    assert response.status_code == 302


def test_old_windows_are_dropped(redis_down, monkeypatch):
    now = 1_625_600_000 // 60 * 60
    monkeypatch.setattr(formguard.time, "time", lambda: now)
    formguard.hit("t", 60, "abc")
    formguard.hit("t", 60)
    monkeypatch.setattr(formguard.time, "time", lambda: now + 61)
    assert formguard.peek("t", 60, "abc").value == 0
    formguard.hit("t", 60)  # a new site-wide window clears the ended ones
    assert list(RateCounter.objects.values_list("subject", "count")) == [(formguard.ALL, 1)]


@pytest.mark.django_db(transaction=True)
def test_database_counter_is_atomic_under_threads(postgres_only, redis_down):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def hit(_):
        try:
            return formguard.hit("t", 3600, "s").value
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        values = list(pool.map(hit, range(100)))
    assert sorted(values) == list(range(1, 101))
    assert formguard.peek("t", 3600, "s").value == 100

"""The look-up limit holds across app servers: with Redis, every server sees the same counters.

Uses the Redis of tests.redis_server; skipped when there is none.
"""

import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from examportal import formguard
from hotline import ratelimit
from tests.redis_server import BACKEND, REDIS_URL

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server (REDIS_URL)")]


@pytest.fixture
def redis_cache(settings):
    prefix = f"hotline-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {**settings.CACHES,
                       "default": {"BACKEND": BACKEND, "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}}
    return prefix  # keys expire with their window; never FLUSHDB a shared Redis


def test_lookup_limit_is_shared_between_app_servers(client, make_report, settings, redis_cache):
    settings.HOTLINE_LOOKUP_LIMIT_PER_IP = 10
    settings.HOTLINE_LOOKUP_WINDOW_SECONDS = 15 * 60
    report, key = make_report()
    for i in range(10):
        response = client.post(reverse("hotline:lookup"),
                               {"reference": report.reference, "access_key": f"X{i:027d}"})
        assert response.status_code == 400
    # "Another app server": its own connection to the same Redis sees the same counter.
    other_server = RedisCache(REDIS_URL, {"KEY_PREFIX": redis_cache})
    start, _ = formguard._window(settings.HOTLINE_LOOKUP_WINDOW_SECONDS)
    key_name = formguard._cache_key(ratelimit.LOOKUP, formguard.address_subject("127.0.0.1"), start)
    assert other_server.get(key_name) == 10
    response = client.post(reverse("hotline:lookup"),
                           {"reference": report.reference, "access_key": key})
    assert response.status_code == 429


def test_counter_is_atomic_under_threads(redis_cache):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(lambda _: formguard.hit("t", 3600, formguard.address_subject("192.0.2.1")),
                      range(100)))
    assert formguard.peek("t", 3600, formguard.address_subject("192.0.2.1")).value == 100

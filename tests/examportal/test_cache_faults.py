"""The Redis cache backend when Redis fails: every operation a miss, a circuit breaker, one
warning a minute, cache_available(), and recovery (issue 14, item 2)."""

import logging
import shutil
import time
from unittest import mock

import pytest
import redis

from examportal import cache as portal_cache
from examportal.cache import SharedClientRedisCache, cache_available
from tests.faults.services import ThrowawayRedis, dead_port

OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def dead_cache():
    return SharedClientRedisCache(f"redis://127.0.0.1:{dead_port()}/0", {"OPTIONS": OPTIONS})


@pytest.fixture
def short_breaker(monkeypatch):
    monkeypatch.setattr(portal_cache, "BREAKER_SECONDS", 0.3)


@pytest.fixture
def throwaway_redis():
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server (apt-get install redis-server)")
    server = ThrowawayRedis()
    yield server
    server.cleanup()


def test_every_operation_is_a_miss_when_redis_is_down():
    backend = dead_cache()
    started = time.monotonic()
    assert backend.get("a") is None
    assert backend.get("a", "mặc định") == "mặc định"
    assert backend.get_many(["a", "b"]) == {}
    assert backend.add("a", 1, 30) is False
    assert backend.set("a", 1, 30) is None
    assert backend.set_many({"a": 1, "b": 2}, 30) == []
    assert backend.touch("a", 30) is False
    assert backend.delete("a") is False
    backend.delete_many(["a", "b"])
    assert backend.has_key("a") is False
    with pytest.raises(ValueError):
        backend.incr("a")
    with pytest.raises(ValueError):
        backend.decr("a")
    assert backend.get_or_set("a", "giá trị", 30) == "giá trị"
    backend.clear()
    assert time.monotonic() - started < 2


def test_the_breaker_keeps_calls_off_a_dead_redis(short_breaker):
    backend = dead_cache()
    with mock.patch.object(redis.connection.Connection, "connect",
                           autospec=True, side_effect=redis.ConnectionError("refused")) as connect:
        for _ in range(50):
            backend.get("a")
        assert connect.call_count == 1
        time.sleep(0.35)
        backend.get("a")  # the window is over: one probe
        assert connect.call_count == 2


def test_cache_available_follows_the_breaker(short_breaker, settings):
    backend = dead_cache()
    assert backend.available
    backend.get("a")
    assert not backend.available
    time.sleep(0.35)
    assert backend.available  # nobody failed within the window
    settings.CACHES = {**settings.CACHES, "faulty": {
        "BACKEND": "examportal.cache.SharedClientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{dead_port()}/0", "OPTIONS": OPTIONS}}
    from django.core.cache import caches

    caches["faulty"].get("x")
    assert cache_available("faulty") is False
    assert cache_available("default") is True  # locmem in the tests
    assert cache_available("fragments") is True


def test_threads_share_one_breaker_per_location():
    location = f"redis://127.0.0.1:{dead_port()}/0"
    first = SharedClientRedisCache(location, {"OPTIONS": OPTIONS})
    second = SharedClientRedisCache(location, {"OPTIONS": OPTIONS})
    first.get("a")
    assert not second.available


def test_one_warning_a_minute(caplog, monkeypatch):
    monkeypatch.setattr(portal_cache, "BREAKER_SECONDS", 0)
    backend = dead_cache()
    with caplog.at_level(logging.WARNING, logger="examportal.cache"):
        for _ in range(30):
            backend.get("a")
    warnings = [r for r in caplog.records if "Redis cache unavailable" in r.getMessage()]
    assert len(warnings) == 1
    assert "pages served without cache" in warnings[0].getMessage()


def test_a_refused_command_is_a_miss_without_opening_the_breaker(throwaway_redis):
    throwaway_redis.start()
    backend = SharedClientRedisCache(throwaway_redis.url, {"OPTIONS": OPTIONS})
    backend.set("text", "không phải số", 30)
    with pytest.raises(ValueError):
        backend.incr("text")  # the server refuses INCR on a pickled value
    assert backend.available
    assert backend.get("text") == "không phải số"


def test_recovery_runs_the_callbacks_before_the_cache_is_used_again(throwaway_redis, short_breaker):
    backend = SharedClientRedisCache(throwaway_redis.url, {"OPTIONS": OPTIONS})
    calls = []

    def bump():
        calls.append(backend.available)
        backend.set("version", "sau sự cố", None)

    portal_cache.on_recovery(bump)
    try:
        assert backend.get("version", "miss") == "miss"  # not started: fails, breaker open
        assert not backend.available
        throwaway_redis.start()
        backend.get("version")  # still within the window: skipped
        assert calls == []
        time.sleep(0.35)
        # The first call after the window probes, runs the callback, then reads.
        assert backend.get("version") == "sau sự cố"
        assert len(calls) == 1
        assert backend.available
        backend.get("version")
        assert len(calls) == 1

        throwaway_redis.stop()  # down again, then back: the callback runs again
        backend.get("version")
        assert not backend.available
        throwaway_redis.start()  # a fresh server: nothing kept
        time.sleep(0.35)
        assert backend.get("version") == "sau sự cố"
        assert len(calls) == 2
    finally:
        portal_cache._recovery_callbacks.remove(bump)

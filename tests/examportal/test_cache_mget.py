"""The cache's MGET on a pooled connection (examportal.cache, issue 16): the same answers as
redis-py's own, misses left out, and a dead or refusing Redis a miss that opens the breaker."""

import time

import redis

from examportal import cache as portal_cache
from examportal.cache import SharedClientRedisCache
from tests.faults.services import dead_port

OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def backend(url):
    return SharedClientRedisCache(url, {"OPTIONS": OPTIONS, "KEY_PREFIX": f"m{time.monotonic_ns()}"})


def test_get_many_answers_as_redis_py_does(live_redis):
    cache = backend(live_redis.url)
    values = {"int": 7, "text": "Kỳ thi", "bytes": b"\x00\xff" * 5000,
              "page": ("version", (("Content-Type", "text/html"),), b"<p>ok</p>")}
    cache.set_many(values, 60)
    keys = [*values, "missing"]
    assert cache.get_many(keys) == values
    # The same as the client's own MGET and Django's decoding.
    client = cache._cache.get_client()
    raw = client.mget([cache.make_key(k) for k in keys])
    decoded = {k: cache._cache._serializer.loads(v)
               for k, v in zip(keys, raw, strict=True) if v is not None}
    assert decoded == values
    # Many calls reuse pooled connections; none is left checked out.
    for _ in range(50):
        cache.get_many(["int", "page"])
    pool = cache._cache._get_connection_pool(False)
    assert len(pool._in_use_connections) == 0 and len(pool._available_connections) >= 1


def test_a_key_of_another_type_is_a_miss(live_redis):
    cache = backend(live_redis.url)
    cache.set("a", 1, 60)
    redis.Redis.from_url(live_redis.url).rpush(cache.make_key("list"), "x")
    assert cache.get_many(["a", "list"]) == {"a": 1}


def test_dead_redis_is_a_miss_and_opens_the_breaker(monkeypatch):
    monkeypatch.setattr(portal_cache, "BREAKER_SECONDS", 30)
    cache = backend(f"redis://127.0.0.1:{dead_port()}/0")
    assert cache.get_many(["a", "b"]) == {}
    assert not cache.available
    started = time.monotonic()
    assert cache.get_many(["a"]) == {}  # the breaker answers, nothing is tried
    assert time.monotonic() - started < 0.05


def test_redis_dying_between_calls(live_redis, monkeypatch):
    monkeypatch.setattr(portal_cache, "BREAKER_SECONDS", 30)
    cache = backend(live_redis.url)
    cache.set("a", 1, 60)
    assert cache.get_many(["a"]) == {"a": 1}
    live_redis.stop()
    assert cache.get_many(["a"]) == {}
    assert not cache.available


def test_count_and_get_in_one_round_trip(live_redis):
    """The results lookup's fast path: a counter and a value in one pipeline (count_and_get)."""
    cache = backend(live_redis.url)
    cache.set("version", "abc", None)
    assert cache.count_and_get("counter", 60, "version") == (1, "abc")
    assert cache.count_and_get("counter", 60, "version") == (2, "abc")
    assert cache.count_and_get("counter", 60, "missing") == (3, None)
    # The same counter the rate limits' add/incr count (Django's integer encoding).
    cache.incr("counter", 1)
    assert cache.get("counter") == 4
    assert 0 < cache._cache.get_client().ttl(cache.make_key("counter")) <= 60
    pool = cache._cache._get_connection_pool(True)
    assert len(pool._in_use_connections) == 0


def test_count_and_get_with_redis_down_is_none():
    cache = backend(f"redis://127.0.0.1:{dead_port()}/0")
    assert cache.count_and_get("counter", 60, "version") is None


def test_kept_connection_replaced_after_a_redis_restart(live_redis):
    """The hot paths keep a connection per thread: one Redis closed meanwhile (a restart) is
    replaced before use, so the first call after the restart answers (no miss, no breaker)."""
    cache = backend(live_redis.url)
    cache.set_many({"a": 1, "version": "v"}, None)
    assert cache.get_many(["a"]) == {"a": 1}
    assert cache.count_and_get("counter", 60, "version") == (1, "v")
    live_redis.stop()
    live_redis.start()  # the same port, empty
    cache.set("a", 2, None)
    assert cache.get_many(["a"]) == {"a": 2}
    assert cache.count_and_get("counter", 60, "version") == (1, None)
    assert cache.available

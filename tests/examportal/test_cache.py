"""The production cache backend: Django's Redis cache, with one client object per pool."""

import threading
import uuid

import pytest

from examportal.cache import SharedClientRedisCache
from tests.redis_server import REDIS_URL

pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server (REDIS_URL)")


@pytest.fixture
def redis_cache():
    return SharedClientRedisCache(REDIS_URL, {"KEY_PREFIX": f"cache-test-{uuid.uuid4().hex[:8]}"})


def test_every_cache_operation_works(redis_cache):
    redis_cache.set("a", {"tên": "Lai Châu"}, 30)
    assert redis_cache.get("a") == {"tên": "Lai Châu"}
    assert redis_cache.add("a", "khác", 30) is False
    assert redis_cache.incr(redis_cache.add("n", 1, 30) and "n", 2) == 3
    redis_cache.set_many({"b": 1, "c": 2}, 30)
    assert redis_cache.get_many(["a", "b", "c", "none"]) == {"a": {"tên": "Lai Châu"}, "b": 1, "c": 2}
    redis_cache.delete_many(["a", "b", "c", "n"])
    assert redis_cache.get("a", "gone") == "gone"


def test_one_client_is_built_and_reused(redis_cache):
    redis_cache.set("x", 1, 30)
    client = redis_cache._cache.get_client(write=True)
    for _ in range(5):
        redis_cache.get("x")
    assert redis_cache._cache.get_client() is client
    redis_cache.delete("x")


def test_threads_share_the_client_safely(redis_cache):
    redis_cache.set("counter", 0, 60)

    def bump():
        for _ in range(50):
            redis_cache.incr("counter")

    threads = [threading.Thread(target=bump) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert redis_cache.get("counter") == 400
    redis_cache.delete("counter")


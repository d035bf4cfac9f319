"""The Redis cache backend: one client object per connection pool, and never a dependency.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` for every cache call, and each one
copies some 170 response callbacks: about a quarter of a millisecond per call on the portal's
servers, several times a page. ``redis.Redis`` is safe to share, so one per pool is enough.

The cache is an accelerator, never a dependency (DESIGN.md, "Running it for real"): when Redis
does not answer, every operation behaves as a miss (``get`` gives the default, ``get_many``
``{}``, ``add`` and ``has_key`` False, ``incr`` raises ValueError as for a missing key, writes
do nothing) and pages are served, slower, without it. After a failure a circuit breaker keeps
this process off Redis for ``BREAKER_SECONDS``, so a dead server costs one connect timeout per
few seconds, not one per call. One WARNING is logged at most once a minute per process.

The hot paths (``get_many``, a page-cache hit's one round trip, and ``count_and_get``, the
results lookup's) send their commands, packed here, on a connection each thread keeps for them:
redis-py's pool checkout and release (with its metrics) and its general command packer cost
more than the round trip itself. A kept connection that Redis closed meanwhile (a restart) is
replaced before use, as the pool does; a command whose answer is lost is not sent again (it may
have run) and counts as a failure like any other.

``cache_available(alias)`` says whether a cache is in that failed state (the rate limits count
in the database instead while it is). ``on_recovery(callback)`` registers a function called once
when a failed backend answers again, before any thread of this process uses it again (the page
cache drops every stored page then: a publish made while Redis was down could not replace the
version key, so pages stored before it would otherwise come back).
"""

import logging
import os
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ReadOnlyError, RedisError, ResponseError

logger = logging.getLogger("examportal.cache")

BREAKER_SECONDS = 5.0
WARNING_INTERVAL = 60.0


class _Breaker:
    """Process-wide state of one Redis location (shared by every thread's backend object).

    Closed (healthy) until an operation fails; then open for ``BREAKER_SECONDS`` (every
    operation is a miss without touching Redis); then the next operation's thread probes Redis
    (PING) while the others still see it open. When the probe answers, the recovery callbacks
    run (in that thread, on a working Redis) before any other operation uses the cache again.
    """

    def __init__(self, location):
        self.location = location
        self.failed_at = None  # monotonic time of the last failure; None when healthy
        self.warned_at = None
        self.prober = None  # the thread probing and running the recovery callbacks
        self.lock = threading.Lock()

    def is_open(self):
        """True while this thread must not use Redis (failed recently, or another thread is
        probing). Never starts a probe."""
        failed_at = self.failed_at
        if failed_at is None:
            return False
        prober = self.prober
        if prober is not None:
            return prober != threading.get_ident()
        return time.monotonic() - failed_at < BREAKER_SECONDS

    def state_for_call(self):
        """"closed" (use Redis), "open" (skip it) or "probe" (this thread must probe it)."""
        if self.failed_at is None:
            return "closed"
        me = threading.get_ident()
        with self.lock:
            if self.failed_at is None:
                return "closed"
            if self.prober is not None:
                return "closed" if self.prober == me else "open"
            if time.monotonic() - self.failed_at < BREAKER_SECONDS:
                return "open"
            self.prober = me
            return "probe"

    def failure(self, exc):
        now = time.monotonic()
        with self.lock:
            self.failed_at = now
            self.prober = None
            warn = self.warned_at is None or now - self.warned_at >= WARNING_INTERVAL
            if warn:
                self.warned_at = now
        if warn:
            logger.warning("Redis cache unavailable at %s (%s: %s): pages served without cache",
                           self.location, type(exc).__name__, exc)

    def recovered(self):
        """Called by the probing thread once Redis answers: run the callbacks, then close."""
        failed_at = self.failed_at
        logger.warning("Redis cache at %s answers again", self.location)
        for callback in list(_recovery_callbacks):
            try:
                callback()
            except Exception:
                logger.exception("cache recovery callback %r failed", callback)
        with self.lock:
            if self.failed_at == failed_at:  # no new failure while the callbacks ran
                self.failed_at = None
            self.prober = None


_breakers = {}
_breakers_lock = threading.Lock()
_recovery_callbacks = []


def _breaker_for(servers):
    location = ",".join(servers)
    with _breakers_lock:
        breaker = _breakers.get(location)
        if breaker is None:
            breaker = _breakers[location] = _Breaker(location)
        return breaker


def on_recovery(callback):
    """Register ``callback()``, called once each time a failed Redis backend answers again."""
    if callback not in _recovery_callbacks:
        _recovery_callbacks.append(callback)
    return callback


class _Unavailable(Exception):
    """Raised inside the client when Redis is skipped or failed; turned into a miss."""


def _resp(*commands):
    """Commands of text arguments in Redis's wire format (RESP), at once: redis-py's general
    packer costs more than the round trip it prepares on the lookup's fast path."""
    out = []
    for command in commands:
        out.append(b"*%d\r\n" % len(command))
        for argument in command:
            data = argument.encode()
            out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, *args, **kwargs):
        super().__init__(servers, *args, **kwargs)
        self._clients = {}
        self.breaker = _breaker_for(servers)
        self._kept = threading.local()

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _call(self, operation, *args):
        """Run one parent operation; raise _Unavailable when Redis is down or failing."""
        state = self.breaker.state_for_call()
        if state == "open":
            raise _Unavailable
        try:
            if state == "probe":
                self.get_client(write=True).ping()
                self.breaker.recovered()
                if self.breaker.is_open():  # it failed again during the callbacks
                    raise _Unavailable
            return operation(*args)
        except ResponseError as exc:
            if isinstance(exc, ReadOnlyError):
                self.breaker.failure(exc)
            else:
                # A command the server refused (a wrong type, out of memory): a miss, but the
                # server answers, so other operations go on trying it.
                if state == "probe":
                    self.breaker.failure(exc)
                logger.warning("Redis cache refused a command: %s", exc)
            raise _Unavailable from exc
        except (RedisError, OSError) as exc:
            self.breaker.failure(exc)
            raise _Unavailable from exc

    def _safe(self, operation, fallback, *args):
        try:
            return self._call(operation, *args)
        except _Unavailable:
            return fallback

    def add(self, key, value, timeout):
        return self._safe(super().add, False, key, value, timeout)

    def get(self, key, default):
        return self._safe(super().get, default, key, default)

    def set(self, key, value, timeout):
        self._safe(super().set, None, key, value, timeout)

    def touch(self, key, timeout):
        return self._safe(super().touch, False, key, timeout)

    def delete(self, key):
        return self._safe(super().delete, False, key)

    def get_many(self, keys):
        return self._safe(self._mget, {}, keys)

    def _kept_connection(self, write):
        """This thread's own connection for the hot paths (made again after a fork)."""
        kept = self._kept.__dict__
        found = kept.get(write)
        if found is None or found[0] != os.getpid():
            pool = self._get_connection_pool(write)
            found = kept[write] = (os.getpid(), pool.connection_class(**pool.connection_kwargs))
        return found[1]

    def _round_trip(self, write, payload, replies):
        """Send ``payload`` (RESP) and read ``replies`` answers on the kept connection. A kept
        connection with something to read before anything was sent (Redis closed it: a restart,
        an idle timeout) is replaced first, as the pool does when it hands one out."""
        connection = self._kept_connection(write)
        if connection._sock is not None:
            try:
                stale = connection.can_read(timeout=0)
            except (RedisError, OSError):
                stale = True
            if stale:
                connection.disconnect()
        try:
            connection.send_packed_command([payload], check_health=False)
            return [connection.read_response() for _ in range(replies)]
        except BaseException:
            connection.disconnect()
            raise

    def _mget(self, keys):
        """MGET on the kept connection (see the module doc; no retry when its answer is lost:
        the page is served without the cache meanwhile)."""
        values = self._round_trip(False, _resp(("MGET", *keys)), 1)[0]
        loads = self._serializer.loads
        return {key: loads(value) for key, value in zip(keys, values, strict=True)
                if value is not None}

    def count_and_get(self, counter, timeout, key):
        """(the counter after adding one, the value of ``key``) in one round trip: SET counter 0
        NX EX timeout, INCR counter, GET key (the results lookup's fast path). None when Redis
        is down or failing."""
        return self._safe(self._count_and_get, None, counter, timeout, key)

    def _count_and_get(self, counter, timeout, key):
        replies = self._round_trip(True, _resp(
            ("SET", counter, "0", "EX", str(max(1, int(timeout))), "NX"), ("INCR", counter),
            ("GET", key)), 3)
        value = replies[2]
        return int(replies[1]), (None if value is None else self._serializer.loads(value))

    def has_key(self, key):
        return self._safe(super().has_key, False, key)

    def incr(self, key, delta):
        try:
            return self._call(super().incr, key, delta)
        except _Unavailable:
            raise ValueError(f"Key '{key}' not found (cache unavailable).") from None

    def set_many(self, data, timeout):
        self._safe(super().set_many, None, data, timeout)

    def delete_many(self, keys):
        self._safe(super().delete_many, None, keys)

    def clear(self):
        return self._safe(super().clear, False)


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    @property
    def available(self):
        return not _breaker_for(self._servers).is_open()

    def count_and_get(self, counter, timeout, key):
        """See SharedClientRedisCacheClient.count_and_get (keys as for any cache call)."""
        counter, key = self.make_and_validate_key(counter), self.make_and_validate_key(key)
        return self._cache.count_and_get(counter, timeout, key)


def cache_available(alias="default"):
    """False while the cache ``alias`` is in its failed state (an operation failed within the
    last ``BREAKER_SECONDS``); True otherwise, and always for backends other than Redis."""
    from django.core.cache import caches

    backend = caches[alias]
    if isinstance(backend, SharedClientRedisCache):
        return backend.available
    return True

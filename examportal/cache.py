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
more than the round trip itself. redis-py's Connection only connects it (host, port, db,
password, SSL, AUTH, SELECT as the pool's settings say); the commands go out in one ``sendall``
on its socket and their replies are read and parsed here (``_Replies``), with the socket
timeout it was configured with: redis-py's stale check (which toggles the socket's timeout),
its reader and its parser cost more than the system calls. A kept connection that Redis closed
meanwhile (a restart; seen as readable by a ``poll(0)`` before anything was sent) is replaced
before use, as the pool does; a command whose answer is lost is not sent again (it may have
run), and any error or timeout drops the connection and counts as a failure like any other.

``cache_available(alias)`` says whether a cache is in that failed state (the rate limits count
in the database instead while it is). ``on_recovery(callback)`` registers a function called once
when a failed backend answers again, before any thread of this process uses it again (the page
cache drops every stored page then: a publish made while Redis was down could not replace the
version key, so pages stored before it would otherwise come back).
"""

import logging
import os
import pickle
import select
import socket
import ssl
import struct
import threading
import time

from django.core.cache.backends.base import MEMCACHE_MAX_KEY_LENGTH
from django.core.cache.backends.redis import RedisCache, RedisCacheClient, RedisSerializer
from redis._parsers import BaseParser
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import InvalidResponse, ReadOnlyError, RedisError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

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


_CLOSED = "Connection closed by server."
_CHUNK = 65536
_pid = os.getpid()  # this process's, kept by a fork hook: os.getpid() is a system call


def _forked():
    global _pid
    _pid = os.getpid()


os.register_at_fork(after_in_child=_forked)


class _KeptConnection:
    """One thread's connection for the hot paths: redis-py's ``Connection`` connects it (and
    runs the handshake: AUTH, SELECT, ...), then commands go on its socket directly."""

    __slots__ = ("connection", "sock", "poller")

    def __init__(self, connection):
        self.connection = connection
        self.sock = None
        self.poller = None

    def open(self):
        connection = self.connection
        connection.connect()
        sock = connection._sock
        timeout = sock.gettimeout()
        if timeout and type(sock) is socket.socket:
            # The same timeout kept by the kernel (SO_RCVTIMEO, SO_SNDTIMEO: a call waiting
            # longer fails with EAGAIN) on a blocking socket: Python's own timeout polls the
            # socket before every send and receive.
            seconds = int(timeout)
            wait = struct.pack("@ll", seconds, max(1, int((timeout - seconds) * 1e6)))
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, wait)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, wait)
            except OSError:  # not here: Python's timeout it is
                pass
            else:
                sock.settimeout(None)
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        self.sock, self.poller = sock, poller
        return sock

    def close(self):
        self.sock = self.poller = None
        self.connection.disconnect()

    def _stale(self):
        """Readable before anything was sent: Redis closed it (or sent something nobody asked
        for). TLS may have sent session tickets after the handshake: redis-py's check reads
        through them there (once)."""
        if isinstance(self.sock, ssl.SSLSocket):
            try:
                return self.connection.can_read(timeout=0)
            except (RedisError, OSError):
                return True
        return True

    def round_trip(self, payload, count):
        """Send ``payload`` (RESP) and read ``count`` replies. A connection with something to
        read before anything was sent is replaced first. An error reply raises redis-py's
        exception for it (ResponseError, ReadOnlyError, ...) once every reply was read (the
        connection stays usable); a socket error, a timeout or a broken reply drops the
        connection and raises redis-py's ConnectionError or TimeoutError."""
        sock = self.sock
        if sock is not None and self.poller.poll(0) and self._stale():
            self.close()
            sock = None
        try:
            if sock is None:
                sock = self.open()
            sock.sendall(payload)
            first = sock.recv(_CHUNK)
            if not first:
                raise RedisConnectionError(_CLOSED)
            reader = _Replies(sock, first)
            replies = reader.replies(count)
            if reader.pos != len(reader.buf):  # more than was asked for: not to be trusted
                raise InvalidResponse("Protocol error: unexpected data after the replies")
        except BaseException as exc:
            self.close()
            if isinstance(exc, TimeoutError | BlockingIOError):  # Python's timeout, the kernel's
                raise RedisTimeoutError("Timeout reading from socket") from exc
            if isinstance(exc, OSError):
                raise RedisConnectionError(f"Error while talking to Redis: {exc}") from exc
            raise
        if reader.failed:
            for reply in replies:
                if isinstance(reply, ResponseError):
                    raise reply
        return replies


class _Replies:
    """RESP replies read from a socket: integers, bulk and simple strings (bytes), arrays,
    nils (None) and errors (redis-py's exception for each, returned, not raised). Replies may
    come split over any number of ``recv()``; a long bulk string is read into a buffer of its
    size, so a page of megabytes costs one copy, not a growing concatenation."""

    __slots__ = ("sock", "buf", "pos", "failed")

    def __init__(self, sock, buf=b""):
        self.sock = sock
        self.buf = buf
        self.pos = 0
        self.failed = False  # an error reply was read

    def _more(self):
        data = self.sock.recv(_CHUNK)
        if not data:
            raise RedisConnectionError(_CLOSED)
        return data

    def _line_end(self):
        """Where the line at ``pos`` ends, reading until it has. Only the start of one line is
        left when more is needed: joining it to what comes next stays cheap."""
        buf, pos = self.buf, self.pos
        end = buf.find(b"\r\n", pos)
        while end < 0:
            searched = len(buf) - pos - 1
            buf = buf[pos:] + self._more()
            pos = 0
            end = buf.find(b"\r\n", max(0, searched))
        self.buf, self.pos = buf, pos
        return end

    def _bulk(self, size):
        """The ``size`` bytes at ``pos`` and the CRLF after them, read exactly."""
        buf, pos = self.buf, self.pos
        data = bytearray(size + 2)
        have = len(buf) - pos
        view = memoryview(data)
        view[:have] = memoryview(buf)[pos:]
        self.buf, self.pos = b"", 0
        recv_into = self.sock.recv_into
        while have < size + 2:
            got = recv_into(view[have:])
            if not got:
                raise RedisConnectionError(_CLOSED)
            have += got
        view.release()
        if data[size:] != b"\r\n":
            raise InvalidResponse("Protocol error: a bulk string of the wrong length")
        del data[size:]
        return bytes(data)

    def replies(self, count):
        """``count`` replies: the usual ones (integers, bulk strings and nils whole in what was
        read) here, any other through ``reply()``."""
        out = []
        buf, pos = self.buf, self.pos
        try:
            for _ in range(count):
                end = buf.find(b"\r\n", pos)
                if end > pos:
                    kind = buf[pos]
                    if kind == 36:  # $
                        size = int(buf[pos + 1:end])
                        start = end + 2
                        stop = start + size
                        if size >= 0 and buf[stop:stop + 2] == b"\r\n":
                            out.append(buf[start:stop])
                            pos = stop + 2
                            continue
                        if size == -1:
                            out.append(None)
                            pos = start
                            continue
                    elif kind == 58:  # :
                        out.append(int(buf[pos + 1:end]))
                        pos = end + 2
                        continue
                    elif kind == 95:  # _ (RESP3's nil)
                        out.append(None)
                        pos = end + 2
                        continue
                self.pos = pos
                out.append(self.reply())
                buf, pos = self.buf, self.pos
        except ValueError:
            raise InvalidResponse(f"Protocol error: {buf[pos:pos + 80]!r}") from None
        self.pos = pos
        return out

    def reply(self):
        """The next reply, whatever its type (RESP2 and RESP3, which redis-py may have asked
        for in the handshake: its nil is ``_``)."""
        buf, pos = self.buf, self.pos
        end = buf.find(b"\r\n", pos)
        if end < 0:
            end = self._line_end()
            buf, pos = self.buf, self.pos
        kind = buf[pos]
        line = buf[pos + 1:end]
        try:
            if kind == 36 or kind == 61 or kind == 33:  # $ bulk, = verbatim string, ! error
                size = int(line)
                if size < 0:  # $-1: nil
                    self.pos = end + 2
                    return None
                start, stop = end + 2, end + 2 + size
                if stop + 2 <= len(buf):
                    if buf[stop:stop + 2] != b"\r\n":
                        raise InvalidResponse("Protocol error: a bulk string of the wrong length")
                    self.pos = stop + 2
                    data = buf[start:stop]
                else:
                    self.pos = start
                    data = self._bulk(size)
                if kind == 36:
                    return data
                return data[4:] if kind == 61 else self._error(data)  # =txt:..., !ERR ...
            self.pos = end + 2
            if kind == 58 or kind == 40:  # : integer, ( big number
                return int(line)
            if kind == 42 or kind == 126:  # * array (*-1: nil), ~ set
                size = int(line)
                return None if size < 0 else [self.reply() for _ in range(size)]
            if kind == 37:  # % map
                return {self.reply(): self.reply() for _ in range(int(line))}  # key first
            if kind == 44:  # , double
                return float(line)
            if kind == 62 or kind == 124:  # > push (not an answer to us), | attributes
                for _ in range(int(line) * (2 if kind == 124 else 1)):
                    self.reply()
                return self.reply()  # skipped: the answer follows
        except ValueError:
            raise InvalidResponse(f"Protocol error: {buf[pos:pos + 80]!r}") from None
        if kind == 43:  # + simple string
            return line
        if kind == 45:  # - error
            return self._error(line)
        if kind == 95:  # _ RESP3's nil
            return None
        if kind == 35 and line in (b"t", b"f"):  # # boolean
            return line == b"t"
        raise InvalidResponse(f"Protocol error: {buf[pos:pos + 80]!r}")

    def _error(self, text):
        """redis-py's exception for an error reply: returned (raised by ``round_trip`` once
        every reply was read), or raised at once when redis-py would (a ConnectionError such
        as LOADING)."""
        self.failed = True
        error = BaseParser.parse_error(text.decode(errors="replace"))
        if isinstance(error, RedisConnectionError):
            raise error
        return error


def _count_and_get_payload(counter, timeout, key):
    """``_resp(("SET", counter, "0", "EX", timeout, "NX"), ("INCR", counter), ("GET", key))``
    in one formatting."""
    counter, key = counter.encode(), key.encode()
    timeout = b"%d" % max(1, int(timeout))
    counter = b"$%d\r\n%s\r\n" % (len(counter), counter)
    return (b"*6\r\n$3\r\nSET\r\n%s$1\r\n0\r\n$2\r\nEX\r\n$%d\r\n%s\r\n$2\r\nNX\r\n"
            b"*2\r\n$4\r\nINCR\r\n%s*2\r\n$3\r\nGET\r\n$%d\r\n%s\r\n"
            % (counter, len(timeout), timeout, counter, len(key), key))


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
        if found is None or found[0] != _pid:
            # The parent's connection is left as it is (closing it would close the parent's).
            pool = self._get_connection_pool(write)
            found = kept[write] = (_pid, _KeptConnection(
                pool.connection_class(**pool.connection_kwargs)))
        return found[1]

    def _round_trip(self, write, payload, replies):
        """Send ``payload`` (RESP) and read ``replies`` answers on the kept connection (see
        ``_KeptConnection.round_trip``)."""
        found = self._kept.__dict__.get(write)
        if found is None or found[0] != _pid:
            return self._kept_connection(write).round_trip(payload, replies)
        return found[1].round_trip(payload, replies)

    def _mget(self, keys):
        """MGET on the kept connection (see the module doc; no retry when its answer is lost:
        the page is served without the cache meanwhile)."""
        values = self._round_trip(False, _resp(("MGET", *keys)), 1)[0]
        loads = self._loads
        return {key: loads(value) for key, value in zip(keys, values, strict=True)
                if value is not None}

    def count_and_get(self, counter, timeout, key):
        """(the counter after adding one, the value of ``key``) in one round trip: SET counter 0
        NX EX timeout, INCR counter, GET key (the results lookup's fast path). None when Redis
        is down or failing."""
        return self._safe(self._count_and_get, None, counter, timeout, key)

    def _count_and_get(self, counter, timeout, key):
        replies = self._round_trip(True, _count_and_get_payload(counter, timeout, key), 3)
        value = replies[2]
        return int(replies[1]), (None if value is None else self._loads(value))

    def _loads(self, value):
        """The serializer's ``loads``; Django's own, without its failed ``int()`` first, for a
        pickle (an integer is stored as its digits, a pickle starts with 0x80)."""
        if value[:1] == b"\x80" and type(self._serializer) is RedisSerializer:
            return pickle.loads(value)  # noqa: S301 (what this cache stored, as Django does)
        return self._serializer.loads(value)

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
        self._breaker = _breaker_for(self._servers)

    @property
    def available(self):
        return not self._breaker.is_open()

    def _hot_key(self, key, version=None):
        """``make_and_validate_key`` without ``validate_key``'s generator and pattern search
        for a key that cannot fail it (printable, no space, not too long); any other key goes
        through it, warnings and all."""
        key = self.make_key(key, version=version)
        if len(key) > MEMCACHE_MAX_KEY_LENGTH or " " in key or not key.isprintable():
            self.validate_key(key)
        return key

    def get_many(self, keys, version=None):
        """As Django's (the page cache's hits), with the hot paths' key check."""
        key_map = {self._hot_key(key, version): key for key in keys}
        found = self._cache.get_many(key_map.keys())
        return {key_map[made]: value for made, value in found.items()}

    def count_and_get(self, counter, timeout, key):
        """See SharedClientRedisCacheClient.count_and_get (keys as for any cache call)."""
        return self._cache.count_and_get(self._hot_key(counter), timeout, self._hot_key(key))


def cache_available(alias="default"):
    """False while the cache ``alias`` is in its failed state (an operation failed within the
    last ``BREAKER_SECONDS``); True otherwise, and always for backends other than Redis."""
    from django.core.cache import caches

    backend = caches[alias]
    if isinstance(backend, SharedClientRedisCache):
        return backend.available
    return True

"""The hot paths' own RESP reader and kept connection (examportal.cache: ``_Replies``,
``_KeptConnection``): replies split over any number of reads, nils in MGET, values of megabytes,
error replies as redis-py's exceptions, a connection Redis closed replaced before use, and a
hung Redis failing within the socket timeout."""

import os
import signal
import socket
import threading
import time

import pytest
import redis
from redis.exceptions import (
    BusyLoadingError,
    InvalidResponse,
    ReadOnlyError,
    ResponseError,
)
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from examportal import cache as portal_cache
from examportal.cache import (
    SharedClientRedisCache,
    _count_and_get_payload,
    _KeptConnection,
    _Replies,
    _resp,
)
from tests.faults.services import dead_port

OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.3}


class ChunkedSocket:
    """Gives the bytes it holds back in reads of at most ``size`` bytes (a reply split over
    many ``recv()``), then end of file."""

    def __init__(self, data, size):
        self.data, self.size, self.reads = data, size, 0

    def recv(self, limit):
        self.reads += 1
        chunk, self.data = self.data[:min(limit, self.size)], self.data[min(limit, self.size):]
        return chunk

    def recv_into(self, view):
        chunk = self.recv(len(view))
        view[:len(chunk)] = chunk
        return len(chunk)


def parse(data, count, size):
    sock = ChunkedSocket(data, size)
    first = sock.recv(65536)
    reader = _Replies(sock, first)
    replies = reader.replies(count)
    assert reader.pos == len(reader.buf) and sock.data == b""  # read exactly the replies
    # The same one reply at a time.
    sock = ChunkedSocket(data, size)
    reader = _Replies(sock)
    assert list(map(repr, [reader.reply() for _ in range(count)])) == list(map(repr, replies))
    assert reader.pos == len(reader.buf) and sock.data == b""
    return replies


STREAM = (b"+OK\r\n:42\r\n:-7\r\n$5\r\nhello\r\n$0\r\n\r\n$-1\r\n"
          b"*4\r\n$1\r\na\r\n$-1\r\n$4\r\nb\r\nc\r\n*2\r\n:1\r\n$-1\r\n*-1\r\n*0\r\n_\r\n")
EXPECTED = [b"OK", 42, -7, b"hello", b"", None, [b"a", None, b"b\r\nc", [1, None]], None, [], None]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 64, 65536])
def test_replies_split_anywhere_parse_the_same(size):
    assert parse(STREAM, len(EXPECTED), size) == EXPECTED


def test_every_split_point_of_a_count_and_get_answer():
    answer = b"$-1\r\n:17\r\n$33\r\n\x80\x05\x95" + b"v" * 30 + b"\r\n"
    for cut in range(1, len(answer)):
        first, rest = answer[:cut], answer[cut:]
        sock = ChunkedSocket(rest, len(rest))
        reader = _Replies(sock, first)
        assert reader.replies(3) == [None, 17, answer[15:48]], cut
        assert reader.pos == len(reader.buf)


def test_a_big_value_is_read_exactly_into_one_buffer():
    value = os.urandom(2 * 1024 * 1024 + 3)
    data = b"*3\r\n$-1\r\n$%d\r\n%s\r\n$2\r\nok\r\n" % (len(value), value)
    sock = ChunkedSocket(data, 65536)
    reader = _Replies(sock)
    assert reader.reply() == [None, value, b"ok"]
    assert sock.reads < len(data) // 65536 + 3  # no read is wasted on re-joining the value


def test_resp3_replies():
    """redis-py may ask for RESP3 in its handshake (HELLO 3): its types read as redis-py's."""
    verbatim = "txt:Kỳ".encode()
    stream = (b"_\r\n#t\r\n#f\r\n,1.5\r\n(12345678901234567890\r\n"
              + b"=%d\r\n%s\r\n" % (len(verbatim), verbatim)
              + b"%2\r\n$1\r\na\r\n:1\r\n+b\r\n_\r\n~2\r\n:1\r\n:2\r\n"
              + b">3\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n_\r\n:7\r\n"  # a push; :7
              + b"|1\r\n+ttl\r\n:3\r\n$2\r\nok\r\n"  # attributes, then the answer
              + b"!21\r\nSYNTAX invalid syntax\r\n")
    replies = parse(stream, 11, 4)
    assert replies[:10] == [None, True, False, 1.5, 12345678901234567890, "Kỳ".encode(),
                            {b"a": 1, b"b": None}, [1, 2], 7, b"ok"]
    assert type(replies[10]) is ResponseError and str(replies[10]) == "SYNTAX invalid syntax"


def test_a_bulk_string_of_the_wrong_length_is_a_protocol_error():
    with pytest.raises(InvalidResponse):
        parse(b"$3\r\nabcd\r\n", 1, 100)
    with pytest.raises(InvalidResponse):
        parse(b"?3\r\nabc\r\n", 1, 100)
    for data in (b":x\r\n", b"$x\r\n", b"*x\r\n", b"\r\n", b"$\r\n"):
        with pytest.raises(InvalidResponse):
            parse(data, 1, 100)


def test_a_reply_cut_short_by_the_server_is_a_connection_error():
    for data in (b"$5\r\nab", b":12", b"*2\r\n:1\r\n"):
        with pytest.raises(RedisConnectionError):
            parse(data, 1, 3)


def test_error_replies_are_redis_py_s_exceptions():
    readonly, wrongtype, ok = parse(b"-READONLY You can't write against a read only replica.\r\n"
                                    b"-WRONGTYPE Operation against a key holding the wrong kind of"
                                    b" value\r\n+OK\r\n", 3, 7)
    assert isinstance(readonly, ReadOnlyError)
    assert type(wrongtype) is ResponseError and "WRONGTYPE" in str(wrongtype)
    assert ok == b"OK"
    with pytest.raises(BusyLoadingError):  # a ConnectionError for redis-py: raised at once
        parse(b"-LOADING Redis is loading the dataset in memory\r\n", 1, 100)


def test_the_count_and_get_payload_is_the_general_packer_s():
    for counter, key in (("c", "v"), (":1:hotline:rl:results:ip-ab:1700000000", "Kỳ thi")):
        for timeout in (0, 1, 61.7, 3600):
            assert _count_and_get_payload(counter, timeout, key) == _resp(
                ("SET", counter, "0", "EX", str(max(1, int(timeout))), "NX"), ("INCR", counter),
                ("GET", key))


def test_a_hot_key_is_validated_as_any_other():
    cache = SharedClientRedisCache(f"redis://127.0.0.1:{dead_port()}/0", {"OPTIONS": OPTIONS})
    assert cache._hot_key("hotline:rl:x:1") == cache.make_and_validate_key("hotline:rl:x:1")
    assert cache._hot_key("Kỳ-thi") == cache.make_and_validate_key("Kỳ-thi")
    for bad in ("with space", "tab\there", "x" * 300, "del\x7f"):
        with pytest.warns(Warning, match="memcached"):
            cache._hot_key(bad)


# --- A kept connection on a socket pair (the test plays Redis) -----------------------------------


class PairConnection:
    """Stands for redis-py's Connection: ``connect()`` makes a socket pair whose other end the
    test holds (``peer``), with the timeout redis-py would set."""

    def __init__(self, timeout=0.3):
        self.timeout, self._sock, self.peer, self.connects = timeout, None, None, 0

    def connect(self):
        if self._sock is None:
            self._sock, self.peer = socket.socketpair()
            self._sock.settimeout(self.timeout)
            self.connects += 1

    def disconnect(self):
        if self._sock is not None:
            self._sock.close()
            self._sock = None


def answer(peer, *pieces, pause=0.002):
    """Read one request, then send ``pieces`` one by one, a little apart (a reply arriving
    over several reads)."""

    def run():
        peer.recv(65536)
        for piece in pieces:
            peer.sendall(piece)
            time.sleep(pause)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_split_replies_over_a_real_socket():
    connection = PairConnection()
    kept = _KeptConnection(connection)
    kept.open()
    big = b"p" * (1024 * 1024 + 11)
    header = b"$%d\r\n" % len(big)
    thread = answer(connection.peer, b"+O", b"K\r\n:", b"3\r\n*3\r\n$-1", b"\r\n", header,
                    big[:1000], big[1000:700000], big[700000:] + b"\r", b"\n$-", b"1\r\n")
    replies = kept.round_trip(b"anything", 3)
    thread.join()
    assert replies[0] == b"OK" and replies[1] == 3
    assert replies[2] == [None, big, None]


def test_the_kernel_keeps_the_configured_timeout():
    connection = PairConnection(timeout=0.25)
    kept = _KeptConnection(connection)
    sock = kept.open()
    assert sock.gettimeout() is None  # blocking: the kernel's SO_RCVTIMEO waits instead
    started = time.monotonic()
    with pytest.raises(RedisTimeoutError):
        kept.round_trip(b"PING", 1)  # nobody answers
    assert 0.2 < time.monotonic() - started < 1.0
    assert kept.sock is None and connection._sock is None  # dropped


def test_something_to_read_before_sending_replaces_the_connection():
    connection = PairConnection()
    kept = _KeptConnection(connection)
    kept.open()
    first_peer = connection.peer
    first_peer.sendall(b"-ERR junk nobody asked for\r\n")
    # The kept socket is replaced before anything is sent: the answer comes on the new one.
    answering = []

    def connect_and_answer():
        PairConnection.connect(connection)
        answering.append(answer(connection.peer, b":1\r\n"))

    connection.connect = connect_and_answer
    assert kept.round_trip(b"INCR", 1) == [1]
    assert connection.connects == 2
    try:
        gone = first_peer.recv(100) == b""
    except ConnectionResetError:  # closed with the junk unread
        gone = True
    assert gone
    answering[0].join()


def test_a_closed_peer_is_replaced_before_use():
    connection = PairConnection()
    kept = _KeptConnection(connection)
    kept.open()
    connection.peer.close()  # Redis went away (restart, idle timeout)
    answering = []

    def connect_and_answer():
        PairConnection.connect(connection)
        answering.append(answer(connection.peer, b"+PONG\r\n"))

    connection.connect = connect_and_answer
    assert kept.round_trip(b"PING", 1) == [b"PONG"]
    assert connection.connects == 2
    answering[0].join()


def test_more_than_was_asked_for_drops_the_connection():
    connection = PairConnection()
    kept = _KeptConnection(connection)
    kept.open()
    thread = answer(connection.peer, b":1\r\n:2\r\n")
    with pytest.raises(InvalidResponse):
        kept.round_trip(b"INCR", 1)
    thread.join()
    assert kept.sock is None


# --- Against a throwaway redis-server ------------------------------------------------------------


def backend(url):
    return SharedClientRedisCache(url, {"OPTIONS": OPTIONS, "KEY_PREFIX": f"r{time.monotonic_ns()}"})


def test_mget_with_nils_and_a_big_value(live_redis):
    cache = backend(live_redis.url)
    page = ("version", (("Content-Type", "text/html"),), os.urandom(1536 * 1024))
    cache.set_many({"a": 1, "page": page, "z": "cuối"}, 60)
    assert cache.get_many(["missing", "a", "gone", "page", "z", "none"]) == {
        "a": 1, "page": page, "z": "cuối"}
    raw = cache._cache._round_trip(False, _resp(("MGET", cache.make_key("x"), cache.make_key("a"),
                                                 cache.make_key("y"))), 1)
    assert raw == [[None, b"1", None]]


def test_an_error_reply_raises_and_keeps_the_connection(live_redis):
    cache = backend(live_redis.url)
    client = cache._cache
    redis.Redis.from_url(live_redis.url).rpush(cache.make_key("list"), "x")
    client._round_trip(True, _resp(("PING",)), 1)
    sock = client._kept_connection(True).sock
    with pytest.raises(ResponseError, match="WRONGTYPE"):
        client._round_trip(True, _resp(("GET", cache.make_key("list")), ("PING",)), 2)
    assert client._kept_connection(True).sock is sock  # every reply was read: still in step
    assert client._round_trip(True, _resp(("PING",)), 1) == [b"PONG"]
    # Through count_and_get: a refused command is a miss that leaves the breaker closed.
    assert cache.count_and_get("list", 60, "v") is None
    assert cache.available


def test_readonly_opens_the_breaker(live_redis, monkeypatch):
    monkeypatch.setattr(portal_cache, "BREAKER_SECONDS", 30)
    cache = backend(live_redis.url)
    assert cache.count_and_get("c", 60, "v") == (1, None)
    redis.Redis.from_url(live_redis.url).replicaof("127.0.0.1", dead_port())  # now read-only
    assert cache.count_and_get("c", 60, "v") is None
    assert not cache.available


def test_a_connection_redis_killed_is_replaced_before_use(live_redis):
    cache = backend(live_redis.url)
    cache.set("v", "phiên bản", None)
    client = cache._cache
    assert cache.count_and_get("c", 60, "v") == (1, "phiên bản")
    kept = client._kept_connection(True)
    sock = kept.sock
    (own_id,) = client._round_trip(True, _resp(("CLIENT", "ID")), 1)
    assert redis.Redis.from_url(live_redis.url).client_kill_filter(_id=own_id) == 1
    assert cache.count_and_get("c", 60, "v") == (2, "phiên bản")  # no miss, no breaker
    assert kept.sock is not sock and cache.available


def test_a_hung_redis_fails_within_the_socket_timeout(live_redis, monkeypatch):
    monkeypatch.setattr(portal_cache, "BREAKER_SECONDS", 30)
    cache = backend(live_redis.url)
    cache.set("a", 1, 60)
    assert cache.count_and_get("c", 60, "a") == (1, 1)
    assert cache.get_many(["a"]) == {"a": 1}
    os.kill(live_redis.process.pid, signal.SIGSTOP)  # it hangs: the connections stay open
    try:
        started = time.monotonic()
        assert cache.count_and_get("c", 60, "a") is None
        assert time.monotonic() - started < 1.0
        assert not cache.available
        assert cache._cache._kept_connection(True).sock is None  # dropped
    finally:
        os.kill(live_redis.process.pid, signal.SIGCONT)


def test_a_timeout_on_the_read_connection_too(live_redis):
    cache = backend(live_redis.url)
    client = cache._cache
    client._round_trip(False, _resp(("PING",)), 1)
    os.kill(live_redis.process.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        with pytest.raises(RedisTimeoutError):
            client._round_trip(False, _resp(("MGET", "a")), 1)
        assert time.monotonic() - started < 1.0
    finally:
        os.kill(live_redis.process.pid, signal.SIGCONT)
    assert client._round_trip(False, _resp(("PING",)), 1) == [b"PONG"]  # a new connection


def test_a_new_connection_after_a_fork(live_redis):
    """A forked child (a gunicorn worker) makes its own connection and leaves the parent's
    alone."""
    cache = backend(live_redis.url)
    client = cache._cache
    (parent_id,) = client._round_trip(True, _resp(("CLIENT", "ID")), 1)
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child's verdict goes through the pipe)
        try:
            (child_id,) = client._round_trip(True, _resp(("CLIENT", "ID")), 1)
            os.write(writing, b"%d" % child_id)
        finally:
            os._exit(0)
    os.close(writing)
    child_id = int(os.read(reading, 100) or b"0")
    os.close(reading)
    os.waitpid(child, 0)
    assert child_id and child_id != parent_id
    assert client._round_trip(True, _resp(("CLIENT", "ID")), 1) == [parent_id]  # still its own


def test_hit_and_read_on_redis_and_with_its_breaker_open(live_redis, settings, monkeypatch):
    """The results lookup's one round trip through formguard.hit_and_read: a count and the
    value; None, without a try, while the breaker is open."""
    from django.core.cache import caches

    from examportal import formguard

    monkeypatch.setattr(portal_cache, "BREAKER_SECONDS", 30)
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "examportal.cache.SharedClientRedisCache", "LOCATION": live_redis.url,
        "KEY_PREFIX": f"h{time.monotonic_ns()}", "OPTIONS": OPTIONS}}
    caches["default"].set("version", "v1", None)
    first = formguard.hit_and_read("lookup", 3600, "ip-1", "version")
    assert first[1] == "v1" and first[0].value == 1 and 1 <= first[0].retry_after <= 3600
    assert formguard.hit_and_read("lookup", 3600, "ip-1", "version")[0].value == 2
    assert formguard.hit_and_read("lookup", 3600, "ip-2", "missing")[0].value == 1
    assert formguard.hit_and_read("lookup", 3600, "ip-2", "missing")[1] is None
    live_redis.stop()
    assert formguard.hit_and_read("lookup", 3600, "ip-1", "version") is None
    assert not portal_cache.cache_available()
    with monkeypatch.context() as patch:
        patch.setattr(_KeptConnection, "round_trip", lambda *args: pytest.fail("Redis was tried"))
        assert formguard.hit_and_read("lookup", 3600, "ip-1", "version") is None

"""Rate limits and proof of work for the public forms (hotline, Q&A, alerts).

What must hold (issue 14, item 4): no group of addresses can stop a person from filing a hotline
report or reading their own report. So:

* **Refusals are per address only.** Each client address (IPv6: its /64, which one subscriber
  holds) has its own fixed-window counters: hotline submissions (``SUBMIT_LIMIT_PER_IP`` an hour)
  and failed status look-ups (``LOOKUP_LIMIT_PER_IP`` in 15 minutes). Over its own limit an
  address gets 429, a ``Retry-After`` header and a message with the true wait: the minutes left
  in the counter's window (windows are aligned to the clock, so that is exact).
* **Site-wide pressure asks for more proof, it never refuses.** The site-wide counters
  (``SUBMIT_LIMIT_GLOBAL``, ``LOOKUP_LIMIT_GLOBAL``, kept under their old names) are a signal:
  above them the forms carry a proof-of-work challenge (``PROOF_BITS`` leading zero bits of
  SHA-256, a few seconds in a phone's browser, ``static/js/proof-of-work.js``). A report sent
  under pressure without a valid proof (no JavaScript, or not solved) is filed all the same and
  marked ``unverified`` for the inspectors ("gửi khi quá tải, chưa xác minh").
* **Per reference, proof instead of a lock.** Failed look-ups are also counted per reference
  (``LOOKUP_LIMIT_PER_REFERENCE``). Locking a reference would let anyone lock a victim's report,
  and its access key (140 random bits) cannot be guessed anyway; so a reference under attack, like
  site-wide pressure, only makes proof count: a wrong key sent without a valid proof counts
  ``LOOKUP_UNPROVEN_WEIGHT`` times against the sender's own address, with one it counts once.
  The right key is always accepted from an address within its limit.

A proof of work is ``sha256(challenge + ":" + solution)`` with at least ``bits`` leading zero
bits, where the challenge is a server-signed token holding a timestamp, a random nonce and the
difficulty (for the report form: its own signed form token). The server checks it with one hash;
its nonce is single use (the report form's nonce is stored with the report; a look-up proof's
nonce in ``UsedNonce``).

Counters live in the cache (Redis in production, shared by every app server); keys carry a keyed
hash of the address or reference, never the value itself. While the cache is failing
(``examportal.cache.cache_available`` is False, or an operation could not count) they are counted
in the database (``RateCounter``, an atomic ``F()`` increment), so the limits neither fail open
nor closed.
"""

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils.crypto import salted_hmac

from . import conf

# Scopes used by the views.
SUBMIT = "submit"
LOOKUP = "lookup"
LOOKUP_REFERENCE = "lookup-ref"
ALL = "all"


def client_ip(request):
    """The client's IP: REMOTE_ADDR, or the header a trusted reverse proxy sets (configurable).

    In a list (X-Forwarded-For) the last entry is the one our proxy added; earlier entries come
    from the client and could be forged to dodge the limits.
    """
    header = conf.get("CLIENT_IP_HEADER")
    value = request.META.get(header, "") if header else ""
    value = value.split(",")[-1].strip() or request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _limited_address(ip):
    """The unit a limit applies to: an IPv4 address, or the /64 an IPv6 address belongs to."""
    if not ip:
        return "unknown"
    address = ipaddress.ip_address(ip)
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _token(kind, value):
    return salted_hmac(f"hotline.ratelimit.{kind}", value, algorithm="sha256").hexdigest()[:32]


def ip_subject(ip):
    return _token("ip", _limited_address(ip))


def reference_subject(year, number):
    return _token("reference", f"{year}-{number}")


def _cache_available():
    from examportal.cache import cache_available

    return cache_available()


# --- Fixed-window counters ------------------------------------------------------------------

@dataclass(frozen=True)
class Count:
    value: int
    retry_after: int  # seconds until the window ends

    @property
    def minutes(self):
        return wait_minutes(self.retry_after)


def wait_minutes(seconds):
    """Whole minutes to tell a person, never fewer than the real wait (and at least one)."""
    return max(1, math.ceil(seconds / 60))


def _window(window, now=None):
    now = time.time() if now is None else now
    start = int(now // window * window)
    return start, max(1, math.ceil(start + window - now))


def _cache_key(scope, subject, start):
    return f"hotline:rl:{scope}:{subject}:{start}"


def _dt(seconds):
    return datetime.fromtimestamp(seconds, tz=UTC)


def _db_add(scope, subject, start, window, amount):
    from .models import RateCounter

    lookup = {"scope": scope, "subject": subject, "window_start": _dt(start)}
    with transaction.atomic():
        RateCounter.objects.bulk_create(
            [RateCounter(**lookup, expires_at=_dt(start + window), count=0)], ignore_conflicts=True)
        RateCounter.objects.filter(**lookup).update(count=F("count") + amount)
        value = RateCounter.objects.filter(**lookup).values_list("count", flat=True).get()
    if subject == ALL and value == amount:
        # A new window of the site-wide counter: drop this scope's ended windows.
        RateCounter.objects.filter(scope=scope, expires_at__lte=_dt(start)).delete()
    return value


def _db_get(scope, subject, start):
    from .models import RateCounter

    return (RateCounter.objects.filter(scope=scope, subject=subject, window_start=_dt(start))
            .values_list("count", flat=True).first()) or 0


def _cache_add(key, amount, timeout):
    """Add to a cache counter; None when the cache could not count (it is down or refused)."""
    for _ in range(2):
        if cache.add(key, amount, timeout=timeout):
            return amount
        try:
            return cache.incr(key, amount)
        except ValueError:  # expired between add() and incr(), or the cache failed
            continue
    return None


def hit(scope, window, subject=ALL, amount=1):
    """Add ``amount`` to the counter of ``subject`` in the current window; return its Count."""
    start, remaining = _window(window)
    value = None
    if _cache_available():
        value = _cache_add(_cache_key(scope, subject, start), amount, remaining + 1)
        if value is not None and not _cache_available():
            value = None  # the cache failed during the call: what it said may not hold
    if value is None:
        value = _db_add(scope, subject, start, window, amount)
    return Count(value, remaining)


def peek(scope, window, subject=ALL):
    """The counter of ``subject`` in the current window, without adding to it."""
    start, remaining = _window(window)
    value = None
    if _cache_available():
        value = cache.get(_cache_key(scope, subject, start))
        if value is None and not _cache_available():
            value = _db_get(scope, subject, start)
    else:
        value = _db_get(scope, subject, start)
    return Count(value or 0, remaining)


# --- Generic per-address limit (Q&A, alerts) --------------------------------------------------

def limited(scope, ip, per_ip, overall, window):
    """Seconds to wait when the client (or the whole site) reached its limit for ``scope``;
    0 when not limited."""
    mine = peek(scope, window, ip_subject(ip))
    if mine.value >= per_ip:
        return mine.retry_after
    site = peek(scope, window)
    if site.value >= overall:
        return site.retry_after
    return 0


def hit_both(scope, ip, window):
    hit(scope, window, ip_subject(ip))
    hit(scope, window)


# --- Hotline submissions ------------------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    allowed: bool
    retry_after: int = 0  # when refused: seconds until this address may send again
    pressure: bool = False  # the site is over its submission level: proof is asked for

    @property
    def minutes(self):
        return wait_minutes(self.retry_after)


def submit_pressure():
    """True while the site takes more reports than its usual level: forms ask for proof."""
    return peek(SUBMIT, conf.get("SUBMIT_WINDOW_SECONDS")).value >= conf.get("SUBMIT_LIMIT_GLOBAL")


def take_submit_slot(ip):
    """Count one submission from ``ip``. Refused only when that address is over its own limit
    (the increment is atomic, also in Redis across app servers, so parallel requests cannot all
    slip under it); a refused one adds nothing to the site-wide counter, which only says whether
    the site is under pressure."""
    window = conf.get("SUBMIT_WINDOW_SECONDS")
    per_ip = conf.get("SUBMIT_LIMIT_PER_IP")
    subject = ip_subject(ip)
    mine = peek(SUBMIT, window, subject)
    if mine.value >= per_ip:
        return Slot(False, mine.retry_after)
    mine = hit(SUBMIT, window, subject)
    if mine.value > per_ip:
        return Slot(False, mine.retry_after)
    site = hit(SUBMIT, window)
    return Slot(True, pressure=site.value > conf.get("SUBMIT_LIMIT_GLOBAL"))


# --- Status look-ups --------------------------------------------------------------------------

def lookup_refusal(ip):
    """Seconds this address must wait before looking up again (0: it may go on)."""
    mine = peek(LOOKUP, conf.get("LOOKUP_WINDOW_SECONDS"), ip_subject(ip))
    return mine.retry_after if mine.value >= conf.get("LOOKUP_LIMIT_PER_IP") else 0


def lookup_pressure(parsed_reference=None):
    """True when look-ups must bring proof: the site has many failed look-ups, or this
    reference has (it is under attack)."""
    window = conf.get("LOOKUP_WINDOW_SECONDS")
    if peek(LOOKUP, window).value >= conf.get("LOOKUP_LIMIT_GLOBAL"):
        return True
    if parsed_reference:
        subject = reference_subject(*parsed_reference)
        return peek(LOOKUP_REFERENCE, window, subject).value >= conf.get("LOOKUP_LIMIT_PER_REFERENCE")
    return False


def record_failed_lookup(ip, parsed_reference=None, weight=1):
    window = conf.get("LOOKUP_WINDOW_SECONDS")
    hit(LOOKUP, window, ip_subject(ip), amount=weight)
    hit(LOOKUP, window)
    if parsed_reference:
        hit(LOOKUP_REFERENCE, window, reference_subject(*parsed_reference))


# --- Proof of work ------------------------------------------------------------------------------

def leading_zero_bits(digest):
    bits = 0
    for byte in digest:
        if byte:
            return bits + 8 - byte.bit_length()
        bits += 8
    return bits


def proof_holds(challenge, solution, bits):
    """One SHA-256: does ``solution`` prove ``bits`` of work on ``challenge``?"""
    if not bits or not challenge or not solution or len(solution) > 20 or not solution.isdigit():
        return False
    digest = hashlib.sha256(f"{challenge}:{solution}".encode()).digest()
    return leading_zero_bits(digest) >= bits


def solve(challenge, bits):
    """Find a solution the way the browser does (for tests and tools)."""
    counter = 0
    while not proof_holds(challenge, str(counter), bits):
        counter += 1
    return str(counter)

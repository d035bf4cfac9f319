"""One guard for the public forms: the hotline report, the Q&A question, the alert subscription.

A form sent by the public goes through three steps, the same for every form:

1. **The form** (``GuardedForm``): a honeypot field hidden by CSS (``website``) and a signed
   token (``form_token``) holding the time the form was shown and a random nonce. A form sent
   back faster than its minimum fill time (bots fill forms at once) or later than its maximum
   is refused with a Vietnamese message and keeps what was typed. The token may also ask for a
   proof of work (the hotline under pressure, see "Proof of work" below).
2. **A slot** (``take_slot(limit, ip)``): one atomic increment of the address's counter for
   the form's scope in the current window decides, so parallel requests cannot all pass a
   check made before any of them is counted. Each client address (IPv6: its /64) has its own
   limit; over it the address is refused with the true wait (429, ``Retry-After``, the minutes
   left in the window: windows are aligned to the clock). The site-wide counter either refuses
   too (Q&A, alerts) or only signals pressure (the hotline, which then asks for a proof of work
   instead of refusing anybody).
3. **Filing once** (``file_once``, ``Slot.spend``): the token's nonce is stored in the database
   (``UsedNonce``) in the transaction that files the form, which a connection lost before the
   commit runs again once (``examportal.db.retry_on_lost_connection``); a form sent twice is
   filed once. A slot whose form was not filed (sent before, refused by the service) is given
   back, so the limit counts what was filed.

Counters live in the cache (Redis in production, shared by every app server); keys carry a keyed
hash of the address, never the address itself. While the cache is failing
(``examportal.cache.cache_available`` is False, or an operation could not count) they are
counted in the database (``RateCounter``, an atomic ``F()`` increment), so the limits neither
fail open nor closed.

``GuardedFormView`` runs steps 1-3 for a form page whose success is a redirect (Q&A, alerts);
the hotline's view, which also stores files and shows the reference of a duplicate, calls
``take_slot`` and ``Slot.spend`` itself.
"""

import hashlib
import ipaddress
import math
import os
import secrets
import time
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.generic import FormView

from .cache import SharedClientRedisCache, cache_available
from .db import retry_on_lost_connection

ALL = "all"  # the subject of a site-wide counter
ADDRESS, SITE = "address", "site"  # what refused a slot

# Behind a trusted reverse proxy, the header that carries the client's address (for example
# HTTP_X_REAL_IP); empty: REMOTE_ADDR. One proxy stands before every form; the setting (or
# environment variable) keeps the name the deployment already uses.
IP_HEADER_SETTING = "HOTLINE_CLIENT_IP_HEADER"


# --- Who is asking ------------------------------------------------------------------------------

def _ip_header():
    if hasattr(settings, IP_HEADER_SETTING):
        return getattr(settings, IP_HEADER_SETTING)
    return os.environ.get(IP_HEADER_SETTING, "")


def client_ip(request):
    """The client's IP: REMOTE_ADDR, or the header a trusted reverse proxy sets.

    In a list (X-Forwarded-For) the last entry is the one our proxy added; earlier entries come
    from the client and could be forged to dodge the limits.
    """
    header = _ip_header()
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


def subject(kind, value):
    """A counter's subject: a keyed hash of ``value``, never the value itself. (The salt keeps
    the name it had in hotline/ratelimit.py, so counters live on across the move.)"""
    return salted_hmac(f"hotline.ratelimit.{kind}", value, algorithm="sha256").hexdigest()[:32]


def address_subject(ip):
    return subject("ip", _limited_address(ip))


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


def duration_text(seconds):
    """A window's length as people say it: "1 giờ", "15 phút"."""
    if seconds % 3600 == 0:
        return f"{seconds // 3600} giờ"
    return f"{wait_minutes(seconds)} phút"


def _window(window, now=None):
    now = time.time() if now is None else now
    start = int(now // window * window)
    return start, max(1, math.ceil(start + window - now))


def _cache_key(scope, subject, start):
    return f"hotline:rl:{scope}:{subject}:{start}"  # the name it had before the move


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


@dataclass(frozen=True)
class _Added:
    """Where one increment was counted, to give it back."""

    scope: str
    subject: str
    start: int
    in_cache: bool


def _add(scope, window, subject, amount):
    start, remaining = _window(window)
    value = None
    if cache_available():
        value = _cache_add(_cache_key(scope, subject, start), amount, remaining + 1)
        if value is not None and not cache_available():
            value = None  # the cache failed during the call: what it said may not hold
    in_cache = value is not None
    if not in_cache:
        value = _db_add(scope, subject, start, window, amount)
    return Count(value, remaining), _Added(scope, subject, start, in_cache)


def _give_back(added):
    """Take one back from the counter ``added`` went to (a cache that failed since keeps it:
    the limit errs on the safe side until the window ends)."""
    if added.in_cache:
        if cache_available():
            with suppress(ValueError):  # the window ended, or the cache failed
                cache.decr(_cache_key(added.scope, added.subject, added.start))
        return
    from .models import RateCounter

    RateCounter.objects.filter(scope=added.scope, subject=added.subject,
                               window_start=_dt(added.start), count__gt=0).update(
        count=F("count") - 1)


def hit(scope, window, subject=ALL, amount=1):
    """Add ``amount`` to the counter of ``subject`` in the current window; return its Count."""
    return _add(scope, window, subject, amount)[0]


def hit_and_read(scope, window, subject, key):
    """``hit()`` and ``cache.get(key)`` together, in one round trip where the cache is Redis
    (a fast path's count and the page cache's content version). None when the cache cannot
    count (down, or failing meanwhile): the caller goes the usual way, which counts in the
    database."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    start, remaining = _window(window)
    counter = _cache_key(scope, subject, start)
    if isinstance(backend, SharedClientRedisCache):
        # None at once, without trying Redis, while its breaker is open (when
        # cache_available() is False), as when the call fails.
        found = backend.count_and_get(counter, remaining + 1, key)
        if found is None or not backend.available:
            return None
        value, read = found
    else:
        if not cache_available():
            return None
        value = _cache_add(counter, 1, remaining + 1)
        if value is None:
            return None
        read = cache.get(key)
        if not cache_available():
            return None
    return Count(value, remaining), read


def peek(scope, window, subject=ALL):
    """The counter of ``subject`` in the current window, without adding to it."""
    start, remaining = _window(window)
    if cache_available():
        value = cache.get(_cache_key(scope, subject, start))
        if value is None and not cache_available():
            value = _db_get(scope, subject, start)
    else:
        value = _db_get(scope, subject, start)
    return Count(value or 0, remaining)


# --- Slots --------------------------------------------------------------------------------------

ADDRESS_MESSAGE = ("Địa chỉ mạng của bạn đã gửi biểu mẫu này nhiều lần: tối đa {limit} lần trong "
                   "{duration}. Vui lòng thử lại sau {minutes} phút.")
SITE_MESSAGE = "Hệ thống đang nhận quá nhiều yêu cầu. Vui lòng thử lại sau {minutes} phút."


@dataclass(frozen=True)
class Limit:
    """How many forms of one kind (``scope``) an address may send per window, and the site.

    The messages are formatted with ``limit`` (the number that was reached), ``duration`` (the
    window, "1 giờ") and ``minutes`` (the true wait).
    """

    scope: str
    per_address: int
    window: int  # seconds
    site: int | None = None  # the site-wide level per window; None: not counted
    site_refuses: bool = True  # False: above the level nobody is refused, the slot says pressure
    address_message: str = ADDRESS_MESSAGE
    site_message: str = SITE_MESSAGE


@dataclass
class Slot:
    """The answer of ``take_slot``: allowed, or refused with the seconds until the window ends."""

    limit: Limit
    allowed: bool
    retry_after: int = 0
    refused_by: str = ""  # ADDRESS or SITE
    pressure: bool = False  # the site is above its level (a limit whose site does not refuse)
    added: tuple = ()

    @property
    def minutes(self):
        return wait_minutes(self.retry_after)

    @property
    def message(self):
        """Why the slot was refused and how long to wait, in Vietnamese ("" when allowed)."""
        if self.allowed:
            return ""
        by_site = self.refused_by == SITE
        template = self.limit.site_message if by_site else self.limit.address_message
        return template.format(limit=self.limit.site if by_site else self.limit.per_address,
                               duration=duration_text(self.limit.window), minutes=self.minutes)

    def give_back(self):
        """Nothing was filed with this slot: it no longer counts."""
        added, self.added = self.added, ()
        for one in added:
            _give_back(one)

    def spend(self, fn, /, *args, **kwargs):
        """``fn(*args, **kwargs)``: what this slot files. If it raises, the slot is given back."""
        try:
            return fn(*args, **kwargs)
        except Exception:
            self.give_back()
            raise


def take_slot(limit, ip):
    """Count one form from ``ip`` under ``limit``; refused when the address (or a site that
    refuses) is over its limit.

    The increment decides (atomic in Redis across app servers, and in the database while Redis
    is down): of N parallel requests exactly the ones within the limit are allowed. A refused
    request takes back what it added, so it counts nowhere.
    """
    mine = address_subject(ip)
    count = peek(limit.scope, limit.window, mine)
    if count.value >= limit.per_address:  # no write for an address that is plainly over
        return Slot(limit, False, count.retry_after, ADDRESS)
    count, added = _add(limit.scope, limit.window, mine, 1)
    if count.value > limit.per_address:
        _give_back(added)
        return Slot(limit, False, count.retry_after, ADDRESS)
    if limit.site is None:
        return Slot(limit, True, added=(added,))
    site, site_added = _add(limit.scope, limit.window, ALL, 1)
    over = site.value > limit.site
    if over and limit.site_refuses:
        _give_back(site_added)
        _give_back(added)
        return Slot(limit, False, site.retry_after, SITE)
    return Slot(limit, True, pressure=over, added=(added, site_added))


def site_pressure(limit):
    """True while the site takes more forms of this kind per window than ``limit.site``."""
    return limit.site is not None and peek(limit.scope, limit.window).value >= limit.site


def with_retry_after(response, seconds):
    if seconds:
        response["Retry-After"] = str(seconds)
    return response


# --- Single-use nonces --------------------------------------------------------------------------

class AlreadyFiled(Exception):
    """The form's nonce was used: it was filed before (``reference``: what the first sending
    filed, when it has one)."""

    def __init__(self, reference=""):
        super().__init__(reference)
        self.reference = reference


def claim_nonce(scope, nonce, *, keep_seconds=24 * 3600, reference=""):
    """Record a public form's single-use nonce; False when it was used before.

    Call it inside the transaction that files what the form sent: a rolled-back filing frees
    the nonce again, and a second sending of the same form waits for the first one's commit
    (unique index) and then finds its nonce taken. ``keep_seconds``: how long the form it came
    with can still be sent (its maximum fill time); after that the nonce is deleted.
    """
    from .models import UsedNonce

    now = timezone.now()
    try:
        with transaction.atomic():
            UsedNonce.objects.create(scope=scope, nonce=nonce, reference=reference, created_at=now,
                                     expires_at=now + timedelta(seconds=keep_seconds))
    except IntegrityError:
        return False
    transaction.on_commit(forget_old_nonces, robust=True)
    return True


def nonce_reference(scope, nonce):
    from .models import UsedNonce

    return UsedNonce.objects.filter(scope=scope, nonce=nonce).values_list(
        "reference", flat=True).first() or ""


def set_nonce_reference(scope, nonce, reference):
    from .models import UsedNonce

    UsedNonce.objects.filter(scope=scope, nonce=nonce).update(reference=reference)


def forget_old_nonces(now=None):
    """Nonces of forms that can no longer be sent are of no use any more."""
    from .models import UsedNonce

    return UsedNonce.objects.filter(expires_at__lt=now or timezone.now()).delete()[0]


def file_once(scope, form, fn, /, *args, **kwargs):
    """Claim ``form``'s nonce in ``scope`` and run ``fn(*args, **kwargs)`` in one transaction,
    run again once if the connection dies before the commit. AlreadyFiled when the form was
    filed before (a double click, a reload)."""

    def file():
        if not claim_nonce(scope, form.nonce, keep_seconds=form.max_fill_seconds()):
            raise AlreadyFiled(nonce_reference(scope, form.nonce))
        return fn(*args, **kwargs)

    return retry_on_lost_connection(file)


# --- The form -----------------------------------------------------------------------------------

def new_token(salt, proof_bits=0):
    """A form's signed start time and single-use nonce; with ``proof_bits`` the token is also
    the challenge of a proof of work."""
    payload = {"t": time.time(), "n": secrets.token_urlsafe(12)}
    if proof_bits:
        payload["p"] = int(proof_bits)
    return signing.dumps(payload, salt=salt)


def proof_widget():
    """The hidden field static/js/proof-of-work.js fills with its solution."""
    return forms.HiddenInput(attrs={"data-proof": "", "autocomplete": "off"})


class GuardedForm(forms.Form):
    """A public form with a honeypot (``website``) and a signed start time (``form_token``).

    Subclasses set ``token_salt``, ``submit_label`` (the button the messages name) and ``conf``,
    the app's settings module, whose ``MIN_FILL_SECONDS`` and ``MAX_FILL_SECONDS`` are read at
    call time. After ``is_valid()``, ``nonce`` is the token's single-use nonce and ``proven``
    says whether the proof of work the token asked for (``proof_bits``) was brought in the
    ``proof`` field (a template renders ``form.proof`` where it may ask for one).
    """

    token_salt = "portal.form-token"  # noqa: S105 -- a signing salt, not a secret
    submit_label = "Gửi"
    conf = None
    sent_noun = "Biểu mẫu"  # "… được gửi quá nhanh"
    honeypot_message = "Không gửi được biểu mẫu. Vui lòng thử lại sau."

    # Hidden from people by CSS, filled by bots.
    website = forms.CharField(label="Để trống ô này", required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # The solution of the proof of work, when the token asks for one.
    proof = forms.CharField(required=False, max_length=20, widget=proof_widget())

    def __init__(self, *args, proof_bits=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial.setdefault("form_token", new_token(self.token_salt, proof_bits))
        self.nonce = None
        self.proven = False

    def min_fill_seconds(self):
        return self.conf.get("MIN_FILL_SECONDS") if self.conf else 4

    def max_fill_seconds(self):
        return self.conf.get("MAX_FILL_SECONDS") if self.conf else 12 * 3600

    def _token_payload(self):
        token = self.data.get("form_token") if self.is_bound else self.initial.get("form_token")
        try:
            payload = signing.loads(token or "", salt=self.token_salt)
        except signing.BadSignature:
            return None
        return payload if isinstance(payload, dict) else None

    @property
    def proof_bits(self):
        """The difficulty of the proof of work this form asks for (0: none asked)."""
        payload = self._token_payload() or {}
        try:
            return max(0, int(payload.get("p", 0)))
        except (TypeError, ValueError):
            return 0

    def ask_for_proof(self, bits):
        """Shown again while the site is under pressure: carry a challenge from now on (same
        start time and nonce, so nothing else about the form changes)."""
        if not self.is_bound or self.proof_bits:
            return
        payload = self._token_payload() or {"t": time.time(), "n": secrets.token_urlsafe(12)}
        payload["p"] = int(bits)
        self.data = self.data.copy()
        self.data["form_token"] = signing.dumps(payload, salt=self.token_salt)
        self.data["proof"] = ""

    def _send_again(self, problem, code):
        return ValidationError(f"{problem} Vui lòng kiểm tra lại nội dung rồi bấm "
                               f"“{self.submit_label}” lần nữa.", code=code)

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(self.honeypot_message, code="honeypot")
        token = data.get("form_token") or ""
        try:
            payload = signing.loads(token, salt=self.token_salt, max_age=self.max_fill_seconds())
        except signing.SignatureExpired:
            self._renew_token()
            raise self._send_again("Biểu mẫu đã mở quá lâu.", "expired") from None
        except signing.BadSignature:
            self._renew_token()
            raise self._send_again("Biểu mẫu không hợp lệ.", "bad_token") from None
        if time.time() - payload.get("t", 0) < self.min_fill_seconds():
            raise self._send_again(f"{self.sent_noun} được gửi quá nhanh.", "too_fast")
        self.nonce = payload.get("n")
        bits = payload.get("p", 0)
        self.proven = bool(bits) and proof_holds(token, data.get("proof") or "", bits)
        return data

    def _renew_token(self):
        self.data = self.data.copy()
        self.data["form_token"] = new_token(self.token_salt, self.proof_bits)


class GuardedFormView(FormView):
    """The page of a GuardedForm that files what it sends and then redirects.

    Subclasses set ``success_url`` and ``refusals`` (the services' exceptions whose message is
    shown on the form), and define ``limit()`` (a Limit, read at call time; its scope is also
    the scope of the form's nonces) and ``file(form)`` (what a valid form files; it runs in the
    transaction that stores the form's nonce). An invalid form answers 400, a refused slot 429
    with Retry-After; both keep what was typed.
    """

    refusals = ()

    def limit(self):
        raise NotImplementedError

    def file(self, form):
        raise NotImplementedError

    def form_invalid(self, form, status=400):
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def form_valid(self, form):
        limit = self.limit()
        slot = take_slot(limit, client_ip(self.request))
        if not slot.allowed:
            form.add_error(None, slot.message)
            return with_retry_after(self.form_invalid(form, status=429), slot.retry_after)
        try:
            slot.spend(file_once, limit.scope, form, self.file, form)
        except AlreadyFiled:
            pass  # the same form sent again (a double click, a reload): the first one counts
        except (ValidationError, *self.refusals) as exc:
            form.add_error(None, exc if isinstance(exc, ValidationError) else exc.message)
            return self.form_invalid(form)
        return redirect(self.get_success_url())


# --- Proof of work ------------------------------------------------------------------------------
#
# A proof of work is ``sha256(challenge + ":" + solution)`` with at least ``bits`` leading zero
# bits, where the challenge is a server-signed token holding a timestamp, a random nonce and the
# difficulty (for a GuardedForm: its own form token). The server checks it with one hash; the
# browser searches (static/js/proof-of-work.js).

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

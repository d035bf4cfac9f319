"""Fixed-window counters in Django's cache (Redis in production, so every app server shares them).

Keys carry a keyed hash of the client IP, never the address itself.
"""

import ipaddress

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from . import conf


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


def _ip_token(ip):
    return salted_hmac("hotline.ratelimit.ip", ip or "unknown", algorithm="sha256").hexdigest()[:32]


def _key(scope, ip=None):
    return f"hotline:rl:{scope}:{_ip_token(ip) if ip is not None else 'all'}"


def count(scope, ip=None):
    return cache.get(_key(scope, ip), 0)


def hit(scope, window, ip=None):
    """Add one to a counter that lives ``window`` seconds from its first hit; return the count."""
    key = _key(scope, ip)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        return 1


def limited(scope, ip, per_ip, overall):
    """True when either the client's counter or the global one has reached its limit."""
    return count(scope, ip) >= per_ip or count(scope) >= overall


def hit_both(scope, ip, window):
    hit(scope, window, ip)
    hit(scope, window)


# Scopes used by the views.
SUBMIT = "submit"
LOOKUP = "lookup"


def submit_limited(ip):
    return limited(SUBMIT, ip, conf.get("SUBMIT_LIMIT_PER_IP"), conf.get("SUBMIT_LIMIT_GLOBAL"))


def record_submit(ip):
    hit_both(SUBMIT, ip, conf.get("SUBMIT_WINDOW_SECONDS"))


def take_submit_slot(ip):
    """Count one submission and say whether it is within the limits. The increment is atomic
    (also in Redis across app servers), so parallel requests cannot all slip under the limit;
    a client already over its limit adds nothing to the global counter."""
    if submit_limited(ip):
        return False
    window = conf.get("SUBMIT_WINDOW_SECONDS")
    per_ip = hit(SUBMIT, window, ip)
    overall = hit(SUBMIT, window)
    return per_ip <= conf.get("SUBMIT_LIMIT_PER_IP") and overall <= conf.get("SUBMIT_LIMIT_GLOBAL")


def lookup_limited(ip):
    return limited(LOOKUP, ip, conf.get("LOOKUP_LIMIT_PER_IP"), conf.get("LOOKUP_LIMIT_GLOBAL"))


def record_failed_lookup(ip):
    hit_both(LOOKUP, ip, conf.get("LOOKUP_WINDOW_SECONDS"))

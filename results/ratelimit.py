"""The lookup limit: lookups per address and minute (default 120), counted in the shared cache
(Redis in production, so every app server shares the count) and in the database while the cache
is down, by the core's public-form guard (examportal.formguard; before it, the hotline's
counters, which it grew out of)."""

from django.conf import settings

try:
    from examportal import formguard as _guard

    def _subject(ip):
        return _guard.address_subject(ip)
except ImportError:  # the guard not yet in the core: the hotline's counters
    from hotline import ratelimit as _guard

    def _subject(ip):
        return _guard.ip_subject(ip)

SCOPE = "results-lookup"
WINDOW = 60


def limit():
    return getattr(settings, "RESULTS_LOOKUPS_PER_MINUTE", 120)


def client_ip(request):
    return _guard.client_ip(request)


def take(request):
    """Count one lookup for the request's address; 0 if it may go on, else seconds to wait."""
    count = _guard.hit(SCOPE, WINDOW, _subject(client_ip(request)))
    return count.retry_after if count.value > limit() else 0

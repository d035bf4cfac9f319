"""The lookup limit: lookups per address and minute (``RESULTS_LOOKUPS_PER_MINUTE``, default
120), counted by the core's public-form guard (examportal.formguard) in the shared cache (Redis
in production, so every app server shares the count) and in the database while the cache is
down."""

from examportal import formguard
from examportal.conf import AppSettings

SCOPE = "results-lookup"
WINDOW = 60

get = AppSettings("RESULTS", {"LOOKUPS_PER_MINUTE": 120}).get


def limit():
    return get("LOOKUPS_PER_MINUTE")


def client_ip(request):
    return formguard.client_ip(request)


# Where the lookup's fast path (results.fastpath) leaves the Count it already took for a
# request it hands on to Django, so that the request is counted once.
COUNTED_ENVIRON_KEY = "results.lookup_counted"


def subject(request):
    return formguard.address_subject(client_ip(request))


def wait_for(count):
    return count.retry_after if count.value > limit() else 0


def take(request):
    """Count one lookup for the request's address; 0 if it may go on, else seconds to wait."""
    count = request.META.get(COUNTED_ENVIRON_KEY)
    if count is None:
        count = formguard.hit(SCOPE, WINDOW, subject(request))
    return wait_for(count)

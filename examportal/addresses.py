"""Addresses of public objects, reversed once each.

A list page shows dozens of links; ``reverse()`` costs tens of microseconds each time. What it
returns depends only on the view name, the arguments, the script prefix and the URLconf, so
the answer is kept (per process, at most 16,384 of them) under all four.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def cached_reverse(viewname, **kwargs):
    return _reverse(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, viewname,
                    tuple(sorted(kwargs.items())))


@lru_cache(maxsize=16384)
def _reverse(script_prefix, urlconf, viewname, kwargs):
    return reverse(viewname, kwargs=dict(kwargs), urlconf=urlconf)

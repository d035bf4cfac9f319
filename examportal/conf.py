"""One settings pattern for every app: ``settings.<PREFIX>_<NAME>``, else the environment
variable of that name, else the app's default.

Read at call time, so tests override a value with the ``settings`` fixture and a live server
sees the change. Values from the environment are read with django-environ, cast like the
default: ``1``/``0`` for booleans, integers, decimals, and lists separated by "|" (e.g.
``HOTLINE_NOTIFY_EMAILS=a@x.vn|b@x.vn``).
"""

import environ
from django.conf import settings

_env = environ.Env()


class AppSettings:
    """``AppSettings("HOTLINE", {"MIN_FILL_SECONDS": 4, ...}).get("MIN_FILL_SECONDS")``."""

    def __init__(self, prefix, defaults):
        self.prefix = prefix
        self.defaults = defaults

    def get(self, name):
        key = f"{self.prefix}_{name}"
        if hasattr(settings, key):
            return getattr(settings, key)
        default = self.defaults[name]
        if key not in _env.ENVIRON:
            return default
        if isinstance(default, bool):
            return _env.bool(key)
        if isinstance(default, int):
            return _env.int(key)
        if isinstance(default, float):
            return _env.float(key)
        if isinstance(default, list | tuple):
            return [item.strip() for item in _env.str(key).split("|") if item.strip()]
        return _env.str(key)

"""The production cache backend pointing at a port where no Redis answers (issue 14, item 2)."""

import socket


def dead_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def use_dead_redis(settings):
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "examportal.cache.SharedClientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{dead_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }}
    from django.core.cache import cache

    from examportal.cache import cache_available

    cache.get("wake-up")  # the first failure opens the breaker
    assert not cache_available()
    return settings

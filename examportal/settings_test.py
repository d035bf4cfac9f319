"""Fast, isolated settings for the test suite (bakerydemo style)."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789abcdef")
for _name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
    os.environ.setdefault(_name, "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="examportal-test-media-"))

from .settings import *  # noqa: E402,F403
from .settings import FRAGMENT_CACHE, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "examportal-tests",
    },
    "fragments": FRAGMENT_CACHE,
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_HSTS_SECONDS = 0
WHITENOISE_AUTOREFRESH = True

# Tests see every write at once; tests/examportal/test_pagecache.py turns the page cache on.
PAGE_CACHE_SECONDS = 0

# No lookup files built behind the tests' backs (a builder would read the test database from a
# process or thread of its own); tests/results/test_index.py turns them on in a folder per test.
RESULTS_INDEX = False

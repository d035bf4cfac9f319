"""Fixtures of the deploy suite: the shipped nginx configuration in front of gunicorn, and
throwaway PostgreSQL / Redis servers, all in temporary folders on free ports, always stopped.

The suite brings its own services, so it runs once: on the run without DATABASE_URL (the
PostgreSQL run of ``make test`` skips the service tests with that reason). Without nginx the
nginx tests skip with the reason, unless E2E_REQUIRE_BROWSER=1 or DEPLOY_REQUIRE_NGINX=1 (CI)
makes a missing nginx a failure, as a missing Chromium is for the browser journeys.

The portal under nginx runs on a SQLite file: what is tested there (caching, headers, protected
files, limits, the app being down) is nginx's and the views' behaviour, the same on any database;
SQLite needs no server, starts in a second and lets the tests read download counters directly.
The backup test, whose subject is pg_dump/pg_restore, has a PostgreSQL cluster of its own.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from deploy.localrun import ROOT, nginx_binary
from tests.services import ThrowawayPostgres, ThrowawayRedis, pg_bin  # noqa: F401 -- for the tests

REQUIRE_NGINX = "1" in (os.environ.get("E2E_REQUIRE_BROWSER"), os.environ.get("DEPLOY_REQUIRE_NGINX"))
OWN_SERVICES_ONLY = ("the deploy suite starts its own services; it runs once, on the run without "
                     "DATABASE_URL")


def skip_on_database_run():
    if os.environ.get("DATABASE_URL"):
        pytest.skip(OWN_SERVICES_ONLY)


def require_nginx():
    if not nginx_binary():
        reason = "nginx is not installed (apt-get install nginx)"
        if REQUIRE_NGINX:
            pytest.fail(reason + "; E2E_REQUIRE_BROWSER=1 / DEPLOY_REQUIRE_NGINX=1 make this a failure")
        pytest.skip(reason)


def portal_env(folder, database_url, **extra):
    """A production-like portal (DEBUG off, TLS ended by nginx) on files in ``folder``."""
    folder = Path(folder)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DATABASE_", "REDIS_", "HOTLINE_", "DJANGO_", "PYTEST", "X_ACCEL"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "tests.deploy.portal_settings",
        "DEPLOY_TEST_STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "DEBUG": "0",
        "SECRET_KEY": "deploy-tests-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "PAGE_CACHE_SECONDS": "0",
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    })
    env.update({key: str(value) for key, value in extra.items()})
    return env


@pytest.fixture
def deploy_tmp():
    path = tempfile.mkdtemp(prefix="examportal-deploy-")
    yield Path(path)
    shutil.rmtree(path, ignore_errors=True)

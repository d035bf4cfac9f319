"""Fixtures of the fault suite (issue 14): a throwaway PostgreSQL cluster with the demo content,
static files collected once, and portals under gunicorn started per test and always stopped.

The suite brings its own services, so it runs once: on the SQLite run of ``make test`` (no
DATABASE_URL); the PostgreSQL run skips it with that reason.
"""

import os
import shutil
import tempfile
import time

import pytest

from .services import VENV_BIN, Portal, ThrowawayPostgres, manage, pg_bin, portal_env

SKIP_REASON = None
if os.environ.get("DATABASE_URL"):
    SKIP_REASON = ("the fault suite starts its own PostgreSQL and Redis; it runs once, on the "
                   "run without DATABASE_URL")
elif not pg_bin("initdb") or not pg_bin("pg_ctl"):
    SKIP_REASON = "needs the PostgreSQL server binaries (initdb, pg_ctl)"
elif not (VENV_BIN / "gunicorn").exists():
    SKIP_REASON = "needs gunicorn next to the test's Python"


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(os.path.abspath(__file__))
    for item in items:
        if str(item.fspath).startswith(here + os.sep):
            item.add_marker(pytest.mark.faults)
            if SKIP_REASON:
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.fixture(scope="session")
def faults_dir():
    path = tempfile.mkdtemp(prefix="examportal-faults-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def static_root(faults_dir):
    root = os.path.join(faults_dir, "static")
    env = portal_env("sqlite:///" + os.path.join(faults_dir, "unused.sqlite3"), root,
                     os.path.join(faults_dir, "media"))
    # The public pages' files (the admin's and CKEditor's thousands are not needed here).
    manage(env, "collectstatic", "--noinput", "-v", "0", "-i", "ckeditor*", "-i", "admin")
    return root


@pytest.fixture(scope="session")
def media_root(faults_dir):
    path = os.path.join(faults_dir, "media")
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def pg_cluster(faults_dir, static_root, media_root):
    """A PostgreSQL cluster of the suite's own with the portal's schema, roles and demo content."""
    cluster = ThrowawayPostgres()
    started = time.monotonic()
    try:
        cluster.init().start()
        cluster.create_database()
        ready = time.monotonic()
        env = portal_env(cluster.url, static_root, media_root)
        manage(env, "migrate", "--noinput", "-v", "0")
        migrated = time.monotonic()
        manage(env, "setup_roles")
        manage(env, "seed_demo", "--allow-production")
        print(f"\n[faults] throwaway PostgreSQL on port {cluster.port} ready in "
              f"{time.monotonic() - started:.1f} s (initdb and start {ready - started:.1f} s, "
              f"migrate {migrated - ready:.1f} s, demo content {time.monotonic() - migrated:.1f} s)")
        yield cluster
    finally:
        cluster.cleanup()


@pytest.fixture
def pg(pg_cluster):
    """The cluster, running (a test that stops it has it started again afterwards)."""
    if not pg_cluster.started:
        pg_cluster.start()
    yield pg_cluster
    if not pg_cluster.started:
        pg_cluster.start()


@pytest.fixture
def start_portal(faults_dir, static_root, media_root):
    """start_portal(database_url, redis_url="", workers=3, **env) -> a running Portal."""
    portals = []

    def start(database_url, redis_url="", workers=3, **extra):
        env = portal_env(database_url, static_root, media_root, redis_url=redis_url, **extra)
        portal = Portal(env, workers=workers, log_dir=faults_dir)
        portals.append(portal)
        return portal.start()

    yield start
    for portal in portals:
        portal.cleanup()

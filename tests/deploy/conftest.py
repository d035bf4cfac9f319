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

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from deploy.localrun import ROOT, free_port, nginx_binary, wait_for

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


class ThrowawayRedis:
    """redis-server on a free port with no persistence."""

    def __init__(self, folder):
        self.port = free_port()
        self.folder = folder
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        import socket

        def answers():
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.3) as sock:
                    sock.sendall(b"PING\r\n")
                    return sock.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for(answers, 10, f"redis-server on {self.port}")
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def pg_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class ThrowawayPostgres:
    """A PostgreSQL cluster of its own: initdb into a temporary folder, a free port, its socket
    in that folder; run as the ``postgres`` OS user when the tests run as root."""

    def __init__(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="examportal-deploy-pg-")
        self.data = os.path.join(self.dir, "data")
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self.started = False

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args, timeout=120):
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        return subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=timeout,
                              check=True, cwd=self.dir)

    def start(self):
        self._run(pg_bin("initdb"), "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        with open(os.path.join(self.data, "postgresql.conf"), "a") as conf:
            conf.write("\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
        self._run(pg_bin("pg_ctl"), "start", "-D", self.data, "-l", os.path.join(self.dir, "log"),
                  "-w", "-t", "60", "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1")
        self.started = True
        return self

    def createdb(self, name):
        self._run(pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)

    def cleanup(self):
        if self.started:
            # Best effort: the folder goes anyway.
            with contextlib.suppress(Exception):
                self._run(pg_bin("pg_ctl"), "stop", "-D", self.data, "-m", "immediate", timeout=30)
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def deploy_tmp():
    path = tempfile.mkdtemp(prefix="examportal-deploy-")
    yield Path(path)
    shutil.rmtree(path, ignore_errors=True)

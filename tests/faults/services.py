"""The portal under gunicorn for the fault tests, on a free port, with its environment; the
throwaway Redis and PostgreSQL come from tests/services.py."""

import http.client
import os
import subprocess
import tempfile
from pathlib import Path

from deploy.localrun import ROOT, VENV_BIN, manage, stop_group  # noqa: F401 -- the fault tests use them
from tests.services import (  # noqa: F401 -- the fault tests import them from here
    ThrowawayPostgres,
    ThrowawayRedis,
    dead_port,
    free_port,
    pg_bin,
    tail,
    wait_for,
)


def portal_env(database_url, static_root, media_root, redis_url="", **extra):
    """The environment of a production-like portal (DEBUG off) on the throwaway services."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DATABASE_", "REDIS_", "HOTLINE_", "DJANGO_", "PYTEST"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "tests.faults.portal_settings",
        "FAULTS_STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "0",
        "SECRET_KEY": "faults-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEF",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "PAGE_CACHE_SECONDS": "300",
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "WARNING",
        "HOTLINE_MIN_FILL_SECONDS": "0",
        "HOTLINE_SUBMIT_LIMIT_PER_IP": "100000",
        "HOTLINE_SUBMIT_LIMIT_GLOBAL": "100000",
        "HOTLINE_MAIL_TIMEOUT_SECONDS": "1",
        "PYTHONPATH": str(ROOT),
    })
    env.update({key: str(value) for key, value in extra.items()})
    return env


class Portal:
    """The portal under gunicorn (sync workers) on a free port, its log in a file."""

    def __init__(self, env, workers=3, log_dir=None):
        self.env = env
        self.workers = workers
        self.port = free_port()
        self.log = os.path.join(log_dir or tempfile.gettempdir(),
                                f"examportal-faults-gunicorn-{self.port}.log")
        self.process = None

    def start(self):
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [str(VENV_BIN / "gunicorn"), "examportal.wsgi", "--bind", f"127.0.0.1:{self.port}",
                 "--workers", str(self.workers), "--timeout", "30", "--graceful-timeout", "5",
                 "--backlog", "512", "--chdir", str(ROOT)],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        try:
            wait_for(self._answers, 60, interval=0.2, what="gunicorn to answer")
        except TimeoutError:
            self.stop()
            raise RuntimeError("gunicorn did not start:\n" + self.logtail()) from None
        return self

    def _answers(self):
        if self.process.poll() is not None:
            raise RuntimeError("gunicorn exited:\n" + self.logtail())
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            conn.request("GET", "/robots.txt")
            conn.getresponse().read()
            conn.close()
            return True
        except OSError:
            return False

    def stop(self):
        stop_group(self.process, wait=15)
        self.process = None

    def log_text(self):
        try:
            return Path(self.log).read_text(errors="replace")
        except OSError:
            return ""

    def logtail(self, lines=60):
        return tail(self.log, lines)

    def cleanup(self):
        self.stop()

"""Throwaway services for the fault tests: a Redis, a PostgreSQL cluster and the portal under
gunicorn, each on a free port of its own, in a temporary folder, stopped and removed by the
caller (``stop()``), never the shared servers the rest of the suite uses."""

import glob
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def free_port():
    """A TCP port nobody listens on now (bound then released by the kernel's choice)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dead_port():
    """A port that refuses connections (nothing listens on it)."""
    return free_port()


def wait_for(predicate, timeout, interval=0.1, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.3):
            return True
    except OSError:
        return False


def _tail(path, lines=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class ThrowawayRedis:
    """redis-server on a free port, no persistence; start() / stop() (restartable)."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="examportal-faults-redis-")
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.dir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for(lambda: port_open(self.port), 10, what=f"redis-server on {self.port}")
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def _pg_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class ThrowawayPostgres:
    """A PostgreSQL cluster of its own: initdb into a temporary folder, a free port, a socket in
    that folder. Run as the ``postgres`` OS user when the tests run as root."""

    def __init__(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="examportal-faults-pg-")
        self.data = os.path.join(self.dir, "data")
        self.log = os.path.join(self.dir, "postgres.log")
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self.started = False

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/examportal"

    def _run(self, *args, timeout=60, check=True):
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        return subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=timeout,
                              check=check, cwd=self.dir)

    def init(self):
        self._run(_pg_bin("initdb"), "-D", self.data, "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", timeout=120)
        with open(os.path.join(self.data, "postgresql.conf"), "a") as conf:
            conf.write("\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                       "max_connections = 100\n")
        return self

    def ctl(self, action, *extra, timeout=60):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        return self._run(_pg_bin("pg_ctl"), action, "-D", self.data, "-l", self.log, "-w",
                         "-t", str(timeout), "-o", options, *extra, timeout=timeout + 10)

    def start(self):
        self.ctl("start")
        self.started = True
        wait_for(lambda: port_open(self.port), 20, what="PostgreSQL to listen")
        return self

    def stop(self):
        if self.started:
            self.ctl("stop", "-m", "fast", timeout=30)
            self.started = False

    def restart(self):
        self.ctl("restart", "-m", "fast")
        self.started = True

    def create_database(self, name="examportal"):
        self._run(_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  name)

    def psql(self, sql, database="examportal"):
        result = self._run(_pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                           "postgres", "-d", database, "-At", "-c", sql, timeout=30)
        return result.stdout.strip()

    def cleanup(self):
        try:
            if self.started:
                self.ctl("stop", "-m", "immediate", timeout=30)
        except Exception:  # noqa: S110 - best effort; the folder goes anyway
            pass
        self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)

    def log_tail(self):
        return _tail(self.log)


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


def manage(env, *args, timeout=300):
    result = subprocess.run([str(VENV_BIN / "python"), "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


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
            raise RuntimeError("gunicorn did not start:\n" + self.log_tail()) from None
        return self

    def _answers(self):
        if self.process.poll() is not None:
            raise RuntimeError("gunicorn exited:\n" + self.log_tail())
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            conn.request("GET", "/robots.txt")
            conn.getresponse().read()
            conn.close()
            return True
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self.process = None

    def log_text(self):
        try:
            return Path(self.log).read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines=60):
        return _tail(self.log, lines)

    def cleanup(self):
        self.stop()

"""Throwaway services for the tests that start their own (tests/faults, tests/deploy): a Redis
and a PostgreSQL cluster, each on a free port of its own, in a temporary folder, stopped and
removed by the caller (``cleanup()``), never the shared servers the rest of the suite uses."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from deploy.localrun import free_port, stop_group, wait_for

__all__ = ["free_port", "wait_for", "dead_port", "port_open", "tail", "pg_bin", "ThrowawayRedis",
           "ThrowawayPostgres"]


def dead_port():
    """A port that refuses connections (nothing listens on it)."""
    return free_port()


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.3):
            return True
    except OSError:
        return False


def tail(path, lines=40):
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
        stop_group(self.process)
        self.process = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def pg_bin(name):
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
        return self.database_url("examportal")

    def database_url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *args, timeout=60, check=True):
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        return subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=timeout,
                              check=check, cwd=self.dir)

    def init(self):
        self._run(pg_bin("initdb"), "-D", self.data, "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", timeout=120)
        with open(os.path.join(self.data, "postgresql.conf"), "a") as conf:
            conf.write("\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                       "max_connections = 100\n")
        return self

    def ctl(self, action, *extra, timeout=60):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        return self._run(pg_bin("pg_ctl"), action, "-D", self.data, "-l", self.log, "-w",
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
        self._run(pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  name)

    def psql(self, sql, database="examportal"):
        result = self._run(pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
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

    def logtail(self):
        return tail(self.log)

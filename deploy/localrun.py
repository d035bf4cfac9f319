"""The shipped nginx configuration run locally, in front of gunicorn, in a temporary folder.

For the deploy tests (tests/deploy/) and the benchmark (bench/nginx.py), not for a server: the
site file is rendered by ``manage.py nginx_config`` exactly as on a server, and wrapped in a small
nginx.conf of its own (pid, logs and temporary files in the folder, free ports). A self-signed
certificate is made with the openssl command line tool.
"""
# ruff: noqa: S603, S607 -- runs the project's own tools (nginx, gunicorn, openssl) with fixed arguments

import http.client
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


def nginx_binary():
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(path)), None)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, timeout, what, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")


def stop_group(process, first=signal.SIGTERM, wait=10):
    """Stop a process started with ``start_new_session`` and everything it forked: ``first``,
    then SIGKILL if it has not exited after ``wait`` seconds. None or an exited one: nothing."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, first)
    try:
        process.wait(wait)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def make_certificate(folder, name="localhost"):
    """A self-signed P-256 certificate for ``name`` and 127.0.0.1: (certificate, key) paths."""
    cert, key = Path(folder) / "cert.pem", Path(folder) / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", f"/CN={name}",
         "-addext", f"subjectAltName=DNS:{name},IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=30)
    return cert, key


def manage(env, *args, timeout=300):
    result = subprocess.run([str(VENV_BIN / "python"), "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


class Gunicorn:
    """The portal under gunicorn on a unix socket in ``folder`` (as behind nginx on a server)."""

    def __init__(self, env, folder, workers=2, extra_args=()):
        self.env = env
        self.folder = Path(folder)
        self.socket = self.folder / "gunicorn.sock"
        self.workers = workers
        self.extra_args = list(extra_args)
        self.log = self.folder / "gunicorn.log"
        self.access_log = self.folder / "gunicorn-access.log"
        self.process = None

    @property
    def upstream(self):
        return f"unix:{self.socket}"

    def start(self, timeout=60):
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                [str(VENV_BIN / "gunicorn"), "examportal.wsgi", "--bind", self.upstream,
                 "--workers", str(self.workers), "--timeout", "30", "--graceful-timeout", "5",
                 "--access-logfile", str(self.access_log),
                 # Which client address the app was told (X-Real-IP, set by nginx).
                 "--access-logformat", '%({x-real-ip}i)s "%(r)s" %(s)s',
                 *self.extra_args],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        try:
            wait_for(self._answers, timeout, "gunicorn to answer", interval=0.2)
        except TimeoutError:
            self.stop()
            raise RuntimeError("gunicorn did not start:\n" + self.log_tail()) from None
        return self

    def _answers(self):
        if self.process.poll() is not None:
            raise RuntimeError("gunicorn exited:\n" + self.log_tail())
        try:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.settimeout(5)
                sock.connect(str(self.socket))
                sock.sendall(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n")
                return sock.recv(32).startswith(b"HTTP/1")
        except OSError:
            return False

    def stop(self):
        """Quick shutdown (SIGQUIT): the tests' "all app servers are down" needs no grace."""
        stop_group(self.process, signal.SIGQUIT, wait=20)
        self.process = None

    def log_tail(self, lines=40):
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def render_site(env, folder, upstream, *, server_name="localhost", http_port=None, https_port=None,
                micro_cache_seconds=1, micro_cache_inactive="10m"):
    """Render the site file with ``manage.py nginx_config`` under ``env``; (path, ports)."""
    folder = Path(folder)
    cert, key = make_certificate(folder, server_name)
    http_port = http_port or free_port()
    https_port = https_port or free_port()
    site = folder / "site.conf"
    manage(env, "nginx_config", "--server-name", server_name, "--certificate", str(cert),
           "--certificate-key", str(key), "--upstream", upstream, "--http-port", str(http_port),
           "--https-port", str(https_port), "--no-ipv6", "--cache-dir", str(folder / "cache"),
           "--micro-cache-seconds", str(micro_cache_seconds),
           "--micro-cache-inactive", micro_cache_inactive, "--errors-dir", str(folder / "errors"),
           "--output", str(site))
    return site, http_port, https_port


class Nginx:
    """nginx with ``site`` included in its http block; pid, logs and temp files in ``folder``."""

    def __init__(self, folder, site, https_port, workers=2, worker_connections=4096, extra_http=""):
        self.folder = Path(folder)
        self.site = Path(site)
        self.https_port = https_port
        self.conf = self.folder / "nginx.conf"
        self.error_log = self.folder / "nginx-error.log"
        self.process = None
        temp = self.folder / "nginx-temp"
        temp.mkdir(exist_ok=True)
        # As root, the workers run as root too: the folder's files are the test's, mode 0600.
        user = "user root root;\n" if os.geteuid() == 0 else ""
        self.conf.write_text(
            f"{user}worker_processes {workers};\n"
            f"pid {self.folder / 'nginx.pid'};\n"
            f"error_log {self.error_log} warn;\n"
            f"worker_rlimit_nofile {worker_connections * 2 + 64};\n"
            f"events {{ worker_connections {worker_connections}; }}\n"
            "http {\n"
            "    include /etc/nginx/mime.types;\n"
            "    default_type application/octet-stream;\n"
            "    sendfile on;\n"
            "    tcp_nopush on;\n"
            "    access_log off;\n"
            f"    client_body_temp_path {temp}/body;\n"
            f"    proxy_temp_path {temp}/proxy;\n"
            f"    fastcgi_temp_path {temp}/fastcgi;\n"
            f"    uwsgi_temp_path {temp}/uwsgi;\n"
            f"    scgi_temp_path {temp}/scgi;\n"
            f"    include {self.site};\n"
            f"{extra_http}"
            "}\n", encoding="utf-8")

    def command(self, *args):
        return [nginx_binary(), "-c", str(self.conf), "-p", str(self.folder), *args]

    def check(self):
        """``nginx -t``: (passed, output)."""
        result = subprocess.run(self.command("-t"), capture_output=True, text=True, timeout=30)
        return result.returncode == 0, result.stderr + result.stdout

    def start(self, timeout=20):
        with open(self.folder / "nginx.out", "a") as out:
            self.process = subprocess.Popen(self.command("-g", "daemon off;"),
                                            stdout=subprocess.DEVNULL, stderr=out,
                                            start_new_session=True)
        wait_for(self._listening, timeout, f"nginx on {self.https_port}")
        return self

    def _listening(self):
        if self.process.poll() is not None:
            log = self.error_log.read_text() if self.error_log.exists() else ""
            raise RuntimeError("nginx exited:\n" + (self.folder / "nginx.out").read_text() + log)
        try:
            with socket.create_connection(("127.0.0.1", self.https_port), timeout=0.5):
                return True
        except OSError:
            return False

    def stop(self):
        stop_group(self.process)
        self.process = None


def tls_context(cert):
    """A client context that trusts the test's certificate (and checks the name)."""
    context = ssl.create_default_context(cafile=str(cert))
    return context


def https_request(port, path, cert, method="GET", headers=None, body=None, timeout=10,
                  host="localhost"):
    """One request to nginx: (status, headers (case-insensitive), body bytes)."""
    conn = http.client.HTTPSConnection(host, port, context=tls_context(cert), timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()

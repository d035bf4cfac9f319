"""`make bench`, through nginx: the shipped site configuration (deploy/nginx, rendered by
``manage.py nginx_config``) in front of gunicorn on a unix socket, with the Redis page cache.

- **Pages through nginx** against nginx serving a static file of the same size (each page's own
  HTML, saved once) over the same TLS settings: the micro-cache should make a public page cost
  about what a file costs (target ≥ 0.5 of it).
- **Publish storm**: STORM_CONNECTIONS connections on the home page and the column while an
  editor publishes an article every STORM_INTERVAL seconds for STORM_SECONDS (bench/publisher.py,
  through the news services): zero errors, p99 ≤ 100 ms, and each new article visible through
  nginx, on both pages, within 2 s of its publish (a poller watches both pages; the worst delay
  is printed).
"""

import http.client
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from deploy.localrun import Gunicorn, Nginx, free_port, render_site, tls_context

from .run import ENV, PYTHON, ROOT, WORKERS, wrk, wrk_args, wrk_result

NGINX_CONNECTIONS = int(os.environ.get("BENCH_NGINX_CONNECTIONS", "64"))
STORM_CONNECTIONS = int(os.environ.get("BENCH_STORM_CONNECTIONS", "200"))
STORM_SECONDS = int(os.environ.get("BENCH_STORM_SECONDS", "60"))
STORM_INTERVAL = float(os.environ.get("BENCH_STORM_INTERVAL", "2"))
VISIBLE_WITHIN = 2.0


class Front:
    """gunicorn (unix socket) + nginx with the shipped site and a plain static server beside it."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="examportal-bench-nginx-"))
        self.env = {**ENV, "PAGE_CACHE_SECONDS": "300", "NGINX_MICRO_CACHE_SECONDS": "1",
                    "TRUST_X_FORWARDED_PROTO": "1",
                    "X_ACCEL_REDIRECT_PREFIX": "/_protected/",
                    "HOTLINE_CLIENT_IP_HEADER": "HTTP_X_REAL_IP"}
        self.gunicorn = self.nginx = None

    def __enter__(self):
        subprocess.run(["redis-cli", "-u", self.env["REDIS_URL"], "flushdb"], check=True,
                       capture_output=True)
        self.gunicorn = Gunicorn(self.env, self.folder, workers=WORKERS,
                                 extra_args=["--backlog", "2048", "--keep-alive", "5",
                                             "--log-level", "warning"]).start()
        site, _, self.port = render_site(self.env, self.folder, self.gunicorn.upstream)
        self.static_port = free_port()
        baseline = self.folder / "baseline"
        baseline.mkdir()
        # The same TLS settings as the site; files with the Cache-Control a public page carries.
        extra = (
            f"    server {{\n        listen {self.static_port} ssl http2;\n"
            "        server_name localhost;\n"
            f"        ssl_certificate {self.folder / 'cert.pem'};\n"
            f"        ssl_certificate_key {self.folder / 'key.pem'};\n"
            "        ssl_protocols TLSv1.3;\n        ssl_session_cache shared:bench_static:1m;\n"
            "        ssl_session_tickets off;\n"
            f"        root {baseline};\n"
            "        location / { add_header Cache-Control \"public, max-age=60\"; }\n    }\n")
        self.nginx = Nginx(self.folder, site, self.port, workers=os.cpu_count() or 1,
                           extra_http=extra)
        passed, output = self.nginx.check()
        if not passed:
            raise RuntimeError("nginx -t failed:\n" + output)
        self.nginx.start()
        self.base = f"https://localhost:{self.port}"
        self.static_base = f"https://localhost:{self.static_port}"
        return self

    def __exit__(self, *exc):
        for service in (self.nginx, self.gunicorn):
            if service is not None:
                service.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def fetch(self, path):
        context = tls_context(self.folder / "cert.pem")
        conn = http.client.HTTPSConnection("localhost", self.port, context=context, timeout=10)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()


def pages_through_nginx(front, pages, duration, warmup):
    """Each page through nginx, then its own HTML as a static file from the same nginx."""
    rows = []
    for number, (name, path) in enumerate(pages):
        status, headers, body = front.fetch(path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status} through nginx")
        (front.folder / "baseline" / f"{number}.html").write_bytes(body)
        front.fetch(path)
        wrk(path, warmup, NGINX_CONNECTIONS, base=front.base)
        page = wrk(path, duration, NGINX_CONNECTIONS, base=front.base)
        wrk(f"/{number}.html", warmup, NGINX_CONNECTIONS, base=front.static_base)
        static = wrk(f"/{number}.html", duration, NGINX_CONNECTIONS, base=front.static_base)
        row = {"name": name, "path": path, "bytes": len(body), "connections": NGINX_CONNECTIONS,
               "page": page, "static": static, "ratio": page["rps"] / static["rps"],
               "cache_header": headers.get("X-Micro-Cache")}
        rows.append(row)
        print(f"  nginx {name:24} {page['rps']:8.0f} req/s vs static {static['rps']:8.0f} req/s "
              f"({row['ratio']:.0%}), p99 {page['p99_us'] / 1000:6.1f} ms, errors {page['errors']}",
              flush=True)
    return rows


class Poller(threading.Thread):
    """Watches the home page and the column through nginx; notes when each new article's link
    first shows on both."""

    def __init__(self, front, paths):
        super().__init__(daemon=True)
        self.front, self.paths = front, paths
        self.pending = {}  # slug -> {"at": publish time, path: first seen}
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.requests = 0
        self.failures = 0
        self.rounds = []  # seconds one round (every path once) took

    def expect(self, slug, at):
        with self.lock:
            self.pending[slug] = {"at": at}

    def run(self):
        context = tls_context(self.front.folder / "cert.pem")
        conn = None
        while not self.stop.is_set():
            started = time.monotonic()
            for path in self.paths:
                try:
                    if conn is None:
                        conn = http.client.HTTPSConnection("localhost", self.front.port,
                                                           context=context, timeout=10)
                    conn.request("GET", path)
                    html = conn.getresponse().read().decode("utf-8", "replace")
                    self.requests += 1
                except (OSError, http.client.HTTPException):
                    self.failures += 1
                    conn = None
                    continue
                now = time.time()
                with self.lock:
                    for slug, seen in self.pending.items():
                        if path not in seen and f"/{slug}/" in html:
                            seen[path] = now
            self.rounds.append(time.monotonic() - started)
            time.sleep(0.01)

    def round_ms(self):
        rounds = sorted(self.rounds)
        return rounds[len(rounds) // 2] * 1000 if rounds else 0.0

    def delays(self):
        with self.lock:
            return {slug: (max(seen[p] for p in self.paths) - seen["at"]
                           if all(p in seen for p in self.paths) else None)
                    for slug, seen in self.pending.items()}


DELAY_BUCKETS = (0.5, 1.0, 1.25, 1.5, 1.75, 2.0)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def delay_distribution(delays):
    """[(label, count)]: how many articles showed within each bucket of seconds."""
    rows, low = [], 0.0
    for high in DELAY_BUCKETS:
        rows.append((f"{low:g}–{high:g} s", sum(low <= d < high for d in delays)))
        low = high
    rows.append((f"≥ {low:g} s", sum(d >= low for d in delays)))
    return rows


def publish_storm(front, paths, static_path):
    # What this machine gives at the same concurrency for a file of the home page's size: the
    # storm's latencies read against it.
    static = wrk(static_path, 5, STORM_CONNECTIONS, base=front.static_base)
    print(f"  static file, {STORM_CONNECTIONS} connections: {static['rps']:8.0f} req/s  p99 "
          f"{static['p99_us'] / 1000:6.1f} ms", flush=True)
    count = max(1, int(STORM_SECONDS / STORM_INTERVAL))
    run_id = time.strftime("%H%M%S")
    publisher = subprocess.Popen(
        [PYTHON, str(ROOT / "bench" / "publisher.py"), str(count), str(STORM_INTERVAL), run_id],
        cwd=ROOT, env=front.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    poller = Poller(front, paths)
    loads = []
    try:
        if publisher.stdout.readline().strip() != "READY":
            raise RuntimeError("the publisher did not start")
        for path in paths:
            front.fetch(path)
        poller.start()
        per_path = STORM_CONNECTIONS // len(paths)
        duration = int(count * STORM_INTERVAL) + 3
        loads = [subprocess.Popen(wrk_args(path, duration, per_path, base=front.base),
                                  stdout=subprocess.PIPE, text=True) for path in paths]
        time.sleep(1)  # the load is on before the first publish
        publisher.stdin.write("GO\n")
        publisher.stdin.flush()
        published = 0
        for line in publisher.stdout:
            if line.startswith("PUBLISHED"):
                entry = json.loads(line.split(" ", 1)[1])
                poller.expect(entry["slug"], entry["at"])
                published += 1
            elif line.startswith("DONE"):
                break
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and None in poller.delays().values():
            time.sleep(0.05)
        results = [wrk_result(load.communicate(timeout=duration + 60)[0]) for load in loads]
        publisher.stdin.write("CLEAN\n")
        publisher.stdin.flush()
        publisher.stdout.read()
    finally:
        poller.stop.set()
        for process in (*loads, publisher):
            if process.poll() is None:
                process.terminate()
        publisher.wait(timeout=60)
    delays = poller.delays()
    seen = [d for d in delays.values() if d is not None]
    distribution = delay_distribution(seen)
    summary = {
        "connections": STORM_CONNECTIONS, "seconds": STORM_SECONDS, "interval": STORM_INTERVAL,
        "published": published, "visible": len(seen), "worst_delay": max(seen) if seen else None,
        "median_delay": sorted(seen)[len(seen) // 2] if seen else None,
        "delays": sorted(round(d, 3) for d in seen), "delay_distribution": distribution,
        "poll_round_ms": poller.round_ms(),
        "poller_requests": poller.requests, "poller_failures": poller.failures,
        "static_same_connections": static,
        "load": [{"path": path, **result} for path, result in zip(paths, results, strict=True)],
    }
    worst = f"{summary['worst_delay']:.2f} s" if seen else "none seen"
    print(f"  storm: {published} articles published, {len(seen)} seen through nginx, worst delay "
          f"{worst}", flush=True)
    if seen:
        print("  delay from publish to visible on both pages: "
              + ", ".join(f"{label} {count}" for label, count in distribution)
              + f"; median {summary['median_delay']:.2f} s, p90 {percentile(seen, 0.9):.2f} s, "
              f"worst {summary['worst_delay']:.2f} s (the watcher reads both pages every "
              f"{summary['poll_round_ms']:.0f} ms, median)", flush=True)
    for row in summary["load"]:
        print(f"  storm {row['path']:16} {row['rps']:8.0f} req/s  p99 {row['p99_us'] / 1000:6.1f} ms  "
              f"errors {row['errors']}", flush=True)
    return summary


def run(found, duration, warmup, pages=True, storm=True):
    """Both parts (or one: ``pages``, ``storm``); returns {"rows": [...], "storm": {...}}."""
    page_list = [("Home", "/"), ("Column 2021", "/ky-thi/2021/"),
                 ("Section page 1", found["section"]), ("Article", found["article"]),
                 ("Document page", found["document"]), ("Hotline page", "/duong-day-nong/")]
    rows, storm_summary = [], None
    with Front() as front:
        if pages:
            print(f"Through nginx: {NGINX_CONNECTIONS} connections, micro-cache 1 s, against the "
                  "same HTML as a static file", flush=True)
            rows = pages_through_nginx(front, page_list, duration, warmup)
        if storm:
            if not pages:  # the static file of the home page's size, for the storm's baseline
                (front.folder / "baseline" / "0.html").write_bytes(front.fetch("/")[2])
            print(f"Publish storm: {STORM_CONNECTIONS} connections on / and /ky-thi/2021/, an "
                  f"article every {STORM_INTERVAL:g} s for {STORM_SECONDS} s", flush=True)
            storm_summary = publish_storm(front, ["/", "/ky-thi/2021/"], "/0.html")
    return {"rows": rows, "storm": storm_summary}

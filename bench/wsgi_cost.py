"""CPU time per request through the portal's WSGI entry point, in process (no HTTP server, no
load tool): what gunicorn calls (examportal.wsgi: the apps' fast paths, the page cache, Django),
so a hit's or a lookup's own cost shows without the machine's noise.

    .venv/bin/python bench/wsgi_cost.py / /ky-thi/2021/       # page-cache hits (bench database)
    .venv/bin/python bench/wsgi_cost.py --bare                # bench/bare.py's view, the floor
    .venv/bin/python bench/wsgi_cost.py --lookups 1000000     # random results lookups (results-day
                                                              # database, after bench/results_day.py)

Each measurement is the fastest of ROUNDS rounds of REQUESTS requests (process time, and wall
time beside it: the wall time includes the waits for Redis and PostgreSQL). Run `make bench`
once first: it builds both databases.
"""

import os
import random
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.chdir(ROOT)

ROUNDS = 5
REQUESTS = int(os.environ.get("WSGI_COST_REQUESTS", "1000"))


def environ_for(path):
    from django.test import RequestFactory

    address, _, query = path.partition("?")
    environ = RequestFactory().get(address, HTTP_HOST="127.0.0.1").environ
    environ["QUERY_STRING"] = query
    environ.pop("HTTP_COOKIE", None)
    return environ


def measure(application, paths):
    """(CPU µs, wall µs, the last answer's status and X-Page-Cache) per request over ``paths``
    (requested in turn), the fastest round."""
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    environs = [environ_for(path) for path in paths]
    for environ in environs[:50] * 2:  # per-process caches, prepared statements, kept shells
        b"".join(application(dict(environ), start_response))
    best = None
    for _ in range(ROUNDS):
        cpu, wall = time.process_time(), time.perf_counter()
        for n in range(REQUESTS):
            b"".join(application(dict(environs[n % len(environs)]), start_response))
        found = ((time.process_time() - cpu) / REQUESTS * 1e6,
                 (time.perf_counter() - wall) / REQUESTS * 1e6)
        best = found if best is None or found[0] < best[0] else best
    return (*best, answer["status"], answer["headers"].get("X-Page-Cache", "-"))


def main(arguments):
    if arguments[:1] == ["--bare"]:
        from bench.bare import application

        label, paths = "bare Django view (bench/bare.py)", ["/"]
    else:
        from bench.run import ENV

        env = {**ENV, "PAGE_CACHE_SECONDS": "300", "DJANGO_SETTINGS_MODULE": "examportal.settings"}
        if arguments[:1] == ["--lookups"]:
            from bench.results_day import DATABASE_URL

            rows = int(arguments[1]) if len(arguments) > 1 else 1000000
            env.update(DATABASE_URL=DATABASE_URL, RESULTS_LOOKUPS_PER_MINUTE=str(10**9))
            label = f"random lookups of {rows:,} candidates"
            paths = [f"/ket-qua-thi/2021/?sbd=07{random.randrange(rows):06d}"  # noqa: S311
                     for _ in range(REQUESTS)]
        else:
            label, paths = None, arguments or ["/"]
        os.environ.update(env)
        from examportal.wsgi import application
    if label:
        cpu, wall, status, cache = measure(application, paths)
        print(f"{label}: {cpu:.0f} µs CPU, {wall:.0f} µs wall per request ({status})")
        return
    for path in paths:
        cpu, wall, status, cache = measure(application, [path])
        print(f"{path}: {cpu:.0f} µs CPU, {wall:.0f} µs wall per request ({status}, "
              f"X-Page-Cache: {cache})", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

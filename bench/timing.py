"""Milliseconds per request in process, page cache off, against the benchmark database.

    .venv/bin/python bench/timing.py / /ky-thi/2021/ "/tim-kiem/?q=ky+thi"

No HTTP server and no load tool, so a change's cost shows without the machine's noise: each
path is requested ROUNDS times REQUESTS times and the fastest round counts. Run `make bench`
once first (it builds the database); BENCH_DATABASE_URL and BENCH_REDIS_URL as there.
"""

import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.chdir(ROOT)

from bench.run import ENV  # noqa: E402

os.environ.update({**ENV, "PAGE_CACHE_SECONDS": "0", "DJANGO_SETTINGS_MODULE": "examportal.settings"})

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ROUNDS = 5
REQUESTS = int(os.environ.get("TIMING_REQUESTS", "100"))


def timing(client, path):
    for _ in range(10):  # per-process caches: navigation, fragments, prepared statements
        response = client.get(path)
    if response.status_code != 200:
        return f"{path}: HTTP {response.status_code}"
    rounds = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(REQUESTS):
            client.get(path)
        rounds.append((time.perf_counter() - start) / REQUESTS * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return (f"{path}: {min(rounds):.2f} ms (rounds {', '.join(f'{r:.2f}' for r in rounds)}), "
            f"{len(queries)} queries")


if __name__ == "__main__":
    client = Client(HTTP_HOST="127.0.0.1")
    for path in sys.argv[1:] or ["/"]:
        print(timing(client, path), flush=True)

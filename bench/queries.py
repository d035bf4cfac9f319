"""SQL queries per request for each benchmark page, rendered in-process (page cache off)."""

import json
import os
import sys

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for path in json.loads(sys.argv[1]):
    client.get(path)  # warm per-process caches (navigation, ...)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    counts[path] = {"queries": len(ctx), "status": response.status_code}
print("BENCH_QUERIES", json.dumps(counts))

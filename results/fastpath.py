"""The lookup's WSGI fast path (issue 18: results day).

On results day every request asks for a different candidate, so no page cache helps, and the
whole of Django (URL resolution, a dozen middlewares, the view's reads of the year) costs more
than the lookup itself. ``LookupApp`` wraps the WSGI application (``wsgi_fast_paths``, see
examportal.wsgi) and answers a cookie-free GET of ``/ket-qua-thi/<năm>/?sbd=…`` itself:

- one Redis round trip counts the lookup against the address's limit and reads the page
  cache's content version (examportal.formguard.hit_and_read);
- the year, its result set and its release time are kept in the process per content version
  (any write to results or exam years replaces the version, so they are read again once);
- one indexed read of the candidate's row: in the version's file on this server (results.index),
  else the view's own query, compiled once;
- the candidate's part rendered into the kept shell (results.shell), with the headers Django's
  middlewares gave the page that made the shell for the same scheme and host (so a host Django
  refuses is never answered here), and its ETag (304 when the client has it).

Anything else goes to Django unchanged, which answers exactly as before: a wrong number, a
candidate not found, a limit reached, the "not yet" page before the release instant (checked
against the clock on every request), no kept shell yet (the Django page that makes one teaches
this path its headers), Redis or the database failing, a signed-in visitor. A request handed on
after being counted carries its count (results.ratelimit.COUNTED_ENVIRON_KEY): counted once.
"""

import hashlib
import logging
import re
import threading
import time
from types import SimpleNamespace
from urllib.parse import parse_qsl

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.urls import reverse
from django.utils import timezone
from django.utils.http import quote_etag

from examportal import formguard, pagecache
from examyears.models import ExamYear

from . import index, ratelimit, selectors, shell
from .importing import normalize_number
from .models import CandidateResult
from .views import base_context, candidate_context

logger = logging.getLogger("results.fastpath")

# Headers of the page that made a shell that belong to that one response.
PER_RESPONSE = frozenset({"content-length", "etag", "x-page-cache", "x-accel-expires", "date",
                          "server"})


class RowReader:
    """``CandidateResult.objects.in_version(version_id, number)``'s read with its SQL compiled
    once: the same statement, the same value conversions, the same model instance."""

    def __init__(self, alias=DEFAULT_DB_ALIAS):
        self.alias = alias
        query = CandidateResult.objects.filter(version_id=-1, number="").order_by().query
        self.compiler = query.get_compiler(using=alias)
        self.sql, params = self.compiler.as_sql()
        self.version_first = list(params) == [-1, ""]
        if not self.version_first and list(params) != ["", -1]:
            raise RuntimeError(f"unexpected lookup parameters: {params!r}")
        self.names = [column[0].target.attname for column in self.compiler.select]
        self.converters = self.compiler.get_converters(
            [column[0] for column in self.compiler.select])

    def read(self, version_id, number):
        """The row. On PostgreSQL read on the driver's own cursor: Django's wrappers cost a
        fifth of the read (any error sends the request to Django, which reconnects)."""
        connection = connections[self.alias]
        params = [version_id, number] if self.version_first else [number, version_id]
        if connection.vendor != "postgresql":  # SQLite's driver takes another placeholder
            with connection.cursor() as cursor:
                cursor.execute(self.sql, params)
                rows = cursor.fetchmany(2)
        else:
            connection.ensure_connection()
            try:
                with connection.connection.cursor() as cursor:
                    cursor.execute(self.sql, params)
                    rows = cursor.fetchmany(2)
            except Exception:
                connection.errors_occurred = True  # Django checks it before using it again
                raise
        if len(rows) != 1:
            return None
        values = next(iter(self.compiler.apply_converters(rows, self.converters)))
        return CandidateResult.from_db(self.alias, self.names, values)


def valid_number(typed, council_code):
    """The number when LookupForm would accept ``typed`` as it is (its own checks, in the
    same order); None otherwise: Django's view says what is wrong."""
    typed = typed.strip()
    if not typed or len(typed) > 20:
        return None
    number = normalize_number(typed)
    if number.isdigit() and len(number) == 8 and number[:2] == council_code:
        return number
    return None


class LookupApp:
    def __init__(self, application):
        self.application = application
        self.path = None
        self.years = {}  # year -> (content version, ExamYear, ResultSet or None, context)
        # (shell key, origin) -> (the headers of the page that made it, whether it had an ETag)
        self.headers = {}
        self.subjects = {}  # client address -> its counter subject
        self.local = threading.local()
        self.index = index.Index()

    def __call__(self, environ, start_response):
        asked = self.asked(environ)
        if asked is None:
            return self.application(environ, start_response)
        started = time.time()
        try:
            answer = self.answer(environ, started, *asked)
        except Exception as exc:
            if isinstance(exc, (DatabaseError, connections[DEFAULT_DB_ALIAS].Database.Error)):
                # An outage Django's own answer reports (503 with the hotline numbers).
                logger.warning("results lookup fast path: the database failed (%s); answering "
                               "through Django", exc)
            else:
                logger.exception("results lookup fast path failed; answering through Django")
            answer = None
        if answer is None:
            return self.application(environ, self.learning(environ, start_response))
        status, headers, body = answer
        start_response(pagecache.STATUS_LINES[status], headers)
        return [body]

    def asked(self, environ):
        """(year, typed number, print view) of a request this path may answer, else None."""
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("HTTP_COOKIE"):
            return None
        query = environ.get("QUERY_STRING", "")
        if "sbd=" not in query:
            return None
        if self.path is None:
            sample = reverse("results:lookup", kwargs={"year": 2021})
            self.path = re.compile("^" + re.escape(sample).replace("2021", r"(\d{4})") + "$")
        found = self.path.match(environ.get("PATH_INFO", ""))
        if found is None:
            return None
        fields = parse_qsl(query.encode("latin-1").decode("utf-8", "replace"),
                           keep_blank_values=True)
        typed = [value for name, value in fields if name == "sbd"]
        printing = any(name == "in" for name, _ in fields)
        return int(found[1]), typed[-1], printing

    def answer(self, environ, started, year, typed, printing):
        counted = formguard.hit_and_read(ratelimit.SCOPE, ratelimit.WINDOW, self.subject(environ),
                                         pagecache.VERSION_KEY)
        if counted is None:
            return None
        count, version = counted
        environ[ratelimit.COUNTED_ENVIRON_KEY] = count
        if version is None or ratelimit.wait_for(count):
            return None
        exam_year, result_set, base = self.year(year, version)
        if exam_year is None or result_set is None or result_set.current_version_id is None:
            return None
        number = valid_number(typed, exam_year.council_code)
        if number is None or not selectors.is_released(exam_year, timezone.now()):
            return None
        key = shell.shell_key(year, result_set.current_version_id, printing)
        learnt = self.headers.get((key, pagecache.request_origin(environ)))
        html = shell.kept(key)
        if html is None or learnt is None:
            return None
        headers, etag = learnt
        row = self.index.row(result_set.current_version, number)
        if row is index.UNAVAILABLE:
            row = self.reader().read(result_set.current_version_id, number)
        if row is None:
            return None
        context = candidate_context(dict(base), row, result_set, printing)
        body = shell.fill(html, context).encode()
        headers = [*headers, ("Content-Length", str(len(body)))]
        if etag:
            headers.append(("ETag", quote_etag(hashlib.md5(body, usedforsecurity=False)
                                               .hexdigest())))
        return pagecache.conditional_answer(headers, body, environ, started)

    def year(self, year, version):
        """The year, its result set and the page's context for the year (base_context) as of
        content version ``version``: read once per version and process."""
        kept = self.years.get(year)
        if kept is None or kept[0] != version:
            exam_year = (ExamYear.objects.filter(year=year)
                         .select_related("result_set__current_version").first())
            kept = self.years[year] = (
                version, exam_year, getattr(exam_year, "result_set", None),
                base_context(exam_year, False) if exam_year is not None else None)
        return kept[1:]

    def subject(self, environ):
        """The address's counter subject (a keyed hash), kept for the addresses seen lately."""
        ip = formguard.client_ip(SimpleNamespace(META=environ))
        found = self.subjects.get(ip)
        if found is None:
            if len(self.subjects) >= 10000:
                self.subjects.clear()
            found = self.subjects[ip] = formguard.address_subject(ip)
        return found

    def reader(self):
        reader = getattr(self.local, "reader", None)
        if reader is None:
            reader = self.local.reader = RowReader()
        return reader

    def learning(self, environ, start_response):
        """start_response for a lookup Django answers: when its page made a shell, keep the
        headers the middlewares gave it (all but those of that one response)."""

        def remember(status, headers, exc_info=None):
            key = environ.get(shell.SHELL_ENVIRON_KEY)
            if key is not None and status.startswith("200 "):
                # Per scheme and host as Django accepted them (HSTS is for HTTPS only; a host
                # Django refuses never gets here).
                self.headers[(key, pagecache.request_origin(environ))] = (
                    [(name, value) for name, value in headers
                     if name.lower() not in PER_RESPONSE],
                    any(name.lower() == "etag" for name, _ in headers))
            return start_response(status, headers, exc_info)

        return remember

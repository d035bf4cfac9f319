"""A result version's rows in a file on each app server, for the lookup's fast path (issue 18).

On results day every lookup asks for a different candidate. Read from PostgreSQL, each costs a
round trip and the server's work beside the app's (about half of a lookup's CPU on a 2-core
server). A version never changes once confirmed: a correction, a restore and the graduation
import each make a new one (results.services). So its rows can be copied once into a
read-only SQLite file (each row as a JSON array), one per version, named after the version's
id, creation time and the row layout. Every worker process of the server opens that file, and
the operating system keeps one copy of it in memory for all of them. A lookup is then one read
of the file's B-tree index on the candidate number, inside the process.

- Built by ``manage.py build_results_index`` (all current versions; a deploy or the officer can
  run it). Otherwise the fast path starts it for a version it does not find a file for, as a
  process of its own like the import's jobs (results.jobs.start_worker: building 1,000,000 rows
  never holds a serving worker; ``RESULTS_JOB_RUNNER=thread`` for tests and one-process
  set-ups).
  Meanwhile, and whenever a file cannot be built or read, lookups read PostgreSQL as before.
- A file is written under a temporary name, checked to hold exactly ``row_count`` rows of its
  version, then renamed into place, so a reader never sees half of one. A lock file keeps two
  processes from building the same version at once. Files of versions no longer current are
  removed after a build.
- A file that cannot be read, or holds a row that is not JSON (a damaged disk, someone editing
  it), is removed, logged and built again; the request that found it reads PostgreSQL.

``RESULTS_INDEX`` (default on) turns the files off; ``RESULTS_INDEX_ROOT`` is their folder
(default: beside MEDIA_ROOT, ``<MEDIA_ROOT>-results-index``).
"""

import hashlib
import json
import logging
import os
import sqlite3
import threading
import time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, models

from examportal.conf import AppSettings
from examportal.protected import beside_media, inside_media

from .jobs import start_worker
from .models import CandidateResult, ResultSet, ResultVersion

logger = logging.getLogger(__name__)
get = AppSettings("RESULTS", {"INDEX": True, "INDEX_ROOT": ""}).get

FORMAT = 1  # raise when the file's own layout changes
CHUNK = 20000
MMAP_BYTES = 2**31
LOCK_SECONDS = 900  # a lock older than this is from a builder that died
LOOK_AGAIN_SECONDS = 5  # how often a process looks for a file it has not found
BUILD_AGAIN_SECONDS = 300  # how often a process starts a builder for a file still missing
UNAVAILABLE = object()  # row(): no usable file, read the database


def root():
    """The files' folder; never under MEDIA_ROOT, which nginx serves to anyone."""
    folder = beside_media(get("INDEX_ROOT"), "-results-index")
    if inside_media(folder):
        raise ImproperlyConfigured(f"RESULTS_INDEX_ROOT ({folder}) must not be inside "
                                   f"MEDIA_ROOT ({settings.MEDIA_ROOT}): its files would be "
                                   "public.")
    return folder


class Layout:
    """The stored columns (the model's concrete fields) and the tag that names them in a file
    name: a file made for other columns is never read."""

    def __init__(self):
        fields = CandidateResult._meta.concrete_fields
        self.names = [field.attname for field in fields]
        self.decimals = [n for n, field in enumerate(fields)
                         if isinstance(field, models.DecimalField)]
        self.tag = hashlib.sha256(repr((FORMAT, self.names)).encode()).hexdigest()[:10]

    def encode(self, values):
        values = list(values)
        for n in self.decimals:
            if values[n] is not None:
                values[n] = str(values[n])
        return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode()

    def decode(self, data):
        values = json.loads(data)
        for n in self.decimals:
            if values[n] is not None:
                values[n] = Decimal(values[n])
        return values


_layout = None


def layout():
    global _layout
    if _layout is None:
        _layout = Layout()
    return _layout


def path_for(version):
    stamp = int(version.created_at.timestamp() * 1_000_000)
    return root() / f"v{version.pk}-{stamp}-{layout().tag}.sqlite3"


def build(version):
    """Write ``version``'s file (if missing) and return its number of rows. Raises when it
    cannot (the folder, the disk, the database); leaves no partial file behind."""
    target = path_for(version)
    if target.exists():
        return version.row_count
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    shape = layout()
    written = 0
    try:
        db = sqlite3.connect(temporary)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("CREATE TABLE candidate (number TEXT PRIMARY KEY, data BLOB NOT NULL) "
                       "WITHOUT ROWID")
            rows = (CandidateResult.objects.filter(version_id=version.pk).order_by("number")
                    .values_list(*shape.names).iterator(chunk_size=CHUNK))
            number = shape.names.index("number")
            batch = []
            for values in rows:
                batch.append((values[number], shape.encode(values)))
                if len(batch) == CHUNK:
                    db.executemany("INSERT INTO candidate VALUES (?, ?)", batch)
                    written += len(batch)
                    batch = []
            db.executemany("INSERT INTO candidate VALUES (?, ?)", batch)
            written += len(batch)
            db.commit()
        finally:
            db.close()
        if written != version.row_count:
            raise RuntimeError(f"version {version.pk}: {written} rows read, "
                               f"{version.row_count} expected")
        os.chmod(temporary, 0o640)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return written


def build_locked(version):
    """build() unless another process is building this version; True when the file exists
    afterwards."""
    target = path_for(version)
    if target.exists():
        return True
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
    lock = target.with_name(target.name + ".lock")
    try:
        if time.time() - lock.stat().st_mtime > LOCK_SECONDS:
            lock.unlink(missing_ok=True)
    except FileNotFoundError:
        pass
    try:
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o640))
    except FileExistsError:
        return False
    try:
        started = time.monotonic()
        rows = build(version)
        logger.info("results index of version %s: %s rows in %.1f s", version.pk, rows,
                    time.monotonic() - started)
        remove_old()
        return True
    finally:
        lock.unlink(missing_ok=True)


def remove_old():
    """Remove the files of versions no result set publishes (kept a minute: a process may have
    just opened one)."""
    current = {path_for(version).name for version in ResultVersion.objects.filter(
        pk__in=ResultSet.objects.exclude(current_version=None).values("current_version_id"))}
    folder = root()
    for path in folder.glob("v*.sqlite3"):
        try:
            if path.name not in current and time.time() - path.stat().st_mtime > 60:
                path.unlink()
        except FileNotFoundError:
            pass


def build_in_background(version_id):
    """Start a builder for the version (see the module doc), without waiting for it."""
    start_worker(f"results-index-{version_id}", build_version, [version_id],
                 ["build_results_index", "--result-version", str(version_id)])


def build_version(version_id):
    version = ResultVersion.objects.filter(pk=version_id).first()
    if version is None:
        return False
    try:
        return build_locked(version)
    except Exception:
        logger.exception("results index of version %s could not be built; lookups read the "
                         "database", version_id)
        return False


class Reader:
    """One file, read-only, a connection per thread (SQLite's ``immutable``: no locks; the file
    never changes under its name)."""

    def __init__(self, path):
        self.path = path
        self.uri = f"{path.as_uri()}?mode=ro&immutable=1"
        self.local = threading.local()

    def data(self, number):
        db = getattr(self.local, "db", None)
        if db is None:
            db = sqlite3.connect(self.uri, uri=True, check_same_thread=True)
            # Pages read straight from the mapped file (the operating system's one copy), not
            # copied in by a read() per page.
            db.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            self.local.db = db
        found = db.execute("SELECT data FROM candidate WHERE number = ?", (number,)).fetchone()
        return None if found is None else found[0]


class Index:
    """The fast path's view of the files, per process: ``row(version, number)``."""

    def __init__(self, alias=DEFAULT_DB_ALIAS):
        self.alias = alias
        self.readers = {}  # version id -> its Reader
        self.look_again = {}  # version id -> when to look for its file again (monotonic)
        self.started = {}  # version id -> when this process last started a builder for it
        self.lock = threading.Lock()

    def row(self, version, number):
        """The candidate's row of ``version`` (a CandidateResult, as the database gives it),
        None when the version has no such candidate, UNAVAILABLE when there is no usable file
        (then a builder is started, at most every BUILD_AGAIN_SECONDS)."""
        reader = self.readers.get(version.pk)
        if reader is None:
            if not get("INDEX"):
                return UNAVAILABLE
            reader = self.open(version)
            if reader is None:
                return UNAVAILABLE
        try:
            data = reader.data(number)
            if data is None:
                return None
            shape = layout()
            values = shape.decode(data)
        except (sqlite3.Error, ValueError) as exc:
            self.discard(version, reader, exc)
            return UNAVAILABLE
        return CandidateResult.from_db(self.alias, shape.names, values)

    def open(self, version):
        now = time.monotonic()
        if now < self.look_again.get(version.pk, 0):
            return None
        with self.lock:
            try:
                path = path_for(version)
                found = path.exists()
            except (ImproperlyConfigured, OSError) as exc:  # the folder's setting, its rights
                logger.warning("results index unusable (%s); lookups read the database", exc)
                self.look_again[version.pk] = now + BUILD_AGAIN_SECONDS
                return None
            if found:
                reader = self.readers[version.pk] = Reader(path)
                return reader
            self.look_again[version.pk] = now + LOOK_AGAIN_SECONDS
            if now < self.started.get(version.pk, -BUILD_AGAIN_SECONDS) + BUILD_AGAIN_SECONDS:
                return None
            self.started[version.pk] = now
        if not path.with_name(path.name + ".lock").exists():
            try:
                build_in_background(version.pk)
            except OSError as exc:
                logger.warning("results index: could not start a builder (%s)", exc)
        return None

    def discard(self, version, reader, exc):
        logger.warning("results index %s could not be read (%s); removed, to be built again; "
                       "lookups read the database meanwhile", reader.path.name, exc)
        with self.lock:
            if self.readers.get(version.pk) is reader:
                del self.readers[version.pk]
                self.started.pop(version.pk, None)
        reader.path.unlink(missing_ok=True)

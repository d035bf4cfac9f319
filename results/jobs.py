"""Large score files outside the request, with a progress bar on the import screen.

A file larger than ``RESULTS_BACKGROUND_BYTES`` (default 2 MB, about 30,000 candidates) is read
and checked by a worker the view starts, and a staged file of more than
``RESULTS_BACKGROUND_ROWS`` rows (default 30,000) is stored the same way. The worker is a process
of its own (``manage.py results_job <id>``, so an app server recycling its workers cannot cut it
short), or with ``RESULTS_JOB_RUNNER=thread`` a thread of the app server (tests, one-process
set-ups). The uploaded file waits for it in the private folder and is removed once read. The
worker writes its progress to an ImportJob row; the page polls a small JSON address
(results-progress.js) or, with JavaScript off, refreshes itself. Nothing changes in the rules:
the check stores nothing of the results, and the confirmation is one transaction (all or
nothing) — a failure leaves the results as they were and the job says so in Vietnamese.

A job whose thread died with its server process (a restart) stops reporting; after
``STALE_SECONDS`` without news the screen calls it interrupted (nothing was stored).
"""

import logging
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from examportal.conf import AppSettings
from examportal.protected import beside_media
from examyears.models import ExamYear

from . import importing, services
from .models import ImportJob, PendingImport
from .statistics import statistics_for

log = logging.getLogger(__name__)
get = AppSettings("RESULTS", {"BACKGROUND_BYTES": 2 * 1024 * 1024,
                              "BACKGROUND_ROWS": 30000, "JOB_RUNNER": "process",
                              "PRIVATE_ROOT": ""}).get

STALE_SECONDS = 300
WRITE_EVERY = 0.5
MAX_PROBLEMS = 2000
FAILED_TEXT = ("Lỗi máy chủ khi xử lý tệp. Không có gì được lưu; hãy thử lại, nếu vẫn lỗi hãy báo "
               "quản trị hệ thống.")
INTERRUPTED_TEXT = ("Quá trình xử lý bị gián đoạn (máy chủ đã khởi động lại). Không có gì được "
                    "lưu; hãy tải tệp lên lại.")


def in_background(upload_size):
    return upload_size > get("BACKGROUND_BYTES")


def store_in_background(pending):
    return pending.row_count > get("BACKGROUND_ROWS")


def private_root():
    """Uploaded files waiting for their worker: outside MEDIA_ROOT, never served."""
    configured = get("PRIVATE_ROOT")
    return Path(configured) if configured else beside_media("", "-private") / "results"


def launch(job):
    """Start the worker of ``job``: ``manage.py results_job`` in a new session, or a thread."""
    start_worker(f"results-job-{job.pk}", run, [job.pk], ["results_job", str(job.pk)])


def start_worker(name, function, args, command):
    """``function(*args)`` outside the request: ``manage.py <command…>`` in a session of its
    own (``RESULTS_JOB_RUNNER=process``, the default), or a thread of this process named
    ``name`` (``thread``), with its own database connection."""
    if get("JOB_RUNNER") == "thread":
        def run_in_thread():
            close_old_connections()
            try:
                function(*args)
            finally:
                connection.close()

        threading.Thread(target=run_in_thread, name=name, daemon=True).start()
        return
    subprocess.Popen(  # noqa: S603 (our own command, ids only)
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *command],
        cwd=settings.BASE_DIR, start_new_session=True, stdin=subprocess.DEVNULL)


def run(job_id):
    """The worker: the job's step, from its row."""
    job = ImportJob.objects.get(pk=job_id)
    if job.step == ImportJob.Step.CHECK:
        run_check(job_id)
    else:
        run_store(job_id)


class Progress:
    """``progress(done, total, text)`` for the import services: writes to the job row at most
    every WRITE_EVERY seconds. Inside a transaction (the staging of the checked rows) the write
    goes through a connection of its own, so the screen sees it before the commit; SQLite, which
    has one writer at a time, skips those."""

    def __init__(self, job_id):
        self.job_id = job_id
        self.last = 0.0

    def __call__(self, done, total, text):
        now = time.monotonic()
        if now - self.last < WRITE_EVERY:
            return
        self.last = now
        values = {"done": done, "total": total, "message": text, "updated_at": timezone.now()}
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(**values)
        elif connection.vendor == "postgresql":
            writer = threading.Thread(target=self._write_apart, args=(values,))
            writer.start()
            writer.join()

    def _write_apart(self, values):
        try:
            ImportJob.objects.filter(pk=self.job_id).update(**values)
        except DatabaseError:
            log.warning("results: progress of job %s not written", self.job_id)
        finally:
            connection.close()


def start_check(*, user, exam_year, name, data, drop_personal=False, graduation=False, note=""):
    """Queue the reading and checking of an uploaded file; returns the job to follow."""
    services.require_import(user)
    job = ImportJob.objects.create(result_set=services.result_set_for(exam_year),
                                   step=ImportJob.Step.CHECK, file_name=name[:200],
                                   created_by=user)
    folder = private_root()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"job-{job.pk}.upload"
    path.write_bytes(data)
    job.options = {"year": exam_year.pk, "path": str(path), "name": name,
                   "drop_personal": drop_personal, "graduation": graduation, "note": note}
    job.save(update_fields=["options"])
    launch(job)
    return job


def start_store(*, user, pending):
    """Queue the confirmation of a staged file (one transaction); returns the job to follow."""
    services.require_import(user)
    job = ImportJob.objects.create(result_set=pending.result_set, step=ImportJob.Step.STORE,
                                   file_name=pending.file_name, pending=pending,
                                   total=pending.row_count, created_by=user)
    launch(job)
    return job


def _finish(job_id, state, **values):
    ImportJob.objects.filter(pk=job_id).update(state=state, updated_at=timezone.now(), **values)


def run_check(job_id):
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    options = job.options
    _finish(job_id, ImportJob.State.CHECKING, message=importing.CHECKING_TEXT)
    graduation = options["graduation"]
    try:
        path = Path(options["path"])
        data = path.read_bytes()
        path.unlink()
        parsed, pending = services.stage_upload(
            user=job.created_by, exam_year=ExamYear.objects.get(pk=options["year"]),
            name=options["name"], data=data, drop_personal=options["drop_personal"],
            graduation=graduation, note=options["note"], progress=Progress(job_id))
    except importing.FileRefused as exc:
        _finish(job_id, ImportJob.State.FAILED, message=str(exc))
        return
    except Exception:
        log.exception("results: checking %s failed", job.file_name)
        _finish(job_id, ImportJob.State.FAILED, message=FAILED_TEXT)
        return
    outcome = {
        "rows": len(parsed.rows), "graduation": graduation,
        "problems": [[p.row, p.column, p.message] for p in parsed.problems[:MAX_PROBLEMS]],
        "more_problems": max(0, len(parsed.problems) - MAX_PROBLEMS),
        "dropped": parsed.dropped, "ignored": parsed.ignored,
        "summary": None if graduation else [
            {**s, "mean": None if s["mean"] is None else str(s["mean"])}
            for s in importing.summary(parsed.rows)],
    }
    _finish(job_id, ImportJob.State.CHECKED, pending=pending, outcome=outcome,
            done=len(parsed.rows), total=len(parsed.rows), message="")


def run_store(job_id):
    job = ImportJob.objects.select_related("created_by", "pending").get(pk=job_id)
    _finish(job_id, ImportJob.State.STORING,
            message="Đang lưu toàn bộ tệp trong một giao dịch (tất cả hoặc không gì cả)")
    try:
        if job.pending is None:
            raise PendingImport.DoesNotExist
        version = services.confirm_import(user=job.created_by, pending=job.pending)
    except PendingImport.DoesNotExist:
        _finish(job_id, ImportJob.State.FAILED,
                message="Tệp chờ xác nhận không còn (đã lưu hoặc đã hủy). Không có gì thay đổi.")
        return
    except Exception:
        log.exception("results: storing %s failed", job.file_name)
        _finish(job_id, ImportJob.State.FAILED, message=FAILED_TEXT)
        return
    # The new version's figures now, in the worker, not in the first visitor's request (a
    # national-size version takes minutes).
    _finish(job_id, ImportJob.State.STORING, message="Đã lưu; đang tính số liệu thống kê")
    try:
        statistics_for(version.pk)
    except Exception:
        log.exception("results: statistics of version %s not computed", version.pk)
    _finish(job_id, ImportJob.State.DONE, version=version, done=version.row_count,
            message=f"Đã lưu {version.row_count} thí sinh thành phiên bản {version.number}.")


def current_state(job):
    """The job as the screen shows it; a silent unfinished job past STALE_SECONDS is marked
    interrupted (its thread is gone, nothing was stored)."""
    if not job.finished and job.updated_at < timezone.now() - timedelta(seconds=STALE_SECONDS):
        ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.FAILED,
                                                   message=INTERRUPTED_TEXT)
        job.refresh_from_db()
    return job


def as_json(job):
    return {"state": job.state, "state_label": job.get_state_display(), "done": job.done,
            "total": job.total, "percent": job.percent, "message": job.message,
            "finished": job.finished}


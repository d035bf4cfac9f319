"""Large files outside the request: the job's states and progress, the JSON the bar polls, the
page without JavaScript, failures in Vietnamese, all or nothing, other years' and forged jobs."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from results import demo, jobs, services
from results.models import CandidateResult, ImportJob, PendingImport, PendingRow, ResultVersion

from .conftest import csv_file, csv_line

UPLOAD = "/ket-qua-thi/quan-ly/2021/nhap-tep/"


@pytest.fixture(autouse=True)
def private_folder(settings, tmp_path):
    settings.RESULTS_PRIVATE_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def inline(monkeypatch, settings):
    """Every file and every staged file goes to a job; the job runs at once in this thread."""
    settings.RESULTS_BACKGROUND_BYTES = 0
    settings.RESULTS_BACKGROUND_ROWS = 0
    monkeypatch.setattr(jobs, "launch", lambda job: jobs.run(job.pk))


def big_file(count=300):
    return csv_file(*(csv_line(r) for r in demo.generate(count)))


def send(client, data, name="lon.csv"):
    return client.post(UPLOAD, {"kind": "scores", "note": "",
                                "file": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
def test_large_file_checked_then_stored_by_jobs(client, year, officer, inline, private_folder):
    client.force_login(officer)
    response = send(client, big_file())
    job = ImportJob.objects.get()
    assert not list(private_folder.iterdir())  # the upload is removed once read
    assert response.status_code == 302 and response["Location"].endswith(
        f"/nhap-tep/tien-trinh/{job.pk}/")
    assert job.state == "checked" and job.total == 300 and job.percent == 100
    assert not CandidateResult.objects.exists()  # checked, nothing of the results stored
    page = client.get(response["Location"]).content.decode()
    assert "Tệp hợp lệ: 300 thí sinh" in page and "Số liệu theo môn" in page
    assert client.get(f"{response['Location'][:-1]}.json").json()["finished"] is True
    confirm = client.post(f"{UPLOAD}{job.pending_id}/xac-nhan/")
    store = ImportJob.objects.exclude(pk=job.pk).get()
    assert confirm["Location"].endswith(f"/tien-trinh/{store.pk}/")
    assert store.state == "done" and store.version.row_count == 300
    assert CandidateResult.objects.count() == 300 and not PendingRow.objects.exists()
    page = client.get(confirm["Location"]).content.decode()
    assert "Đã lưu 300 thí sinh thành phiên bản 1" in page


@pytest.mark.django_db
def test_running_job_page_refreshes_and_the_json(client, year, officer):
    client.force_login(officer)
    job = ImportJob.objects.create(result_set=services.result_set_for(year), step="check",
                                   state="checking", file_name="lon.csv", total=1000, done=250,
                                   message="Đang đọc và kiểm tra từng dòng", created_by=officer)
    url = f"{UPLOAD}tien-trinh/{job.pk}/"
    page = client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page  # inside <noscript>
    assert 'value="25"' in page and "250 / 1000 dòng (25%)" in page
    assert "results-progress.js" in page and "Tải tệp khác" not in page
    data = client.get(f"{url[:-1]}.json").json()
    assert data == {"state": "checking", "state_label": "Đang đọc và kiểm tra tệp", "done": 250,
                    "total": 1000, "percent": 25, "message": "Đang đọc và kiểm tra từng dòng",
                    "finished": False}
    assert "no-cache" in client.get(url)["Cache-Control"] or "no-store" in client.get(url)[
        "Cache-Control"]


@pytest.mark.django_db
def test_silent_job_is_called_interrupted(client, year, officer):
    client.force_login(officer)
    job = ImportJob.objects.create(result_set=services.result_set_for(year), step="store",
                                   state="storing", file_name="lon.csv", created_by=officer)
    ImportJob.objects.filter(pk=job.pk).update(
        updated_at=job.updated_at.replace(year=2020))
    page = client.get(f"{UPLOAD}tien-trinh/{job.pk}/").content.decode()
    assert "Không thành công" in page and "bị gián đoạn" in page and "Không có gì được lưu" in page
    assert ImportJob.objects.get(pk=job.pk).state == "failed"


@pytest.mark.django_db
def test_failures_say_so_and_store_nothing(client, year, officer, inline, monkeypatch):
    client.force_login(officer)
    send(client, b"%PDF-1.4", name="diem.pdf")
    job = ImportJob.objects.get()
    assert job.state == "failed" and "Chỉ nhận tệp CSV hoặc XLSX" in job.message
    bad = big_file(40).replace(b"\n07000003,", b"\n07000003x,")
    send(client, bad)
    job = ImportJob.objects.latest("pk")
    assert job.state == "checked" and job.pending is None
    page = client.get(f"{UPLOAD}tien-trinh/{job.pk}/").content.decode()
    assert "Tệp có 1 lỗi — chưa lưu gì" in page and "07000003x" in page
    send(client, big_file(60))
    pending = PendingImport.objects.get()

    real = services._insert_from_pending

    def fail_midway(version, pending):
        real(version, pending)  # every row written, then the connection drops
        raise RuntimeError("mất kết nối")

    monkeypatch.setattr(services, "_insert_from_pending", fail_midway)
    client.post(f"{UPLOAD}{pending.pk}/xac-nhan/")
    store = ImportJob.objects.latest("pk")
    assert store.state == "failed" and "Không có gì được lưu" in store.message
    assert not ResultVersion.objects.exists() and not CandidateResult.objects.exists()
    assert PendingRow.objects.filter(pending=pending).count() == 60  # can be confirmed again


@pytest.mark.django_db
def test_other_years_and_forged_jobs(client, year, officer, editor, inline):
    from examyears.models import ExamYear

    client.force_login(officer)
    send(client, big_file(20))
    job = ImportJob.objects.get()
    ExamYear.objects.get_or_create(year=2022, defaults={"title": "Kỳ thi 2022"})
    assert client.get(f"/ket-qua-thi/quan-ly/2022/nhap-tep/tien-trinh/{job.pk}/").status_code == 404
    assert client.get(f"{UPLOAD}tien-trinh/{job.pk + 99}.json").status_code == 404
    client.force_login(editor)
    assert client.get(f"{UPLOAD}tien-trinh/{job.pk}.json").status_code == 403


def follow(client, response):
    status = f"{response['Location'][:-1]}.json"
    deadline = time.monotonic() + 120
    while not client.get(status).json()["finished"]:
        assert time.monotonic() < deadline
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_worker_process_checks_and_stores(client, exam_column, make_staff, settings,
                                          postgres_only, monkeypatch):
    """``manage.py results_job`` in a process of its own, as in production (PostgreSQL: the
    process reaches the test database by its name)."""
    from django.db import connection

    from examportal.roles import TESTING_OFFICE

    settings.RESULTS_BACKGROUND_BYTES = 0
    settings.RESULTS_BACKGROUND_ROWS = 0
    db = connection.settings_dict
    monkeypatch.setenv("DATABASE_URL", f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/"
                                       f"{db['NAME']}")
    monkeypatch.setenv("RESULTS_PRIVATE_ROOT", settings.RESULTS_PRIVATE_ROOT)
    client.force_login(make_staff(TESTING_OFFICE, username="khaothi"))
    follow(client, send(client, big_file(200)))
    job = ImportJob.objects.get()
    assert job.state == "checked", job.message
    response = client.post(f"{UPLOAD}{job.pending_id}/xac-nhan/")
    follow(client, response)
    store = ImportJob.objects.exclude(pk=job.pk).get()
    assert store.state == "done", store.message
    assert CandidateResult.objects.count() == 200


@pytest.mark.django_db(transaction=True)
def test_real_thread_reports_progress(client, exam_column, make_staff, settings):
    """The thread runner: its own connection; the page follows it to the end."""
    from examportal.roles import TESTING_OFFICE

    settings.RESULTS_BACKGROUND_BYTES = 0
    settings.RESULTS_JOB_RUNNER = "thread"
    client.force_login(make_staff(TESTING_OFFICE, username="khaothi"))
    follow(client, send(client, big_file(500)))
    job = ImportJob.objects.get()
    assert job.state == "checked", job.message
    assert PendingRow.objects.filter(pending=job.pending).count() == 500


def test_staff_only_models_drop_no_public_page():
    from examportal.pagecache import is_content
    from results.models import AuditEntry, NationalFigure, SchoolName

    for model in (ImportJob, PendingRow, PendingImport, AuditEntry):
        assert not is_content(model), model
    for model in (CandidateResult, ResultVersion, SchoolName, NationalFigure):
        assert is_content(model), model

"""The lookup's file per result version (results.index, issue 18): the same rows as the
database, read by the fast path without a query; built once, in the background, atomically;
a file that is missing, damaged or cannot be written leaves the lookups on the database."""

import logging
import os
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from results import fastpath, index, services, shell
from results.models import CandidateResult, ResultSet, ResultVersion
from tests.examportal.test_pagecache_wsgi import call, environ

URL = "/ket-qua-thi/2021/"


@pytest.fixture(autouse=True)
def files(settings, tmp_path):
    settings.RESULTS_INDEX = True
    settings.RESULTS_INDEX_ROOT = str(tmp_path / "index")
    settings.RESULTS_JOB_RUNNER = "thread"
    settings.PAGE_CACHE_SECONDS = 300
    shell._shells.clear()
    yield tmp_path / "index"
    shell._shells.clear()


def current_version():
    return ResultSet.objects.select_related("current_version").get().current_version


def fields(row):
    return {**model_to_dict(row), "id": row.pk, "version": row.version_id}


@pytest.mark.django_db
def test_the_file_holds_every_row_as_the_database_has_it(seeded, files):
    version = current_version()
    assert index.build(version) == 200
    path = index.path_for(version)
    assert path.parent == files and path.exists()
    assert oct(path.stat().st_mode & 0o777) == "0o640"
    assert [p.name for p in files.iterdir()] == [path.name]  # no temporary file left
    reader = index.Index()
    for row in CandidateResult.objects.filter(version=version):
        found = reader.row(version, row.number)
        assert type(found) is CandidateResult and fields(found) == fields(row)
        assert found.get_graduation_display() == row.get_graduation_display()
    assert reader.row(version, "07999999") is None


@pytest.mark.django_db
def test_the_fast_path_reads_the_file_with_no_query(seeded, monkeypatch):
    from django.core.handlers.wsgi import WSGIHandler

    from examportal.pagecache import PageCacheApp

    index.build(current_version())
    app = fastpath.LookupApp(PageCacheApp(WSGIHandler()))
    call(app, environ(f"{URL}?sbd=07000001"))  # Django's page makes the shell
    call(app, environ(f"{URL}?sbd=07000002"))  # the year read once for this content version
    monkeypatch.setattr(fastpath.RowReader, "read", lambda *args: pytest.fail("database read"))
    with CaptureQueriesContext(connection) as queries:
        status, headers, body = call(app, environ(f"{URL}?sbd=07000007"))
    assert status.startswith("200") and len(queries) == 0
    django_answer = call(WSGIHandler(), environ(f"{URL}?sbd=07000007"))
    assert body == django_answer[2]
    status, _, body = call(app, environ(f"{URL}?sbd=07999999"))  # not in the file: Django says so
    assert status.startswith("404") and "Không tìm thấy" in body.decode()


@pytest.mark.django_db
def test_a_missing_file_starts_one_builder_and_reads_the_database(seeded, monkeypatch):
    started = []
    monkeypatch.setattr(index, "build_in_background", started.append)
    reader = index.Index()
    version = current_version()
    assert reader.row(version, "07000001") is index.UNAVAILABLE
    assert reader.row(version, "07000002") is index.UNAVAILABLE
    assert started == [version.pk]  # once, not per request
    index.build(version)
    assert reader.row(version, "07000003") is index.UNAVAILABLE  # looked again only later
    monkeypatch.setattr(index, "LOOK_AGAIN_SECONDS", 0)
    reader.look_again.clear()
    assert reader.row(version, "07000003").number == "07000003"


@pytest.mark.django_db(transaction=True)
def test_the_background_builder_makes_the_file(seeded, files):
    version = current_version()
    index.build_in_background(version.pk)
    for thread in threading.enumerate():
        if thread.name == f"results-index-{version.pk}":
            thread.join(30)
    assert index.path_for(version).exists()
    assert not list(files.glob("*.lock")) and not list(files.glob(".*"))


def test_the_process_builder_is_this_project_s_own_command(settings, monkeypatch):
    from results import jobs

    settings.RESULTS_JOB_RUNNER = "process"
    launched = []
    monkeypatch.setattr(jobs.subprocess, "Popen", lambda args, **kw: launched.append((args, kw)))
    index.build_in_background(42)
    (args, options), = launched
    assert args[1:] == [os.path.join(settings.BASE_DIR, "manage.py"), "build_results_index",
                        "--result-version", "42"]
    assert options["start_new_session"] is True


@pytest.mark.django_db
def test_a_damaged_file_is_removed_logged_and_the_lookup_reads_the_database(seeded, caplog,
                                                                           monkeypatch):
    version = current_version()
    index.build(version)
    path = index.path_for(version)
    path.write_bytes(b"not a database" * 1000)
    monkeypatch.setattr(index, "build_in_background", lambda version_id: None)
    reader = index.Index()
    with caplog.at_level(logging.WARNING, logger="results.index"):
        assert reader.row(version, "07000001") is index.UNAVAILABLE
    assert "could not be read" in caplog.text and not path.exists()
    index.build(version)  # built again
    reader.look_again.clear()
    assert reader.row(version, "07000001").number == "07000001"


@pytest.mark.django_db
def test_a_damaged_file_under_the_fast_path_still_answers(seeded, monkeypatch):
    from django.core.handlers.wsgi import WSGIHandler

    from examportal.pagecache import PageCacheApp

    version = current_version()
    index.build(version)
    monkeypatch.setattr(index, "build_in_background", lambda version_id: None)
    app = fastpath.LookupApp(PageCacheApp(WSGIHandler()))
    call(app, environ(f"{URL}?sbd=07000001"))
    index.path_for(version).write_bytes(b"\0" * 4096)
    status, _, body = call(app, environ(f"{URL}?sbd=07000009"))
    assert status.startswith("200") and "Số báo danh: <strong>07000009</strong>" in body.decode()


@pytest.mark.django_db
def test_a_short_read_leaves_no_file(seeded, files):
    version = current_version()
    CandidateResult.objects.filter(version=version, number="07000200").delete()
    with pytest.raises(RuntimeError, match="199 rows read, 200 expected"):
        index.build(version)
    assert not index.path_for(version).exists() and list(files.iterdir()) == []


@pytest.mark.django_db
def test_a_folder_that_cannot_be_written_is_logged_and_lookups_go_on(seeded, settings, tmp_path,
                                                                    caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    settings.RESULTS_INDEX_ROOT = str(blocker / "index")  # below a file: cannot be made
    version = current_version()
    with caplog.at_level(logging.ERROR, logger="results.index"):
        assert index.build_version(version.pk) is False
    assert "could not be built" in caplog.text


@pytest.mark.django_db
def test_one_builder_at_a_time_and_a_dead_builder_s_lock_is_taken_over(seeded, files):
    version = current_version()
    lock = index.path_for(version).with_name(index.path_for(version).name + ".lock")
    files.mkdir()
    lock.touch()
    assert index.build_locked(version) is False and not index.path_for(version).exists()
    old = time.time() - index.LOCK_SECONDS - 10
    os.utime(lock, (old, old))
    assert index.build_locked(version) is True and index.path_for(version).exists()
    assert not lock.exists()


@pytest.mark.django_db
def test_a_correction_is_a_new_file_and_the_old_one_goes(seeded, officer, files):
    result_set = ResultSet.objects.get()
    first = current_version()
    index.build_locked(first)
    old = time.time() - 120
    os.utime(index.path_for(first), (old, old))
    services.correct_candidate(user=officer, result_set=result_set, number="07000002",
                               changes={"toan": "9.8"}, reason="Phúc khảo")
    second = current_version()
    assert second.pk != first.pk
    assert index.build_locked(second)
    assert [p.name for p in files.iterdir()] == [index.path_for(second).name]
    row = index.Index().row(second, "07000002")
    assert str(row.toan) == "9.80" and row.before_remarking


@pytest.mark.django_db
def test_a_file_of_another_database_with_the_same_version_id_is_not_read(seeded):
    version = current_version()
    index.build(version)
    ResultVersion.objects.filter(pk=version.pk).update(
        created_at=version.created_at.replace(year=2020))
    same_id = ResultVersion.objects.get(pk=version.pk)
    assert index.path_for(same_id) != index.path_for(version)


@pytest.mark.django_db
def test_the_command_builds_each_published_year(seeded, files):
    from io import StringIO

    out = StringIO()
    call_command("build_results_index", stdout=out)
    assert "Năm 2021: 200 thí sinh" in out.getvalue()
    assert index.path_for(current_version()).exists()


@pytest.mark.django_db
def test_the_command_says_when_nothing_is_published(year):
    from io import StringIO

    out = StringIO()
    call_command("build_results_index", stdout=out)
    assert "Chưa có kết quả thi nào" in out.getvalue()


@pytest.mark.django_db
def test_off_means_the_database(seeded, settings):
    settings.RESULTS_INDEX = False
    version = current_version()
    index.build(version)
    assert index.Index().row(version, "07000001") is index.UNAVAILABLE


@pytest.mark.django_db
def test_a_damaged_row_is_like_a_damaged_file(seeded, monkeypatch):
    import sqlite3

    version = current_version()
    index.build(version)
    path = index.path_for(version)
    os.chmod(path, 0o600)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE candidate SET data = x'80ff' WHERE number = '07000004'")
    db.close()
    monkeypatch.setattr(index, "build_in_background", lambda version_id: None)
    reader = index.Index()
    assert reader.row(version, "07000003").number == "07000003"
    assert reader.row(version, "07000004") is index.UNAVAILABLE and not path.exists()


def test_never_inside_the_public_media_folder(settings, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.RESULTS_INDEX_ROOT = ""
    assert index.root() == tmp_path / "media-results-index"
    for inside in ("media", "media/results"):
        settings.RESULTS_INDEX_ROOT = str(tmp_path / inside)
        with pytest.raises(ImproperlyConfigured, match="must not be inside MEDIA_ROOT"):
            index.root()


@pytest.mark.django_db
def test_every_kind_of_version_makes_a_whole_file(seeded, officer, year):
    """The graduation import and a restore count their rows as the file holds them."""
    from tests.results.conftest import csv_file

    data = csv_file("07000001,Đỗ", "07000002,Trượt", header="SBD,Tốt nghiệp")
    _, pending = services.stage_upload(user=officer, exam_year=year, name="tn.csv", data=data,
                                       graduation=True)
    graduation = services.confirm_import(user=officer, pending=pending)
    assert index.build(graduation) == 200
    assert index.Index().row(graduation, "07000001").get_graduation_display() == "Đỗ tốt nghiệp"
    first = ResultVersion.objects.get(number=1)
    restored = services.restore_version(user=officer, version=first, reason="Nhầm")
    assert index.build(restored) == 200
    assert index.Index().row(restored, "07000001").graduation == ""


@pytest.mark.django_db
def test_a_folder_set_inside_media_is_logged_and_lookups_read_the_database(seeded, settings,
                                                                           caplog, monkeypatch):
    settings.RESULTS_INDEX_ROOT = os.path.join(settings.MEDIA_ROOT, "index")
    monkeypatch.setattr(index, "build_in_background", lambda version_id: pytest.fail("built"))
    reader = index.Index()
    with caplog.at_level(logging.WARNING, logger="results.index"):
        assert reader.row(current_version(), "07000001") is index.UNAVAILABLE
        assert reader.row(current_version(), "07000002") is index.UNAVAILABLE
    assert caplog.text.count("must not be inside MEDIA_ROOT") == 1  # once, not per lookup

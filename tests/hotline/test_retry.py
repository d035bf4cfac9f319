"""Issue 14, item 5: a submission whose database connection dies before the commit is retried
once on a fresh connection inside the same request, and filed once."""

import re
import time

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.urls import reverse

from examportal import db as portal_db
from examportal.db import retry_on_lost_connection
from examportal.models import UsedNonce
from hotline import conf, services
from hotline.models import Attachment, AuditEntry, Report, ReportEvent

from .conftest import PDF_BYTES, upload
from .connection_faults import Faults

REPORT = reverse("hotline:report")


@pytest.fixture
def faults(monkeypatch):
    return Faults(monkeypatch)


def form_data(client):
    html = client.get(REPORT).content.decode()
    return {"form_token": re.search(r'name="form_token" value="([^"]+)"', html).group(1),
            "category": "site_incident", "place": "Điểm thi Trường THPT Than Uyên",
            "description": "Mất điện ở dãy phòng thi số 2 lúc 14 giờ 20.", "website": "",
            "attachments": [upload("bien-ban.pdf", PDF_BYTES, "application/pdf")]}


def stored_files():
    root = conf.private_root()
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def assert_filed_once(response, before_files):
    assert response.status_code == 200
    reference = re.search(r'id="reference">([^<]+)<', response.content.decode()).group(1)
    report = Report.objects.get()
    assert report.reference == reference and report.number == 1
    assert ReportEvent.objects.count() == 1 and AuditEntry.objects.count() == 1
    assert UsedNonce.objects.get().reference == reference
    assert Attachment.objects.count() == 1
    # The first attempt's file went with its rolled-back rows.
    assert len(stored_files()) == len(before_files) + 1


@pytest.mark.django_db(transaction=True)
def test_a_report_whose_connection_dies_before_commit_is_filed_once(client, faults):
    before = stored_files()
    # After the report, its history line and its file are written: the audit line's statement
    # finds the connection gone.
    faults.once(services, "audit", faults.lose_connection)
    data = form_data(client)
    response = client.post(REPORT, data)
    assert faults.lost == 1
    assert_filed_once(response, before)
    # The same form sent again (the person did not see the receipt) is not filed again.
    data["attachments"] = [upload("bien-ban.pdf", PDF_BYTES, "application/pdf")]
    again = client.post(REPORT, data)
    assert "đã được gửi" in again.content.decode() and Report.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_report_survives_pg_terminate_backend_mid_transaction(postgres_only, client, faults):
    before = stored_files()
    faults.once(services, "audit", faults.terminate_backend)
    response = client.post(REPORT, form_data(client))
    assert faults.lost == 1
    assert_filed_once(response, before)


@pytest.mark.django_db(transaction=True)
def test_a_connection_that_died_while_idle_is_replaced(postgres_only, faults):
    assert not UsedNonce.objects.exists()  # the connection is open (persistent, idle)
    faults.terminate_backend()
    calls = []

    def write():
        calls.append(1)
        UsedNonce.objects.create(scope="test", nonce="x")

    retry_on_lost_connection(write)
    assert UsedNonce.objects.count() == 1 and len(calls) <= 2


@pytest.mark.django_db(transaction=True)
def test_a_failed_commit_is_never_retried(monkeypatch):
    calls = []

    def write():
        calls.append(1)
        UsedNonce.objects.create(scope="test", nonce=str(len(calls)))

    def commit(self):
        raise OperationalError("server closed the connection unexpectedly (during commit)")

    monkeypatch.setattr(type(connections[DEFAULT_DB_ALIAS]), "commit", commit)
    with pytest.raises(OperationalError):
        retry_on_lost_connection(write)
    monkeypatch.undo()
    assert calls == [1]


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_are_not_retried():
    calls = []

    def write():
        calls.append(1)
        UsedNonce.objects.create(scope="test", nonce="x")
        raise OperationalError("database is locked")

    with pytest.raises(OperationalError):
        retry_on_lost_connection(write)
    assert calls == [1] and not UsedNonce.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_wait_for_the_database_is_bounded(monkeypatch, faults):
    monkeypatch.setattr(portal_db, "RECONNECT_WAIT_SECONDS", 0.5)
    calls = []

    def write():
        calls.append(1)
        faults.refuse_connections()
        faults.lose_connection()

    started = time.monotonic()
    with pytest.raises(OperationalError):
        retry_on_lost_connection(write)
    elapsed = time.monotonic() - started
    monkeypatch.undo()
    assert 0.45 < elapsed < 1.5
    assert calls == [1]  # the second try found no database


@pytest.mark.django_db
def test_inside_an_outer_transaction_it_runs_once(faults):
    calls = []

    def write():
        calls.append(1)
        faults.lose_connection()

    with pytest.raises(OperationalError):
        retry_on_lost_connection(write)
    assert calls == [1]

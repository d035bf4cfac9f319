from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from hotline import services
from hotline.models import Report, Status

from .conftest import IDENTITY, PDF_BYTES, SECRET_IP, upload

pytestmark = pytest.mark.django_db


def close(report, inspector, days_ago):
    services.move_report(report, Status.REJECTED, by=inspector, reason="Không có căn cứ")
    Report.objects.filter(pk=report.pk).update(closed_at=timezone.now() - timedelta(days=days_ago))


def test_purge_removes_personal_data_of_old_closed_reports(make_report, inspector,
                                                           django_capture_on_commit_callbacks):
    old, old_key = make_report(**IDENTITY, ip=SECRET_IP, files=[upload("a.pdf", PDF_BYTES)])
    recent, _ = make_report(**IDENTITY, ip=SECRET_IP)
    still_open, _ = make_report(**IDENTITY, ip=SECRET_IP)
    close(old, inspector, days_ago=400)
    close(recent, inspector, days_ago=10)
    stored = old.attachments.get().file
    storage, name = stored.storage, stored.name
    assert storage.exists(name)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_hotline_personal_data", "--days", "365", stdout=out)
    assert "1 phản ánh" in out.getvalue()
    old.refresh_from_db()
    assert (old.reporter_name, old.reporter_phone, old.reporter_email, old.reporter_ip) == (
        "", "", "", None)
    assert old.personal_data_purged_at and old.access_key_hash == ""
    assert old.description and old.category and old.status == Status.REJECTED  # record kept
    assert not storage.exists(name) and old.attachments.get().purged_at
    assert services.find_report_by_key(old.reference, old_key) is None
    for report in (recent, still_open):
        report.refresh_from_db()
        assert report.reporter_name == IDENTITY["reporter_name"]
    assert old.audit_entries.filter(action="purge").exists()
    # Running again does nothing more.
    out = StringIO()
    call_command("purge_hotline_personal_data", "--days", "365", stdout=out)
    assert "0 phản ánh" in out.getvalue()


def test_ips_are_kept_only_as_long_as_rate_limits_need(make_report, settings):
    settings.HOTLINE_IP_RETENTION_HOURS = 72
    old, _ = make_report(ip=SECRET_IP, received_at=timezone.now() - timedelta(hours=80))
    fresh, _ = make_report(ip=SECRET_IP)
    result = services.purge_expired_personal_data()
    assert result["ips"] == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.reporter_ip is None and fresh.reporter_ip == SECRET_IP


def test_old_ips_are_forgotten_after_each_submission(make_report, settings,
                                                     django_capture_on_commit_callbacks):
    settings.HOTLINE_IP_RETENTION_HOURS = 24
    old, _ = make_report(ip=SECRET_IP, received_at=timezone.now() - timedelta(hours=30))
    Report.objects.filter(pk=old.pk).update(reporter_ip=SECRET_IP)
    with django_capture_on_commit_callbacks(execute=True):
        make_report(ip="198.51.100.1")
    old.refresh_from_db()
    assert old.reporter_ip is None


def test_dry_run_changes_nothing(make_report, inspector):
    report, _ = make_report(**IDENTITY)
    close(report, inspector, days_ago=400)
    out = StringIO()
    call_command("purge_hotline_personal_data", "--days", "30", "--dry-run", stdout=out)
    report.refresh_from_db()
    assert report.reporter_name and "1 phản ánh" in out.getvalue()

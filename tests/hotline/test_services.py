import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from hotline import services
from hotline.models import TRANSITIONS, Attachment, AuditEntry, Report, ReportEvent, Status

from .conftest import PDF_BYTES, png_bytes, upload

pytestmark = pytest.mark.django_db


def test_key_is_long_random_and_only_its_hash_is_stored(make_report):
    report, key = make_report()
    assert len(key) == services.KEY_LENGTH and len(key) * 5 >= 128
    assert set(key) <= set(services.KEY_ALPHABET)
    assert len(report.access_key_hash) == 64 and key not in report.access_key_hash
    other, other_key = make_report()
    assert other_key != key and other.access_key_hash != report.access_key_hash
    assert services.format_access_key(key).count(" ") == 6


def test_key_checked_with_fallback_secret_after_rotation(make_report, settings):
    report, key = make_report()
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-0123456789-abcdefghijklmnop"
    assert services.find_report_by_key(report.reference, key) is None
    settings.SECRET_KEY_FALLBACKS = [old]
    assert services.find_report_by_key(report.reference, key) == report


@pytest.mark.parametrize("text", ["DDN-2021-000123", "ddn 2021 123", " DDN2021000123 "])
def test_parse_reference(text):
    assert services.parse_reference(text) == (2021, 123)


def test_parse_reference_refuses_garbage():
    assert services.parse_reference("2021-123") is None


ALL = list(Status)


@pytest.mark.parametrize("source", ALL)
@pytest.mark.parametrize("target", ALL)
def test_every_transition_follows_the_rules(make_report, inspector, source, target):
    report, _ = make_report()
    Report.objects.filter(pk=report.pk).update(status=source)
    report.refresh_from_db()
    allowed = target in TRANSITIONS[source]
    if allowed:
        services.move_report(report, target, by=inspector, reason="Lý do ghi rõ")
        report.refresh_from_db()
        assert report.status == target
        event = report.events.get(kind=ReportEvent.Kind.STATUS)
        assert (event.from_status, event.to_status) == (source, target)
    else:
        with pytest.raises(ValidationError):
            services.move_report(report, target, by=inspector, reason="Lý do ghi rõ")
        report.refresh_from_db()
        assert report.status == source


def test_rejecting_needs_a_reason(make_report, inspector):
    report, _ = make_report()
    with pytest.raises(ValidationError, match="lý do"):
        services.move_report(report, Status.REJECTED, by=inspector, reason="   ")
    services.move_report(report, Status.REJECTED, by=inspector, reason="Trùng phản ánh DDN-1")
    report.refresh_from_db()
    assert report.status == Status.REJECTED and report.closed_at is not None


def test_full_path_to_escalation_notifies(make_report, inspector,
                                          django_capture_on_commit_callbacks):
    report, _ = make_report()
    services.move_report(report, Status.VERIFYING, by=inspector)
    services.move_report(report, Status.HANDLING, by=inspector)
    with django_capture_on_commit_callbacks(execute=True):
        services.escalate(report, by=inspector, reason="Cần Ban Chỉ đạo quyết định")
    assert report.status == Status.ESCALATED
    assert len(mail.outbox) == 1 and "chuyển Ban Chỉ đạo" in mail.outbox[0].subject
    assert report.reference in mail.outbox[0].body
    services.move_report(report, Status.RESOLVED, by=inspector)
    assert report.is_closed


def test_first_response_deadline_and_overdue(make_report, inspector, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.HOTLINE_FIRST_RESPONSE_HOURS = 2
    report, _ = make_report(received_at=timezone.now() - timedelta(hours=3))
    assert report.first_response_due == report.received_at + timedelta(hours=2)
    assert report.is_overdue and Report.objects.overdue().filter(pk=report.pk).exists()
    services.add_public_reply(report, "Đã nhận, đang xác minh.", by=inspector)
    report.refresh_from_db()
    assert not report.is_overdue and not Report.objects.overdue().exists()
    fresh, _ = make_report()
    assert not fresh.is_overdue


def test_assign_only_to_inspectors(make_report, inspector, operator):
    report, _ = make_report()
    with pytest.raises(ValidationError):
        services.assign_report(report, operator, by=inspector)
    services.assign_report(report, inspector, by=inspector)
    report.refresh_from_db()
    assert report.assigned_to == inspector
    services.assign_report(report, None, by=inspector)
    report.refresh_from_db()
    assert report.assigned_to is None


def test_internal_note_and_reply_are_separate(make_report, inspector):
    report, _ = make_report()
    services.add_internal_note(report, "nội bộ", by=inspector)
    services.add_public_reply(report, "công khai", by=inspector)
    kinds = list(report.events.values_list("kind", "text"))
    assert ("note", "nội bộ") in kinds and ("reply", "công khai") in kinds
    with pytest.raises(ValidationError):
        services.add_internal_note(report, "  ", by=inspector)


def test_nothing_half_saved_when_a_file_fails(make_report, monkeypatch):
    good = upload("ok.pdf", PDF_BYTES)
    bad = upload("bad.png", b"\x89PNG\r\n\x1a\n garbage")
    with pytest.raises(ValidationError):
        make_report(files=[good, bad])
    assert Report.objects.count() == 0 and Attachment.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_storage_failure_rolls_back_and_removes_stored_files(make_report, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    storage = Attachment._meta.get_field("file").storage
    saved = []
    original = FileSystemStorage._save

    def flaky(self, name, content):
        if saved:
            raise OSError("disk full")
        result = original(self, name, content)
        saved.append(result)
        return result

    monkeypatch.setattr(FileSystemStorage, "_save", flaky)
    with pytest.raises(OSError):
        make_report(files=[upload("a.png", png_bytes()), upload("b.pdf", PDF_BYTES)])
    assert Report.objects.count() == 0
    assert saved and not storage.exists(saved[0])


def test_followup_refused_when_closed(make_report, inspector):
    report, _ = make_report()
    services.move_report(report, Status.REJECTED, by=inspector, reason="Không thuộc thẩm quyền")
    with pytest.raises(ValidationError):
        services.add_reporter_followup(report, text="thêm")


def test_log_phone_report_rules(operator, inspector):
    with pytest.raises(ValidationError):
        services.log_phone_report(operator=operator, channel="web", received_at=None,
                                  category="other", description="x")
    with pytest.raises(ValidationError):
        services.log_phone_report(operator=inspector, channel="phone", received_at=None,
                                  category="other", description="x")
    report, key = services.log_phone_report(operator=operator, channel="phone", received_at=None,
                                            category="other", description="Gọi điện báo.")
    assert report.logged_by == operator and report.channel == "phone" and key


def test_audit_trail_is_append_only(make_report, inspector):
    report, _ = make_report()
    entry = AuditEntry.objects.filter(report=report).first()
    assert entry.action == "create"
    entry.detail = "sửa"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(detail="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_audit_admin_is_read_only(admin_client, make_report):
    from django.contrib import admin

    report, _ = make_report()
    model_admin = admin.site._registry[AuditEntry]

    class Request:
        user = None

    assert not model_admin.has_change_permission(Request()) and not model_admin.has_delete_permission(
        Request()) and not model_admin.has_add_permission(Request())
    assert admin_client.get("/admin/hotline/auditentry/").status_code == 200
    entry = AuditEntry.objects.first()
    response = admin_client.post(f"/admin/hotline/auditentry/{entry.pk}/change/", {"detail": "x"})
    assert response.status_code == 403
    assert admin_client.get("/admin/hotline/report/").status_code == 200


def test_submit_checks_category_and_channel(make_report):
    with pytest.raises(ValidationError):
        make_report(category="not-a-category")
    with pytest.raises(ValidationError):
        make_report(channel="fax")
    with pytest.raises(ValidationError):
        make_report(description="   ")
    assert Report.objects.count() == 0


def test_settings_come_from_settings_then_environment(monkeypatch, settings):
    from hotline import conf

    monkeypatch.setenv("HOTLINE_FIRST_RESPONSE_HOURS", "6")
    monkeypatch.setenv("HOTLINE_NOTIFY_EMAILS", "a@example.org| b@example.org")
    assert conf.get("FIRST_RESPONSE_HOURS") == 6
    assert conf.get("NOTIFY_EMAILS") == []  # the test settings set it: settings win
    del settings.HOTLINE_NOTIFY_EMAILS
    assert conf.get("NOTIFY_EMAILS") == ["a@example.org", "b@example.org"]
    settings.HOTLINE_FIRST_RESPONSE_HOURS = 1
    assert conf.get("FIRST_RESPONSE_HOURS") == 1


def test_decompression_bomb_is_refused(make_report):
    import io

    from PIL import Image

    output = io.BytesIO()
    Image.new("1", (9000, 9000)).save(output, format="PNG")  # 81 Mpx in a few kB
    assert len(output.getvalue()) < 100_000
    with pytest.raises(ValidationError):
        make_report(files=[upload("small.png", output.getvalue())])
    assert Report.objects.count() == 0


def test_attachments_are_stored_outside_media_root(make_report, settings):
    from pathlib import Path

    report, _ = make_report(files=[upload("a.pdf", PDF_BYTES)])
    path = Path(report.attachments.get().file.path).resolve()
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.suffix == ".pdf" and len(path.stem) == 32  # a generated name, not "a.pdf"
    int(path.stem, 16)

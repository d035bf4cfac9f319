"""Reporter identity (name, phone, email, IP) appears only where the separate permission allows."""

import csv
import io
import logging

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.views.debug import ExceptionReporter
from openpyxl import load_workbook

from hotline import services
from hotline.models import HIDDEN_IDENTITY, Status

from .conftest import IDENTITY, SECRET_IP

pytestmark = pytest.mark.django_db
SECRETS = [*IDENTITY.values(), SECRET_IP]


def assert_no_identity(text, where):
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked in {where}"


def staff_pages(report):
    today = report.received_at.strftime("%d/%m/%Y")
    return {
        "queue": reverse("hotline:staff_queue"),
        "detail": reverse("hotline:staff_report", args=[report.pk]),
        "print": reverse("hotline:staff_report_print", args=[report.pk]),
        "day": reverse("hotline:staff_day") + f"?day={today}",
    }


def export_text(client):
    text = client.get(reverse("hotline:staff_export_csv")).content.decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(client.get(reverse("hotline:staff_export_xlsx")).content)).active
    return text + "\n".join(str(row) for row in sheet.values)


def test_inspector_without_permission_sees_no_identity_anywhere(
        client, inspector, identified_report, django_capture_on_commit_callbacks, caplog):
    caplog.set_level(logging.DEBUG)
    client.force_login(inspector)
    report = identified_report
    for name, url in staff_pages(report).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert_no_identity(response.content.decode(), name)
    assert HIDDEN_IDENTITY in client.get(staff_pages(report)["detail"]).content.decode()
    assert_no_identity(export_text(client), "export")
    with django_capture_on_commit_callbacks(execute=True):
        services.move_report(report, Status.VERIFYING, by=inspector)
        services.move_report(report, Status.HANDLING, by=inspector)
        services.escalate(report, by=inspector)
    for message in mail.outbox:
        assert_no_identity(message.subject + message.body, "email")
    assert_no_identity(caplog.text, "logs")
    for entry in report.audit_entries.all():
        assert_no_identity(entry.detail, "audit")


def test_chief_inspector_with_permission_sees_identity(client, chief, identified_report):
    client.force_login(chief)
    html = client.get(staff_pages(identified_report)["detail"]).content.decode()
    for secret in SECRETS:
        assert secret in html
    exported = export_text(client)
    for secret in SECRETS:
        assert secret in exported
    rows = list(csv.reader(io.StringIO(
        client.get(reverse("hotline:staff_export_csv")).content.decode("utf-8-sig"))))
    assert "Họ tên người phản ánh" in rows[0]
    # The printed summary for the steering committee never carries identity.
    assert_no_identity(client.get(staff_pages(identified_report)["print"]).content.decode(), "print")
    assert identified_report.audit_entries.filter(detail__contains="danh tính").exists()


def test_operator_view_hides_identity(client, operator):
    report, _ = services.log_phone_report(operator=operator, channel="phone", received_at=None,
                                          category="other", description="Gọi báo.", **IDENTITY)
    client.force_login(operator)
    html = client.get(reverse("hotline:operator_detail", args=[report.pk])).content.decode()
    assert_no_identity(html, "operator detail")
    assert HIDDEN_IDENTITY in html


def test_reporter_status_page_shows_no_identity(client, make_report):
    report, key = make_report(**IDENTITY, ip=SECRET_IP)
    client.post(reverse("hotline:lookup"), {"reference": report.reference, "access_key": key})
    assert_no_identity(client.get(reverse("hotline:status")).content.decode(), "status page")


def test_admin_hides_identity_without_permission(client, make_staff, identified_report):
    from django.contrib.auth.models import Permission

    user = make_staff(None, username="admin-viewer")
    user.user_permissions.add(Permission.objects.get(codename="view_report"))
    client.force_login(user)
    html = client.get(f"/admin/hotline/report/{identified_report.pk}/change/").content.decode()
    assert identified_report.reference in html
    assert_no_identity(html, "admin")
    assert identified_report.audit_entries.filter(action="view", username="admin-viewer").exists()


def test_error_reports_leave_out_sensitive_fields_and_ip(monkeypatch, settings):
    from hotline import views

    def boom(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "submit_report", boom)
    factory = RequestFactory(REMOTE_ADDR=SECRET_IP)
    from .test_public import form_data

    class FakeClient:
        def get(self, url):
            return views.report_form(factory.get(url))

    def build():  # the test's own frame must not hold the data: it is in the traceback too
        data = form_data(FakeClient(), description="Nội dung rất nhạy cảm", **IDENTITY)
        return factory.post(reverse("hotline:report"), data)

    request = build()
    request._dont_enforce_csrf_checks = True
    with pytest.raises(RuntimeError) as excinfo:
        views.report_form(request)
    reporter = ExceptionReporter(request, excinfo.type, excinfo.value, excinfo.tb, is_email=True)
    text = reporter.get_traceback_text() + reporter.get_traceback_html()
    assert "boom" in text and "database went away" in text
    assert_no_identity(text, "error report")
    assert "Nội dung rất nhạy cảm" not in text


def test_form_responses_do_not_log_identity(client, caplog):
    from .test_public import form_data

    caplog.set_level(logging.DEBUG)
    client.post(reverse("hotline:report"), form_data(client, **IDENTITY), REMOTE_ADDR=SECRET_IP)
    assert_no_identity(caplog.text, "logs")

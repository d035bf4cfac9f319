"""Every staff URL × every group and anonymous: allowed or refused."""

import pytest
from django.urls import reverse

from examportal.roles import ADMINISTRATORS, CONTRIBUTORS, EDITORS, INSPECTORS, OPERATORS
from hotline import services

pytestmark = pytest.mark.django_db

GROUPS = [None, EDITORS, CONTRIBUTORS, OPERATORS, INSPECTORS, ADMINISTRATORS]


@pytest.fixture
def objects(make_report, make_staff):
    from .conftest import png_bytes, upload

    logger_op = make_staff(OPERATORS, username="op-logger")
    phone_report, _ = services.log_phone_report(
        operator=logger_op, channel="phone", received_at=None, category="health",
        description="Thí sinh bị sốt tại điểm thi.")
    web_report, _ = make_report(files=[upload("a.png", png_bytes())])
    return {"web": web_report, "phone": phone_report, "operator": logger_op,
            "attachment": web_report.attachments.get()}


def staff_urls(objects):
    web = objects["web"]
    return {
        "queue": (reverse("hotline:staff_queue"), INSPECTORS),
        "day": (reverse("hotline:staff_day"), INSPECTORS),
        "csv": (reverse("hotline:staff_export_csv"), INSPECTORS),
        "xlsx": (reverse("hotline:staff_export_xlsx"), INSPECTORS),
        "detail": (reverse("hotline:staff_report", args=[web.pk]), INSPECTORS),
        "print": (reverse("hotline:staff_report_print", args=[web.pk]), INSPECTORS),
        "file": (reverse("hotline:staff_attachment", args=[web.pk, objects["attachment"].pk]),
                 INSPECTORS),
        "op_list": (reverse("hotline:operator_list"), OPERATORS),
        "op_new": (reverse("hotline:operator_new"), OPERATORS),
    }


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: g or "anonymous")
def test_access_matrix(client, make_staff, objects, group):
    if group:
        client.force_login(make_staff(group))
    for name, (url, allowed_group) in staff_urls(objects).items():
        response = client.get(url)
        if group is None:
            assert response.status_code == 302, name
            assert response["Location"].startswith("/admin/login/"), name
        elif group == allowed_group:
            assert response.status_code == 200, name
            assert "no-store" in response["Cache-Control"] or name == "file", name
        else:
            assert response.status_code == 403, (name, group)
            assert "Không có quyền truy cập" in response.content.decode()


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: g or "anonymous")
def test_posting_changes_needs_the_permission(client, make_staff, objects, group):
    from hotline.models import ReportEvent

    if group:
        client.force_login(make_staff(group))
    url = reverse("hotline:staff_report", args=[objects["web"].pk])
    response = client.post(url, {"action": "note", "note-text": "Ghi chú thử"})
    allowed = group == INSPECTORS
    assert response.status_code == (302 if allowed or group is None else 403)
    assert ReportEvent.objects.filter(kind="note").exists() == allowed


def test_operator_sees_only_what_they_logged_today(client, objects, operator):
    own, _ = services.log_phone_report(operator=operator, channel="email", received_at=None,
                                       category="other", description="Thư báo về điểm thi.")
    client.force_login(operator)
    listing = client.get(reverse("hotline:operator_list")).content.decode()
    assert own.reference in listing
    assert objects["phone"].reference not in listing and objects["web"].reference not in listing
    assert client.get(reverse("hotline:operator_detail", args=[own.pk])).status_code == 200
    # Another operator's report and a web report, by forged ID: not found.
    for other in (objects["phone"], objects["web"]):
        assert client.get(reverse("hotline:operator_detail", args=[other.pk])).status_code == 404
        assert client.get(reverse("hotline:staff_report", args=[other.pk])).status_code == 403


def test_operator_cannot_see_yesterdays_own_report(client, operator):
    from datetime import timedelta

    from django.utils import timezone

    from hotline.models import Report

    report, _ = services.log_phone_report(operator=operator, channel="phone", received_at=None,
                                          category="other", description="Hôm qua.")
    Report.objects.filter(pk=report.pk).update(received_at=timezone.now() - timedelta(days=1))
    client.force_login(operator)
    assert client.get(reverse("hotline:operator_detail", args=[report.pk])).status_code == 404
    assert report.reference not in client.get(reverse("hotline:operator_list")).content.decode()


def test_inspectors_share_the_queue(client, objects, inspector, inspector2):
    """Decision: any inspector may open a report assigned to another; the view is audited."""
    report = objects["web"]
    services.assign_report(report, inspector, by=inspector)
    client.force_login(inspector2)
    assert client.get(reverse("hotline:staff_report", args=[report.pk])).status_code == 200
    assert report.audit_entries.filter(action="view", username=inspector2.username).exists()


def test_attachment_of_another_report_by_forged_id(client, objects, inspector):
    client.force_login(inspector)
    url = reverse("hotline:staff_attachment", args=[objects["phone"].pk, objects["attachment"].pk])
    assert client.get(url).status_code == 404


def test_inactive_user_is_refused(client, inspector):
    inspector.is_active = False
    inspector.save()
    client.force_login(inspector)
    assert client.get(reverse("hotline:staff_queue")).status_code in (302, 403)


def test_group_permissions_are_least_privilege(roles):
    from examportal.roles import permission_table

    table = permission_table()
    hotline = {group: {p for p in perms if p.startswith("hotline.")} for group, perms in table.items()}
    assert hotline[EDITORS] == set() and hotline[CONTRIBUTORS] == set()
    assert hotline[OPERATORS] == {"hotline.log_report"}
    assert "hotline.handle_report" in hotline[INSPECTORS]
    assert "hotline.view_reporter_identity" not in hotline[INSPECTORS]
    assert hotline[ADMINISTRATORS] == {"hotline.view_auditentry"}


ADMIN_MATRIX = {
    "/admin/hotline/report/": {INSPECTORS},
    "/admin/hotline/auditentry/": {INSPECTORS, ADMINISTRATORS},
    "/admin/hotline/report/add/": set(),
}


@pytest.mark.parametrize("group", GROUPS[1:])
@pytest.mark.parametrize("url", sorted(ADMIN_MATRIX))
def test_hotline_admin_by_group(client, make_staff, group, url):
    client.force_login(make_staff(group))
    expected = 200 if group in ADMIN_MATRIX[url] else 403
    assert client.get(url).status_code == expected, (group, url)

"""Identity access is granted only by a superuser or an inspector holding "grant identity
access", never to oneself; every grant and revocation, whatever the path, is audited and mailed
to the inspectors' list (issue 14, item 1)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail

from examportal.roles import ADMINISTRATORS, INSPECTORS
from hotline.models import AuditEntry

URL = "/duong-day-nong/thanh-tra/quyen-xem-danh-tinh/"
User = get_user_model()


def perm(codename):
    return Permission.objects.get(content_type__app_label="hotline", codename=codename)


@pytest.fixture
def chief(make_staff):
    user = make_staff(INSPECTORS, username="chanhthanhtra", email="chanh@laichau.edu.vn",
                      last_name="Lò Văn", first_name="Minh")
    user.user_permissions.add(perm("grant_identity_access"), perm("view_reporter_identity"))
    return user


@pytest.fixture
def inspector(make_staff):
    return make_staff(INSPECTORS, username="thanhtra2", email="tt2@laichau.edu.vn",
                      last_name="Nguyễn Thị", first_name="Hoa")


@pytest.fixture(autouse=True)
def _since(db):
    """Grants made while the fixtures set accounts up are audited too; the tests read what
    happens after."""
    global SINCE
    SINCE = 0


def grants():
    return list(AuditEntry.objects.filter(action__in=["grant", "revoke"], pk__gt=SINCE)
                .order_by("pk").values_list("action", "username", "subject_username"))


def start_watching():
    global SINCE
    SINCE = AuditEntry.objects.order_by("pk").values_list("pk", flat=True).last() or 0


SINCE = 0


@pytest.mark.django_db
def test_chief_inspector_grants_and_revokes_on_the_workspace_screen(
        client, chief, inspector, django_capture_on_commit_callbacks):
    client.force_login(chief)
    assert ("grant", "", "chanhthanhtra") in grants()  # the fixture's own grant, from the shell
    start_watching()
    page = client.get(URL)
    assert page.status_code == 200
    assert "Nguyễn Thị Hoa" in page.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"account": inspector.pk, "action": "grant",
                                     "reason": "Trực ca đêm 7/7"})
    assert response.status_code == 302
    assert User.objects.get(pk=inspector.pk).has_perm("hotline.view_reporter_identity")
    assert grants() == [("grant", "chanhthanhtra", "thanhtra2")]
    entry = AuditEntry.objects.filter(action="grant").latest("pk")
    assert "Trực ca đêm 7/7" in entry.detail
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.bcc) >= {"chanh@laichau.edu.vn", "tt2@laichau.edu.vn"}
    assert "Nguyễn Thị Hoa (thanhtra2)" in message.body and "Lò Văn Minh" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"account": inspector.pk, "action": "revoke", "reason": "Hết ca"})
    assert not User.objects.get(pk=inspector.pk).has_perm("hotline.view_reporter_identity")
    assert grants()[-1] == ("revoke", "chanhthanhtra", "thanhtra2")
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_reason_is_required_and_kept(client, chief, inspector):
    client.force_login(chief)
    start_watching()
    response = client.post(URL, {"account": inspector.pk, "action": "grant", "reason": "  "})
    assert response.status_code == 400
    assert "Vui lòng ghi lý do." in response.content.decode()
    assert not grants()


@pytest.mark.django_db
def test_nobody_grants_to_themself(client, make_staff, inspector):
    granter = make_staff(INSPECTORS, username="phochanh")
    granter.user_permissions.add(perm("grant_identity_access"))
    client.force_login(granter)
    response = client.post(URL, {"account": granter.pk, "action": "grant", "reason": "tự cấp"})
    assert response.status_code == 400
    assert "chính mình" in response.content.decode()
    assert not User.objects.get(pk=granter.pk).has_perm("hotline.view_reporter_identity")


@pytest.mark.django_db
@pytest.mark.parametrize("group", [INSPECTORS, ADMINISTRATORS])
def test_without_the_grant_permission_the_screen_is_closed(client, make_staff, inspector, group):
    client.force_login(make_staff(group, username="khac"))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"account": inspector.pk, "action": "grant",
                             "reason": "x"}).status_code == 403
    assert not grants()


@pytest.mark.django_db
def test_only_inspectors_can_receive_it(client, chief, make_staff):
    outsider = make_staff(ADMINISTRATORS, username="quantri")
    client.force_login(chief)
    response = client.post(URL, {"account": outsider.pk, "action": "grant", "reason": "x"})
    assert response.status_code == 404  # not on the list: a forged id
    assert not outsider.user_permissions.exists()


@pytest.mark.django_db
def test_every_other_path_is_audited_and_mailed(inspector, make_staff,
                                               django_capture_on_commit_callbacks):
    """The shell, the admin, a group's permissions, a membership, the superuser flag."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        inspector.user_permissions.add(perm("view_reporter_identity"))
    assert grants() == [("grant", "", "thanhtra2")]
    group = Group.objects.create(name="Tổ xác minh")
    member = make_staff(None, username="xacminh")
    member.groups.add(group)
    with django_capture_on_commit_callbacks(execute=True):
        group.permissions.add(perm("view_reporter_identity"))   # the group gains it
    assert grants()[-1] == ("grant", "", "xacminh")
    newcomer = make_staff(None, username="moivao")
    with django_capture_on_commit_callbacks(execute=True):
        group.user_set.add(newcomer)                             # a member joins
    assert grants()[-1] == ("grant", "", "moivao")
    with django_capture_on_commit_callbacks(execute=True):
        group.permissions.clear()                                # both lose it
    assert sorted(grants()[-2:]) == [("revoke", "", "moivao"), ("revoke", "", "xacminh")]
    plain = make_staff(None, username="thuong")
    with django_capture_on_commit_callbacks(execute=True):
        plain.is_superuser = True
        plain.save()
    assert [g for g in grants() if g[2] == "thuong"] == [("grant", "", "thuong")] * 2  # both rights
    assert len(mail.outbox) == 5
    assert all("danh tính" in m.subject for m in mail.outbox)


@pytest.mark.django_db
def test_superuser_grant_in_the_admin_names_the_superuser(client, roles, inspector,
                                                         django_capture_on_commit_callbacks):
    root = User.objects.create_superuser("root", "root@example.org", "root-password-123")
    assert grants() == [("grant", "", "root"), ("grant", "", "root")]  # createsuperuser: both
    start_watching()
    client.force_login(root)
    data = {"username": inspector.username, "first_name": inspector.first_name,
            "last_name": inspector.last_name, "email": inspector.email, "is_active": "on",
            "is_staff": "on", "date_joined_0": "01/06/2021", "date_joined_1": "08:00:00",
            "groups": [g.pk for g in inspector.groups.all()],
            "user_permissions": [perm("view_reporter_identity").pk]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/auth/user/{inspector.pk}/change/", data)
    assert response.status_code == 302
    assert grants() == [("grant", "root", "thanhtra2")]
    assert "trang quản trị" in AuditEntry.objects.filter(action="grant").latest("pk").detail


@pytest.mark.django_db
def test_unrelated_rights_changes_write_nothing(make_staff):
    user = make_staff(INSPECTORS, username="binhthuong")
    user.user_permissions.add(perm("export_report"))
    user.groups.clear()
    assert not grants()

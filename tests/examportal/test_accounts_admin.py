"""Nobody raises their own rights in the accounts admin (issue 14, item 1).

Each path the review found: the user form (superuser flag, groups, the permissions box), the
group form, the password form of a more powerful account, and crafted POSTs carrying fields the
form does not show.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from examportal import roles

User = get_user_model()


def perm(name):
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def user_form(user, **changes):
    """What the change form posts for ``user``, with ``changes`` on top (None drops a field)."""
    data = {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "email": user.email, "is_active": "on", "is_staff": "on",
        "date_joined_0": "01/06/2021", "date_joined_1": "08:00:00",
        "groups": [g.pk for g in user.groups.all()],
        "user_permissions": [p.pk for p in user.user_permissions.all()],
    }
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def change_url(user):
    return f"/admin/auth/user/{user.pk}/change/"


@pytest.fixture
def quantri(make_staff):
    return make_staff(roles.ADMINISTRATORS, username="quantri")


@pytest.fixture
def admin_client(client, quantri):
    client.force_login(quantri)
    return client


@pytest.mark.django_db
def test_administrator_cannot_make_itself_superuser(admin_client, quantri):
    page = admin_client.get(change_url(quantri))
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()  # shown read-only
    response = admin_client.post(change_url(quantri), user_form(quantri, is_superuser="on"))
    assert response.status_code == 302
    quantri.refresh_from_db()
    assert not quantri.is_superuser
    assert not quantri.has_perm("hotline.view_reporter_identity")


@pytest.mark.django_db
def test_administrator_cannot_change_its_own_groups_or_permissions(admin_client, quantri):
    inspectors = Group.objects.get(name=roles.INSPECTORS)
    page = admin_client.get(change_url(quantri)).content.decode()
    assert 'name="groups"' not in page and 'name="user_permissions"' not in page
    admin_client.post(change_url(quantri), user_form(
        quantri, groups=[inspectors.pk], user_permissions=[perm("auth.delete_user").pk],
        is_active=None))
    quantri.refresh_from_db()
    assert list(quantri.groups.values_list("name", flat=True)) == [roles.ADMINISTRATORS]
    assert not quantri.user_permissions.exists()
    assert quantri.is_active  # its own active flag is not its to change either


@pytest.mark.django_db
def test_administrator_cannot_give_a_friend_superuser_or_identity_access(admin_client, make_staff):
    friend = make_staff(roles.OPERATORS, username="banbe")
    identity = perm("hotline.view_reporter_identity")
    response = admin_client.post(change_url(friend), user_form(
        friend, is_superuser="on", user_permissions=[identity.pk]))
    assert response.status_code == 200  # the forged choice is refused with a message
    assert "Hãy chọn" in response.content.decode() or "hợp lệ" in response.content.decode()
    friend.refresh_from_db()
    assert not friend.is_superuser
    assert not friend.user_permissions.exists()
    # Without the forged permission the form saves, and the superuser flag is still ignored.
    admin_client.post(change_url(friend), user_form(friend, is_superuser="on"))
    friend.refresh_from_db()
    assert not friend.is_superuser


@pytest.mark.django_db
def test_permission_box_offers_only_what_the_administrator_holds(admin_client, make_staff):
    friend = make_staff(roles.OPERATORS, username="banbe")
    form = admin_client.get(change_url(friend)).context["adminform"].form
    offered = {f"{p.content_type.app_label}.{p.codename}"
               for p in form.fields["user_permissions"].queryset}
    assert offered == roles.permission_table()[roles.ADMINISTRATORS]
    assert "hotline.view_reporter_identity" not in offered and "auth.change_group" not in offered
    groups = {g.name for g in form.fields["groups"].queryset}
    assert groups == {roles.ADMINISTRATORS}
    # A permission it holds may be given.
    response = admin_client.post(change_url(friend), user_form(
        friend, user_permissions=[perm("auth.view_user").pk]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert friend.user_permissions.filter(codename="view_user").exists()


@pytest.mark.django_db
def test_groups_it_does_not_hold_are_refused_and_existing_ones_kept(admin_client, make_staff):
    editor = make_staff(roles.EDITORS, username="bientap")
    inspectors = Group.objects.get(name=roles.INSPECTORS)
    response = admin_client.post(change_url(editor), user_form(editor, groups=[inspectors.pk]))
    assert response.status_code == 200
    assert list(editor.groups.values_list("name", flat=True)) == [roles.EDITORS]
    # Changing the name keeps the group the administrator could not have given.
    response = admin_client.post(change_url(editor), user_form(editor, groups=[], last_name="Lò"))
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.last_name == "Lò"
    assert list(editor.groups.values_list("name", flat=True)) == [roles.EDITORS]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["superuser", "identity"])
def test_administrator_cannot_take_over_a_more_powerful_account(admin_client, make_staff, kind):
    target = make_staff(roles.INSPECTORS, username="chanhthanhtra")
    if kind == "superuser":
        target.is_superuser = True
        target.save()
    else:
        target.user_permissions.add(perm("hotline.view_reporter_identity"))
    before = User.objects.get(pk=target.pk).password
    page = admin_client.get(change_url(target))
    assert page.status_code == 200  # may look, not change
    assert 'name="email"' not in page.content.decode()
    response = admin_client.post(change_url(target), user_form(
        target, email="quantri@example.org", is_staff=None))
    assert response.status_code == 403
    response = admin_client.post(f"/admin/auth/user/{target.pk}/password/",
                                 {"password1": "chiem-quyen-2021!", "password2": "chiem-quyen-2021!",
                                  "usable_password": "true"})
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.password == before and target.email == "" and target.is_staff


@pytest.mark.django_db
def test_group_form_is_closed_to_administrators(admin_client):
    group = Group.objects.get(name=roles.ADMINISTRATORS)
    response = admin_client.post(f"/admin/auth/group/{group.pk}/change/", {
        "name": group.name,
        "permissions": [*group.permissions.values_list("pk", flat=True),
                        perm("hotline.view_reporter_identity").pk]})
    assert response.status_code == 403
    assert not group.permissions.filter(codename="view_reporter_identity").exists()


@pytest.mark.django_db
def test_group_editor_grants_only_what_it_holds(client, make_staff):
    """Even somebody given "change group" cannot put a permission it lacks, or a reserved one,
    into a group, and cannot change its own group."""
    manager = make_staff(roles.ADMINISTRATORS, username="truongphong")
    manager.user_permissions.add(perm("auth.change_group"), perm("news.view_article"))
    client.force_login(manager)
    operators = Group.objects.get(name=roles.OPERATORS)
    response = client.post(f"/admin/auth/group/{operators.pk}/change/",  # it holds less
                           {"name": "Đổi tên", "permissions": []})
    assert response.status_code == 403
    assert operators.permissions.exists()
    empty = Group.objects.create(name="Nhóm thử")
    url = f"/admin/auth/group/{empty.pk}/change/"
    for forged in ("hotline.view_reporter_identity", "hotline.handle_report"):
        response = client.post(url, {"name": empty.name, "permissions": [perm(forged).pk]})
        assert response.status_code == 200, forged
        assert not empty.permissions.exists()
    response = client.post(url, {"name": empty.name, "permissions": [perm("news.view_article").pk]})
    assert response.status_code == 302
    assert list(empty.permissions.values_list("codename", flat=True)) == ["view_article"]
    own = Group.objects.get(name=roles.ADMINISTRATORS)
    response = client.post(f"/admin/auth/group/{own.pk}/change/",
                           {"name": own.name, "permissions": [perm("news.view_article").pk]})
    assert response.status_code == 403


@pytest.mark.django_db
def test_superuser_may_grant_but_not_change_its_own_rights(client, roles):
    root = User.objects.create_superuser("root", "root@example.org", "root-password-123")
    client.force_login(root)
    page = client.get(change_url(root)).content.decode()
    assert 'name="is_superuser"' not in page
    inspector = User.objects.create_user("thanhtra2", password="x-password-123", is_staff=True)
    response = client.post(change_url(inspector), user_form(
        inspector, user_permissions=[perm("hotline.view_reporter_identity").pk]))
    assert response.status_code == 302
    assert User.objects.get(pk=inspector.pk).has_perm("hotline.view_reporter_identity")


def test_no_group_may_list_a_reserved_permission(monkeypatch):
    from hotline import roles as hotline_roles

    monkeypatch.setitem(hotline_roles.PERMISSIONS, roles.INSPECTORS,
                        [*hotline_roles.PERMISSIONS[roles.INSPECTORS], "hotline.view_reporter_identity"])
    with pytest.raises(ValueError, match="reserved"):
        roles.permission_table()

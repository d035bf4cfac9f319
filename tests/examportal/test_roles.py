import pytest
from django.contrib.auth.models import Group

from examportal import roles
from examportal.roles import permission_table, setup_roles

ALL_GROUPS = list(roles.GROUPS)

# Staff URL -> groups that may open it. Every other group gets 403; anonymous goes to login.
MATRIX = {
    "/admin/": set(ALL_GROUPS),
    "/admin/news/column/": {roles.EDITORS, roles.ADMINISTRATORS},
    "/admin/news/section/": {roles.EDITORS, roles.ADMINISTRATORS},
    "/admin/news/section/add/": {roles.ADMINISTRATORS},
    "/admin/auth/user/": {roles.ADMINISTRATORS},
    "/admin/auth/user/add/": {roles.ADMINISTRATORS},
    "/admin/auth/group/": {roles.ADMINISTRATORS},
    "/admin/auth/group/add/": set(),
}


@pytest.mark.django_db
def test_setup_roles_is_idempotent_and_exact():
    first = setup_roles()
    second = setup_roles()
    assert first == second
    assert set(first) == set(ALL_GROUPS)
    group = Group.objects.get(name=roles.EDITORS)
    extra = Group.objects.get(name=roles.ADMINISTRATORS).permissions.exclude(
        pk__in=group.permissions.all()).first()
    group.permissions.add(extra)  # somebody added a permission by hand
    setup_roles()
    assert not group.permissions.filter(pk=extra.pk).exists()


def test_no_group_gets_superuser_style_rights():
    table = permission_table()
    for group, perms in table.items():
        assert "auth.change_group" not in perms, group
        assert "auth.delete_user" not in perms, group


@pytest.mark.django_db
@pytest.mark.parametrize("url", sorted(MATRIX))
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("group", ALL_GROUPS)
@pytest.mark.parametrize("url", sorted(MATRIX))
def test_group_by_staff_url(client, make_staff, group, url):
    client.force_login(make_staff(group))
    response = client.get(url)
    expected = 200 if group in MATRIX[url] else 403
    assert response.status_code == expected, f"{group} on {url}"


@pytest.mark.django_db
def test_staff_without_group_sees_nothing(client, make_staff):
    client.force_login(make_staff(None))
    assert client.get("/admin/news/section/").status_code == 403


@pytest.mark.django_db
def test_staff_pages_are_never_publicly_cached(client, make_staff):
    client.force_login(make_staff(roles.EDITORS))
    response = client.get("/admin/news/section/")
    assert "public" not in response.get("Cache-Control", "")
    assert "'unsafe-inline'" in response["Content-Security-Policy"]

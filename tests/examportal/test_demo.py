import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from examportal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not get_user_model().objects.exists()


@pytest.mark.django_db(transaction=True)
def test_seed_demo_creates_accounts_once(settings, exam_column):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    User = get_user_model()
    after_first = User.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.count() == after_first  # idempotent (apps may add their own accounts)
    for username, _full_name, group in DEMO_ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert username in out.getvalue()


@pytest.mark.django_db
def test_setup_roles_command_prints_groups():
    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    assert "Biên tập viên" in out.getvalue()

"""Demo staff accounts, one per group. Created only by ``seed_demo``, never in production."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import roles

DEMO_PASSWORD = "laichau-demo-2021"  # noqa: S105 -- demo accounts only, printed on purpose
DEMO_ACCOUNTS = [
    # username, full name, group
    ("bientapvien", "Nguyễn Thị Thu Hà", roles.EDITORS),
    ("congtacvien", "Lò Văn Minh", roles.CONTRIBUTORS),
    ("tongdaivien", "Tẩn Thị Mai", roles.OPERATORS),
    ("thanhtra", "Vàng A Sử", roles.INSPECTORS),
    ("quantri", "Hoàng Văn Tùng", roles.ADMINISTRATORS),
]


def demo_account(username, full_name, group_name, *, is_staff=True):
    """A demo account in ``group_name`` with the shared demo password (kept if it exists)."""
    User = get_user_model()
    # Vietnamese names put the family name first and the given name last.
    last_name, first_name = full_name.rsplit(" ", 1)
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name,
                  "email": f"{username}@demo.laichau.edu.vn", "is_staff": is_staff},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    # seed_demo sets the groups up first; a test seeding one app alone gets the bare group.
    user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    return user


def seed(stdout):
    for username, full_name, group_name in DEMO_ACCOUNTS:
        demo_account(username, full_name, group_name)
    stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
    for username, full_name, group_name in DEMO_ACCOUNTS:
        stdout.write(f"  {username:<12} {group_name:<14} {full_name}")

"""Who may give which rights to whom (the accounts admin and every app's grant screens).

Rules (DESIGN.md, "Nobody raises their own rights"):

- Only a superuser makes superusers, or changes anything about a superuser's account.
- A non-superuser grants only permissions it holds itself, and only groups whose every
  permission it holds. Reserved permissions (``roles.RESERVED`` of each app, e.g. access to
  hotline reporters' identities) are never granted through the accounts admin by anybody but
  a superuser; their app offers its own, audited way.
- Accounts that hold a reserved permission are protected like superusers: a non-superuser
  cannot change them (nor their password, which would be the same as taking their rights).
- Nobody changes their own rights (superuser flag, staff flag, active flag, groups,
  permissions), superusers included.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .roles import reserved_permissions

RIGHTS_FIELDS = ("is_superuser", "is_staff", "is_active", "groups", "user_permissions")

_acting = ContextVar("examportal_acting_user", default=None)


@contextmanager
def acting_as(user, how=""):
    """Name the person (and the screen) behind the rights changes made inside the block, so
    that whoever audits them (signal receivers) can say who did it and how."""
    token = _acting.set((user, how))
    try:
        yield
    finally:
        _acting.reset(token)


def current_actor():
    """``(user, how)`` set by :func:`acting_as`, or ``(None, "")`` for the shell and commands."""
    return _acting.get() or (None, "")


def perm_name(permission):
    return f"{permission.content_type.app_label}.{permission.codename}"


def _reserved_q():
    q = Q(pk__in=[])
    for name in reserved_permissions():
        app_label, codename = name.split(".", 1)
        q |= Q(content_type__app_label=app_label, codename=codename)
    return q


def grantable_permissions(actor):
    """The permissions ``actor`` may give to somebody else through the accounts admin."""
    qs = Permission.objects.select_related("content_type")
    if actor.is_superuser:
        return qs
    held = actor.get_all_permissions() - set(reserved_permissions())
    q = Q(pk__in=[])
    for name in held:
        app_label, codename = name.split(".", 1)
        q |= Q(content_type__app_label=app_label, codename=codename)
    return qs.filter(q)


def grantable_groups(actor):
    """Groups all of whose permissions ``actor`` may give."""
    if actor.is_superuser:
        return Group.objects.all()
    allowed = set(grantable_permissions(actor).values_list("pk", flat=True))
    ids = [group.pk for group in Group.objects.prefetch_related("permissions")
           if {p.pk for p in group.permissions.all()} <= allowed]
    return Group.objects.filter(pk__in=ids)


def protected_accounts():
    """Superusers and holders of a reserved permission (directly or through a group)."""
    reserved = Permission.objects.filter(_reserved_q())
    return get_user_model().objects.filter(
        Q(is_superuser=True) | Q(user_permissions__in=reserved) | Q(groups__permissions__in=reserved)
    ).distinct()


def may_change_account(actor, account):
    """Whether ``actor`` may edit ``account`` at all (details, password, rights)."""
    if actor.is_superuser:
        return True
    return not protected_accounts().filter(pk=account.pk).exists()


def may_change_rights(actor, account):
    """Whether ``actor`` may change ``account``'s groups, permissions and flags."""
    return account.pk != actor.pk and may_change_account(actor, account)


def merge_rights(actor, submitted, current, grantable):
    """The new value of a groups/permissions field: what was submitted among what ``actor`` may
    grant, plus whatever the account already has that ``actor`` may not touch."""
    grantable_ids = set(grantable.values_list("pk", flat=True))
    kept = [obj for obj in current if obj.pk not in grantable_ids]
    return [obj for obj in submitted if obj.pk in grantable_ids] + kept

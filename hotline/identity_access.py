"""Who may read reporters' identities: granting, revoking, and the trail of both.

Two permissions are reserved (``hotline.roles.RESERVED``): ``view_reporter_identity`` and
``grant_identity_access``. A superuser may give either anywhere; an inspector holding
``grant_identity_access`` gives or takes back ``view_reporter_identity`` on the workspace's
screen below (``grant_identity_access()`` / ``revoke_identity_access()``), never to themself.

Whatever path changes who holds them — these services, the accounts admin, a group's
permissions, a group membership, the superuser flag, a shell — the signal receivers compare
who held each reserved permission before and after, write one audit line per person gained or
lost, and mail the inspectors' list after the commit.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.template.loader import render_to_string
from django.utils import timezone

from examportal.accounts import acting_as, current_actor
from examportal.services import ServiceError
from examportal.text import person_name

from . import conf, services
from .models import AuditEntry
from .roles import RESERVED

logger = logging.getLogger(__name__)

VIEW = "hotline.view_reporter_identity"
GRANT = "hotline.grant_identity_access"
LABELS = {VIEW: "quyền xem danh tính người phản ánh",
          GRANT: "quyền cấp, thu hồi quyền xem danh tính"}


def view_permission():
    """The permission to read reporters' identities."""
    return _permission(VIEW)


def _permission(name):
    app_label, codename = name.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def holders(name, user_ids=None):
    """Ids of the active-or-not accounts that hold ``name`` (directly, by group, as superuser)."""
    app_label, codename = name.split(".", 1)
    perm = Q(content_type__app_label=app_label, codename=codename)
    qs = get_user_model().objects.filter(
        Q(is_superuser=True)
        | Q(user_permissions__in=Permission.objects.filter(perm))
        | Q(groups__permissions__in=Permission.objects.filter(perm))
    )
    if user_ids is not None:
        qs = qs.filter(pk__in=user_ids)
    return set(qs.values_list("pk", flat=True).distinct())


# --- The trail, whatever the path ----------------------------------------------------------------

def _state(user_ids):
    return {name: holders(name, user_ids) for name in RESERVED}


def _record_changes(user_ids, before, how):
    if not user_ids:
        return
    after = _state(user_ids)
    actor, actor_how = current_actor()
    how = actor_how or how
    accounts = get_user_model().objects.in_bulk(user_ids)
    changes = []
    for name in RESERVED:
        gained = [(pk, AuditEntry.Action.GRANT) for pk in sorted(after[name] - before[name])]
        lost = [(pk, AuditEntry.Action.REVOKE) for pk in sorted(before[name] - after[name])]
        for pk, action in gained + lost:
            account = accounts.get(pk)
            if account is None:
                continue
            _audit(actor, action, account, f"{LABELS[name]} — {how}")
            changes.append((action, name, account))
    if changes:
        _mail_later(actor, changes)


def _audit(actor, action, account, detail):
    authenticated = actor is not None and actor.is_authenticated
    AuditEntry.objects.create(
        user=actor if authenticated else None,
        username=actor.get_username() if authenticated else "",
        action=action, detail=detail[:300], subject_username=account.get_username())


def _mail_later(actor, changes):
    """Tell the inspectors' list after the commit (names and rights only, no report data)."""
    lines = [f"- {'Cấp' if action == AuditEntry.Action.GRANT else 'Thu hồi'} {LABELS[name]}: "
             f"{person_name(account)} ({account.get_username()})" for action, name, account in changes]
    context = {"lines": lines, "actor": person_name(actor) if actor else "",
               "at": timezone.localtime()}

    def send():
        if services.notifications_muted:
            return
        try:
            recipients = services.notification_recipients()
            if not recipients:
                return
            subject = render_to_string("hotline/email/identity_subject.txt", context).strip()
            body = render_to_string("hotline/email/identity_access.txt", context)
            connection = get_connection(timeout=conf.get("MAIL_TIMEOUT_SECONDS"))
            EmailMessage(subject, body, to=[], bcc=recipients, connection=connection).send()
        except Exception:
            logger.exception("The identity access notification was not sent.")

    transaction.on_commit(send)


def _affected_users(sender, instance, reverse, model, pk_set, action):
    """The accounts whose rights an m2m change on users' groups/permissions or groups'
    permissions can alter."""
    User = get_user_model()
    if sender is User.user_permissions.through or sender is User.groups.through:
        if not reverse:
            return {instance.pk}
        if action in ("pre_clear", "post_clear"):
            return set(instance.user_set.values_list("pk", flat=True))
        return set(pk_set or ())
    if sender is Group.permissions.through:
        group_ids = {instance.pk} if not reverse else (
            set(pk_set or ()) if "clear" not in action
            else set(instance.group_set.values_list("pk", flat=True)))
        return set(User.objects.filter(groups__in=group_ids).values_list("pk", flat=True))
    return set()


_PATHS = {"user_permissions": "quyền riêng của tài khoản", "groups": "thành viên nhóm",
          "permissions": "quyền của nhóm"}


def rights_m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    User = get_user_model()
    if sender not in (User.user_permissions.through, User.groups.through,
                      Group.permissions.through):
        return
    if action in ("pre_add", "pre_remove", "pre_clear"):
        users = _affected_users(sender, instance, reverse, model, pk_set, action)
        pending = instance.__dict__.setdefault("_identity_access_pending", [])
        pending.append((users, _state(users) if users else {}))
    elif action in ("post_add", "post_remove", "post_clear"):
        pending = instance.__dict__.get("_identity_access_pending") or []
        if not pending:
            return
        users, before = pending.pop()
        field = {User.user_permissions.through: "user_permissions",
                 User.groups.through: "groups"}.get(sender, "permissions")
        _record_changes(users, before, _PATHS[field])


def remember_superuser_flag(sender, instance, **kwargs):
    if instance.pk:
        instance._was_superuser = (get_user_model().objects.filter(pk=instance.pk)
                                   .values_list("is_superuser", flat=True).first())
    else:
        instance._was_superuser = False


def superuser_flag_saved(sender, instance, created, **kwargs):
    was = getattr(instance, "_was_superuser", None)
    if was is None or bool(was) == bool(instance.is_superuser):
        return
    users = {instance.pk}
    if instance.is_superuser:  # before, the account held what its permissions and groups gave
        before = {name: _held_without_superuser(name, users) for name in RESERVED}
    else:
        before = {name: set(users) for name in RESERVED}
    _record_changes(users, before, "cờ quản trị cấp cao (superuser)")


def _held_without_superuser(name, user_ids):
    app_label, codename = name.split(".", 1)
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return set(get_user_model().objects.filter(pk__in=user_ids).filter(
        Q(user_permissions__in=perm) | Q(groups__permissions__in=perm))
        .values_list("pk", flat=True).distinct())


def connect():
    User = get_user_model()
    for through in (User.user_permissions.through, User.groups.through, Group.permissions.through):
        m2m_changed.connect(rights_m2m_changed, sender=through,
                            dispatch_uid=f"hotline-identity-{through._meta.label}")
    pre_save.connect(remember_superuser_flag, sender=User, dispatch_uid="hotline-identity-su-pre")
    post_save.connect(superuser_flag_saved, sender=User, dispatch_uid="hotline-identity-su-post")


# --- Granting and revoking (the inspectors' screen, hotline.staff.identity_access) --------------

def _check(account, by, reason):
    if not by.is_active or not by.has_perm(GRANT):
        raise ServiceError("Bạn không có quyền cấp hoặc thu hồi quyền xem danh tính.",
                              code="forbidden")
    if account.pk == by.pk:
        raise ServiceError("Không ai tự thay đổi quyền của chính mình.", code="self")
    if not services.assignable_inspectors().filter(pk=account.pk).exists():
        raise ServiceError("Chỉ cấp quyền này cho cán bộ Thanh tra đang xử lý phản ánh.",
                              code="not_inspector")
    if not reason.strip():
        raise ServiceError("Vui lòng ghi lý do.", code="reason")


def grant_identity_access(account, *, by, reason):
    """Give ``account`` (an inspector) the right to read reporters' identities."""
    _check(account, by, reason)
    if account.pk in holders(VIEW, {account.pk}):
        raise ServiceError(f"{person_name(account)} đã có quyền xem danh tính.", code="already")
    with transaction.atomic(), acting_as(by, f"màn hình quyền của Thanh tra; lý do: {reason.strip()}"):
        account.user_permissions.add(view_permission())


def revoke_identity_access(account, *, by, reason):
    """Take back the right given on this screen (a group's or a superuser's stays: only a
    superuser changes those, in the accounts admin)."""
    _check(account, by, reason)
    direct = account.user_permissions.filter(pk=view_permission().pk).exists()
    if not direct:
        raise ServiceError(f"{person_name(account)} không được cấp riêng quyền này; quyền có được "
                              "qua nhóm hoặc tài khoản quản trị cấp cao chỉ quản trị cấp cao thu hồi "
                              "được.", code="not_direct")
    with transaction.atomic(), acting_as(by, f"màn hình quyền của Thanh tra; lý do: {reason.strip()}"):
        account.user_permissions.remove(view_permission())
    if account.pk in holders(VIEW, {account.pk}):
        raise ServiceError(f"Đã thu hồi quyền cấp riêng, nhưng {person_name(account)} vẫn có quyền "
                              "qua nhóm hoặc tài khoản quản trị cấp cao.", code="still_held")

"""Every hotline write that carries a rule is one function here; views, admin and commands call them.

Reporter identity and report content never go to a log or an email: notifications carry the
reference and a link only, and functions that handle personal data are marked with
``sensitive_variables`` so Django's error reports leave them out.
"""

import hmac
import logging
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.debug import sensitive_variables

from examportal import formguard
from examportal.db import retry_on_lost_connection
from examportal.roles import INSPECTORS
from examportal.text import normalize_text, person_name, search_text
from examportal.uploads import KINDS, strip_image_metadata, validate_image, validate_upload

from . import conf
from .models import (
    CLOSED_STATUSES,
    TRANSITIONS,
    Attachment,
    AuditEntry,
    Category,
    Channel,
    ReferenceCounter,
    Report,
    ReportEvent,
    Status,
)

logger = logging.getLogger("hotline")

# Crockford's base32: no I, L, O, U, so a key read over the phone is not misheard.
KEY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
KEY_LENGTH = 28  # 28 symbols × 5 bits = 140 bits from the OS CSPRNG
KEY_GROUP = 4
ATTACHMENT_KINDS = ("jpeg", "png", "pdf")
MAX_ATTACHMENTS_PER_REPORT = 15
_REFERENCE_RE = re.compile(r"^\s*DDN\W*(\d{4})\W*(\d{1,6})\s*$", re.IGNORECASE)


# --- Keys and references ---------------------------------------------------------------------

def generate_access_key():
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))


def format_access_key(key):
    """Groups of four for reading aloud and copying: ``K7QM 2XJD …``."""
    return " ".join(key[i:i + KEY_GROUP] for i in range(0, len(key), KEY_GROUP))


def normalize_access_key(value):
    value = (value or "").upper().translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    return re.sub(r"[^0-9A-Z]", "", value)


@sensitive_variables()
def hash_access_key(key, secret=None):
    """HMAC-SHA256 of the normalised key. The key has 140 random bits, so a fast hash is enough."""
    return salted_hmac("hotline.access-key", normalize_access_key(key), secret=secret,
                       algorithm="sha256").hexdigest()


def format_reference(year, number):
    return f"DDN-{year}-{number:06d}"


def parse_reference(value):
    """``(year, number)`` from what a reporter typed (``ddn 2021 123`` works), or None."""
    match = _REFERENCE_RE.match(value or "")
    if not match:
        return None
    return int(match.group(1)), int(match.group(2))


@sensitive_variables()
def find_report_by_key(reference, key):
    """The report when reference and key match, else None. Same work whether or not it exists."""
    parsed = parse_reference(reference)
    report = None
    if parsed:
        report = Report.objects.filter(year=parsed[0], number=parsed[1]).first()
    stored = report.access_key_hash if report else ""
    secrets_to_try = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    matched = False
    for secret in secrets_to_try:
        candidate = hash_access_key(key, secret=secret)
        if hmac.compare_digest(candidate, stored or "0" * 64) and stored:
            matched = True
    return report if matched else None


# --- Attachments ------------------------------------------------------------------------------

def validate_attachment(file):
    """Check one upload by content: JPEG, PNG or PDF, at most the configured size. Returns kind."""
    max_bytes = conf.max_attachment_bytes()
    kind = validate_upload(file, ATTACHMENT_KINDS, max_bytes)
    if kind in ("jpeg", "png"):
        validate_image(file, allowed_kinds=("jpeg", "png"), max_bytes=max_bytes)
    return kind


def _store_attachments(report, files, event, stored):
    """Validate, strip image metadata and save files, listing each stored file in ``stored`` as
    soon as it is on disk, so a failure later can remove it."""
    for upload in files:
        kind = validate_attachment(upload)
        content = strip_image_metadata(upload, kind) if kind in ("jpeg", "png") else upload
        attachment = Attachment(report=report, event=event, kind=kind, size=content.size)
        attachment.detected_kind = kind
        attachment.file.save(f"file{KINDS[kind][0]}", content, save=False)
        stored.append(attachment.file)
        attachment.save()


def _discard(files):
    for field_file in files:
        try:
            field_file.storage.delete(field_file.name)
        except OSError:
            logger.warning("Could not remove an orphaned hotline attachment.")


# --- Audit ------------------------------------------------------------------------------------

def audit(user, action, report=None, detail=""):
    """Append one line to the audit trail."""
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AuditEntry.objects.create(
        user=user if authenticated else None,
        username=user.get_username() if authenticated else "",
        action=action, report=report, detail=detail[:300],
    )


# --- Notifications ------------------------------------------------------------------------------

def notification_recipients():
    User = get_user_model()
    emails = set(
        User.objects.filter(is_active=True, groups__name=INSPECTORS)
        .exclude(email="").values_list("email", flat=True)
    )
    emails.update(conf.get("NOTIFY_EMAILS"))
    return sorted(emails)


# Set by the demo seeding, which should not mail anybody.
notifications_muted = False


def _notify(report_pk, reference, event):
    """Email inspectors the reference and a link — never the content or the reporter.

    Runs after the commit; a failing mail server is logged and swallowed, the report is safe.
    """
    if notifications_muted:
        return
    try:
        recipients = notification_recipients()
        if not recipients:
            return
        context = {
            "reference": reference,
            "event": event,
            "url": settings.SITE_URL + reverse("hotline:staff_report", kwargs={"pk": report_pk}),
        }
        subject = render_to_string("hotline/email/subject.txt", context).strip()
        body = render_to_string("hotline/email/notification.txt", context)
        connection = get_connection(timeout=conf.get("MAIL_TIMEOUT_SECONDS"))
        EmailMessage(subject, body, to=[], bcc=recipients, connection=connection).send()
    except Exception:
        logger.exception("Hotline notification for %s was not sent.", reference)


# --- Reports ------------------------------------------------------------------------------------

def _next_number(year):
    """The next reference number of ``year``. The UPDATE locks the counter row until commit,
    on PostgreSQL (row lock) and SQLite (database write lock) alike, so numbers never repeat."""
    ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year, last_number=0)],
                                         ignore_conflicts=True)
    ReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
    return ReferenceCounter.objects.values_list("last_number", flat=True).get(year=year)


def _clean_text(value, limit=None):
    value = normalize_text((value or "").strip())
    return value[:limit] if limit else value


REPORT_NONCE_SCOPE = "hotline-report"


@sensitive_variables()
def submit_report(*, category, description, place="", exam_site=None, occurred_at=None,
                  reporter_name="", reporter_phone="", reporter_email="", files=(),
                  channel=Channel.WEB,
                  received_at=None, logged_by=None, ip=None, nonce=None, unverified=False):
    """Save a new report and its files in one transaction; return ``(report, access_key)``.

    The access key is returned once and only its hash is stored. Inspectors are notified after
    the commit; a mail failure neither blocks nor loses the report.

    ``nonce`` is the public form's single-use nonce, stored in the same transaction: a form
    filed before raises ``formguard.AlreadyFiled``. A connection lost before the commit (a database
    restart) is retried once on a fresh connection (``examportal.db.retry_on_lost_connection``);
    the nonce is what makes that retry, or a second click, unable to file twice.
    ``unverified`` marks a report sent under load without the proof of work the form asked for.
    """
    files = list(files)
    if category not in Category.values:
        raise ValidationError("Vui lòng chọn loại phản ánh.", code="category")
    if channel not in Channel.values:
        raise ValidationError("Kênh tiếp nhận không hợp lệ.", code="channel")
    if len(files) > conf.get("MAX_ATTACHMENTS"):
        raise ValidationError("Chỉ được gửi tối đa %(n)s tệp.", code="too_many_files",
                              params={"n": conf.get("MAX_ATTACHMENTS")})
    description = _clean_text(description, conf.get("MAX_DESCRIPTION_CHARS"))
    if not description:
        raise ValidationError("Vui lòng mô tả sự việc.", code="required")
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + timedelta(minutes=5):
        raise ValidationError("Thời điểm tiếp nhận không thể ở tương lai.", code="future")
    year = timezone.localtime(received_at).year
    stored = []

    def file_report():
        if nonce is not None and not formguard.claim_nonce(
                REPORT_NONCE_SCOPE, nonce, keep_seconds=conf.get("MAX_FILL_SECONDS")):
            raise formguard.AlreadyFiled(formguard.nonce_reference(REPORT_NONCE_SCOPE, nonce))
        key = generate_access_key()
        try:
            report = Report.objects.create(
                year=year, number=None, reference=f"TMP-{secrets.token_hex(8)}",
                access_key_hash=hash_access_key(key),
                category=category, exam_site=exam_site, place=_clean_text(place, 200),
                # The place filter finds a report by the site's name too.
                place_search=search_text(" ".join(filter(None, [
                    exam_site.name if exam_site else "", place])))[:200],
                occurred_at=occurred_at,
                description=description,
                reporter_name=_clean_text(reporter_name, 120),
                reporter_phone=_clean_text(reporter_phone, 30),
                reporter_email=_clean_text(reporter_email, 254),
                reporter_ip=ip, channel=channel, received_at=received_at, logged_by=logged_by,
                status=Status.NEW, status_changed_at=now, unverified=unverified,
                first_response_due=received_at + timedelta(hours=conf.get("FIRST_RESPONSE_HOURS")),
            )
            event = ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.CREATED,
                                               author=logged_by, to_status=Status.NEW,
                                               created_at=now)
            _store_attachments(report, files, event, stored)
            audit(logged_by, AuditEntry.Action.CREATE, report,
                  f"Tiếp nhận qua {Channel(channel).label.lower()}")
            # The number is taken last, so the counter row stays locked only for the last few
            # statements of the transaction: concurrent submissions wait as little as possible.
            report.number = _next_number(year)
            report.reference = format_reference(year, report.number)
            Report.objects.filter(pk=report.pk).update(number=report.number,
                                                       reference=report.reference)
            if nonce is not None:
                formguard.set_nonce_reference(REPORT_NONCE_SCOPE, nonce, report.reference)
        except BaseException:
            # This attempt's files go with its rolled-back rows (a retry stores its own).
            _discard(stored)
            stored.clear()
            raise
        transaction.on_commit(lambda: _notify(report.pk, report.reference, "new"))
        transaction.on_commit(forget_old_ips, robust=True)
        return report, key

    try:
        return retry_on_lost_connection(file_report)
    except BaseException:
        _discard(stored)  # the commit itself failed
        raise


@sensitive_variables()
def log_phone_report(*, operator, channel, received_at, category, description, place="",
                     exam_site=None, occurred_at=None, reporter_name="", reporter_phone="",
                     reporter_email=""):
    """A report that an operator took by phone, email or in person; returns ``(report, key)``."""
    if channel == Channel.WEB or channel not in Channel.values:
        raise ValidationError("Kênh tiếp nhận không hợp lệ.", code="channel")
    if not operator.has_perm("hotline.log_report"):
        raise ValidationError("Tài khoản không có quyền ghi nhận phản ánh.", code="permission")
    return submit_report(
        category=category, description=description, place=place, exam_site=exam_site,
        occurred_at=occurred_at,
        reporter_name=reporter_name, reporter_phone=reporter_phone,
        reporter_email=reporter_email, channel=channel, received_at=received_at,
        logged_by=operator,
    )


@sensitive_variables()
def add_reporter_followup(report, *, text, files=()):
    """The reporter adds information or files from the status page."""
    files = list(files)
    text = _clean_text(text, conf.get("MAX_DESCRIPTION_CHARS"))
    if report.is_closed:
        raise ValidationError("Phản ánh đã kết thúc xử lý nên không nhận thêm thông tin. "
                              "Nếu có thông tin mới, vui lòng gửi phản ánh mới.", code="closed")
    if not text and not files:
        raise ValidationError("Vui lòng nhập thông tin bổ sung hoặc chọn tệp.", code="required")
    if len(files) > conf.get("MAX_ATTACHMENTS"):
        raise ValidationError("Chỉ được gửi tối đa %(n)s tệp.", code="too_many_files",
                              params={"n": conf.get("MAX_ATTACHMENTS")})
    if report.attachments.count() + len(files) > MAX_ATTACHMENTS_PER_REPORT:
        raise ValidationError("Phản ánh đã có đủ số tệp tối đa (%(n)s).", code="too_many_files",
                              params={"n": MAX_ATTACHMENTS_PER_REPORT})
    stored = []
    try:
        with transaction.atomic():
            event = ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.FOLLOWUP,
                                               text=text)
            _store_attachments(report, files, event, stored)
            Report.objects.filter(pk=report.pk).update(updated_at=timezone.now())
            audit(None, AuditEntry.Action.CHANGE, report,
                  f"Người phản ánh bổ sung thông tin ({len(files)} tệp)")
    except BaseException:
        _discard(stored)
        raise
    return event


def _inspector_queryset():
    User = get_user_model()
    return User.objects.filter(is_active=True).filter(
        Q(groups__permissions__codename="handle_report",
          groups__permissions__content_type__app_label="hotline")
        | Q(user_permissions__codename="handle_report",
            user_permissions__content_type__app_label="hotline")
        | Q(is_superuser=True)
    ).distinct()


def assignable_inspectors():
    return _inspector_queryset().order_by("last_name", "first_name", "username")


def assign_report(report, assignee, *, by):
    """Give the report to an inspector (or take it back with ``assignee=None``)."""
    if assignee is not None and not _inspector_queryset().filter(pk=assignee.pk).exists():
        raise ValidationError("Chỉ phân công được cho cán bộ Thanh tra đang hoạt động.",
                              code="assignee")
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.assigned_to_id == (assignee.pk if assignee else None):
            return locked
        locked.assigned_to = assignee
        locked.save(update_fields=["assigned_to", "updated_at"])
        text = f"Phân công cho {person_name(assignee)}" if assignee else "Bỏ phân công"
        ReportEvent.objects.create(report=locked, kind=ReportEvent.Kind.ASSIGNED, author=by,
                                   text=text)
        audit(by, AuditEntry.Action.CHANGE, locked, text)
    report.assigned_to = assignee
    return locked


def add_internal_note(report, text, *, by):
    """A note for inspectors only; the reporter never sees it."""
    text = _clean_text(text, conf.get("MAX_DESCRIPTION_CHARS"))
    if not text:
        raise ValidationError("Vui lòng nhập nội dung ghi chú.", code="required")
    with transaction.atomic():
        event = ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.NOTE, author=by,
                                           text=text)
        Report.objects.filter(pk=report.pk).update(updated_at=timezone.now())
        audit(by, AuditEntry.Action.CHANGE, report, "Thêm ghi chú nội bộ")
    return event


def add_public_reply(report, text, *, by):
    """A reply the reporter reads on the status page; counts as the first response."""
    text = _clean_text(text, conf.get("MAX_DESCRIPTION_CHARS"))
    if not text:
        raise ValidationError("Vui lòng nhập nội dung trả lời.", code="required")
    now = timezone.now()
    with transaction.atomic():
        event = ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.REPLY, author=by,
                                           text=text, created_at=now)
        Report.objects.filter(pk=report.pk, first_responded_at__isnull=True).update(
            first_responded_at=now)
        Report.objects.filter(pk=report.pk).update(updated_at=now)
        audit(by, AuditEntry.Action.CHANGE, report, "Trả lời người phản ánh")
    report.refresh_from_db(fields=["first_responded_at", "updated_at"])
    return event


def move_report(report, to_status, *, by, reason=""):
    """Move a report to another status if the rules allow it (see models.TRANSITIONS).

    Không xử lý needs a reason. Moving to Đã chuyển Ban Chỉ đạo notifies the inspectors.
    """
    to_status = Status(to_status) if to_status in Status.values else None
    reason = _clean_text(reason, 2000)
    if to_status is None:
        raise ValidationError("Trạng thái không hợp lệ.", code="status")
    if to_status == Status.REJECTED and not reason:
        raise ValidationError("Vui lòng ghi rõ lý do không xử lý.", code="reason_required")
    now = timezone.now()
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        current = Status(locked.status)
        if to_status not in TRANSITIONS[current]:
            raise ValidationError(
                "Không thể chuyển phản ánh từ “%(from)s” sang “%(to)s”.", code="transition",
                params={"from": current.label, "to": to_status.label},
            )
        locked.status = to_status
        locked.status_changed_at = now
        if locked.first_responded_at is None:
            locked.first_responded_at = now
        if to_status in CLOSED_STATUSES:
            locked.closed_at = now
        locked.save(update_fields=["status", "status_changed_at", "first_responded_at",
                                   "closed_at", "updated_at"])
        ReportEvent.objects.create(report=locked, kind=ReportEvent.Kind.STATUS, author=by,
                                   from_status=current, to_status=to_status, text=reason,
                                   created_at=now)
        audit(by, AuditEntry.Action.CHANGE, locked, f"{current.label} → {to_status.label}")
        if to_status == Status.ESCALATED:
            transaction.on_commit(lambda: _notify(locked.pk, locked.reference, "escalated"))
    for field in ("status", "status_changed_at", "first_responded_at", "closed_at", "updated_at"):
        setattr(report, field, getattr(locked, field))
    return report


def escalate(report, *, by, reason=""):
    """Hand the report to the provincial steering committee (Đã chuyển Ban Chỉ đạo)."""
    return move_report(report, Status.ESCALATED, by=by, reason=reason)


# --- Retention ----------------------------------------------------------------------------------

def forget_old_ips(now=None):
    """Clear reporter IPs older than HOTLINE_IP_RETENTION_HOURS. Runs after every submission (so
    it does not depend on a scheduled job) and from purge_hotline_personal_data."""
    now = now or timezone.now()
    return Report.objects.filter(
        reporter_ip__isnull=False,
        received_at__lt=now - timedelta(hours=conf.get("IP_RETENTION_HOURS")),
    ).update(reporter_ip=None)


def purge_expired_personal_data(*, days=None, ip_hours=None, now=None):
    """Remove reporters' contact details, IPs, access keys and files from reports closed more than
    ``days`` ago, keeping the anonymised record; clear every IP older than ``ip_hours``.

    Returns ``{"reports": n, "files": n, "ips": n}``.
    """
    now = now or timezone.now()
    days = conf.get("RETENTION_DAYS") if days is None else days
    ip_hours = conf.get("IP_RETENTION_HOURS") if ip_hours is None else ip_hours
    result = {"reports": 0, "files": 0, "ips": 0}
    result["ips"] = Report.objects.filter(
        reporter_ip__isnull=False, received_at__lt=now - timedelta(hours=ip_hours)
    ).update(reporter_ip=None)  # same as forget_old_ips(), with the command's own hours
    expired = Report.objects.filter(
        status__in=CLOSED_STATUSES, closed_at__lt=now - timedelta(days=days),
        personal_data_purged_at__isnull=True,
    )
    for report_pk in expired.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=report_pk)
            files = []
            for attachment in report.attachments.filter(purged_at__isnull=True):
                if attachment.file:
                    files.append(attachment.file.name)
                attachment.file = ""
                attachment.purged_at = now
                attachment.save(update_fields=["file", "purged_at"])
            report.reporter_name = report.reporter_phone = report.reporter_email = ""
            report.reporter_ip = None
            report.access_key_hash = ""
            report.personal_data_purged_at = now
            report.save(update_fields=["reporter_name", "reporter_phone", "reporter_email",
                                       "reporter_ip", "access_key_hash",
                                       "personal_data_purged_at", "updated_at"])
            ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.PURGE,
                                       text=f"Xóa dữ liệu cá nhân và {len(files)} tệp theo thời "
                                            "hạn lưu trữ")
            audit(None, AuditEntry.Action.PURGE, report, f"Hết hạn lưu trữ ({days} ngày)")
            storage = Attachment._meta.get_field("file").storage
            transaction.on_commit(lambda names=files, storage=storage: [
                storage.delete(name) for name in names])
        result["reports"] += 1
        result["files"] += len(files)
    return result

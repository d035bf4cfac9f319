"""Every change of a question that carries rules, one function each (views, admin, demo).

They raise ``PermissionDenied`` or ``ServiceError`` (a Vietnamese message shown as is). The asker
is emailed after the commit (answer, merge or decline), and their address is then erased: it was
given for that one purpose.
"""

import logging
import re
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from examportal.services import ServiceError
from examportal.text import normalize_text

from .models import Question, Status, Topic

logger = logging.getLogger(__name__)

ANSWER_PERMISSION = "qa.answer_question"


def can_answer(user):
    return bool(user and user.is_active and user.has_perm(ANSWER_PERMISSION))


def _require(user):
    if user is not None and not can_answer(user):
        raise PermissionDenied("Bạn không có quyền trả lời câu hỏi.")


def _clean(value):
    return normalize_text(value or "").strip()


REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L to misread
REFERENCE_PREFIX = "HD"


def new_reference():
    """``HD-7K2M-9QXT``: 8 random symbols (≈ 40 bits), too many to guess one by trying."""
    symbols = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{REFERENCE_PREFIX}-{symbols[:4]}-{symbols[4:]}"


def normalize_reference(value):
    """What an asker typed (``hd 7k2m9qxt``, ``HD-7K2M-9QXT``) as stored, or "" if it cannot be
    a reference."""
    value = re.sub(r"[^0-9A-Z]", "", normalize_text(value or "").upper())
    value = value.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if value.startswith(REFERENCE_PREFIX):
        value = value[len(REFERENCE_PREFIX):]
    if len(value) != 8 or any(symbol not in REFERENCE_ALPHABET for symbol in value):
        return ""
    return f"{REFERENCE_PREFIX}-{value[:4]}-{value[4:]}"


def find_by_reference(value):
    """The question with that reference, or None (nothing is told about the others)."""
    reference = normalize_reference(value)
    if not reference:
        return None
    return Question.objects.select_related("merged_into").filter(reference=reference).first()


@transaction.atomic
def ask_question(*, topic, text, asker_name="", show_full_name=False, asker_place="",
                 asker_email=""):
    """A question from the public; it waits for an answer and is not public until then."""
    text = _clean(text)
    if topic not in Topic.values:
        raise ServiceError("Vui lòng chọn chủ đề của câu hỏi.")
    if not text:
        raise ServiceError("Vui lòng nhập câu hỏi.")
    return Question.objects.create(
        topic=topic, text=text, asker_name=_clean(asker_name)[:120],
        show_full_name=bool(show_full_name and asker_name), asker_place=_clean(asker_place)[:120],
        asker_email=(asker_email or "").strip().lower(), reference=new_reference(),
    )


def _lock(question):
    return Question.objects.select_for_update().get(pk=question.pk)


def answer_question(question, user, *, answer, title=None, documents=None, articles=None,
                    pinned=None, topic=None, text=None):
    """Answer a question and publish it (answering is the approval). An answered question may be
    answered again to correct it; the asker is told only the first time."""
    _require(user)
    answer = _clean(answer)
    if not answer:
        raise ServiceError("Vui lòng nhập nội dung trả lời.")
    with transaction.atomic():
        current = _lock(question)
        if current.status not in (Status.PENDING, Status.ANSWERED):
            raise ServiceError(
                f"Không thể trả lời câu hỏi đang ở trạng thái “{current.get_status_display().lower()}”."
            )
        first_time = current.status == Status.PENDING
        now = timezone.now()
        current.answer = answer
        if title is not None:
            current.title = _clean(title)[:200]
        if topic is not None:
            if topic not in Topic.values:
                raise ServiceError("Vui lòng chọn chủ đề của câu hỏi.")
            current.topic = topic
        if text is not None:
            if not _clean(text):
                raise ServiceError("Câu hỏi không được để trống.")
            current.text = _clean(text)
        if pinned is not None:
            current.pinned = bool(pinned)
        current.status = Status.ANSWERED
        current.answered_by = user
        current.handled_by = user
        current.handled_at = now
        if first_time or current.answered_at is None:
            current.answered_at = now
        current.save()
        if documents is not None:
            current.cited_documents.set(documents)
        if articles is not None:
            current.cited_articles.set(articles)
        if first_time and current.asker_email:
            transaction.on_commit(lambda: notify_asker(current.pk, "answered"))
    question.refresh_from_db()
    return question


def merge_question(question, user, *, into):
    """A duplicate: send its asker to an existing answer; the duplicate itself stays private."""
    _require(user)
    if into is None:
        raise ServiceError("Vui lòng chọn câu hỏi đã có trả lời để gộp vào.")
    if into.pk == question.pk:
        raise ServiceError("Không thể gộp một câu hỏi vào chính nó.")
    with transaction.atomic():
        current = _lock(question)
        target = Question.objects.select_for_update().get(pk=into.pk)
        if current.status != Status.PENDING:
            raise ServiceError("Chỉ gộp được câu hỏi đang chờ trả lời.")
        if not target.is_public:
            raise ServiceError("Chỉ gộp được vào câu hỏi đã có trả lời công khai.")
        current.status = Status.MERGED
        current.merged_into = target
        current.handled_by = user
        current.handled_at = timezone.now()
        current.save()
        if current.asker_email:
            transaction.on_commit(lambda: notify_asker(current.pk, "merged"))
    question.refresh_from_db()
    return question


def decline_question(question, user, *, reason):
    """Not answered publicly (off-topic, personal, abusive…), with the reason for the asker."""
    _require(user)
    reason = _clean(reason)
    if not reason:
        raise ServiceError("Vui lòng ghi lý do không trả lời.")
    with transaction.atomic():
        current = _lock(question)
        if current.status != Status.PENDING:
            raise ServiceError("Chỉ từ chối được câu hỏi đang chờ trả lời.")
        current.status = Status.DECLINED
        current.decline_reason = reason
        current.handled_by = user
        current.handled_at = timezone.now()
        current.pinned = False
        current.save()
        if current.asker_email:
            transaction.on_commit(lambda: notify_asker(current.pk, "declined"))
    question.refresh_from_db()
    return question


def unpublish_question(question, user):
    """Take an answered question off the public pages (back to the review queue)."""
    _require(user)
    with transaction.atomic():
        current = _lock(question)
        if current.status != Status.ANSWERED:
            raise ServiceError("Câu hỏi này chưa được công khai.")
        current.status = Status.PENDING
        current.pinned = False
        current.handled_by = user
        current.handled_at = timezone.now()
        current.save()
    question.refresh_from_db()
    return question


def set_pinned(question, user, pinned):
    _require(user)
    if pinned and not question.is_public:
        raise ServiceError("Chỉ ghim được câu hỏi đã có trả lời công khai.")
    Question.objects.filter(pk=question.pk).update(pinned=bool(pinned))
    question.pinned = bool(pinned)
    return question


def record_view(question):
    """Count one view with one UPDATE (no read, no race). Views served by a cache are not
    counted, on purpose: the page stays cacheable."""
    Question.objects.filter(pk=question.pk).update(view_count=F("view_count") + 1)


SUBJECTS = {
    "answered": "Câu hỏi của bạn đã được trả lời",
    "merged": "Câu hỏi của bạn đã có câu trả lời",
    "declined": "Về câu hỏi bạn gửi tới Sở GDĐT Lai Châu",
}


def notify_asker(question_pk, event):
    """Email the asker (answer link, or the reason), then erase their address.

    Runs after the commit; a failing mail server is logged, the address kept for a retry
    (``manage.py notify_askers``).
    """
    question = Question.objects.select_related("merged_into").filter(pk=question_pk).first()
    if question is None or not question.asker_email:
        return False
    target = question.merged_into if event == "merged" else question
    context = {
        "question": question,
        "target": target,
        "event": event,
        "url": settings.SITE_URL + target.get_absolute_url() if target and target.is_public else "",
        "list_url": settings.SITE_URL + "/hoi-dap/",
        "portal": settings.PORTAL,
        "site_url": settings.SITE_URL,
    }
    subject = f"{SUBJECTS[event]} — {settings.PORTAL['site_name']}"
    text = render_to_string("qa/email/asker.txt", context)
    html = render_to_string("qa/email/asker.html", context)
    message = EmailMultiAlternatives(subject, text, to=[question.asker_email])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        logger.exception("The asker of question %s was not told (%s).", question_pk, event)
        return False
    Question.objects.filter(pk=question_pk).update(asker_email="", asker_notified_at=timezone.now())
    return True


def purge_stale_emails(now=None):
    """Erase the addresses left on questions still waiting after QA_EMAIL_RETENTION_DAYS."""
    from datetime import timedelta

    from . import conf

    limit = (now or timezone.now()) - timedelta(days=conf.get("EMAIL_RETENTION_DAYS"))
    return Question.objects.filter(status=Status.PENDING, created_at__lt=limit).exclude(
        asker_email="").update(asker_email="")


def notify_waiting_askers():
    """Retry the mails that failed: handled questions whose asker still has an address."""
    events = {Status.ANSWERED: "answered", Status.MERGED: "merged", Status.DECLINED: "declined"}
    sent = 0
    waiting = Question.objects.exclude(asker_email="").exclude(status=Status.PENDING)
    for pk, status in waiting.values_list("pk", "status"):
        sent += bool(notify_asker(pk, events[status]))
    return sent

"""Email alerts: every state change with its rules, one function each.

Subscribing never sends news: it sends one confirmation mail (double opt-in), at most one per
address every ``ALERTS_CONFIRM_RESEND_SECONDS``, and answers the same whether the address was
known or not (nobody learns who subscribed). Publishing queues an ``Item`` (signals.py). The
sender (``manage.py send_alerts``, run by a timer) fans each item whose content is public *now*
out to ``Delivery`` rows — unique per (subscription, item) — and sends them in batches, each
claimed by one sender with a conditional UPDATE, retried with backoff when the mail server fails.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from examportal.services import ServiceError

from . import conf
from .models import Delivery, Frequency, Item, Subscription

logger = logging.getLogger(__name__)

CONFIRM_SALT = "alerts.confirm"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"


def normalize_email(email):
    return (email or "").strip().lower()


# --- Tokens -------------------------------------------------------------------------------------

def make_token(subscription, salt):
    return signing.dumps({"s": subscription.pk, "k": subscription.secret[:12]}, salt=salt)


def read_token(token, salt, max_age=None):
    """The subscription a token names, or None (bad, expired, or the address was erased)."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    subscription = Subscription.objects.filter(pk=data.get("s")).first()
    if subscription is None or subscription.secret[:12] != data.get("k"):
        return None
    return subscription


def confirm_url(subscription):
    token = make_token(subscription, CONFIRM_SALT)
    return settings.SITE_URL + reverse("alerts:confirm", kwargs={"token": token})


def unsubscribe_url(subscription):
    token = make_token(subscription, UNSUBSCRIBE_SALT)
    return settings.SITE_URL + reverse("alerts:unsubscribe", kwargs={"token": token})


# --- Subscribing --------------------------------------------------------------------------------

def _choices(whole_column, sections, documents, frequency):
    section_ids = sorted({getattr(s, "pk", s) for s in sections or ()})
    if not (whole_column or section_ids or documents):
        raise ServiceError("Vui lòng chọn ít nhất một loại tin muốn nhận.")
    if frequency not in Frequency.values:
        raise ServiceError("Vui lòng chọn cách nhận thư.")
    return {"whole_column": bool(whole_column), "sections": section_ids,
            "documents": bool(documents), "frequency": frequency}


def _apply(subscription, choices):
    subscription.whole_column = choices["whole_column"]
    subscription.documents = choices["documents"]
    subscription.frequency = choices["frequency"]
    subscription.save()
    subscription.sections.set(choices["sections"])


@transaction.atomic
def subscribe(email, *, whole_column=False, sections=(), documents=False,
              frequency=Frequency.IMMEDIATE):
    """Ask for alerts; a confirmation mail goes to the address (the same answer whoever asks).

    A new or inactive address gets the choices now (they wait for the confirmation); an address
    that already receives alerts keeps its choices until its owner confirms the new ones.
    """
    email = normalize_email(email)
    if not email:
        raise ServiceError("Vui lòng nhập địa chỉ thư điện tử.")
    choices = _choices(whole_column, sections, documents, frequency)
    subscription = Subscription.objects.select_for_update().filter(email=email).first()
    if subscription is None:
        subscription = Subscription(email=email)
        _apply(subscription, choices)
    elif subscription.is_active:
        subscription.pending_choices = choices
        subscription.save(update_fields=["pending_choices"])
    else:
        subscription.pending_choices = None
        _apply(subscription, choices)
    now = timezone.now()
    recent = subscription.confirmation_sent_at and (
        now - subscription.confirmation_sent_at < timedelta(seconds=conf.get("CONFIRM_RESEND_SECONDS")))
    if not recent:
        Subscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=now)
        pk = subscription.pk
        transaction.on_commit(lambda: send_confirmation(pk))
    return subscription


def send_confirmation(subscription_pk):
    subscription = Subscription.objects.filter(pk=subscription_pk).first()
    if subscription is None:
        return False
    context = {
        "subscription": subscription,
        "choices": describe_choices(subscription.pending_choices or current_choices(subscription)),
        "change": bool(subscription.pending_choices and subscription.is_active),
        "confirm_url": confirm_url(subscription),
        "days": conf.get("CONFIRM_MAX_AGE_SECONDS") // 86400,
        **_mail_context(),
    }
    message = EmailMultiAlternatives(
        f"Xác nhận đăng ký nhận tin — {settings.PORTAL['site_name']}",
        render_to_string("alerts/email/confirm.txt", context),
        to=[subscription.email],
    )
    message.attach_alternative(render_to_string("alerts/email/confirm.html", context), "text/html")
    try:
        message.send()
    except Exception:
        logger.exception("Confirmation mail for subscription %s was not sent.", subscription_pk)
        Subscription.objects.filter(pk=subscription_pk).update(confirmation_sent_at=None)
        return False
    return True


def current_choices(subscription):
    return {"whole_column": subscription.whole_column,
            "sections": list(subscription.sections.values_list("pk", flat=True)),
            "documents": subscription.documents, "frequency": subscription.frequency}


def describe_choices(choices):
    """Readable lines: ["Tất cả tin của chuyên mục", "Văn bản mới", ...] and the frequency."""
    from news.models import Section

    lines = []
    if choices.get("whole_column"):
        lines.append("Tất cả tin của chuyên mục Kỳ thi")
    if choices.get("sections"):
        lines += [f"Chuyên mục con “{title}”" for title in Section.objects.filter(
            pk__in=choices["sections"]).order_by("position").values_list("title", flat=True)]
    if choices.get("documents"):
        lines.append("Văn bản mới được đăng tải (mục Văn bản)")
    return {"lists": lines, "frequency": Frequency(choices.get("frequency", Frequency.IMMEDIATE)).label}


@transaction.atomic
def confirm_subscription(token):
    """The owner of the address confirms: alerts start (or the new choices apply)."""
    subscription = read_token(token, CONFIRM_SALT, max_age=conf.get("CONFIRM_MAX_AGE_SECONDS"))
    if subscription is None:
        raise ServiceError(
            "Đường dẫn xác nhận không hợp lệ hoặc đã hết hạn. Vui lòng đăng ký lại để nhận thư "
            "xác nhận mới.")
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.pending_choices:
        _apply(subscription, subscription.pending_choices)
        subscription.pending_choices = None
    if not subscription.is_active:
        subscription.confirmed_at = timezone.now()
        subscription.unsubscribed_at = None
    subscription.save()
    return subscription


def unsubscribe(token):
    """One click (or the mail client's RFC 8058 POST): no more alerts. Idempotent."""
    subscription = read_token(token, UNSUBSCRIBE_SALT)
    if subscription is None:
        return None
    now = timezone.now()
    with transaction.atomic():
        Subscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(
            unsubscribed_at=now, pending_choices=None)
        Delivery.objects.filter(subscription=subscription, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SKIPPED, last_error="Người nhận đã hủy đăng ký")
    subscription.refresh_from_db()
    return subscription


@transaction.atomic
def erase_subscriber(email_or_subscription):
    """Erase an address on request: the subscription and every trace of what was sent to it.
    Return True when something was erased."""
    if isinstance(email_or_subscription, Subscription):
        queryset = Subscription.objects.filter(pk=email_or_subscription.pk)
    else:
        queryset = Subscription.objects.filter(email=normalize_email(email_or_subscription))
    deleted, _ = queryset.delete()
    return deleted > 0


# --- Queueing -----------------------------------------------------------------------------------

def queue_item(*, article=None, document=None):
    """Queue an article or a document once (saving it again queues nothing new)."""
    if article is not None:
        item, _ = Item.objects.get_or_create(article=article, defaults={"kind": Item.Kind.ARTICLE})
    else:
        item, _ = Item.objects.get_or_create(document=document, defaults={"kind": Item.Kind.DOCUMENT})
    return item


def _public_targets(items):
    """(public article ids, public document ids) among ``items``, in two queries."""
    from documents.models import Document
    from news.models import Article

    article_ids = {i.article_id for i in items if i.article_id}
    document_ids = {i.document_id for i in items if i.document_id}
    public_articles = set(
        Article.objects.published().filter(pk__in=article_ids).values_list("pk", flat=True)
    ) if article_ids else set()
    public_documents = set(
        Document.objects.published().filter(pk__in=document_ids).values_list("pk", flat=True)
    ) if document_ids else set()
    return public_articles, public_documents


def _is_public(item, public):
    return item.article_id in public[0] if item.article_id else item.document_id in public[1]


def _public_since(item):
    if item.article_id:
        return item.article.publish_at
    return item.document.published_at


def _matching(item):
    subscriptions = Subscription.objects.confirmed()
    if item.article_id:
        condition = Q(whole_column=True) | Q(sections=item.article.section_id)
    else:
        condition = Q(documents=True)
    return subscriptions.filter(condition).distinct().values_list("pk", "frequency")


def fan_out(now=None):
    """Turn each queued item whose content is public now into one delivery per subscriber.

    Items not public yet (scheduled) wait; items public for longer than ALERTS_MAX_AGE_HOURS
    are skipped. Return the number of deliveries created.
    """
    from documents.models import Document
    from news.models import Article

    now = now or timezone.now()
    public = Q(article__in=Article.objects.published().values("pk")) | Q(
        document__in=Document.objects.published().values("pk"))
    waiting = list(Item.objects.filter(fanned_out_at__isnull=True).filter(public)
                   .select_related("article", "document").order_by("queued_at", "pk")[:500])
    created = 0
    too_old = now - timedelta(hours=conf.get("MAX_AGE_HOURS"))
    for item in waiting:
        with transaction.atomic():
            locked = Item.objects.select_for_update().filter(pk=item.pk, fanned_out_at__isnull=True).first()
            if locked is None:
                continue  # another sender did it
            since = _public_since(item)
            if since and since < too_old:
                locked.skipped_reason = "Đã công khai quá lâu trước khi gửi"
                locked.fanned_out_at = now
                locked.save(update_fields=["skipped_reason", "fanned_out_at"])
                continue
            rows = [
                Delivery(subscription_id=pk, item=item, digest=frequency == Frequency.DAILY,
                         next_attempt_at=now)
                for pk, frequency in _matching(item)
            ]
            Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
            locked.recipients = len(rows)
            locked.fanned_out_at = now
            locked.save(update_fields=["recipients", "fanned_out_at"])
            created += len(rows)
    return created


# --- Sending ------------------------------------------------------------------------------------

def _mail_context():
    return {"portal": settings.PORTAL, "site_url": settings.SITE_URL}


def item_entry(item):
    """What a mail says about an item: kind, title, summary, link, where and when."""
    site = settings.SITE_URL
    if item.article_id:
        article = item.article
        return {"kind": "Bài viết", "title": article.title, "summary": article.lead,
                "url": site + article.get_absolute_url(), "where": article.section.title,
                "when": article.publish_at}
    document = item.document
    return {"kind": "Văn bản", "title": f"{document.get_document_type_display()} số {document.number}",
            "summary": document.excerpt, "url": site + document.get_absolute_url(),
            "where": str(document.issuer), "when": document.published_at}


def build_message(subscription, entries, digest=False, connection=None):
    """One mail to one subscriber, with a plain-text part and one-click unsubscribe (RFC 8058)."""
    unsubscribe = unsubscribe_url(subscription)
    context = {"entries": entries, "digest": digest, "unsubscribe_url": unsubscribe,
               "manage_url": settings.SITE_URL + reverse("alerts:subscribe"), **_mail_context()}
    if digest:
        subject = f"Tin mới trong ngày ({len(entries)}) — {settings.PORTAL['site_name']}"
    else:
        subject = f"{entries[0]['title']} — {settings.PORTAL['site_name']}"
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    message = EmailMultiAlternatives(
        subject,
        render_to_string("alerts/email/alert.txt", context),
        to=[subscription.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"Tin Ky thi <alerts.{host}>",
            "Auto-Submitted": "auto-generated",
            "Precedence": "bulk",
        },
    )
    message.attach_alternative(render_to_string("alerts/email/alert.html", context), "text/html")
    return message


def _backoff(attempts):
    seconds = conf.get("RETRY_BASE_SECONDS") * (2 ** max(attempts - 1, 0))
    return timedelta(seconds=min(seconds, conf.get("RETRY_MAX_SECONDS")))


def _release_stale_claims(now):
    stale = now - timedelta(seconds=conf.get("CLAIM_TIMEOUT_SECONDS"))
    Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=stale).update(
        status=Delivery.Status.PENDING, claim_token="")


def _claim(ids, now):
    """Take deliveries for this sender only (a conditional UPDATE: two senders never share one)."""
    token = secrets.token_hex(16)
    Delivery.objects.filter(pk__in=ids, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SENDING, claim_token=token, claimed_at=now)
    return (Delivery.objects.filter(claim_token=token, status=Delivery.Status.SENDING)
            .select_related("subscription", "item__article__section", "item__document__issuer")
            .order_by("subscription_id", "item_id"))


def _failed(deliveries, error, now):
    for delivery in deliveries:
        attempts = delivery.attempts + 1
        exhausted = attempts >= conf.get("MAX_ATTEMPTS")
        Delivery.objects.filter(pk=delivery.pk).update(
            attempts=attempts, last_error=str(error)[:300], claim_token="",
            status=Delivery.Status.FAILED if exhausted else Delivery.Status.PENDING,
            next_attempt_at=now + _backoff(attempts))


def _sent(deliveries, now):
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
        status=Delivery.Status.SENT, sent_at=now, attempts=F("attempts") + 1, claim_token="",
        last_error="")


def _skip(deliveries, reason):
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
        status=Delivery.Status.SKIPPED, claim_token="", last_error=reason)


def _due(digest, now):
    return (Delivery.objects.filter(status=Delivery.Status.PENDING, digest=digest,
                                    next_attempt_at__lte=now,
                                    subscription__confirmed_at__isnull=False,
                                    subscription__unsubscribed_at__isnull=True)
            .order_by("next_attempt_at", "pk"))


def send_pending(now=None, batch_size=None, connection=None):
    """Fan out what was published, then send the immediate mails in batches.

    Return {"created", "sent", "failed", "skipped"}. Safe to run twice at once or in a row: a
    delivery is claimed by one sender and never sent again once sent.
    """
    now = now or timezone.now()
    stats = {"created": fan_out(now), "sent": 0, "failed": 0, "skipped": 0}
    _release_stale_claims(now)
    batch_size = batch_size or conf.get("BATCH_SIZE")
    connection = connection or get_connection()
    for _ in range(conf.get("MAX_BATCHES")):
        ids = list(_due(False, now).values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        batch = list(_claim(ids, now))
        public = _public_targets([d.item for d in batch])
        try:
            connection.open()
        except Exception as exc:  # the mail server is down: the whole batch waits for a retry
            logger.warning("Mail server unavailable: %s", exc)
            _failed(batch, exc, now)
            stats["failed"] += len(batch)
            break
        try:
            for delivery in batch:
                if not _is_public(delivery.item, public):
                    _skip([delivery], "Nội dung không còn công khai")
                    stats["skipped"] += 1
                    continue
                try:
                    build_message(delivery.subscription, [item_entry(delivery.item)],
                                  connection=connection).send()
                except Exception as exc:
                    logger.warning("Alert %s not sent: %s", delivery.pk, exc)
                    _failed([delivery], exc, now)
                    stats["failed"] += 1
                else:
                    _sent([delivery], timezone.now())
                    stats["sent"] += 1
        finally:
            connection.close()
    return stats


def send_digests(now=None, connection=None):
    """The daily digest: one mail per subscriber with everything due for them.

    Return {"created", "sent", "failed", "skipped"} (sent counts mails, not items).
    """
    now = now or timezone.now()
    stats = {"created": fan_out(now), "sent": 0, "failed": 0, "skipped": 0}
    _release_stale_claims(now)
    connection = connection or get_connection()
    subscribers = list(_due(True, now).order_by("subscription_id")
                       .values_list("subscription_id", flat=True).distinct()[:5000])
    if not subscribers:
        return stats
    try:
        connection.open()
    except Exception as exc:
        logger.warning("Mail server unavailable, digests wait for the next run: %s", exc)
        stats["failed"] = len(subscribers)
        return stats
    try:
        for subscription_id in subscribers:
            ids = list(_due(True, now).filter(subscription_id=subscription_id).values_list("pk", flat=True))
            batch = list(_claim(ids, now))
            if not batch:
                continue
            public = _public_targets([d.item for d in batch])
            gone = [d for d in batch if not _is_public(d.item, public)]
            live = [d for d in batch if _is_public(d.item, public)]
            if gone:
                _skip(gone, "Nội dung không còn công khai")
                stats["skipped"] += len(gone)
            if not live:
                continue
            subscription = live[0].subscription
            try:
                build_message(subscription, [item_entry(d.item) for d in live], digest=True,
                              connection=connection).send()
            except Exception as exc:
                logger.warning("Digest for subscription %s not sent: %s", subscription_id, exc)
                _failed(live, exc, now)
                stats["failed"] += 1
            else:
                _sent(live, timezone.now())
                Subscription.objects.filter(pk=subscription_id).update(last_digest_at=now)
                stats["sent"] += 1
    finally:
        connection.close()
    return stats


def list_counts():
    """Confirmed subscribers per list (no addresses): [(label, immediate, daily, total)]."""
    from django.db.models import Count

    from news.models import Column, Section

    active = Subscription.objects.confirmed()
    rows = []

    def count(queryset):
        by = dict(queryset.order_by().values_list("frequency").annotate(n=Count("pk", distinct=True)))
        immediate, daily = by.get(Frequency.IMMEDIATE, 0), by.get(Frequency.DAILY, 0)
        return immediate, daily, immediate + daily

    rows.append(("Tất cả tin của chuyên mục", *count(active.filter(whole_column=True))))
    column = Column.objects.current()
    sections = Section.objects.filter(column=column) if column else Section.objects.none()
    for section in sections.order_by("position"):
        rows.append((f"Chuyên mục con: {section.title}", *count(active.filter(sections=section))))
    rows.append(("Văn bản mới", *count(active.filter(documents=True))))
    rows.append(("Tổng số địa chỉ đang nhận", *count(active)))
    pending = Subscription.objects.filter(confirmed_at__isnull=True).count()
    return rows, pending

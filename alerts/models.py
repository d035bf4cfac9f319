"""Email alerts: who wants which news, what is waiting to be sent, and what was sent to whom.

A ``Subscription`` is one address with its choices (the whole column, some sections, new
documents; immediate mails or a daily digest). Nothing is sent before it is confirmed (double
opt-in). Publishing queues an ``Item``; the sender fans each item out to ``Delivery`` rows, one per
matching subscription, unique per (subscription, item): a recipient gets an item at most once.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone


def new_secret():
    return secrets.token_urlsafe(16)


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "Ngay khi có tin mới"
    DAILY = "daily", "Một thư tóm tắt mỗi ngày"


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscription(models.Model):
    email = models.EmailField("thư điện tử", unique=True)
    whole_column = models.BooleanField("tất cả tin của chuyên mục", default=False)
    sections = models.ManyToManyField(
        "news.Section", blank=True, related_name="alert_subscriptions", verbose_name="chuyên mục con"
    )
    documents = models.BooleanField("văn bản mới", default=False)
    frequency = models.CharField("cách nhận", max_length=10, choices=Frequency.choices,
                                 default=Frequency.IMMEDIATE)
    # Choices sent by someone for an already confirmed address wait here until the owner of
    # the address confirms them (nobody changes another person's subscription).
    pending_choices = models.JSONField(null=True, blank=True, editable=False)
    secret = models.CharField(max_length=40, default=new_secret, editable=False)
    created_at = models.DateTimeField("đăng ký lúc", default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField("xác nhận lúc", null=True, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField("hủy lúc", null=True, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "đăng ký nhận tin"
        verbose_name_plural = "đăng ký nhận tin"
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("view_subscriber_address", "Có thể xem địa chỉ thư điện tử người đăng ký"),
            ("erase_subscriber", "Có thể xóa hẳn địa chỉ người đăng ký theo yêu cầu"),
        ]
        indexes = [models.Index(fields=["confirmed_at", "unsubscribed_at"], name="alerts_sub_active")]

    def __str__(self):
        return f"Đăng ký #{self.pk}"

    @property
    def is_active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None

    @property
    def status_label(self):
        if self.unsubscribed_at:
            return "Đã hủy"
        if self.confirmed_at:
            return "Đang nhận"
        return "Chờ xác nhận"


class Item(models.Model):
    """Something published that subscribers may want: an article or a document."""

    class Kind(models.TextChoices):
        ARTICLE = "article", "Bài viết"
        DOCUMENT = "document", "Văn bản"

    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    article = models.OneToOneField("news.Article", on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="alert_item", verbose_name="bài viết")
    document = models.OneToOneField("documents.Document", on_delete=models.CASCADE, null=True,
                                    blank=True, related_name="alert_item", verbose_name="văn bản")
    queued_at = models.DateTimeField("đưa vào hàng đợi lúc", default=timezone.now)
    fanned_out_at = models.DateTimeField("chia cho người nhận lúc", null=True, blank=True)
    recipients = models.PositiveIntegerField("số người nhận", default=0)
    skipped_reason = models.CharField("bỏ qua vì", max_length=120, blank=True)

    class Meta:
        verbose_name = "tin chờ gửi"
        verbose_name_plural = "tin chờ gửi"
        ordering = ["-queued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="article", article__isnull=False, document__isnull=True)
                           | Q(kind="document", document__isnull=False, article__isnull=True)),
                name="alerts_item_one_target",
            ),
        ]
        indexes = [models.Index(fields=["fanned_out_at", "queued_at"], name="alerts_item_waiting")]

    def __str__(self):
        return str(self.target)

    @property
    def target(self):
        return self.article if self.kind == self.Kind.ARTICLE else self.document


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Chờ gửi"
        SENDING = "sending", "Đang gửi"
        SENT = "sent", "Đã gửi"
        FAILED = "failed", "Gửi không được"
        SKIPPED = "skipped", "Bỏ qua"

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="deliveries")
    digest = models.BooleanField("gửi trong thư tóm tắt", default=False)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    next_attempt_at = models.DateTimeField("thử lại lúc", default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, db_index=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    last_error = models.CharField("lỗi gần nhất", max_length=300, blank=True)

    class Meta:
        verbose_name = "lượt gửi"
        verbose_name_plural = "lượt gửi"
        constraints = [
            models.UniqueConstraint(fields=["subscription", "item"], name="alerts_delivery_once"),
        ]
        indexes = [
            models.Index(fields=["status", "digest", "next_attempt_at"], name="alerts_delivery_due"),
        ]

    def __str__(self):
        return f"{self.item} → #{self.subscription_id}"

"""The core's own tables: what the public-form guard (``examportal.formguard``) stores."""

from datetime import timedelta

from django.db import models
from django.utils import timezone


def one_day_from_now():
    return timezone.now() + timedelta(days=1)


class RateCounter(models.Model):
    """A rate-limit counter kept in the database while the cache (Redis) is down: one row per
    scope, subject (a keyed hash of an address or a reference, or "all") and fixed window."""

    scope = models.CharField(max_length=30)
    subject = models.CharField(max_length=40)
    window_start = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "bộ đếm giới hạn"
        verbose_name_plural = "bộ đếm giới hạn"
        constraints = [
            models.UniqueConstraint(fields=["scope", "subject", "window_start"],
                                    name="examportal_ratecounter_window"),
        ]

    def __str__(self):
        return f"{self.scope} {self.subject[:8]} {self.count}"


class UsedNonce(models.Model):
    """The single-use nonce of a public form that was sent (hotline, Q&A, alerts, proofs of
    work). Written in the same transaction as what the form files, so a form sent twice, or a
    submission retried after a lost connection, is filed once; kept until the form it came with
    has expired (``expires_at``), then deleted."""

    scope = models.CharField(max_length=30)
    nonce = models.CharField(max_length=64)
    # What the first sending filed (the hotline shows the reference on the duplicate page).
    reference = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=one_day_from_now, db_index=True)

    class Meta:
        verbose_name = "mã biểu mẫu đã dùng"
        verbose_name_plural = "mã biểu mẫu đã dùng"
        constraints = [
            models.UniqueConstraint(fields=["scope", "nonce"], name="examportal_usednonce_once"),
        ]

    def __str__(self):
        return f"{self.scope} {self.created_at:%d/%m/%Y %H:%M}"

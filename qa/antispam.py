"""What keeps bots out of the public forms (Q&A and alerts), as the hotline form does.

A honeypot field hidden by CSS, and a signed token with the time the form was shown: a form sent
back too fast or too late is refused with a Vietnamese message and keeps what was typed. Per-IP
limits reuse the hotline's counters (``hotline.ratelimit``: the cache, so every app server shares
them, or the database while the cache is down) and say how long to wait. The token's nonce is
single use: stored in the database (``claim_nonce``) in the transaction that files the form, so a
form sent twice, or retried after a lost connection, counts once.
"""

import secrets
import time

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError

from hotline import ratelimit
from hotline.services import claim_nonce

client_ip = ratelimit.client_ip
wait_minutes = ratelimit.wait_minutes
__all__ = ["GuardedForm", "claim_nonce", "client_ip", "limited", "record", "wait_minutes"]


def new_token(salt):
    return signing.dumps({"t": time.time(), "n": secrets.token_urlsafe(12)}, salt=salt)


class GuardedForm(forms.Form):
    """A public form with a honeypot (``website``) and a signed start time (``form_token``).

    Subclasses set ``token_salt``, ``submit_label`` and ``min_fill_seconds()`` /
    ``max_fill_seconds()``.
    """

    token_salt = "portal.form-token"  # noqa: S105 -- a signing salt, not a secret
    submit_label = "Gửi"

    website = forms.CharField(label="Để trống ô này", required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial.setdefault("form_token", new_token(self.token_salt))
        self.nonce = None

    def min_fill_seconds(self):
        return 4

    def max_fill_seconds(self):
        return 12 * 3600

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError("Không gửi được biểu mẫu. Vui lòng thử lại sau.", code="honeypot")
        try:
            payload = signing.loads(data.get("form_token") or "", salt=self.token_salt,
                                    max_age=self.max_fill_seconds())
        except signing.SignatureExpired:
            self._renew_token()
            raise ValidationError(
                f"Biểu mẫu đã mở quá lâu. Vui lòng kiểm tra lại nội dung rồi bấm “{self.submit_label}” "
                "lần nữa.", code="expired") from None
        except signing.BadSignature:
            self._renew_token()
            raise ValidationError(
                f"Biểu mẫu không hợp lệ. Vui lòng kiểm tra lại nội dung rồi bấm “{self.submit_label}” "
                "lần nữa.", code="bad_token") from None
        if time.time() - payload.get("t", 0) < self.min_fill_seconds():
            raise ValidationError(
                f"Biểu mẫu được gửi quá nhanh. Vui lòng kiểm tra lại nội dung rồi bấm "
                f"“{self.submit_label}” lần nữa.", code="too_fast")
        self.nonce = payload.get("n")
        return data

    def _renew_token(self):
        self.data = self.data.copy()
        self.data["form_token"] = new_token(self.token_salt)


def limited(scope, ip, per_ip, overall, window):
    """Seconds to wait when the client (or the whole site) reached its limit for ``scope`` in
    the current window of ``window`` seconds; 0 when it may go on."""
    return ratelimit.limited(scope, ip, per_ip, overall, window)


def record(scope, ip, window):
    ratelimit.hit_both(scope, ip, window)

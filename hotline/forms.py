"""Hotline forms. Validation messages are Vietnamese; dates are dd/mm/yyyy."""

import re
from datetime import datetime, timedelta

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from examportal.formguard import GuardedForm, new_token, proof_holds, proof_widget
from examportal.text import person_name
from exams.models import ExamSite

from . import conf
from .models import Category, Channel, Status
from .services import format_access_key, normalize_access_key, validate_attachment

DATE_INPUT = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
TIME_INPUT = {"placeholder": "hh:mm", "inputmode": "numeric", "autocomplete": "off"}
_PHONE_RE = re.compile(r"^\+?[0-9 .()-]{8,20}$")


def date_widget():
    return forms.DateInput(format="%d/%m/%Y", attrs=DATE_INPUT)


def time_widget():
    return forms.TimeInput(format="%H:%M", attrs=TIME_INPUT)


TOKEN_SALT = "hotline.form-token"  # noqa: S105 -- a signing salt, not a secret
LOOKUP_PROOF_SALT = "hotline.lookup-proof"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content (see services.validate_attachment)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={
            "accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        limit = conf.get("MAX_ATTACHMENTS")
        if len(files) > limit:
            raise ValidationError(f"Chỉ được gửi tối đa {limit} tệp.", code="too_many_files")
        errors = []
        for upload in files:
            try:
                upload.detected_kind = validate_attachment(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files


def combine(day, moment):
    if not day:
        return None
    return timezone.make_aware(datetime.combine(day, moment or datetime.min.time()))


def clean_phone(value):
    value = (value or "").strip()
    if value and not _PHONE_RE.match(value):
        raise ValidationError("Số điện thoại chỉ gồm chữ số (8–20 ký tự), ví dụ 0912 345 678.",
                              code="phone")
    return value


class ReportFieldsMixin(forms.Form):
    category = forms.ChoiceField(label="Loại phản ánh", choices=Category.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "Vui lòng chọn loại phản ánh."})
    exam_site = forms.ModelChoiceField(
        label="Điểm thi", required=False, queryset=ExamSite.objects.none(),
        empty_label="— Không rõ hoặc không phải điểm thi —",
        error_messages={"invalid_choice": "Điểm thi đã chọn không có trong danh sách."},
    )
    place = forms.CharField(
        label="Địa điểm khác hoặc ghi chú nơi xảy ra", max_length=200, required=False,
        help_text="Ví dụ: cổng điểm thi, nhà trọ của thí sinh, trên đường đến điểm thi.",
        error_messages={"max_length": "Tối đa %(limit_value)d ký tự (đang có %(show_value)d)."},
    )
    occurred_date = forms.DateField(label="Ngày xảy ra", required=False,
                                    widget=date_widget(),
                                    help_text="Theo dạng ngày/tháng/năm, ví dụ 07/07/2021.",
                                    error_messages={"invalid": "Ngày không hợp lệ, hãy nhập theo "
                                                               "dạng dd/mm/yyyy."})
    occurred_time = forms.TimeField(label="Giờ xảy ra", required=False,
                                    widget=time_widget(),
                                    help_text="Ví dụ 07:45.",
                                    error_messages={"invalid": "Giờ không hợp lệ, hãy nhập theo "
                                                               "dạng hh:mm."})
    description = forms.CharField(
        label="Nội dung phản ánh", widget=forms.Textarea(attrs={"rows": 7}),
        error_messages={"required": "Vui lòng mô tả sự việc.",
                        "max_length": "Nội dung tối đa %(limit_value)d ký tự (đang có "
                                      "%(show_value)d)."},
    )
    reporter_name = forms.CharField(label="Họ và tên", max_length=120, required=False,
                                    widget=forms.TextInput(attrs={"autocomplete": "name"}))
    reporter_phone = forms.CharField(label="Số điện thoại", max_length=30, required=False,
                                     widget=forms.TextInput(attrs={"autocomplete": "tel",
                                                                   "type": "tel"}))
    reporter_email = forms.EmailField(label="Thư điện tử", required=False,
                                      widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                                      error_messages={"invalid": "Địa chỉ thư điện tử không hợp "
                                                                 "lệ."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exam_site"].queryset = ExamSite.objects.current()
        self.fields["exam_site"].label_from_instance = lambda site: (
            f"{site.code} — {site.name} ({site.get_district_display()})")
        limit = conf.get("MAX_DESCRIPTION_CHARS")
        self.fields["description"].max_length = limit
        self.fields["description"].validators.append(MaxLengthValidator(limit))
        self.fields["description"].widget.attrs["maxlength"] = limit

    def clean_reporter_phone(self):
        return clean_phone(self.cleaned_data.get("reporter_phone"))

    def clean(self):
        data = super().clean()
        occurred = combine(data.get("occurred_date"), data.get("occurred_time"))
        if occurred and occurred > timezone.now() + timedelta(minutes=5):
            self.add_error("occurred_date", "Thời điểm xảy ra không thể ở tương lai.")
        data["occurred_at"] = occurred
        return data

    def report_kwargs(self):
        data = self.cleaned_data
        return {name: data[name] for name in (
            "category", "exam_site", "place", "description", "reporter_name", "reporter_phone",
            "reporter_email", "occurred_at")}


class PublicReportForm(GuardedForm, ReportFieldsMixin):
    """The public web form: the guard's honeypot and signed start time against bots, and its
    proof of work while the site is under pressure (see ratelimit.py)."""

    token_salt = TOKEN_SALT
    submit_label = "Gửi phản ánh"
    conf = conf
    sent_noun = "Phản ánh"
    honeypot_message = "Không gửi được phản ánh. Vui lòng thử lại hoặc gọi đường dây nóng."

    attachments = MultipleFileField(
        label="Ảnh hoặc tài liệu kèm theo",
        help_text="Tối đa 3 tệp JPEG, PNG hoặc PDF, mỗi tệp không quá 10 MB. Thông tin vị trí "
                  "và thiết bị trong ảnh được xóa trước khi lưu.",
    )
    field_order = ["category", "exam_site", "place", "occurred_date", "occurred_time", "description",
                   "attachments", "reporter_name", "reporter_phone", "reporter_email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = (
            f"Tối đa {conf.get('MAX_ATTACHMENTS')} tệp JPEG, PNG hoặc PDF, mỗi tệp không quá "
            f"{conf.get('MAX_ATTACHMENT_MB')} MB. Thông tin vị trí và thiết bị trong ảnh được "
            "xóa trước khi lưu.")
        self.fields["attachments"].widget.attrs.update({
            "data-max-bytes": conf.max_attachment_bytes(), "data-max-files": conf.get("MAX_ATTACHMENTS")})


class OperatorReportForm(ReportFieldsMixin):
    """A report taken by an operator by phone, email or in person."""

    channel = forms.ChoiceField(
        label="Kênh tiếp nhận",
        choices=[c for c in Channel.choices if c[0] != Channel.WEB],
        initial=Channel.PHONE, widget=forms.RadioSelect,
    )
    received_date = forms.DateField(label="Ngày tiếp nhận", widget=date_widget(),
                                    error_messages={"required": "Vui lòng nhập ngày tiếp nhận.",
                                                    "invalid": "Ngày không hợp lệ (dd/mm/yyyy)."})
    received_time = forms.TimeField(label="Giờ tiếp nhận", widget=time_widget(),
                                    error_messages={"required": "Vui lòng nhập giờ tiếp nhận.",
                                                    "invalid": "Giờ không hợp lệ (hh:mm)."})

    field_order = ["channel", "received_date", "received_time", "category", "exam_site", "place",
                   "occurred_date", "occurred_time", "description", "reporter_name",
                   "reporter_phone", "reporter_email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        self.initial.setdefault("received_date", now.date())
        self.initial.setdefault("received_time", now.strftime("%H:%M"))
        self.fields["reporter_name"].label = "Họ và tên người báo (nếu họ cho biết)"
        self.fields["reporter_phone"].label = "Số điện thoại người báo"
        self.fields["reporter_email"].label = "Thư điện tử người báo"

    def clean(self):
        data = super().clean()
        received = combine(data.get("received_date"), data.get("received_time"))
        if received:
            if received > timezone.now() + timedelta(minutes=5):
                self.add_error("received_date", "Thời điểm tiếp nhận không thể ở tương lai.")
            elif timezone.localtime(received).date() != timezone.localdate():
                self.add_error("received_date", "Chỉ ghi nhận được phản ánh tiếp nhận trong hôm "
                                                "nay.")
        data["received_at"] = received
        return data


class AccessKeyInput(forms.TextInput):
    """The access key as printed on the receipt: a visible text field, shown back in groups of
    four (``K7QM 2XJD …``); what was typed, with or without spaces, is read the same way."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false",
                          "autocapitalize": "characters", "autocorrect": "off",
                          "class": "access-key-input", "maxlength": "80", **(attrs or {})})

    def format_value(self, value):
        key = normalize_access_key(value)
        return format_access_key(key) if key and len(key) <= 40 else super().format_value(value)


class LookupForm(forms.Form):
    reference = forms.CharField(label="Mã số phản ánh", max_length=40,
                                help_text="Ví dụ: DDN-2021-000123.",
                                widget=forms.TextInput(attrs={"autocomplete": "off",
                                                              "autocapitalize": "characters",
                                                              "spellcheck": "false"}),
                                error_messages={"required": "Vui lòng nhập mã số phản ánh."})
    access_key = forms.CharField(label="Mã truy cập", max_length=80,
                                 help_text="28 ký tự in trên giấy biên nhận, ví dụ "
                                           "K7QM 2XJD 9T4R …; gõ liền hoặc có dấu cách đều được.",
                                 widget=AccessKeyInput(),
                                 error_messages={"required": "Vui lòng nhập mã truy cập."})
    # Under pressure: a signed challenge and its solution (see ratelimit.py).
    proof_token = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)
    proof = forms.CharField(required=False, max_length=20, widget=proof_widget())

    def __init__(self, *args, proof_bits=0, **kwargs):
        super().__init__(*args, **kwargs)
        if proof_bits and not self.is_bound:
            self.initial["proof_token"] = self.new_proof_token(proof_bits)

    @staticmethod
    def new_proof_token(bits):
        return new_token(LOOKUP_PROOF_SALT, bits)

    @property
    def proof_bits(self):
        token = self.data.get("proof_token") if self.is_bound else self.initial.get("proof_token")
        if not token:
            return 0
        try:
            return int(signing.loads(token, salt=LOOKUP_PROOF_SALT).get("p", 0))
        except (signing.BadSignature, AttributeError, TypeError, ValueError):
            return 0

    def ask_for_proof(self, bits):
        """The next try must bring a proof: a fresh challenge (each one serves once)."""
        self.data = self.data.copy()
        self.data["proof_token"] = self.new_proof_token(bits)
        self.data["proof"] = ""

    def proof_nonce(self):
        """The nonce of a valid, unexpired proof of work sent with this form, else None. The
        caller makes it single use (formguard.claim_nonce)."""
        token = self.data.get("proof_token") or ""
        try:
            payload = signing.loads(token, salt=LOOKUP_PROOF_SALT,
                                    max_age=conf.get("PROOF_MAX_SECONDS"))
        except signing.BadSignature:
            return None
        if not isinstance(payload, dict):
            return None
        if proof_holds(token, self.data.get("proof") or "", payload.get("p", 0)):
            return payload.get("n")
        return None


class FollowupForm(forms.Form):
    text = forms.CharField(label="Thông tin bổ sung", required=False,
                           widget=forms.Textarea(attrs={"rows": 5}))
    attachments = MultipleFileField(label="Tệp kèm theo")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = conf.get("MAX_DESCRIPTION_CHARS")
        self.fields["text"].max_length = limit
        self.fields["text"].validators.append(MaxLengthValidator(limit))
        self.fields["text"].widget.attrs["maxlength"] = limit
        self.fields["attachments"].help_text = (
            f"Tối đa {conf.get('MAX_ATTACHMENTS')} tệp JPEG, PNG hoặc PDF, mỗi tệp không quá "
            f"{conf.get('MAX_ATTACHMENT_MB')} MB.")
        self.fields["attachments"].widget.attrs.update({
            "data-max-bytes": conf.max_attachment_bytes(), "data-max-files": conf.get("MAX_ATTACHMENTS")})

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("attachments") and not self.errors:
            raise ValidationError("Vui lòng nhập thông tin bổ sung hoặc chọn tệp.", code="required")
        return data


class TextForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Vui lòng nhập nội dung."})

    def __init__(self, *args, label="Nội dung", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label="Giao cho", queryset=None, required=False,
                                      empty_label="— Chưa phân công —")

    def __init__(self, *args, **kwargs):
        from .services import assignable_inspectors

        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_inspectors()
        self.fields["assignee"].label_from_instance = person_name


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(label="Chuyển sang", choices=(),
                                  error_messages={"required": "Vui lòng chọn trạng thái."})
    reason = forms.CharField(label="Lý do, ghi chú", required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Bắt buộc khi chọn “Không xử lý”.")

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s.value, s.label) for s in report.allowed_moves()]


SORTS = {
    "-received": ("Mới nhất trước", ["-received_at", "-id"]),
    "received": ("Cũ nhất trước", ["received_at", "id"]),
    "due": ("Hạn phản hồi gần nhất", ["first_response_due", "id"]),
    "status": ("Theo trạng thái", ["status", "-received_at"]),
    "category": ("Theo loại phản ánh", ["category", "-received_at"]),
}


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label="Trạng thái", required=False,
                               choices=[("", "Tất cả"), ("open", "Đang mở"), *Status.choices])
    category = forms.ChoiceField(label="Loại", required=False,
                                 choices=[("", "Tất cả"), *Category.choices])
    channel = forms.ChoiceField(label="Kênh", required=False,
                                choices=[("", "Tất cả"), *Channel.choices])
    exam_site = forms.ModelChoiceField(label="Điểm thi", required=False,
                                       queryset=ExamSite.objects.none(), empty_label="Tất cả")
    place = forms.CharField(label="Địa điểm (tìm theo chữ)", required=False, max_length=100)
    q = forms.CharField(label="Mã số", required=False, max_length=40)
    date_from = forms.DateField(label="Tiếp nhận từ ngày", required=False,
                                widget=date_widget())
    date_to = forms.DateField(label="đến ngày", required=False,
                              widget=date_widget())
    overdue = forms.BooleanField(label="Quá hạn phản hồi", required=False)
    mine = forms.BooleanField(label="Giao cho tôi", required=False)
    unverified = forms.BooleanField(label="Chưa xác minh (gửi khi quá tải)", required=False)
    sort = forms.ChoiceField(label="Sắp xếp", required=False,
                             choices=[(k, v[0]) for k, v in SORTS.items()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exam_site"].queryset = ExamSite.objects.order_by("-year", "code")


class DayForm(forms.Form):
    day = forms.DateField(label="Ngày", required=False, widget=date_widget())


class IdentityAccessForm(forms.Form):
    """One grant or revocation on the inspectors' screen."""

    account = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[("grant", "Cấp quyền"), ("revoke", "Thu hồi")],
                               widget=forms.HiddenInput)
    reason = forms.CharField(label="Lý do", max_length=200,
                             error_messages={"required": "Vui lòng ghi lý do."})

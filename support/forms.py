"""The staff form of a support offer and the public good-deeds form."""

import re

from django import forms
from django.core.exceptions import ValidationError

from examportal.formguard import GuardedForm
from examportal.uploads import strip_image_metadata, validate_image
from exams.models import ExamSite

from . import conf
from .models import SupportOffer

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
PHONE = re.compile(r"^\+?[0-9 .()-]{8,20}$")


class OfferForm(forms.ModelForm):
    """What unit staff and editors fill in; the unit is never a field (it comes from the account
    for unit staff)."""

    starts_on = forms.DateField(label="Từ ngày", widget=DATE_INPUT, input_formats=["%d/%m/%Y"],
                                error_messages={"required": "Vui lòng nhập ngày bắt đầu.",
                                                "invalid": "Ngày không hợp lệ, ví dụ 05/07/2021."})
    ends_on = forms.DateField(label="Đến ngày", widget=DATE_INPUT, input_formats=["%d/%m/%Y"],
                              error_messages={"required": "Vui lòng nhập ngày kết thúc.",
                                              "invalid": "Ngày không hợp lệ, ví dụ 09/07/2021."})

    class Meta:
        model = SupportOffer
        fields = ["kind", "title", "provider", "district", "site", "address", "starts_on",
                  "ends_on", "capacity", "conditions", "phone", "contact_name"]
        widgets = {"conditions": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "kind": {"required": "Vui lòng chọn hình thức hỗ trợ."},
            "title": {"required": "Vui lòng nhập tên hoạt động hỗ trợ."},
            "provider": {"required": "Vui lòng nhập đơn vị, cá nhân hỗ trợ."},
            "district": {"required": "Vui lòng chọn huyện, thành phố."},
            "address": {"required": "Vui lòng nhập địa chỉ."},
            "phone": {"required": "Vui lòng nhập số điện thoại liên hệ."},
            "capacity": {"invalid": "Số thí sinh phải là số nguyên."},
        }

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        site = self.fields["site"]
        site.queryset = ExamSite.objects.for_year(year)
        site.label_from_instance = lambda s: f"{s.code} — {s.name} ({s.get_district_display()})"
        site.empty_label = "— Không gắn với điểm thi cụ thể —"
        site.error_messages["invalid_choice"] = "Vui lòng chọn một điểm thi trong danh sách."
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})

    def clean_capacity(self):
        value = self.cleaned_data["capacity"]
        if value is not None and not 1 <= value <= 10_000:
            raise ValidationError("Số thí sinh nhận được từ 1 đến 10.000; để trống nếu không giới "
                                  "hạn.")
        return value

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if not PHONE.match(value):
            raise ValidationError("Số điện thoại chỉ gồm chữ số (có thể có dấu cách, dấu chấm), "
                                  "ví dụ 0213 3876 961.")
        return value

    def offer_data(self):
        return {**self.cleaned_data, "year": self.year}


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Lý do", max_length=300, required=False)


# --- Good-deeds stories ---------------------------------------------------------------------------


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS images, each checked by content and re-encoded without metadata."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={
            "accept": ".jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        limit = conf.get("MAX_PHOTOS")
        if len(files) > limit:
            raise ValidationError(f"Chỉ được gửi tối đa {limit} ảnh (bạn đã chọn {len(files)}).",
                                  code="too_many_files")
        cleaned, errors = [], []
        for upload in files:
            try:
                kind = validate_image(upload, max_bytes=conf.max_photo_bytes())
            except ValidationError as exc:
                errors.extend(exc.messages)
                continue
            photo = strip_image_metadata(upload, kind)
            photo.detected_kind = kind
            cleaned.append(photo)
        if errors:
            raise ValidationError(errors)
        return cleaned


class GoodDeedForm(GuardedForm):
    token_salt = "support.good-deed-form"  # noqa: S105 -- a signing salt, not a secret
    submit_label = "Gửi câu chuyện"
    sent_noun = "Câu chuyện"
    conf = conf

    title = forms.CharField(
        label="Tiêu đề câu chuyện", max_length=200,
        help_text="Ví dụ: Thầy giáo chở thí sinh vượt lũ đến điểm thi.",
        error_messages={"required": "Vui lòng đặt tiêu đề cho câu chuyện.",
                        "max_length": "Tiêu đề tối đa %(limit_value)d ký tự."})
    story = forms.CharField(
        label="Câu chuyện", widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Kể ai đã làm việc tốt, ở đâu, khi nào, giúp ai và như thế nào.",
        error_messages={"required": "Vui lòng kể câu chuyện.",
                        "max_length": "Câu chuyện tối đa %(limit_value)d ký tự (đang có "
                                      "%(show_value)d).",
                        "min_length": "Câu chuyện quá ngắn: cần ít nhất %(limit_value)d ký tự để "
                                      "biên tập viên hiểu được sự việc."})
    place = forms.CharField(
        label="Nơi, thời gian diễn ra (không bắt buộc)", max_length=200, required=False,
        help_text="Ví dụ: Điểm thi Trường THPT Mường Tè, sáng 07/7.",
        error_messages={"max_length": "Tối đa %(limit_value)d ký tự."})
    photos = PhotosField(label="Ảnh kèm theo (không bắt buộc)")
    sender_name = forms.CharField(
        label="Họ và tên người gửi", max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Vui lòng nhập họ và tên của bạn.",
                        "max_length": "Họ và tên tối đa %(limit_value)d ký tự."})
    sender_unit = forms.CharField(
        label="Đơn vị hoặc nơi ở (không bắt buộc)", max_length=200, required=False,
        help_text="Ví dụ: Trường THPT Nậm Nhùn; phụ huynh ở xã Bum Nưa.",
        error_messages={"max_length": "Tối đa %(limit_value)d ký tự."})
    sender_phone = forms.CharField(
        label="Điện thoại", max_length=20, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"max_length": "Số điện thoại tối đa %(limit_value)d ký tự."})
    sender_email = forms.EmailField(
        label="Thư điện tử", max_length=254, required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: ten@example.com.",
                        "max_length": "Địa chỉ thư điện tử tối đa %(limit_value)d ký tự."})
    consent = forms.BooleanField(
        label="Tôi đồng ý để Sở GDĐT biên tập và đăng câu chuyện, ảnh gửi kèm trên Cổng thông tin "
              "Kỳ thi. Thông tin liên hệ của tôi không được đăng.",
        error_messages={"required": "Cần bạn đồng ý để Sở được đăng câu chuyện."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["story"].max_length = conf.get("MAX_STORY_CHARS")
        self.fields["story"].min_length = conf.get("MIN_STORY_CHARS")
        self.fields["story"].validators = [
            v for v in self.fields["story"].validators if not hasattr(v, "limit_value")]
        from django.core.validators import MaxLengthValidator, MinLengthValidator

        self.fields["story"].validators += [MinLengthValidator(conf.get("MIN_STORY_CHARS")),
                                            MaxLengthValidator(conf.get("MAX_STORY_CHARS"))]
        self.fields["photos"].help_text = (
            f"Tối đa {conf.get('MAX_PHOTOS')} ảnh JPEG, PNG hoặc WebP, mỗi ảnh không quá "
            f"{conf.get('MAX_PHOTO_MB')} MB. Thông tin vị trí và thiết bị trong ảnh được xóa "
            "trước khi lưu.")
        self.fields["photos"].widget.attrs.update({"data-max-files": conf.get("MAX_PHOTOS")})

    def clean_sender_phone(self):
        value = self.cleaned_data["sender_phone"].strip()
        if value and not PHONE.match(value):
            raise ValidationError("Số điện thoại chỉ gồm chữ số, ví dụ 0912 345 678.")
        return value

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("sender_phone") or data.get("sender_email")):
            self.add_error("sender_phone", "Vui lòng để lại số điện thoại hoặc thư điện tử để "
                                           "biên tập viên liên hệ khi cần.")
        return data

    def story_kwargs(self):
        data = self.cleaned_data
        return {
            "title": data["title"], "story": data["story"], "place": data["place"],
            "sender_name": data["sender_name"], "sender_phone": data["sender_phone"],
            "sender_email": data["sender_email"], "sender_unit": data["sender_unit"],
            "consent": data["consent"], "photos": data["photos"],
        }

from django import forms

from examportal.formguard import GuardedForm

from . import conf
from .models import Frequency


class SubscribeForm(GuardedForm):
    token_salt = "alerts.subscribe-form"  # noqa: S105 -- a signing salt, not a secret
    submit_label = "Đăng ký nhận tin"
    conf = conf  # MIN_FILL_SECONDS, MAX_FILL_SECONDS

    email = forms.EmailField(
        label="Địa chỉ thư điện tử", max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="Chúng tôi gửi một thư xác nhận tới địa chỉ này; chưa xác nhận thì chưa gửi tin.",
        error_messages={"required": "Vui lòng nhập địa chỉ thư điện tử.",
                        "invalid": "Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: ten@example.com."},
    )
    whole_column = forms.BooleanField(label="Tất cả tin của chuyên mục Kỳ thi", required=False)
    sections = forms.ModelMultipleChoiceField(
        label="Hoặc chỉ một số chuyên mục con", queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Chuyên mục được chọn không còn tồn tại."},
    )
    documents = forms.BooleanField(label="Văn bản mới được đăng tải (mục Văn bản: số, ký hiệu, tệp tải về)",
                                   required=False)
    frequency = forms.ChoiceField(
        label="Cách nhận", choices=Frequency.choices, initial=Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
        error_messages={"required": "Vui lòng chọn cách nhận thư."},
    )

    field_order = ["email", "whole_column", "sections", "documents", "frequency"]

    def __init__(self, *args, **kwargs):
        from news.models import Column, Section

        super().__init__(*args, **kwargs)
        column = Column.objects.current()
        self.fields["sections"].queryset = (
            Section.objects.filter(column=column).order_by("position") if column else Section.objects.none()
        )

    def clean(self):
        data = super().clean()
        chosen = data.get("whole_column") or data.get("sections") or data.get("documents")
        if not chosen and "sections" not in self.errors:
            self.add_error("whole_column", "Vui lòng chọn ít nhất một loại tin muốn nhận: cả "
                                               "chuyên mục, một số chuyên mục con hoặc văn bản mới.")
        return data

    def subscribe_kwargs(self):
        data = self.cleaned_data
        return {"whole_column": data["whole_column"], "sections": list(data["sections"] or []),
                "documents": data["documents"], "frequency": data["frequency"]}

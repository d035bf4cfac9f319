from django import forms

from .models import Severity


def count_field(label, help_text="", required=True):
    return forms.IntegerField(
        label=label, min_value=0, max_value=100_000, required=required, help_text=help_text,
        error_messages={
            "required": f"Hãy nhập {label.lower()}.",
            "invalid": f"{label} phải là một số nguyên.",
            "min_value": f"{label} không được là số âm.",
            "max_value": f"{label} quá lớn.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
    )


class SessionReportForm(forms.Form):
    """What a site sends after a session. The rules that tie the figures together live in
    ``services.validate_figures``; the view shows its messages beside the fields."""

    expected = count_field("Số thí sinh phải có mặt", "Theo danh sách của điểm thi.")
    present = count_field("Số thí sinh dự thi")
    absent = count_field("Số thí sinh vắng thi")
    suspended = count_field("Số thí sinh bị đình chỉ thi")
    disciplined = count_field("Số thí sinh bị kỷ luật khác", "Khiển trách, cảnh cáo.")
    incident_severity = forms.ChoiceField(
        label="Sự cố trong buổi thi", choices=Severity.choices, initial=Severity.NONE,
        widget=forms.RadioSelect,
        error_messages={"required": "Hãy chọn mức độ sự cố.",
                        "invalid_choice": "Hãy chọn mức độ sự cố trong danh sách."},
    )
    incident_text = forms.CharField(
        label="Mô tả sự cố và cách xử lý", required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Bắt buộc khi có sự cố: xảy ra lúc nào, ở phòng thi nào, đã xử lý thế nào.",
        error_messages={"max_length": "Mô tả sự cố dài quá 4.000 ký tự."},
    )
    reason = forms.CharField(
        label="Lý do điều chỉnh", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ví dụ: nhập nhầm số thí sinh vắng thi của phòng 05.",
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, correcting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.correcting = correcting
        if not correcting:
            del self.fields["reason"]
            del self.fields["version"]
        else:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = "Hãy ghi lý do điều chỉnh báo cáo."
        for name in ("suspended", "disciplined"):
            self.fields[name].initial = 0

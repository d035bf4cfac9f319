from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.text import capfirst

from .models import REPORT_DATES, REPORT_NUMBERS, REPORT_TEXTS, DifficultyKind, PreparationReport
from .services import MAX_NUMBER, NOTE_MAX


def _label(name):
    return str(PreparationReport._meta.get_field(name).verbose_name)


def count_field(name):
    label = capfirst(_label(name))
    return forms.IntegerField(
        label=label, min_value=0, max_value=MAX_NUMBER, required=False,
        error_messages={
            "invalid": f"{label} phải là một số nguyên.",
            "min_value": f"{label} không được là số âm.",
            "max_value": f"{label} quá lớn (tối đa 100.000).",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
    )


def date_field(name):
    label = capfirst(_label(name))
    return forms.DateField(
        label=label, required=False, help_text="Dạng ngày/tháng/năm, ví dụ 20/05/2021.",
        error_messages={"invalid": f"{label} không đúng dạng ngày (dd/mm/yyyy)."},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy",
                                                         "inputmode": "numeric"}),
    )


def text_field(name, limit, rows=3):
    field = PreparationReport._meta.get_field(name)
    label = capfirst(_label(name))
    return forms.CharField(
        label=label, required=False, max_length=limit, help_text=field.help_text,
        error_messages={"max_length": f"{label} dài quá {limit:,} ký tự.".replace(",", ".")},
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class PreparationReportForm(forms.Form):
    """What a unit reports. The rules that tie the figures together live in
    ``services.validate_report``; the view shows its messages beside the fields."""

    # The form's fieldsets, in order: (legend, field names).
    GROUPS = [
        ("Quy mô đơn vị", ["staff_total", "students_total"]),
        ("Tuyên truyền về Kỳ thi", ["informed_on", "informed_staff", "informed_students",
                                    "informed_parents", "communication_methods"]),
        ("Tập huấn Quy chế thi", ["trained_on", "trained_managers", "trained_teachers",
                                  "trained_employees", "trained_students"]),
        ("Thí sinh và hỗ trợ thí sinh", ["candidates_registered", "candidates_hardship",
                                         "candidates_far", "lodging_covered", "meals_covered",
                                         "transport_covered", "support_notes"]),
    ]

    def __init__(self, *args, limit=4000, updating=False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in REPORT_NUMBERS:
            self.fields[name] = count_field(name)
        for name in REPORT_DATES:
            self.fields[name] = date_field(name)
        for name in REPORT_TEXTS:
            self.fields[name] = text_field(name, limit)
        self.fields["note"] = forms.CharField(
            label="Nội dung cập nhật" if updating else "Ghi chú", required=False,
            max_length=NOTE_MAX, help_text="Ví dụ: bổ sung số học sinh được tập huấn đợt 2.",
            error_messages={"max_length": f"Nội dung cập nhật dài quá {NOTE_MAX} ký tự."})
        self.fields["version"] = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def groups(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]


class DifficultyForm(forms.Form):
    kind = forms.ChoiceField(
        label="Loại", choices=DifficultyKind.choices, initial=DifficultyKind.DIFFICULTY,
        widget=forms.RadioSelect,
        error_messages={"required": "Hãy chọn loại: khó khăn, vướng mắc hay đề xuất.",
                        "invalid_choice": "Hãy chọn loại: khó khăn, vướng mắc hay đề xuất."})
    text = forms.CharField(
        label="Nội dung", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Việc gì, ở đâu, cần Sở giải quyết điều gì.",
        error_messages={"required": "Hãy nhập nội dung."})
    urgent = forms.BooleanField(
        label="Khẩn: cần Sở giải quyết ngay (gửi thư báo cho Văn phòng Sở)", required=False)

    def __init__(self, *args, limit=4000, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].validators.append(MaxLengthValidator(limit))
        self.fields["text"].error_messages["max_length"] = (
            f"Nội dung dài quá {limit:,} ký tự.".replace(",", "."))


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Trả lời của Sở", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Đơn vị thấy câu trả lời này trên trang của mình.",
        error_messages={"required": "Hãy nhập nội dung trả lời."})

    def __init__(self, *args, limit=4000, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].validators.append(MaxLengthValidator(limit))
        self.fields["answer"].error_messages["max_length"] = (
            f"Nội dung trả lời dài quá {limit:,} ký tự.".replace(",", "."))

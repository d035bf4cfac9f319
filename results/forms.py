from django import forms

from .importing import normalize_number
from .subjects import SUBJECTS


class LookupForm(forms.Form):
    sbd = forms.CharField(label="Số báo danh", max_length=20, strip=True,
                          error_messages={"required": "Hãy nhập số báo danh."},
                          widget=forms.TextInput(attrs={
                              "inputmode": "numeric", "autocomplete": "off", "pattern": r"[0-9 ]*",
                              "placeholder": "Ví dụ: 07001234", "aria-describedby": "sbd-help"}))

    def __init__(self, *args, council_code="07", **kwargs):
        super().__init__(*args, **kwargs)
        self.council_code = council_code

    def clean_sbd(self):
        typed = self.cleaned_data["sbd"]
        number = normalize_number(typed)
        if not number.isdigit():
            raise forms.ValidationError("Số báo danh chỉ gồm chữ số, ví dụ 07001234.")
        if len(number) != 8:
            raise forms.ValidationError(
                f"Số báo danh gồm đúng 8 chữ số (bạn nhập {len(number)} chữ số), ví dụ 07001234.")
        if number[:2] != self.council_code:
            raise forms.ValidationError(
                f"Số báo danh {number} không thuộc Hội đồng thi Sở GDĐT Lai Châu (mã "
                f"{self.council_code}): số báo danh của thí sinh dự thi tại Lai Châu bắt đầu bằng "
                f"{self.council_code}. Thí sinh dự thi ở tỉnh khác tra cứu tại hội đồng thi nơi "
                "mình dự thi.")
        return number


class UploadForm(forms.Form):
    KIND_CHOICES = [("scores", "Tệp điểm thi (một phiên bản mới)"),
                    ("graduation", "Tệp kết quả xét tốt nghiệp")]
    kind = forms.ChoiceField(label="Loại tệp", choices=KIND_CHOICES, initial="scores",
                             widget=forms.RadioSelect)
    file = forms.FileField(label="Tệp CSV hoặc XLSX",
                           help_text="Theo mẫu cột của Bộ GDĐT: Số báo danh, Toán, Ngữ văn, …",
                           error_messages={"required": "Hãy chọn tệp điểm."})
    drop_personal = forms.BooleanField(
        label="Bỏ các cột thông tin cá nhân (họ tên, ngày sinh, số định danh…) nếu tệp có",
        required=False)
    note = forms.CharField(label="Ghi chú", max_length=500, required=False,
                           help_text="Ví dụ: tệp chính thức của Bộ, nhận ngày 25/7.")


class CorrectionForm(forms.Form):
    number = forms.CharField(label="Số báo danh", max_length=20)
    reason = forms.CharField(label="Lý do sửa", max_length=300,
                             help_text="Ví dụ: kết quả phúc khảo môn Ngữ văn.",
                             error_messages={"required": "Hãy ghi lý do sửa điểm."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for subject in SUBJECTS:
            self.fields[subject.key] = forms.CharField(
                label=subject.label, max_length=10, required=False,
                help_text="Để trống: giữ nguyên. “V”: vắng thi, “ĐC”: đình chỉ.")

    def clean_number(self):
        return normalize_number(self.cleaned_data["number"])

    def changes(self):
        return {s.key: self.cleaned_data[s.key] for s in SUBJECTS if self.cleaned_data.get(s.key)}


class ReleaseForm(forms.Form):
    release_at = forms.DateTimeField(
        label="Công bố lúc", input_formats=["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M"],
        help_text="Ví dụ: 26/07/2021 00:00. Đến giờ này kết quả tự công bố, không cần bấm nút.",
        error_messages={"invalid": "Nhập ngày giờ dạng 26/07/2021 00:00."},
        widget=forms.DateTimeInput(format="%d/%m/%Y %H:%M:%S"))


class SchoolNamesForm(forms.Form):
    file = forms.FileField(label="Tệp CSV tên trường",
                           help_text="Mỗi dòng: mã trường, tên trường (ví dụ: 0101,Trường THPT "
                                     "Chuyên Lê Quý Đôn). Dòng tiêu đề (nếu có) được bỏ qua.",
                           error_messages={"required": "Hãy chọn tệp CSV."})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError("Tệp quá lớn (tối đa 2 MB).")
        return upload

from django import forms

from examportal.text import normalize_text

from . import services
from .models import SEARCH_MAX_LENGTH, Document, DocumentFile, DocumentType, Issuer


class DocumentFilterForm(forms.Form):
    """The registry's search and filters, read from the query string (GET, shareable)."""

    q = forms.CharField(
        label="Số, ký hiệu hoặc từ khóa trong trích yếu", required=False, strip=True,
        widget=forms.TextInput(attrs={
            "type": "search", "maxlength": SEARCH_MAX_LENGTH,
            "placeholder": "Ví dụ: 08/CT-UBND hoặc tăng cường chỉ đạo",
        }),
    )
    type = forms.ChoiceField(
        label="Loại văn bản", required=False, choices=[("", "Tất cả loại")] + DocumentType.choices
    )
    issuer = forms.ChoiceField(label="Cơ quan ban hành", required=False)
    year = forms.TypedChoiceField(label="Năm thi", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, issuers=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].choices = [("", "Tất cả cơ quan")] + [(i.slug, i.name) for i in issuers]
        self.fields["year"].choices = [("", "Tất cả các năm")] + [(y, str(y)) for y in years]

    def filters(self):
        """The valid filters only: a mistyped value in a shared link is ignored, not an error."""
        self.is_valid()
        data = {}
        for name in ("q", "type", "issuer", "year"):
            if name in self.errors:
                continue
            value = self.cleaned_data.get(name)
            if value not in (None, ""):
                data[name] = value
        self.too_long = False
        if "q" in data:
            query = " ".join(normalize_text(data["q"]).replace("\x00", "").split())
            self.too_long = len(query) > SEARCH_MAX_LENGTH
            data["q"] = query[:SEARCH_MAX_LENGTH]
            if not data["q"]:
                del data["q"]
        return data


class DocumentAdminForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = [
            "document_type", "number", "issuer", "excerpt", "issue_date", "effective_date",
            "exam_year", "signer_title", "signer", "related_articles", "is_published", "published_at",
        ]
        widgets = {"excerpt": forms.Textarea(attrs={"rows": 3})}

    def clean_number(self):
        from .models import normalize_number

        return normalize_number(self.cleaned_data.get("number"))


class _StoredFile:
    """What the file widget shows for a stored file: its original name, linked to the view."""

    def __init__(self, url, name):
        self.url, self.name = url, name

    def __str__(self):
        return self.name


class StoredFileInput(forms.ClearableFileInput):
    """Links the current file to the download view, never to its generated name under /media/."""

    stored = None

    def format_value(self, value):
        if self.is_initial(value) and self.stored is not None:
            return self.stored
        return super().format_value(value)


class DocumentFileForm(forms.ModelForm):
    """A file row: refused by content or size with a Vietnamese message, other fields kept."""

    class Meta:
        model = DocumentFile
        fields = ["file", "label", "position"]
        widgets = {"file": StoredFileInput}
        help_texts = {
            "file": "PDF, DOC, DOCX, XLS, XLSX hoặc ODT, tối đa 20 MB. Định dạng được kiểm tra theo "
                    "nội dung tệp, không theo tên.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.file:
            widget = self.fields["file"].widget
            widget.stored = _StoredFile(
                self.instance.get_absolute_url(), self.instance.original_name or "tệp đã lưu"
            )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            services.prepare_file(self.instance, upload)
        return upload


class IssuerAdminForm(forms.ModelForm):
    class Meta:
        model = Issuer
        fields = ["name", "slug", "position"]

"""Q&A forms: the public question form and the reviewers' answer, merge and decline forms."""

from django import forms
from django.core.validators import MaxLengthValidator, MinLengthValidator

from examportal.formguard import GuardedForm
from examportal.text import normalize_text

from . import conf
from .models import Question, Topic

SORTS = {
    "moi-nhat": "Mới nhất",
    "xem-nhieu": "Xem nhiều nhất",
}


class AskForm(GuardedForm):
    token_salt = "qa.ask-form"  # noqa: S105 -- a signing salt, not a secret
    submit_label = "Gửi câu hỏi"
    conf = conf  # MIN_FILL_SECONDS, MAX_FILL_SECONDS

    topic = forms.ChoiceField(
        label="Chủ đề", choices=Topic.choices, widget=forms.RadioSelect,
        error_messages={"required": "Vui lòng chọn chủ đề của câu hỏi.",
                        "invalid_choice": "Vui lòng chọn một chủ đề trong danh sách."},
    )
    text = forms.CharField(
        label="Câu hỏi", widget=forms.Textarea(attrs={"rows": 7}),
        help_text="Viết rõ điều bạn muốn hỏi. Không ghi số báo danh, số điện thoại hay thông tin "
                  "riêng tư: câu hỏi và trả lời sẽ được đăng công khai.",
        error_messages={"required": "Vui lòng nhập câu hỏi.",
                        "max_length": "Câu hỏi tối đa %(limit_value)d ký tự (đang có %(show_value)d).",
                        "min_length": "Câu hỏi quá ngắn: cần ít nhất %(limit_value)d ký tự để cán "
                                      "bộ hiểu được bạn hỏi gì."},
    )
    asker_name = forms.CharField(
        label="Họ và tên", max_length=120, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text="Mặc định chỉ hiện chữ cái đầu, ví dụ “N.V.A.”.",
        error_messages={"max_length": "Họ và tên tối đa %(limit_value)d ký tự."},
    )
    show_full_name = forms.BooleanField(label="Tôi đồng ý hiện họ tên đầy đủ cùng câu hỏi",
                                        required=False)
    asker_place = forms.CharField(
        label="Nơi ở hoặc trường (không bắt buộc)", max_length=120, required=False,
        help_text="Ví dụ: Phụ huynh ở huyện Sìn Hồ; học sinh Trường THPT Than Uyên.",
        error_messages={"max_length": "Tối đa %(limit_value)d ký tự."},
    )
    asker_email = forms.EmailField(
        label="Thư điện tử để nhận thông báo (không bắt buộc)", required=False, max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="Chúng tôi gửi đường dẫn tới câu trả lời, rồi xóa địa chỉ này. Không hiện công "
                  "khai.",
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: ten@example.com.",
                        "max_length": "Địa chỉ thư điện tử tối đa %(limit_value)d ký tự."},
    )

    field_order = ["topic", "text", "asker_name", "show_full_name", "asker_place", "asker_email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["text"]
        limit, minimum = conf.get("MAX_QUESTION_CHARS"), conf.get("MIN_QUESTION_CHARS")
        field.max_length, field.min_length = limit, minimum
        field.validators += [MaxLengthValidator(limit), MinLengthValidator(minimum)]
        field.widget.attrs["maxlength"] = limit

    def clean_text(self):
        return normalize_text(self.cleaned_data["text"]).strip()

    def clean(self):
        data = super().clean()
        if data.get("show_full_name") and not (data.get("asker_name") or "").strip():
            self.add_error("asker_name", "Bạn đã chọn hiện họ tên: vui lòng nhập họ và tên, hoặc bỏ "
                                         "chọn ô đồng ý.")
        return data

    def question_kwargs(self):
        return {name: self.cleaned_data[name] for name in (
            "topic", "text", "asker_name", "show_full_name", "asker_place", "asker_email")}


class AnswerForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["topic", "title", "text", "answer", "cited_documents", "cited_articles", "pinned"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "answer": forms.Textarea(attrs={"rows": 12}),
            "cited_documents": forms.SelectMultiple(attrs={"size": 8}),
            "cited_articles": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "text": "Có thể sửa lỗi chính tả hoặc xóa thông tin riêng tư trước khi đăng.",
        }
        error_messages = {
            "text": {"required": "Câu hỏi không được để trống."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from documents.models import Document
        from news.models import Article

        self.fields["answer"].required = True
        self.fields["answer"].error_messages["required"] = "Vui lòng nhập nội dung trả lời."
        self.fields["cited_documents"].queryset = Document.objects.published().select_related("issuer")
        self.fields["cited_articles"].queryset = Article.objects.published().order_by("-publish_at")
        self.fields["cited_documents"].help_text = "Giữ Ctrl (hoặc ⌘) để chọn nhiều văn bản."
        self.fields["cited_articles"].help_text = "Giữ Ctrl (hoặc ⌘) để chọn nhiều bài viết."


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label="Gộp vào câu hỏi đã trả lời", queryset=Question.objects.none(),
        empty_label="— Chọn câu hỏi —",
        error_messages={"required": "Vui lòng chọn câu hỏi đã có trả lời để gộp vào.",
                        "invalid_choice": "Câu hỏi được chọn không còn công khai."},
    )

    def __init__(self, *args, exclude_pk=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Question.objects.published().order_by("topic", "-answered_at")
        if exclude_pk:
            queryset = queryset.exclude(pk=exclude_pk)
        self.fields["into"].queryset = queryset
        self.fields["into"].label_from_instance = (
            lambda q: f"[{q.get_topic_display()}] {q.display_title}")


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Lý do không trả lời", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Người hỏi nhận được lý do này nếu họ để lại thư điện tử.",
        error_messages={"required": "Vui lòng ghi lý do không trả lời."},
    )

"""Questions from the public and the Department's answers ("Hỏi – đáp về Kỳ thi").

A question is public only once it is answered (the answer is the approval); pending, merged and
declined questions never show. The asker's name is shown as initials unless they agreed to show
it whole; their email address is used once, to tell them of the answer, then erased.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from examportal.text import normalize_text, search_text, slugify_vi


class Topic(models.TextChoices):
    REGISTRATION = "dang-ky-du-thi", "Đăng ký dự thi"
    REGULATIONS = "quy-che-thi", "Quy chế thi"
    PRIORITY = "uu-tien-khuyen-khich", "Ưu tiên – khuyến khích"
    REVIEW = "phuc-khao", "Phúc khảo"
    GRADUATION = "xet-cong-nhan-tot-nghiep", "Xét công nhận tốt nghiệp"
    COVID = "covid-19", "COVID-19"
    OTHER = "khac", "Khác"


class Status(models.TextChoices):
    PENDING = "pending", "Chờ trả lời"
    ANSWERED = "answered", "Đã trả lời"
    MERGED = "merged", "Đã gộp vào câu hỏi khác"
    DECLINED = "declined", "Không trả lời"


class QuestionQuerySet(models.QuerySet):
    def published(self):
        """Questions the public may read: answered (answering is the approval)."""
        return self.filter(status=Status.ANSWERED, answered_at__isnull=False)

    def pinned(self):
        """Answered questions pinned by editors, for the column page (newest pin first)."""
        return self.published().filter(pinned=True).order_by("-answered_at", "-pk")

    def pending(self):
        return self.filter(status=Status.PENDING)

    def newest(self):
        return self.order_by("-answered_at", "-pk")

    def most_viewed(self):
        return self.order_by("-view_count", "-answered_at", "-pk")

    def search(self, query):
        """Questions matching ``query`` with diacritics and case ignored, title matches first."""
        from .search import search_questions

        return search_questions(self, query)


def initials(name):
    """"Nguyễn Văn An" → "N.V.A."; an empty name stays empty."""
    words = normalize_text(name or "").split()
    return "".join(f"{w[0].upper()}." for w in words if w[0].isalpha())


class Question(models.Model):
    topic = models.CharField("chủ đề", max_length=32, choices=Topic.choices, db_index=True)
    title = models.CharField(
        "tiêu đề", max_length=200, blank=True,
        help_text="Câu hỏi tóm tắt trong một dòng, hiện ở danh sách và tiêu đề trang. Để trống: lấy "
                  "đầu câu hỏi.",
    )
    slug = models.SlugField("đường dẫn", max_length=120, blank=True)
    text = models.TextField("câu hỏi")
    asker_name = models.CharField("họ và tên người hỏi", max_length=120, blank=True)
    show_full_name = models.BooleanField("đồng ý hiện họ tên đầy đủ", default=False)
    asker_place = models.CharField("nơi ở, trường", max_length=120, blank=True)
    asker_email = models.EmailField(
        "thư điện tử của người hỏi", blank=True,
        help_text="Chỉ dùng để báo khi có trả lời, rồi được xóa.",
    )
    status = models.CharField(
        "trạng thái", max_length=12, choices=Status.choices, default=Status.PENDING,
        editable=False, db_index=True,
    )
    answer = models.TextField(
        "trả lời", blank=True,
        help_text="Mỗi đoạn cách nhau một dòng trống. Văn bản và bài viết dẫn chứng chọn ở dưới.",
    )
    cited_documents = models.ManyToManyField(
        "documents.Document", blank=True, related_name="qa_questions", verbose_name="văn bản dẫn chứng"
    )
    cited_articles = models.ManyToManyField(
        "news.Article", blank=True, related_name="qa_questions", verbose_name="bài viết dẫn chứng"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người trả lời", editable=False,
    )
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates",
        verbose_name="gộp vào câu hỏi", editable=False,
    )
    decline_reason = models.TextField("lý do không trả lời", blank=True, editable=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người xử lý", editable=False,
    )
    handled_at = models.DateTimeField("xử lý lúc", null=True, blank=True, editable=False)
    asker_notified_at = models.DateTimeField("đã báo người hỏi lúc", null=True, blank=True,
                                             editable=False)
    pinned = models.BooleanField(
        "ghim", default=False, help_text="Câu hỏi được ghim hiện nổi bật ở trang chuyên mục và đầu "
                                         "trang Hỏi – đáp.",
    )
    view_count = models.PositiveIntegerField("lượt xem", default=0, editable=False)
    search_title = models.TextField(default="", editable=False)
    search_body = models.TextField(default="", editable=False)
    # What the asker is given to find their question later (qa.services.new_reference); older
    # questions have none.
    reference = models.CharField("mã tra cứu", max_length=16, unique=True, null=True, blank=True,
                                 editable=False)
    created_at = models.DateTimeField("gửi lúc", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = "câu hỏi"
        verbose_name_plural = "câu hỏi"
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("answer_question", "Có thể trả lời, gộp, từ chối và ghim câu hỏi"),
        ]
        indexes = [
            models.Index(fields=["status", "-answered_at"], name="qa_question_public"),
            models.Index(fields=["status", "topic", "-answered_at"], name="qa_question_topic"),
            models.Index(fields=["status", "-view_count"], name="qa_question_views"),
        ]

    def __str__(self):
        return self.display_title

    def save(self, *args, **kwargs):
        for name in ("title", "text", "asker_name", "asker_place", "answer", "decline_reason"):
            setattr(self, name, normalize_text(getattr(self, name) or "").strip())
        self.asker_email = (self.asker_email or "").strip().lower()
        self.slug = slugify_vi(self.display_title, max_length=120) or "cau-hoi"
        self.refresh_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("qa:question-detail", kwargs={"pk": self.pk, "slug": self.slug})

    def get_topic_url(self):
        return reverse("qa:topic", kwargs={"topic": self.topic})

    def refresh_search_text(self):
        self.search_title = search_text(self.display_title)
        self.search_body = search_text(" ".join([self.text, self.answer, self.get_topic_display()]))

    @property
    def display_title(self):
        if self.title:
            return self.title
        text = " ".join((self.text or "").split())
        if len(text) <= 120:
            return text
        return text[:120].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"

    @property
    def public_name(self):
        """The name shown under the question: whole with consent, initials otherwise."""
        if self.show_full_name and self.asker_name:
            return self.asker_name
        return initials(self.asker_name) or "Bạn đọc"

    @property
    def is_public(self):
        return self.status == Status.ANSWERED and self.answered_at is not None

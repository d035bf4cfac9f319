from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from examportal.addresses import cached_reverse
from examportal.richtext import RichTextField
from examportal.text import normalize_text, search_text, slugify_vi
from examportal.uploads import GeneratedPath


class ColumnQuerySet(models.QuerySet):
    def current(self):
        """The column of the current exam year (``examyears.selectors.current_year``), or None."""
        from examyears.selectors import current_year_number

        year = current_year_number()
        return self.filter(year=year).first() if year else None


class Column(models.Model):
    """The exam-year column: "Thông tin về Kỳ thi tốt nghiệp THPT năm <year>"; one per exam year
    (``examyears.ExamYear``), created when the year is opened."""

    title = models.CharField("tiêu đề", max_length=200)
    year = models.PositiveSmallIntegerField("năm thi", unique=True)
    intro = models.TextField("giới thiệu", blank=True)

    objects = ColumnQuerySet.as_manager()

    class Meta:
        verbose_name = "chuyên mục năm thi"
        verbose_name_plural = "chuyên mục năm thi"
        ordering = ["-year"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = normalize_text(self.title)
        self.intro = normalize_text(self.intro)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("news:column", year=self.year)

    def section_for(self, role):
        """The section that plays ``role`` (a SectionRole) in this column, or None."""
        return self.sections.filter(role=role).first()

    @property
    def is_current(self):
        from examyears.selectors import current_year_number

        return self.year == current_year_number()


class SectionRole(models.TextChoices):
    """What a section is for, whatever its title or address: code finds sections by role (e.g.
    the exam dashboard drafts session articles into the SESSION_UPDATES section)."""

    DIRECTIVES = "directives", "Văn bản chỉ đạo, hướng dẫn (dẫn tới sổ văn bản)"
    STEERING = "steering", "Hoạt động của Ban Chỉ đạo thi"
    PREPARATION = "preparation", "Công tác chuẩn bị"
    STUDY_TIPS = "study_tips", "Ôn thi và kỹ năng làm bài"
    SESSION_UPDATES = "session_updates", "Tình hình tổ chức thi (nhận bài từ số liệu buổi thi)"
    RESULTS = "results", "Kết quả thi"
    PRESS = "press", "Thông cáo báo chí"
    GOOD_DEEDS = "good_deeds", "Gương người tốt, việc tốt"


class Section(models.Model):
    """A sub-column (chuyên mục con) of an exam-year column."""

    column = models.ForeignKey(
        Column, on_delete=models.CASCADE, related_name="sections", verbose_name="chuyên mục"
    )
    title = models.CharField("tên chuyên mục con", max_length=200)
    slug = models.SlugField("đường dẫn", max_length=120)
    description = models.TextField("mô tả", blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    role = models.CharField("vai trò", max_length=20, choices=SectionRole.choices, blank=True,
                            help_text="Mỗi vai trò chỉ một chuyên mục con trong một năm; được "
                                      "giữ khi mở năm thi mới.")

    class Meta:
        verbose_name = "chuyên mục con"
        verbose_name_plural = "chuyên mục con"
        ordering = ["column", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["column", "slug"], name="news_section_unique_slug"),
            models.UniqueConstraint(fields=["column", "role"], condition=~models.Q(role=""),
                                    name="news_section_unique_role"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = normalize_text(self.title)
        self.description = normalize_text(self.description)
        if not self.slug:
            self.slug = slugify_vi(self.title, max_length=120)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("news:section", year=self.column.year, section=self.slug)


# --- Articles ------------------------------------------------------------------------------


class ArticleTag(TagBase):
    """A tag on news articles; slugs keep đ (``Điểm thi`` → ``diem-thi``)."""

    class Meta:
        verbose_name = "thẻ"
        verbose_name_plural = "thẻ"
        ordering = ["name"]

    def save(self, *args, **kwargs):
        self.name = normalize_text(self.name).strip()
        super().save(*args, **kwargs)

    def slugify(self, tag, i=None):
        slug = slugify_vi(tag, max_length=90) or "the"
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self):
        return cached_reverse("news:tag", slug=self.slug)


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(ArticleTag, on_delete=models.CASCADE, related_name="tagged_articles")

    class Meta:
        verbose_name = "thẻ của bài viết"
        verbose_name_plural = "thẻ của bài viết"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="news_tagged_unique"),
        ]


def article_url(slug):
    return cached_reverse("news:article-detail", slug=slug)


# --- What "public" means: once for the ORM, once for SQL ----------------------------------------
# An article is public when it is published, its publication time has passed and it has not
# expired. ``Article.is_public`` is the same rule on one row; tests/news/test_links.py checks
# that the three agree for every state an article can be in.


def public_q(now):
    """The rule as a condition for the ORM (``ArticleQuerySet.published()``)."""
    return models.Q(status=Article.Status.PUBLISHED, publish_at__lte=now) & (
        models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
    )


def public_article_sql(alias):
    """``ArticleQuerySet.published()``'s rule as an SQL condition on the article table under
    ``alias``, with the parameters ``%(published)s`` and ``%(now)s`` (news.links uses it)."""
    return (
        f"{alias}.status = %(published)s AND {alias}.publish_at <= %(now)s "
        f"AND ({alias}.expires_at IS NULL OR {alias}.expires_at > %(now)s)"
    )


def next_public_change(now):
    """The next moment an article goes public or expires by itself, or None (the page cache
    keeps no page past it: ``page_cache_schedule`` in NewsConfig.contributes)."""
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    soonest_publish = published.filter(publish_at__gt=now).order_by("publish_at").values_list(
        "publish_at", flat=True).first()
    soonest_expiry = published.filter(expires_at__gt=now).order_by("expires_at").values_list(
        "expires_at", flat=True).first()
    moments = [m for m in (soonest_publish, soonest_expiry) if m]
    return min(moments) if moments else None


# Columns that no list of articles shows (ArticleQuerySet.for_listing).
LISTING_DEFERRED = ("body", "search_title", "search_body")


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Articles the public may read now (``public_q``). Decided at query time, so scheduling
        needs no cron job."""
        return self.filter(public_q(now or timezone.now()))

    def scheduled(self, now=None):
        """Published articles whose time has not come yet (``Article.is_scheduled``)."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__gt=now or timezone.now())

    def gone(self, now=None):
        """Articles that were public once and are not any more (withdrawn or expired): 410."""
        now = now or timezone.now()
        return self.filter(first_published_at__lte=now).filter(
            models.Q(status=Article.Status.WITHDRAWN)
            | models.Q(status=Article.Status.PUBLISHED, expires_at__lte=now)
        )

    def for_listing(self):
        """What a list item shows, in a fixed number of queries, newest first.

        The body and its stored search text are left out: no list shows them, and they are the
        widest columns (a section's page 200 sorts 4,000 rows to skip them: on disk with the
        bodies, in memory without).
        """
        return (self.select_related("section__column").defer(*LISTING_DEFERRED)
                .order_by("-publish_at", "-pk"))

    def search(self, query):
        """Articles matching ``query`` (diacritics and case ignored), title matches first."""
        from .search import search_articles

        return search_articles(self, query)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        PENDING = "pending", "Chờ duyệt"
        PUBLISHED = "published", "Đã xuất bản"
        WITHDRAWN = "withdrawn", "Đã gỡ"

    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles", verbose_name="chuyên mục con"
    )
    title = models.CharField("tiêu đề", max_length=250)
    slug = models.SlugField(
        "đường dẫn", max_length=200, unique=True, blank=True,
        help_text="Tạo tự động từ tiêu đề; không đổi sau khi bài đã xuất bản.",
    )
    lead = models.TextField("sapo (tóm tắt)", max_length=1000)
    body = RichTextField("nội dung")
    cover_image = models.ImageField(
        "ảnh đại diện", upload_to=GeneratedPath("news/covers"), blank=True,
        width_field="cover_width", height_field="cover_height",
        help_text="JPEG, PNG hoặc WebP, tối đa 10 MB và 40 triệu điểm ảnh.",
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_renditions = models.JSONField(default=list, blank=True, editable=False)
    cover_alt = models.CharField(
        "mô tả ảnh (alt)", max_length=250, blank=True,
        help_text="Bắt buộc khi có ảnh: mô tả ngắn nội dung ảnh cho người khiếm thị.",
    )
    cover_caption = models.CharField("chú thích ảnh", max_length=300, blank=True)
    cover_credit = models.CharField("nguồn ảnh", max_length=150, blank=True)
    tags = TaggableManager("thẻ", through=TaggedArticle, blank=True,
                           help_text="Các thẻ cách nhau bằng dấu phẩy.")
    source = models.CharField("nguồn tin", max_length=200, blank=True)
    byline = models.CharField(
        "tác giả", max_length=150, blank=True,
        help_text="Tên tác giả hoặc đơn vị hiển thị dưới bài, ví dụ “Trường THPT Mường Tè”.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="news_articles", verbose_name="người tạo", editable=False,
    )
    status = models.CharField(
        "trạng thái", max_length=12, choices=Status.choices, default=Status.DRAFT,
        editable=False, db_index=True,
    )
    publish_at = models.DateTimeField("thời điểm xuất bản", null=True, blank=True, db_index=True)
    expires_at = models.DateTimeField(
        "hết hạn lúc", null=True, blank=True,
        help_text="Để trống nếu bài không hết hạn. Sau thời điểm này bài không còn hiện công khai.",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    revised_at = models.DateTimeField(
        "cập nhật nội dung lúc", null=True, blank=True, editable=False,
        help_text="Lần sửa nội dung gần nhất sau khi bài đã xuất bản.",
    )
    is_pinned = models.BooleanField(
        "ghim lên đầu", default=False, help_text="Bài được ghim hiện nổi bật ở trang chủ."
    )
    related_articles = models.ManyToManyField(
        "self", symmetrical=False, blank=True, verbose_name="bài viết liên quan"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    search_title = models.TextField(default="", editable=False)
    search_body = models.TextField(default="", editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"
        ordering = ["-publish_at", "-pk"]
        permissions = [
            ("publish_article", "Có thể duyệt, trả lại, xuất bản và gỡ bài viết"),
        ]
        indexes = [
            # Covering (PostgreSQL): counting and listing what is public, and a feed's state, read
            # these indexes alone, never the wide rows (a column's month archive or feed state:
            # about 20 ms -> 2-5 ms at 20,000 articles).
            models.Index(fields=["status", "publish_at"],
                         include=["expires_at", "updated_at", "id"], name="news_article_visible"),
            models.Index(fields=["section", "status", "publish_at"],
                         include=["expires_at", "updated_at", "id"], name="news_article_section"),
            # Pinned articles are few: found without walking every article by date.
            models.Index(fields=["-publish_at"], condition=models.Q(is_pinned=True),
                         name="news_article_pinned"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = normalize_text(self.title).strip()
        self.lead = normalize_text(self.lead).strip()
        for name in ("cover_alt", "cover_caption", "cover_credit", "source", "byline"):
            setattr(self, name, normalize_text(getattr(self, name)).strip())
        if not self.slug:
            self.slug = self.unique_slug()
        self.refresh_search_text(save=False)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return article_url(self.slug)

    def unique_slug(self):
        base = slugify_vi(self.title, max_length=180) or "bai-viet"
        slug, n = base, 2
        while Article.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def refresh_search_text(self, save=True):
        """Store the diacritic-free text that search matches (title apart, to rank it first)."""
        tags = " ".join(t.name for t in self.tags.all()) if self.pk else ""
        self.search_title = search_text(self.title)
        self.search_body = search_text(
            " ".join([self.lead, strip_tags(self.body or ""), tags, self.source, self.byline])
        )
        if save:
            Article.objects.filter(pk=self.pk).update(
                search_title=self.search_title, search_body=self.search_body
            )

    @property
    def is_public(self):
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= now
            and (self.expires_at is None or self.expires_at > now)
        )

    @property
    def is_gone(self):
        """The row-level form of ``ArticleQuerySet.gone()``: public once, withdrawn or expired."""
        now = timezone.now()
        return (
            self.first_published_at is not None
            and self.first_published_at <= now
            and (
                self.status == self.Status.WITHDRAWN
                or (self.status == self.Status.PUBLISHED
                    and self.expires_at is not None and self.expires_at <= now)
            )
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def status_label(self):
        if self.is_scheduled:
            return "Đã lên lịch"
        if self.status == self.Status.PUBLISHED and not self.is_public:
            return "Đã hết hạn"
        return self.get_status_display()


class ArticleEvent(models.Model):
    """Who moved an article from one state to another, when, and why."""

    class Action(models.TextChoices):
        CREATED = "created", "Tạo bài"
        EDITED = "edited", "Sửa bài"
        SUBMITTED = "submitted", "Gửi duyệt"
        RETURNED = "returned", "Trả lại"
        PUBLISHED = "published", "Xuất bản"
        SCHEDULED = "scheduled", "Lên lịch xuất bản"
        WITHDRAWN = "withdrawn", "Gỡ bài"
        REOPENED = "reopened", "Mở lại thành bản nháp"
        RESTORED = "restored", "Khôi phục phiên bản"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("thao tác", max_length=12, choices=Action.choices)
    from_status = models.CharField("từ trạng thái", max_length=12, blank=True)
    to_status = models.CharField("sang trạng thái", max_length=12, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name="người thực hiện"
    )
    at = models.DateTimeField("lúc", default=timezone.now)
    comment = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "nhật ký bài viết"
        verbose_name_plural = "nhật ký bài viết"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.article}"


class Revision(models.Model):
    """A snapshot of an article's content, kept on every save."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("phiên bản")
    created_at = models.DateTimeField("lúc", default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name="người sửa"
    )
    status = models.CharField("trạng thái khi lưu", max_length=12, blank=True)
    note = models.CharField("ghi chú", max_length=250, blank=True)
    data = models.JSONField("nội dung", default=dict)

    class Meta:
        verbose_name = "phiên bản"
        verbose_name_plural = "phiên bản"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="news_revision_unique"),
        ]

    def __str__(self):
        return f"Phiên bản {self.number} — {self.article}"

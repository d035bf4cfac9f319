from django.db import models
from django.urls import reverse

from examportal.text import normalize_text, slugify_vi


class ColumnQuerySet(models.QuerySet):
    def current(self):
        """The column of the exam year the portal is running now, or None."""
        return self.filter(is_current=True).order_by("-year").first()


class Column(models.Model):
    """The exam-year column: "Thông tin về Kỳ thi tốt nghiệp THPT năm <year>"."""

    title = models.CharField("tiêu đề", max_length=200)
    year = models.PositiveSmallIntegerField("năm thi", unique=True)
    intro = models.TextField("giới thiệu", blank=True)
    is_current = models.BooleanField(
        "chuyên mục hiện hành", default=False,
        help_text="Chuyên mục hiện hành hiện ở trang chủ và thanh điều hướng.",
    )

    objects = ColumnQuerySet.as_manager()

    class Meta:
        verbose_name = "chuyên mục năm thi"
        verbose_name_plural = "chuyên mục năm thi"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True),
                name="news_one_current_column",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = normalize_text(self.title)
        self.intro = normalize_text(self.intro)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:column", kwargs={"year": self.year})


class Section(models.Model):
    """A sub-column (chuyên mục con) of an exam-year column."""

    column = models.ForeignKey(
        Column, on_delete=models.CASCADE, related_name="sections", verbose_name="chuyên mục"
    )
    title = models.CharField("tên chuyên mục con", max_length=200)
    slug = models.SlugField("đường dẫn", max_length=120)
    description = models.TextField("mô tả", blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "chuyên mục con"
        verbose_name_plural = "chuyên mục con"
        ordering = ["column", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["column", "slug"], name="news_section_unique_slug"),
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
        return reverse(
            "news:section", kwargs={"year": self.column.year, "section": self.slug}
        )

"""The exam year: what is per year (title, council code, key dates, results release) and which
year the portal runs now. Every app reads "the current year" from ``selectors.current_year()``."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from examportal.text import normalize_text


class ExamYearQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True).first()


class ExamYear(models.Model):
    year = models.PositiveSmallIntegerField(
        "năm thi", primary_key=True,
        validators=[MinValueValidator(2000, "Năm thi từ 2000 trở đi."),
                    MaxValueValidator(2100, "Năm thi đến 2100.")])
    title = models.CharField("tên kỳ thi", max_length=200,
                             help_text="Ví dụ: Kỳ thi tốt nghiệp THPT năm 2022.")
    council_code = models.CharField(
        "mã hội đồng thi", max_length=2, default="07",
        validators=[RegexValidator(r"^\d{2}$", "Mã hội đồng thi gồm 2 chữ số, ví dụ 07.")],
        help_text="Hai chữ số đầu của số báo danh (Lai Châu: 07).")
    is_current = models.BooleanField(
        "năm hiện hành", default=False, editable=False,
        help_text="Năm hiện hành hiện ở trang chủ, thanh điều hướng, lịch thi, tin nhận qua RSS "
                  "và khung tin nhúng. Đổi bằng thao tác “Đặt làm năm hiện hành”.")
    results_release_at = models.DateTimeField(
        "công bố kết quả lúc", null=True, blank=True,
        help_text="Thời điểm công bố điểm thi (năm 2021: 00:00 ngày 26/07/2021).")

    objects = ExamYearQuerySet.as_manager()

    class Meta:
        verbose_name = "năm thi"
        verbose_name_plural = "năm thi"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=models.Q(is_current=True),
                                    name="examyears_one_current_year"),
        ]
        permissions = [("open_exam_year", "Mở năm thi mới và đặt năm hiện hành")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = normalize_text(self.title)
        super().save(*args, **kwargs)


class KeyDate(models.Model):
    """A milestone of the year that is not a schedule day (those come from the schedule)."""

    exam_year = models.ForeignKey(ExamYear, on_delete=models.CASCADE, related_name="key_dates",
                                  verbose_name="năm thi")
    date = models.DateField("ngày")
    title = models.CharField("nội dung", max_length=200)
    url = models.CharField(
        "liên kết", max_length=300, blank=True,
        validators=[RegexValidator(r"^/(?![/\\])\S*$", "Chỉ nhận đường dẫn trong cổng, bắt đầu "
                                                        "bằng “/”, ví dụ /van-ban/.")],
        help_text="Đường dẫn trong cổng (ví dụ /van-ban/) nếu có.")

    class Meta:
        verbose_name = "mốc thời gian khác"
        verbose_name_plural = "mốc thời gian khác (ngoài lịch thi)"
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.title}"

    def save(self, *args, **kwargs):
        self.title = normalize_text(self.title)
        super().save(*args, **kwargs)

"""Exam results: a result set per exam year, its versions (each confirmed import, correction or
restore), one row per candidate and version, and the results' own audit trail.

No names, birth dates or ID numbers are stored anywhere: the candidate number (SBD) alone
identifies a row, and the import refuses or drops personal columns (results.importing).
"""

from django.conf import settings
from django.db import models

from .subjects import COMBINATIONS, SUBJECTS

SCORE = {"max_digits": 4, "decimal_places": 2, "null": True, "blank": True}


class ResultSet(models.Model):
    exam_year = models.OneToOneField("examyears.ExamYear", on_delete=models.PROTECT,
                                     related_name="result_set", verbose_name="năm thi")
    current_version = models.ForeignKey("ResultVersion", on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+",
                                        verbose_name="phiên bản đang công bố")
    remarking_deadline = models.DateField(
        "hạn nộp đơn phúc khảo", null=True, blank=True,
        help_text="Năm 2021: trong 10 ngày kể từ ngày công bố kết quả.")
    remarking_url = models.CharField("hướng dẫn phúc khảo (đường dẫn)", max_length=300, blank=True)
    article = models.ForeignKey("news.Article", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name="bài viết kết quả")

    class Meta:
        verbose_name = "bộ kết quả thi"
        verbose_name_plural = "bộ kết quả thi"
        permissions = [
            ("import_results", "Nhập, sửa và khôi phục kết quả thi (Phòng Khảo thí)"),
            ("release_results", "Đặt giờ công bố và xem trước kết quả thi"),
            ("create_results_article", "Tạo bài viết từ số liệu kết quả thi"),
        ]

    def __str__(self):
        return f"Kết quả thi năm {self.exam_year_id}"


class ResultVersion(models.Model):
    class Kind(models.TextChoices):
        IMPORT = "import", "Nhập tệp điểm"
        GRADUATION = "graduation", "Nhập kết quả tốt nghiệp"
        CORRECTION = "correction", "Sửa một thí sinh"
        RESTORE = "restore", "Khôi phục phiên bản"

    result_set = models.ForeignKey(ResultSet, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("phiên bản")
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    note = models.CharField("ghi chú / lý do", max_length=500, blank=True)
    file_name = models.CharField("tệp", max_length=200, blank=True)
    row_count = models.PositiveIntegerField("số thí sinh", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True)
    created_at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        verbose_name = "phiên bản kết quả"
        verbose_name_plural = "phiên bản kết quả"
        ordering = ["result_set", "-number"]
        constraints = [models.UniqueConstraint(fields=["result_set", "number"],
                                               name="results_version_number_unique")]

    def __str__(self):
        return f"Phiên bản {self.number} ({self.get_kind_display().lower()})"


class CandidateResultQuerySet(models.QuerySet):
    def current(self, year):
        """The rows of the version the year's result set publishes: one statement, the current
        version's id from a subquery, then the (version, number) index."""
        return self.filter(version_id__in=ResultSet.objects.filter(exam_year_id=year)
                           .values("current_version_id"))

    def lookup(self, year, number):
        """One indexed read: the candidate's current row, or None."""
        return self.current(year).filter(number=number).first()


class CandidateResult(models.Model):
    """One candidate in one version. ``statuses`` holds one character per subject in
    results.subjects.SUBJECTS order: "-" not registered, "S" scored, "V" absent, "D" suspended;
    an absent or suspended subject has no score (never a 0)."""

    class Graduation(models.TextChoices):
        UNKNOWN = "", "Chưa xét"
        PASSED = "dat", "Đỗ tốt nghiệp"
        FAILED = "truot", "Trượt tốt nghiệp"

    version = models.ForeignKey(ResultVersion, on_delete=models.CASCADE, related_name="rows")
    number = models.CharField("số báo danh", max_length=8)
    school_code = models.CharField("mã trường", max_length=10, blank=True)
    district_code = models.CharField("mã huyện", max_length=10, blank=True)
    toan = models.DecimalField("Toán", **SCORE)
    van = models.DecimalField("Ngữ văn", **SCORE)
    ngoai_ngu = models.DecimalField("Ngoại ngữ", **SCORE)
    language_code = models.CharField("mã ngoại ngữ", max_length=2, blank=True)
    ly = models.DecimalField("Vật lí", **SCORE)
    hoa = models.DecimalField("Hóa học", **SCORE)
    sinh = models.DecimalField("Sinh học", **SCORE)
    su = models.DecimalField("Lịch sử", **SCORE)
    dia = models.DecimalField("Địa lí", **SCORE)
    gdcd = models.DecimalField("GDCD", **SCORE)
    statuses = models.CharField(max_length=len(SUBJECTS), default="-" * len(SUBJECTS))
    a00 = models.DecimalField("A00", max_digits=5, decimal_places=2, null=True)
    a01 = models.DecimalField("A01", max_digits=5, decimal_places=2, null=True)
    b00 = models.DecimalField("B00", max_digits=5, decimal_places=2, null=True)
    c00 = models.DecimalField("C00", max_digits=5, decimal_places=2, null=True)
    d01 = models.DecimalField("D01", max_digits=5, decimal_places=2, null=True)
    khtn = models.DecimalField("KHTN", **SCORE)
    khxh = models.DecimalField("KHXH", **SCORE)
    graduation = models.CharField("tốt nghiệp", max_length=5, blank=True,
                                  choices=Graduation.choices)
    # Scores before re-marking, {subject key: "6.25"}, for the subjects a correction changed.
    before_remarking = models.JSONField(null=True, blank=True)

    objects = CandidateResultQuerySet.as_manager()

    class Meta:
        verbose_name = "kết quả thí sinh"
        verbose_name_plural = "kết quả thí sinh"
        constraints = [models.UniqueConstraint(fields=["version", "number"],
                                               name="results_row_number_unique")]

    def __str__(self):
        return self.number


assert [c.key for c in COMBINATIONS] == ["a00", "a01", "b00", "c00", "d01"]


class PendingImport(models.Model):
    """A validated upload waiting for the officer's confirmation: the cleaned rows only (no
    dropped column is kept). Deleted when confirmed or discarded; nothing public reads it."""

    result_set = models.ForeignKey(ResultSet, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ResultVersion.Kind.choices)
    file_name = models.CharField(max_length=200)
    note = models.CharField(max_length=500, blank=True)
    rows = models.JSONField()
    dropped = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp chờ xác nhận"
        verbose_name_plural = "tệp chờ xác nhận"

    def __str__(self):
        return self.file_name


class AuditEntry(models.Model):
    """Who imported, confirmed, corrected, restored and released what (the results' own
    trail; the hotline keeps its own)."""

    class Action(models.TextChoices):
        UPLOADED = "uploaded", "Tải tệp lên (xem trước)"
        CONFIRMED = "confirmed", "Xác nhận nhập"
        CORRECTED = "corrected", "Sửa điểm một thí sinh"
        RESTORED = "restored", "Khôi phục phiên bản"
        RELEASE_SET = "release", "Đặt giờ công bố"
        ARTICLE = "article", "Tạo bài viết"

    result_set = models.ForeignKey(ResultSet, on_delete=models.CASCADE, related_name="audit")
    action = models.CharField(max_length=20, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             null=True)
    version = models.ForeignKey(ResultVersion, on_delete=models.SET_NULL, null=True,
                                related_name="+")
    detail = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "nhật ký kết quả thi"
        verbose_name_plural = "nhật ký kết quả thi"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.at:%d/%m/%Y %H:%M}"

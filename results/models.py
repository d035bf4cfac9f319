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
            ("release_results", "Đặt giờ công bố kết quả thi"),
            ("preview_results", "Xem trước trang kết quả trước giờ công bố"),
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

    def in_version(self, version_id, number):
        """One indexed read on (version, number): the row, or None (the view already knows
        the current version from its read of the year)."""
        return next(iter(self.filter(version_id=version_id, number=number).order_by()[:1]), None)

    def lookup(self, year, number):
        """One indexed read: the candidate's current row, or None (no ORDER BY: the number is
        unique in a version)."""
        return next(iter(self.current(year).filter(number=number).order_by()[:1]), None)


class Graduation(models.TextChoices):
    UNKNOWN = "", "Chưa xét"
    PASSED = "dat", "Đỗ tốt nghiệp"
    FAILED = "truot", "Trượt tốt nghiệp"


class ResultRow(models.Model):
    """The columns of one candidate's row, shared by the stored results and the staged upload.
    ``statuses`` holds one character per subject in results.subjects.SUBJECTS order: "-" not
    registered, "S" scored, "V" absent, "D" suspended; an absent or suspended subject has no
    score (never a 0)."""

    Graduation = Graduation

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

    class Meta:
        abstract = True


class CandidateResult(ResultRow):
    """One candidate in one version."""

    version = models.ForeignKey(ResultVersion, on_delete=models.CASCADE, related_name="rows")

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
    """A validated upload waiting for the officer's confirmation; its cleaned rows (no dropped
    column is kept) are PendingRow rows, stored in bulk like the results. Deleted with its rows
    when confirmed or discarded; nothing public reads it."""

    result_set = models.ForeignKey(ResultSet, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ResultVersion.Kind.choices)
    file_name = models.CharField(max_length=200)
    note = models.CharField(max_length=500, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    dropped = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp chờ xác nhận"
        verbose_name_plural = "tệp chờ xác nhận"

    def __str__(self):
        return self.file_name


class PendingRow(ResultRow):
    """One cleaned row of a staged upload (a graduation file fills only number and outcome)."""

    pending = models.ForeignKey(PendingImport, on_delete=models.CASCADE, related_name="staged")

    class Meta:
        verbose_name = "dòng chờ xác nhận"
        verbose_name_plural = "dòng chờ xác nhận"
        constraints = [models.UniqueConstraint(fields=["pending", "number"],
                                               name="results_pending_number_unique")]

    def __str__(self):
        return self.number


class ImportJob(models.Model):
    """A large file read, checked or stored outside the request (results.jobs), with its
    progress for the import screen's bar. The rows themselves go to PendingRow / the version."""

    class State(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        CHECKING = "checking", "Đang đọc và kiểm tra tệp"
        CHECKED = "checked", "Đã kiểm tra xong"
        STORING = "storing", "Đang lưu vào cơ sở dữ liệu"
        DONE = "done", "Đã lưu xong"
        FAILED = "failed", "Không thành công"

    class Step(models.TextChoices):
        CHECK = "check", "Kiểm tra tệp"
        STORE = "store", "Lưu phiên bản"

    result_set = models.ForeignKey(ResultSet, on_delete=models.CASCADE, related_name="+")
    step = models.CharField(max_length=10, choices=Step.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    file_name = models.CharField(max_length=200)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    # What the worker needs: year, the uploaded file's path (removed when read), the form's options.
    options = models.JSONField(default=dict, blank=True)
    # The check's outcome for the preview: problems (first 2,000), summary, dropped and ignored
    # columns, row count; no candidate row.
    outcome = models.JSONField(null=True, blank=True)
    pending = models.ForeignKey(PendingImport, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    version = models.ForeignKey(ResultVersion, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "tiến trình nhập tệp"
        verbose_name_plural = "tiến trình nhập tệp"

    def __str__(self):
        return f"{self.file_name} — {self.get_state_display()}"

    @property
    def finished(self):
        return self.state in (self.State.CHECKED, self.State.DONE, self.State.FAILED)

    @property
    def percent(self):
        if self.state in (self.State.CHECKED, self.State.DONE):
            return 100
        return min(99, int(100 * self.done / self.total)) if self.total else 0


class SchoolName(models.Model):
    """A school's name for its code in the score files (filled by staff or from a CSV); the
    statistics show the code where no name is known."""

    code = models.CharField("mã trường", max_length=10, unique=True)
    name = models.CharField("tên trường", max_length=200)

    class Meta:
        verbose_name = "tên trường"
        verbose_name_plural = "tên trường (theo mã trong tệp điểm)"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.name}"


class NationalFigure(models.Model):
    """The country's figures for one subject and year, entered by staff from the Ministry's
    announcement; shown beside the province's on the statistics page."""

    exam_year = models.ForeignKey("examyears.ExamYear", on_delete=models.CASCADE,
                                  related_name="+", verbose_name="năm thi")
    subject = models.CharField("môn", max_length=10,
                               choices=[(s.key, s.label) for s in SUBJECTS])
    candidates = models.PositiveIntegerField("số bài thi")
    mean = models.DecimalField("điểm trung bình", max_digits=4, decimal_places=2)
    median = models.DecimalField("trung vị", max_digits=4, decimal_places=2)
    le1 = models.PositiveIntegerField("số bài ≤ 1 (điểm liệt)")
    lt5 = models.PositiveIntegerField("số bài dưới 5")
    ge8 = models.PositiveIntegerField("số bài từ 8 trở lên")
    tens = models.PositiveIntegerField("số điểm 10")
    source = models.CharField("nguồn", max_length=300, blank=True,
                              help_text="Ví dụ: số liệu Bộ GDĐT công bố ngày 26/7/2021.")

    class Meta:
        verbose_name = "số liệu cả nước"
        verbose_name_plural = "số liệu cả nước (theo môn)"
        ordering = ["exam_year", "subject"]
        constraints = [models.UniqueConstraint(fields=["exam_year", "subject"],
                                               name="results_national_subject_unique")]

    def __str__(self):
        return f"{self.get_subject_display()} {self.exam_year_id} (cả nước)"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        for name in ("mean", "median"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 10:
                errors[name] = "Điểm từ 0 đến 10."
        if self.candidates is not None:
            for name in ("le1", "lt5", "ge8", "tens"):
                value = getattr(self, name)
                if value is not None and value > self.candidates:
                    errors[name] = "Không thể lớn hơn số bài thi."
            if self.le1 is not None and self.lt5 is not None and self.le1 > self.lt5:
                errors["le1"] = "Số bài ≤ 1 không thể lớn hơn số bài dưới 5."
            if self.tens is not None and self.ge8 is not None and self.tens > self.ge8:
                errors["tens"] = "Số điểm 10 không thể lớn hơn số bài từ 8 trở lên."
        if errors:
            raise ValidationError(errors)


class AuditEntry(models.Model):
    """Who imported, confirmed, corrected, restored and released what (the results' own
    trail; the hotline keeps its own)."""

    class Action(models.TextChoices):
        UPLOADED = "uploaded", "Tải tệp lên (xem trước)"
        CONFIRMED = "confirmed", "Xác nhận nhập"
        CORRECTED = "corrected", "Sửa điểm một thí sinh"
        RESTORED = "restored", "Khôi phục phiên bản"
        RELEASE_SET = "release", "Đặt giờ công bố"
        SCHOOL_NAMES = "schools", "Nhập tên trường"
        ARTICLE = "article", "Tạo bài viết"

    # None for what belongs to no year (the school names).
    result_set = models.ForeignKey(ResultSet, on_delete=models.CASCADE, related_name="audit",
                                   null=True, blank=True)
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

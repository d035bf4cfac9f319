from django.conf import settings
from django.db import models
from django.urls import reverse

from exams.models import District


class UnitKind(models.TextChoices):
    SCHOOL = "school", "Trường THPT"
    CENTRE = "centre", "Trung tâm GDNN-GDTX"
    OTHER = "other", "Đơn vị khác trực thuộc Sở"


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Unit(models.Model):
    """A unit under the department (a THPT school, a district GDNN-GDTX centre, …)."""

    code = models.CharField("mã đơn vị", max_length=20, unique=True,
                            help_text="Mã trường/đơn vị, ví dụ 07001.")
    name = models.CharField("tên đơn vị", max_length=200)
    kind = models.CharField("loại đơn vị", max_length=10, choices=UnitKind.choices,
                            default=UnitKind.SCHOOL)
    district = models.CharField("huyện, thành phố", max_length=20, choices=District.choices)
    email = models.EmailField("thư điện tử", blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    is_active = models.BooleanField("đang hoạt động", default=True)
    is_sample = models.BooleanField("dữ liệu mẫu", default=False, editable=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["district", "name"]

    def __str__(self):
        return self.name


class UnitMembership(models.Model):
    """A unit staff account (Cán bộ đơn vị) belongs to one unit and acts only for it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="unit_membership", verbose_name="tài khoản")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name="đơn vị")
    position = models.CharField("chức vụ", max_length=120, blank=True,
                                help_text="Ví dụ: Hiệu trưởng, Phó Hiệu trưởng.")

    class Meta:
        verbose_name = "cán bộ đơn vị"
        verbose_name_plural = "cán bộ đơn vị"

    def __str__(self):
        return f"{self.user} — {self.unit}"


# --- Reporting rounds and preparation reports ---------------------------------------------------


class ReportingRound(models.Model):
    """The deadline by which every unit sends its preparation report for an exam year."""

    year = models.OneToOneField("examyears.ExamYear", on_delete=models.CASCADE,
                                related_name="reporting_round", verbose_name="năm thi")
    deadline = models.DateTimeField(
        "hạn gửi báo cáo", help_text="Đơn vị chưa gửi báo cáo trước thời điểm này bị đánh dấu quá hạn.")
    note = models.CharField("ghi chú", max_length=300, blank=True,
                            help_text="Ví dụ: theo Kế hoạch số 65/KH-SGDĐT.")

    class Meta:
        verbose_name = "hạn báo cáo chuẩn bị thi"
        verbose_name_plural = "hạn báo cáo chuẩn bị thi"
        ordering = ["-year"]

    def __str__(self):
        return f"Hạn báo cáo chuẩn bị thi năm {self.year_id}"


# Every figure of a preparation report, in the order the form and the exports show them.
REPORT_NUMBERS = [
    "staff_total", "students_total",
    "informed_staff", "informed_students", "informed_parents",
    "trained_managers", "trained_teachers", "trained_employees", "trained_students",
    "candidates_registered", "candidates_hardship", "candidates_far",
    "lodging_covered", "meals_covered", "transport_covered",
]
REPORT_DATES = ["informed_on", "trained_on"]
REPORT_TEXTS = ["communication_methods", "support_notes"]
REPORT_FIELDS = [*REPORT_NUMBERS, *REPORT_DATES, *REPORT_TEXTS]


class PreparationReportQuerySet(models.QuerySet):
    def for_year(self, year):
        return self.filter(year_id=getattr(year, "year", year))

    def visible_to(self, user):
        """The department sees every unit's report; unit staff only their own unit's."""
        if user.has_perm("units.view_reports"):
            return self
        membership = getattr(user, "unit_membership", None)
        if membership is None or not user.has_perm("units.submit_report"):
            return self.none()
        return self.filter(unit_id=membership.unit_id)


def count(label, help_text=""):
    return models.PositiveIntegerField(label, default=0, help_text=help_text)


class PreparationReport(models.Model):
    """A unit's report on how it prepares for the exam of one year: the current figures.

    Sent once, then updated as preparation moves on; every version is kept
    (``PreparationReportVersion``)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports",
                             verbose_name="đơn vị")
    year = models.ForeignKey("examyears.ExamYear", on_delete=models.PROTECT,
                             related_name="preparation_reports", verbose_name="năm thi")
    # The unit's size, against which the figures reached are checked.
    staff_total = count("tổng số CBQL, GV, NV của đơn vị")
    students_total = count("tổng số học sinh của đơn vị")
    # Communication (tuyên truyền) to staff, students and parents.
    informed_on = models.DateField("ngày tuyên truyền, phổ biến", null=True, blank=True)
    informed_staff = count("số CBQL, GV, NV được tuyên truyền")
    informed_students = count("số học sinh được tuyên truyền")
    informed_parents = count("số cha mẹ học sinh được tuyên truyền")
    communication_methods = models.TextField(
        "hình thức tuyên truyền", blank=True,
        help_text="Ví dụ: họp phụ huynh, chào cờ đầu tuần, nhóm Zalo lớp, loa phát thanh.")
    # Training on the exam rules (tập huấn Quy chế thi).
    trained_on = models.DateField("ngày tập huấn Quy chế thi", null=True, blank=True)
    trained_managers = count("số CBQL được tập huấn")
    trained_teachers = count("số giáo viên được tập huấn")
    trained_employees = count("số nhân viên được tập huấn")
    trained_students = count("số học sinh được phổ biến Quy chế thi")
    # Candidates and the support arranged for them.
    candidates_registered = count("số thí sinh đăng ký dự thi")
    candidates_hardship = count("số thí sinh có hoàn cảnh khó khăn")
    candidates_far = count("số thí sinh ở xa điểm thi")
    lodging_covered = count("số thí sinh được hỗ trợ chỗ ở")
    meals_covered = count("số thí sinh được hỗ trợ ăn uống")
    transport_covered = count("số thí sinh được hỗ trợ đi lại")
    support_notes = models.TextField(
        "cách tổ chức hỗ trợ", blank=True,
        help_text="Ví dụ: ở nhờ ký túc xá trường, Đoàn Thanh niên đưa đón, bếp ăn miễn phí.")
    version = models.PositiveIntegerField("phiên bản", default=1)
    submitted_at = models.DateTimeField("gửi lần đầu lúc")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người gửi")
    updated_at = models.DateTimeField("cập nhật lần cuối lúc")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người cập nhật cuối")

    objects = PreparationReportQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo chuẩn bị thi"
        verbose_name_plural = "báo cáo chuẩn bị thi"
        ordering = ["year", "unit__district", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="units_report_one_per_year"),
        ]
        permissions = [
            ("submit_report", "Gửi, cập nhật báo cáo chuẩn bị thi của đơn vị mình"),
            ("view_reports", "Xem tổng hợp báo cáo chuẩn bị thi toàn tỉnh, xuất báo cáo"),
            ("answer_difficulty", "Trả lời khó khăn, vướng mắc, đề xuất của đơn vị"),
            ("create_preparation_article", "Tạo bài viết “Công tác chuẩn bị” từ số liệu"),
        ]

    def __str__(self):
        return f"{self.unit} — năm {self.year_id}"

    def get_absolute_url(self):
        return reverse("units:report-detail", kwargs={"pk": self.pk})

    @property
    def trained_staff(self):
        return self.trained_managers + self.trained_teachers + self.trained_employees

    @property
    def supported(self):
        """Candidates given any support: the largest of the three (one candidate may get all)."""
        return max(self.lodging_covered, self.meals_covered, self.transport_covered)


class PreparationReportVersion(models.Model):
    """One sending or update of a report, as it was then. Never changed afterwards."""

    report = models.ForeignKey(PreparationReport, on_delete=models.CASCADE,
                               related_name="versions", verbose_name="báo cáo")
    number = models.PositiveIntegerField("phiên bản")
    saved_at = models.DateTimeField("lưu lúc")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người lưu")
    note = models.CharField("nội dung cập nhật", max_length=500, blank=True)
    data = models.JSONField("số liệu", default=dict)

    class Meta:
        verbose_name = "phiên bản báo cáo chuẩn bị thi"
        verbose_name_plural = "phiên bản báo cáo chuẩn bị thi"
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="units_report_version_unique"),
        ]

    def __str__(self):
        return f"{self.report} — phiên bản {self.number}"


# --- Difficulties, obstacles and proposals ------------------------------------------------------


class DifficultyKind(models.TextChoices):
    DIFFICULTY = "difficulty", "Khó khăn"
    OBSTACLE = "obstacle", "Vướng mắc"
    PROPOSAL = "proposal", "Đề xuất"


class DifficultyStatus(models.TextChoices):
    OPEN = "open", "Chờ Sở trả lời"
    ANSWERED = "answered", "Sở đã trả lời"
    CLOSED = "closed", "Đã xong"


class DifficultyQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.has_perm("units.view_reports") or user.has_perm("units.answer_difficulty"):
            return self
        membership = getattr(user, "unit_membership", None)
        if membership is None or not user.has_perm("units.submit_report"):
            return self.none()
        return self.filter(unit_id=membership.unit_id)

    def for_year(self, year):
        return self.filter(year_id=getattr(year, "year", year))

    def still_open(self):
        return self.filter(status=DifficultyStatus.OPEN)


class Difficulty(models.Model):
    """A difficulty, obstacle or proposal a unit raises in an exam year (with or before its
    report); the department answers it."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="difficulties",
                             verbose_name="đơn vị")
    year = models.ForeignKey("examyears.ExamYear", on_delete=models.PROTECT,
                             related_name="unit_difficulties", verbose_name="năm thi")
    kind = models.CharField("loại", max_length=12, choices=DifficultyKind.choices,
                            default=DifficultyKind.DIFFICULTY)
    text = models.TextField("nội dung")
    is_urgent = models.BooleanField("khẩn", default=False)
    status = models.CharField("tình trạng", max_length=10, choices=DifficultyStatus.choices,
                              default=DifficultyStatus.OPEN)
    created_at = models.DateTimeField("gửi lúc")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người gửi")
    answer = models.TextField("trả lời của Sở", blank=True)
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người trả lời")
    updated_at = models.DateTimeField("thay đổi lần cuối lúc")

    objects = DifficultyQuerySet.as_manager()

    class Meta:
        verbose_name = "khó khăn, vướng mắc, đề xuất"
        verbose_name_plural = "khó khăn, vướng mắc, đề xuất"
        ordering = ["-is_urgent", "created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="units_difficulty_status")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.unit}"

    def get_absolute_url(self):
        return reverse("units:difficulty", kwargs={"pk": self.pk})


class DifficultyEvent(models.Model):
    """Everything that happened to a difficulty: raised, marked urgent, answered, closed."""

    class Action(models.TextChoices):
        RAISED = "raised", "Đơn vị gửi"
        URGENT = "urgent", "Đánh dấu khẩn"
        ANSWERED = "answered", "Sở trả lời"
        CLOSED = "closed", "Đóng"
        REOPENED = "reopened", "Đơn vị hỏi thêm"

    difficulty = models.ForeignKey(Difficulty, on_delete=models.CASCADE, related_name="events",
                                   verbose_name="khó khăn, đề xuất")
    action = models.CharField("việc", max_length=10, choices=Action.choices)
    at = models.DateTimeField("lúc")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+", verbose_name="người thực hiện")
    text = models.TextField("nội dung", blank=True)
    status = models.CharField("tình trạng sau đó", max_length=10, choices=DifficultyStatus.choices)

    class Meta:
        verbose_name = "diễn biến khó khăn, đề xuất"
        verbose_name_plural = "diễn biến khó khăn, đề xuất"
        ordering = ["difficulty", "at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.at:%d/%m/%Y %H:%M}"

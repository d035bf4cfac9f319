"""Exam sessions (buổi thi), exam sites (điểm thi), site staff and the sites' session reports."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from examportal.text import normalize_text

from . import clock, conf


class District(models.TextChoices):
    """The eight district-level units of Lai Châu province."""

    LAI_CHAU_CITY = "tp-lai-chau", "Thành phố Lai Châu"
    TAM_DUONG = "tam-duong", "Tam Đường"
    PHONG_THO = "phong-tho", "Phong Thổ"
    SIN_HO = "sin-ho", "Sìn Hồ"
    MUONG_TE = "muong-te", "Mường Tè"
    THAN_UYEN = "than-uyen", "Than Uyên"
    TAN_UYEN = "tan-uyen", "Tân Uyên"
    NAM_NHUN = "nam-nhun", "Nậm Nhùn"


DISTRICT_ORDER = [d.value for d in District]


def local_datetime(day, at):
    """An aware datetime for a Vietnam-local date and time."""
    return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())


# --- Sessions -----------------------------------------------------------------------------------


class ExamSessionQuerySet(models.QuerySet):
    def for_year(self, year):
        """The year's confirmed sessions: a schedule copied from last year stays hidden from
        the public, the calendar and the sites until an editor confirms each session."""
        return self.filter(year=year, is_confirmed=True).order_by(
            "date", "position", "start_time", "pk")

    def exams(self):
        """Sessions in which candidates sit a test (the ones sites report on)."""
        return self.filter(kind=ExamSession.Kind.EXAM)

    def for_schedule(self, year):
        """What the public schedule shows, in two queries whatever the number of sessions."""
        return self.for_year(year).select_related("article").prefetch_related("components")


class ExamSession(models.Model):
    """One part of an exam day: registration, a test (subject or combined test) or a reserve day."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", "Làm thủ tục dự thi"
        EXAM = "exam", "Buổi thi"
        RESERVE = "reserve", "Dự phòng"

    class PartOfDay(models.TextChoices):
        MORNING = "morning", "Sáng"
        AFTERNOON = "afternoon", "Chiều"
        ALL_DAY = "all_day", "Cả ngày"

    year = models.PositiveSmallIntegerField("năm thi", db_index=True)
    round = models.PositiveSmallIntegerField(
        "đợt thi", default=1, help_text="Đợt 1 là đợt chính; đợt 2 dành cho thí sinh không dự "
                                        "được đợt 1 (ví dụ vì dịch COVID-19).")
    kind = models.CharField("loại", max_length=14, choices=Kind.choices, default=Kind.EXAM)
    date = models.DateField("ngày")
    part_of_day = models.CharField("buổi", max_length=10, choices=PartOfDay.choices)
    title = models.CharField("môn thi hoặc bài thi", max_length=150)
    paper_handout_time = models.TimeField(
        "giờ phát đề cho thí sinh", null=True, blank=True)
    start_time = models.TimeField("giờ bắt đầu", null=True, blank=True,
                                  help_text="Để trống với ngày dự phòng (cả ngày).")
    duration_minutes = models.PositiveSmallIntegerField(
        "thời gian làm bài (phút)", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=250, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự trong ngày", default=0)
    is_confirmed = models.BooleanField(
        "đã xác nhận", default=True,
        help_text="Buổi thi sao chép từ năm trước chưa hiện với người xem cho đến khi được xác "
                  "nhận ngày, giờ.")
    article = models.ForeignKey(
        "news.Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="bài viết về buổi thi", editable=False,
        help_text="Bài viết gần nhất tạo từ số liệu của buổi thi.",
    )

    objects = ExamSessionQuerySet.as_manager()

    class Meta:
        verbose_name = "buổi thi"
        verbose_name_plural = "lịch thi (các buổi thi)"
        ordering = ["year", "date", "position", "start_time", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "round", "date", "part_of_day", "title"],
                                    name="exams_session_unique"),
        ]

    def __str__(self):
        return f"{self.title} — {self.get_part_of_day_display().lower()} {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        self.title = normalize_text(self.title).strip()
        self.note = normalize_text(self.note).strip()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("exams:schedule-year", kwargs={"year": self.year}) + f"#buoi-{self.pk}"

    @property
    def label(self):
        """"Ngữ văn, sáng 07/07/2021"."""
        return f"{self.title}, {self.get_part_of_day_display().lower()} {self.date:%d/%m/%Y}"

    @property
    def is_exam(self):
        return self.kind == self.Kind.EXAM

    @property
    def is_all_day(self):
        return self.start_time is None

    @property
    def starts_at(self):
        return local_datetime(self.date, self.start_time or time.min)

    @property
    def ends_at(self):
        """When candidates hand in their last paper (a combined test ends with its last
        component test, breaks between the components included)."""
        if self.is_all_day:
            return local_datetime(self.date + timedelta(days=1), time.min)
        end = self.starts_at + timedelta(minutes=self.duration_minutes or 60)
        if self.pk and self.kind == self.Kind.EXAM:
            components = [c.ends_at for c in self.components.all()]
            end = max([end, *components])
        return end

    @property
    def handout_at(self):
        return local_datetime(self.date, self.paper_handout_time) if self.paper_handout_time else None

    @property
    def report_deadline(self):
        return self.ends_at + timedelta(minutes=conf.report_deadline_minutes())

    def has_started(self, now=None):
        return (now or clock.now()) >= self.starts_at


class ExamComponent(models.Model):
    """A component test of a combined test (Vật lí in Khoa học tự nhiên, ...)."""

    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="components",
                                verbose_name="buổi thi")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    name = models.CharField("môn thành phần", max_length=120,
                            help_text="Ví dụ: Vật lí (KHTN) / Lịch sử (KHXH)")
    paper_handout_time = models.TimeField("giờ phát đề", null=True, blank=True)
    start_time = models.TimeField("giờ bắt đầu")
    duration_minutes = models.PositiveSmallIntegerField("thời gian làm bài (phút)")

    class Meta:
        verbose_name = "môn thành phần"
        verbose_name_plural = "môn thành phần"
        ordering = ["session", "position", "start_time", "pk"]

    def __str__(self):
        return self.name

    @property
    def starts_at(self):
        return local_datetime(self.session.date, self.start_time)

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)


# --- Sites --------------------------------------------------------------------------------------


class ExamSiteQuerySet(models.QuerySet):
    def for_year(self, year):
        return self.filter(year=year, is_active=True).order_by("code", "pk")

    def current(self):
        """Active sites of the current exam year (what a report can name)."""
        from examyears.selectors import current_year_number

        return self.for_year(current_year_number())


class ExamSite(models.Model):
    """An exam site (điểm thi) of the province's exam council in one exam year."""

    year = models.PositiveSmallIntegerField("năm thi", db_index=True)
    code = models.CharField("mã điểm thi", max_length=10, help_text="Ví dụ: 01, 02, …")
    name = models.CharField("tên điểm thi", max_length=200)
    school = models.CharField("đặt tại trường", max_length=200)
    address = models.CharField("địa chỉ", max_length=250)
    district = models.CharField("huyện, thành phố", max_length=20, choices=District.choices)
    rooms = models.PositiveSmallIntegerField("số phòng thi")
    candidates = models.PositiveIntegerField(
        "số thí sinh đăng ký", null=True, blank=True,
        help_text="Gợi ý sẵn cho số thí sinh phải có mặt trong báo cáo buổi thi.")
    is_active = models.BooleanField("đang sử dụng", default=True)
    is_sample = models.BooleanField("dữ liệu mẫu", default=False, editable=False)

    objects = ExamSiteQuerySet.as_manager()

    class Meta:
        verbose_name = "điểm thi"
        verbose_name_plural = "điểm thi"
        ordering = ["year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="exams_site_unique_code"),
        ]

    def __str__(self):
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs):
        for name in ("code", "name", "school", "address"):
            setattr(self, name, normalize_text(getattr(self, name)).strip())
        super().save(*args, **kwargs)


class SiteMembership(models.Model):
    """A site staff account (Cán bộ điểm thi) belongs to one exam site and acts only for it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="exam_site_membership", verbose_name="tài khoản")
    site = models.ForeignKey(ExamSite, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name="điểm thi")
    position = models.CharField("chức vụ tại điểm thi", max_length=120, blank=True,
                                help_text="Ví dụ: Trưởng điểm thi, Thư ký điểm thi.")

    class Meta:
        verbose_name = "cán bộ điểm thi"
        verbose_name_plural = "cán bộ điểm thi"

    def __str__(self):
        return f"{self.user} — {self.site}"


# --- Reports ------------------------------------------------------------------------------------


class Severity(models.TextChoices):
    NONE = "none", "Không có sự cố"
    MINOR = "minor", "Nhỏ, đã xử lý tại điểm thi"
    SERIOUS = "serious", "Nghiêm trọng, cần Hội đồng thi hỗ trợ"
    CRITICAL = "critical", "Đặc biệt nghiêm trọng (lộ đề, mất an toàn)"


REPORT_NUMBERS = ["expected", "present", "absent", "suspended", "disciplined"]
REPORT_FIELDS = [*REPORT_NUMBERS, "incident_severity", "incident_text"]


class ReportFields(models.Model):
    """The figures a site reports after a session (shared by the report and its versions)."""

    expected = models.PositiveIntegerField("số thí sinh phải có mặt")
    present = models.PositiveIntegerField("số thí sinh dự thi")
    absent = models.PositiveIntegerField("số thí sinh vắng thi")
    suspended = models.PositiveIntegerField("số thí sinh bị đình chỉ thi", default=0)
    disciplined = models.PositiveIntegerField(
        "số thí sinh bị kỷ luật khác", default=0, help_text="Khiển trách, cảnh cáo.")
    incident_severity = models.CharField("sự cố", max_length=10, choices=Severity.choices,
                                         default=Severity.NONE)
    incident_text = models.TextField("mô tả sự cố và cách xử lý", blank=True)

    class Meta:
        abstract = True

    @property
    def has_incident(self):
        return self.incident_severity != Severity.NONE


class SessionReportQuerySet(models.QuerySet):
    def for_site(self, site):
        return self.filter(site=site)

    def for_session(self, session):
        return self.filter(session=session)

    def visible_to(self, user):
        """Department staff see every report; site staff only their own site's."""
        if user.has_perm("exams.view_dashboard"):
            return self
        membership = getattr(user, "exam_site_membership", None)
        if membership is None or not user.has_perm("exams.submit_report"):
            return self.none()
        return self.filter(site_id=membership.site_id)


class SessionReport(ReportFields):
    """A site's report on one session: the current figures. Earlier versions are kept."""

    session = models.ForeignKey(ExamSession, on_delete=models.PROTECT, related_name="reports",
                                verbose_name="buổi thi")
    site = models.ForeignKey(ExamSite, on_delete=models.PROTECT, related_name="reports",
                             verbose_name="điểm thi")
    version = models.PositiveIntegerField("phiên bản", default=1)
    is_late = models.BooleanField("nộp muộn", default=False,
                                  help_text="Lần gửi đầu tiên sau hạn báo cáo.")
    submitted_at = models.DateTimeField("gửi lần đầu lúc")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người gửi")
    updated_at = models.DateTimeField("sửa lần cuối lúc")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người sửa cuối")

    objects = SessionReportQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo buổi thi"
        verbose_name_plural = "báo cáo buổi thi"
        ordering = ["session", "site__code"]
        constraints = [
            models.UniqueConstraint(fields=["session", "site"], name="exams_report_one_per_site"),
        ]
        permissions = [
            ("submit_report", "Gửi, điều chỉnh báo cáo buổi thi của điểm thi mình"),
            ("view_dashboard", "Xem tổng hợp buổi thi toàn tỉnh, xuất báo cáo"),
            ("view_incidents", "Xem chi tiết sự cố tại các điểm thi"),
            ("create_session_article", "Tạo bài viết từ số liệu buổi thi"),
        ]

    def __str__(self):
        return f"{self.site.code} — {self.session}"

    def get_absolute_url(self):
        return reverse("exams:report-detail", kwargs={"pk": self.pk})

    @property
    def is_corrected(self):
        return self.version > 1


class SessionReportVersion(ReportFields):
    """One submission or correction of a report, as it was sent. Never changed afterwards."""

    report = models.ForeignKey(SessionReport, on_delete=models.CASCADE, related_name="versions",
                               verbose_name="báo cáo")
    number = models.PositiveIntegerField("phiên bản")
    submitted_at = models.DateTimeField("gửi lúc")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người gửi")
    is_late = models.BooleanField("sau hạn báo cáo", default=False)
    reason = models.TextField("lý do điều chỉnh", blank=True)

    class Meta:
        verbose_name = "phiên bản báo cáo"
        verbose_name_plural = "phiên bản báo cáo"
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="exams_report_version_unique"),
        ]

    def __str__(self):
        return f"{self.report} — phiên bản {self.number}"

"""Hotline reports, their history, attachments and the append-only audit trail."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from examportal.uploads import GeneratedPath

from .storage import private_storage

HIDDEN_IDENTITY = "Ẩn danh/đã ẩn"


class Category(models.TextChoices):
    LEAK = "leak", "Lộ, lọt đề thi"
    CHEATING = "cheating", "Gian lận thi cử"
    SITE_INCIDENT = "site_incident", "Sự cố tại điểm thi"
    HEALTH = "health", "Y tế, dịch bệnh"
    CANDIDATE_SUPPORT = "candidate_support", "Hỗ trợ thí sinh"
    PROCTOR = "proctor", "Phản ánh cán bộ coi thi"
    OTHER = "other", "Khác"


class Channel(models.TextChoices):
    WEB = "web", "Cổng thông tin"
    PHONE = "phone", "Điện thoại"
    EMAIL = "email", "Thư điện tử"
    IN_PERSON = "in_person", "Trực tiếp"


class Status(models.TextChoices):
    NEW = "new", "Mới tiếp nhận"
    VERIFYING = "verifying", "Đang xác minh"
    HANDLING = "handling", "Đang xử lý"
    ESCALATED = "escalated", "Đã chuyển Ban Chỉ đạo"
    RESOLVED = "resolved", "Đã giải quyết"
    REJECTED = "rejected", "Không xử lý"


# The only moves move_report() accepts. Không xử lý is possible from any open status and needs a
# reason; a closed report stays closed.
TRANSITIONS = {
    Status.NEW: (Status.VERIFYING, Status.REJECTED),
    Status.VERIFYING: (Status.HANDLING, Status.REJECTED),
    Status.HANDLING: (Status.ESCALATED, Status.RESOLVED, Status.REJECTED),
    Status.ESCALATED: (Status.RESOLVED,),
    Status.RESOLVED: (),
    Status.REJECTED: (),
}
CLOSED_STATUSES = (Status.RESOLVED, Status.REJECTED)


class ReferenceCounter(models.Model):
    """The last reference number given out in a year; its row is the lock for the next one."""

    year = models.PositiveSmallIntegerField("năm", primary_key=True)
    last_number = models.PositiveIntegerField("số cuối cùng", default=0)

    class Meta:
        verbose_name = "bộ đếm mã số"
        verbose_name_plural = "bộ đếm mã số"

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, now=None):
        """Reports still waiting for a first response after their deadline."""
        now = now or timezone.now()
        return self.filter(first_responded_at__isnull=True, first_response_due__lt=now).open()

    def received_on(self, day):
        """Reports received on a local calendar day."""
        tz = timezone.get_current_timezone()
        start = timezone.make_aware(datetime.combine(day, time.min), tz)
        return self.filter(received_at__gte=start, received_at__lt=start + timedelta(days=1))

    def logged_today_by(self, user):
        """What a hotline operator may see: the reports they logged themselves, today."""
        return self.filter(logged_by=user).received_on(timezone.localdate())


class Report(models.Model):
    """A report to the exam hotline (phản ánh, tin báo)."""

    year = models.PositiveSmallIntegerField("năm")
    # Null only inside submit_report's transaction, until the number is taken (last).
    number = models.PositiveIntegerField("số thứ tự", null=True)
    reference = models.CharField("mã số", max_length=20, unique=True)
    access_key_hash = models.CharField("băm mã truy cập", max_length=64, blank=True, editable=False)

    category = models.CharField("loại phản ánh", max_length=20, choices=Category.choices)
    exam_site = models.ForeignKey(
        "exams.ExamSite", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="hotline_reports", verbose_name="điểm thi",
        help_text="Điểm thi trong danh sách; nơi khác ghi ở ô địa điểm.",
    )
    place = models.CharField("điểm thi hoặc địa điểm", max_length=200, blank=True)
    place_search = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    occurred_at = models.DateTimeField("thời điểm xảy ra", null=True, blank=True)
    description = models.TextField("nội dung")

    reporter_name = models.CharField("họ tên người phản ánh", max_length=120, blank=True)
    reporter_phone = models.CharField("điện thoại người phản ánh", max_length=30, blank=True)
    reporter_email = models.EmailField("thư điện tử người phản ánh", blank=True)
    reporter_ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)

    channel = models.CharField("kênh tiếp nhận", max_length=20, choices=Channel.choices,
                               default=Channel.WEB)
    received_at = models.DateTimeField("thời điểm tiếp nhận", default=timezone.now, db_index=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="hotline_reports_logged", verbose_name="người ghi nhận",
    )

    status = models.CharField("trạng thái", max_length=20, choices=Status.choices,
                              default=Status.NEW, db_index=True)
    status_changed_at = models.DateTimeField("đổi trạng thái lúc", default=timezone.now)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="hotline_reports_assigned", verbose_name="người xử lý",
    )
    first_response_due = models.DateTimeField("hạn phản hồi đầu tiên")
    first_responded_at = models.DateTimeField("phản hồi đầu tiên lúc", null=True, blank=True)
    closed_at = models.DateTimeField("đóng lúc", null=True, blank=True)
    personal_data_purged_at = models.DateTimeField("đã xóa dữ liệu cá nhân lúc", null=True,
                                                   blank=True)
    # Sent from the public form while the site was under load, without the proof of work the
    # form asked for (no JavaScript, or not solved): filed all the same, and marked for inspectors.
    unverified = models.BooleanField(
        "gửi khi quá tải, chưa xác minh", default=False,
        help_text="Gửi khi hệ thống bị quá tải, trình duyệt chưa xác minh (không chạy JavaScript "
                  "hoặc chưa giải xong phép tính chống gửi tự động).")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = "phản ánh"
        verbose_name_plural = "phản ánh"
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="hotline_report_year_number"),
        ]
        indexes = [models.Index(fields=["status", "received_at"])]
        permissions = [
            ("log_report", "Ghi nhận phản ánh qua điện thoại, thư, trực tiếp"),
            ("handle_report", "Xử lý phản ánh (hàng đợi của Thanh tra)"),
            ("export_report", "Xuất danh sách phản ánh"),
            ("view_reporter_identity", "Xem danh tính người phản ánh"),
            ("grant_identity_access", "Cấp, thu hồi quyền xem danh tính người phản ánh"),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("hotline:staff_report", kwargs={"pk": self.pk})

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES

    @property
    def is_overdue(self):
        return (
            self.first_responded_at is None
            and not self.is_closed
            and self.first_response_due < timezone.now()
        )

    @property
    def has_identity(self):
        return bool(self.reporter_name or self.reporter_phone or self.reporter_email)

    def allowed_moves(self):
        return [Status(value) for value in TRANSITIONS[Status(self.status)]]


class ReportEvent(models.Model):
    """One line of a report's history. Public replies are the only kind the reporter reads."""

    class Kind(models.TextChoices):
        CREATED = "created", "Tiếp nhận"
        FOLLOWUP = "followup", "Người phản ánh bổ sung"
        STATUS = "status", "Chuyển trạng thái"
        ASSIGNED = "assigned", "Phân công"
        NOTE = "note", "Ghi chú nội bộ"
        REPLY = "reply", "Trả lời người phản ánh"
        PURGE = "purge", "Xóa dữ liệu cá nhân"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name="người thực hiện")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    text = models.TextField("nội dung", blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "diễn biến"
        verbose_name_plural = "diễn biến"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.report_id} {self.get_kind_display()}"


class Attachment(models.Model):
    """A file sent with a report or a follow-up; stored privately under a generated name."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(ReportEvent, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="attachments")
    file = models.FileField(upload_to=GeneratedPath("hotline"), storage=private_storage,
                            max_length=200, blank=True)
    kind = models.CharField("loại tệp", max_length=10)
    size = models.PositiveIntegerField("dung lượng")
    purged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.report.reference} — tệp {self.pk}"

    @property
    def label(self):
        from examportal.uploads import KINDS

        return KINDS.get(self.kind, ("", "", self.kind))[2]


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The hotline audit trail is append-only.")

    def delete(self):
        raise PermissionError("The hotline audit trail is append-only.")


class AuditEntry(models.Model):
    """Who viewed, changed, exported or downloaded what, and when. Append-only."""

    class Action(models.TextChoices):
        CREATE = "create", "Tạo"
        VIEW = "view", "Xem"
        CHANGE = "change", "Thay đổi"
        EXPORT = "export", "Xuất danh sách"
        DOWNLOAD = "download", "Tải tệp"
        PRINT = "print", "In bản tóm tắt"
        REPORTER_VIEW = "reporter_view", "Người phản ánh tra cứu"
        PURGE = "purge", "Xóa dữ liệu cá nhân"
        GRANT = "grant", "Cấp quyền xem danh tính"
        REVOKE = "revoke", "Thu hồi quyền xem danh tính"

    at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+", verbose_name="người dùng")
    username = models.CharField("tài khoản", max_length=150, blank=True)
    action = models.CharField("hành động", max_length=20, choices=Action.choices)
    report = models.ForeignKey(Report, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="audit_entries", verbose_name="phản ánh")
    detail = models.CharField("chi tiết", max_length=300, blank=True)
    # Whose rights a grant or revocation changed (empty for every other action).
    subject_username = models.CharField("tài khoản được cấp hoặc thu hồi quyền", max_length=150,
                                        blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "nhật ký truy cập"
        verbose_name_plural = "nhật ký truy cập"
        ordering = ["-at", "-id"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.username or 'hệ thống'} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The hotline audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The hotline audit trail is append-only.")

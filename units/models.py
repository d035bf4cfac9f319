from django.conf import settings
from django.db import models

from exams.models import District


class UnitKind(models.TextChoices):
    SCHOOL = "school", "Trường THPT"
    CENTRE = "centre", "Trung tâm GDNN-GDTX"
    OTHER = "other", "Đơn vị khác trực thuộc Sở"


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

"""Help for candidates far from their exam site: support offers (lodging, meals, rides, study
spaces, volunteers) and the good-deeds stories the public sends in.

An offer is public only while it is published (an editor reviewed it) and not withdrawn; unit
staff enter their own unit's offers (the unit comes from their account, never the request).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from examportal.text import normalize_text, search_text
from examportal.uploads import GeneratedPath
from exams.models import DISTRICT_ORDER, District


class OfferKind(models.TextChoices):
    LODGING = "lodging", "Chỗ ở miễn phí"
    MEALS = "meals", "Suất ăn miễn phí"
    TRANSPORT = "transport", "Xe đưa đón"
    STUDY = "study", "Chỗ ôn tập"
    VOLUNTEERS = "volunteers", "Đội tình nguyện"


# The public page's filter values (GET ?loai=...), in Vietnamese.
KIND_SLUGS = {
    "cho-o": OfferKind.LODGING, "suat-an": OfferKind.MEALS, "xe-dua-don": OfferKind.TRANSPORT,
    "cho-on-tap": OfferKind.STUDY, "tinh-nguyen": OfferKind.VOLUNTEERS,
}
SLUG_OF_KIND = {kind: slug for slug, kind in KIND_SLUGS.items()}


class SupportOfferQuerySet(models.QuerySet):
    def published(self):
        """What the public sees: reviewed and published, not withdrawn."""
        return self.filter(status=SupportOffer.Status.PUBLISHED)

    def for_year(self, year):
        return self.filter(year=year)

    def for_listing(self):
        """In district order, then by exam site and kind; the site and unit in the same query."""
        order = models.Case(*[models.When(district=key, then=models.Value(i))
                              for i, key in enumerate(DISTRICT_ORDER)],
                            output_field=models.IntegerField())
        return (self.select_related("site", "unit")
                .annotate(district_order=order)
                .order_by("district_order", "site__code", "kind", "starts_on", "pk"))

    def visible_to(self, user):
        """Editors see every offer; unit staff their unit's only; anyone else none."""
        from . import services

        if services.can_review(user):
            return self
        unit = services.unit_of(user)
        return self.filter(unit=unit) if unit is not None else self.none()


class SupportOffer(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        SUBMITTED = "submitted", "Chờ duyệt"
        PUBLISHED = "published", "Đang công bố"
        WITHDRAWN = "withdrawn", "Đã dừng"

    year = models.PositiveSmallIntegerField("năm thi", db_index=True)
    kind = models.CharField("hình thức hỗ trợ", max_length=12, choices=OfferKind.choices)
    title = models.CharField("tên hoạt động hỗ trợ", max_length=200,
                             help_text="Ví dụ: Nhà trọ miễn phí cho thí sinh ở xa.")
    provider = models.CharField("đơn vị, cá nhân hỗ trợ", max_length=200,
                                help_text="Ví dụ: Đoàn Thanh niên xã Bum Nưa.")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="support_offers", verbose_name="đơn vị nhập")
    district = models.CharField("huyện, thành phố", max_length=20, choices=District.choices)
    site = models.ForeignKey("exams.ExamSite", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="support_offers", verbose_name="gần điểm thi")
    address = models.CharField("địa chỉ", max_length=250)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    capacity = models.PositiveIntegerField(
        "số thí sinh nhận được", null=True, blank=True,
        help_text="Để trống nếu không giới hạn.")
    conditions = models.TextField("điều kiện, lưu ý", blank=True, max_length=1000)
    phone = models.CharField("điện thoại liên hệ", max_length=20)
    contact_name = models.CharField("người liên hệ", max_length=120, blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices,
                              default=Status.DRAFT, editable=False, db_index=True)
    review_note = models.CharField("góp ý của biên tập viên", max_length=500, blank=True,
                                   editable=False)
    withdrawn_reason = models.CharField("lý do dừng", max_length=300, blank=True, editable=False)
    published_at = models.DateTimeField("công bố lúc", null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField("dừng lúc", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", editable=False,
                                   verbose_name="người nhập")
    search_text = models.TextField(default="", editable=False)
    is_sample = models.BooleanField("dữ liệu mẫu", default=False, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = SupportOfferQuerySet.as_manager()

    class Meta:
        verbose_name = "hoạt động hỗ trợ thí sinh"
        verbose_name_plural = "hoạt động hỗ trợ thí sinh"
        ordering = ["year", "district", "pk"]
        permissions = [
            ("enter_offer", "Có thể nhập hoạt động hỗ trợ của đơn vị mình"),
            ("review_offer", "Có thể duyệt, công bố và dừng hoạt động hỗ trợ"),
        ]
        indexes = [models.Index(fields=["year", "status"], name="support_offer_year_status")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        for name in ("title", "provider", "address", "conditions", "phone", "contact_name"):
            setattr(self, name, normalize_text(getattr(self, name)).strip())
        self.search_text = search_text(" ".join([
            self.title, self.get_kind_display(), self.provider, self.address,
            self.get_district_display(), self.conditions]))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("support:offers-year", kwargs={"year": self.year}) + f"#ho-tro-{self.pk}"

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED

    @property
    def tel(self):
        """The phone as a ``tel:`` target: digits and a leading +."""
        digits = "".join(ch for ch in self.phone if ch.isdigit())
        return ("+" if self.phone.strip().startswith("+") else "") + digits

    @property
    def kind_slug(self):
        return SLUG_OF_KIND[self.kind]


class OfferEvent(models.Model):
    """Who did what to an offer, when, and why (the audit trail)."""

    class Action(models.TextChoices):
        CREATED = "created", "Tạo"
        EDITED = "edited", "Sửa"
        SUBMITTED = "submitted", "Gửi duyệt"
        RETURNED = "returned", "Trả lại"
        PUBLISHED = "published", "Công bố"
        WITHDRAWN = "withdrawn", "Dừng"

    offer = models.ForeignKey(SupportOffer, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("thao tác", max_length=10, choices=Action.choices)
    from_status = models.CharField("từ trạng thái", max_length=10, blank=True)
    to_status = models.CharField("sang trạng thái", max_length=10, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              verbose_name="người thực hiện")
    at = models.DateTimeField("lúc", default=timezone.now)
    comment = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "nhật ký hoạt động hỗ trợ"
        verbose_name_plural = "nhật ký hoạt động hỗ trợ"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.offer}"


class GoodDeedStory(models.Model):
    """A good-deeds story sent through the public form: the sender's contact and consent, which
    only staff see; the story itself waits for review as an article in "Gương người tốt, việc
    tốt"."""

    article = models.OneToOneField("news.Article", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="good_deed_story",
                                   verbose_name="bài viết chờ duyệt")
    title = models.CharField("tiêu đề", max_length=200)
    sender_name = models.CharField("họ tên người gửi", max_length=120)
    sender_phone = models.CharField("điện thoại người gửi", max_length=20, blank=True)
    sender_email = models.EmailField("thư điện tử người gửi", blank=True)
    sender_unit = models.CharField("đơn vị, nơi ở của người gửi", max_length=200, blank=True)
    consent_to_publish = models.BooleanField("đồng ý cho đăng")
    consent_text = models.TextField("nội dung đồng ý", blank=True)
    received_at = models.DateTimeField("nhận lúc", default=timezone.now)
    is_sample = models.BooleanField("dữ liệu mẫu", default=False, editable=False)

    class Meta:
        verbose_name = "bài gửi gương người tốt, việc tốt"
        verbose_name_plural = "bài gửi gương người tốt, việc tốt"
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def reference(self):
        return f"GNT-{self.pk:05d}" if self.pk else ""


class GoodDeedPhoto(models.Model):
    story = models.ForeignKey(GoodDeedStory, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField("ảnh", upload_to=GeneratedPath("support/good-deeds"),
                              width_field="width", height_field="height")
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "ảnh gửi kèm"
        verbose_name_plural = "ảnh gửi kèm"
        ordering = ["story", "position", "pk"]

    def __str__(self):
        return f"{self.story} — ảnh {self.position + 1}"

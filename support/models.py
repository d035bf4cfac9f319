"""Help for candidates far from their exam site: support offers (lodging, meals, rides, study
spaces, volunteers) and the good-deeds stories the public sends in.

An offer is public only while it is published (an editor reviewed it), not withdrawn and its
last day has not passed (decided at query time, in the portal's zone: ``published()``); unit
staff enter their own unit's offers (the unit comes from their account, never the request).
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from examportal.text import normalize_text, search_text
from examportal.uploads import GeneratedPath
from exams.models import DISTRICT_ORDER, District

from . import clock
from .storage import private_storage


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


def local_today(now=None):
    """Today in the portal's zone (Asia/Ho_Chi_Minh), whatever zone is active."""
    return timezone.localdate(now or clock.now(), timezone.get_default_timezone())


def end_of_day(day):
    """The moment ``day`` is over in the portal's zone (its next midnight), aware."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1),
                                                         datetime.time.min),
                               timezone.get_default_timezone())


def next_public_change(now):
    """The next moment a published offer's last day is over, or None (the page cache keeps no
    page listing it past then: ``page_cache_schedule`` in SupportConfig.contributes)."""
    last_day = (SupportOffer.objects.published(now).order_by("ends_on")
                .values_list("ends_on", flat=True).first())
    return end_of_day(last_day) if last_day else None


class SupportOfferQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public sees: reviewed and published, not withdrawn, its last day not over
        (decided at query time: no job needs to withdraw an offer that is over)."""
        return self.filter(status=SupportOffer.Status.PUBLISHED, ends_on__gte=local_today(now))

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
    def is_expired(self):
        """Its last day is over (staff see it labelled "đã hết hạn"; the public no longer)."""
        return self.ends_on is not None and self.ends_on < local_today()

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and not self.is_expired

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
    # Sent from the public form while the site was under load, without the proof of work the
    # form asked for (no JavaScript, or not solved): filed all the same, and marked for editors.
    unverified = models.BooleanField(
        "gửi khi quá tải, chưa xác minh", default=False, editable=False,
        help_text="Gửi khi hệ thống bị quá tải mà trình duyệt chưa xác minh (không chạy JavaScript "
                  "hoặc chưa giải xong phép tính chống gửi tự động).")
    # When the article was first published and the photos were copied to public media.
    photos_released_at = models.DateTimeField("ảnh công khai từ", null=True, blank=True,
                                              editable=False)
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
    """A photo sent with a story: in the private folder until an editor publishes the article;
    then copied once to public media (``public_image``) as one of the article's images."""

    story = models.ForeignKey(GoodDeedStory, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField("ảnh (thư mục riêng)", upload_to=GeneratedPath("support/good-deeds"),
                              storage=private_storage, width_field="width", height_field="height")
    public_image = models.ImageField("bản công khai", upload_to=GeneratedPath("support/good-deeds"),
                                     blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "ảnh gửi kèm"
        verbose_name_plural = "ảnh gửi kèm"
        ordering = ["story", "position", "pk"]

    def __str__(self):
        return f"{self.story} — ảnh {self.position + 1}"

    def get_staff_url(self):
        """Where editors see it (login and permission): also its address in the draft's body
        until the article is published."""
        return reverse("support:story-photo", kwargs={"pk": self.pk})

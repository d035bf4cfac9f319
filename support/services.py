"""Every change of a support offer and every good-deeds story: one function each, called by the
staff screens, the admin, the public form and the demo alike.

Offers move draft → submitted → published → withdrawn (an editor may also return a submitted
offer to draft with a note, or publish a draft of their own at once). Unit staff act only on
their own unit's offers (``unit_of``: from their account, never the request); publishing and
returning are the editors' (``support.review_offer``). Each move is kept in ``OfferEvent``
with who did it, when and why. Refusals raise ``ServiceError`` or ``PermissionDenied``.
"""

import html

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from examportal.services import ServiceError
from examportal.text import normalize_text

from .models import GoodDeedPhoto, GoodDeedStory, OfferEvent, SupportOffer

Status = SupportOffer.Status
Action = OfferEvent.Action

ENTER_PERMISSION = "support.enter_offer"
REVIEW_PERMISSION = "support.review_offer"
# The fields a form may set; status, review and audit fields move only through the functions.
OFFER_FIELDS = ["year", "kind", "title", "provider", "district", "site", "address", "starts_on",
                "ends_on", "capacity", "conditions", "phone", "contact_name"]
MAX_PHOTOS = 5


def unit_of(user):
    """The unit a unit-staff account belongs to (None for anyone else)."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    if not user.has_perm(ENTER_PERMISSION):
        return None
    from units.models import UnitMembership

    membership = UnitMembership.objects.filter(user=user).select_related("unit").first()
    if membership is None or not membership.unit.is_active:
        return None
    return membership.unit


def can_review(user):
    return bool(user and user.is_authenticated and user.is_active
                and user.has_perm(REVIEW_PERMISSION))


def can_change(user, offer):
    """Editors change any offer; unit staff their unit's, while it is not withdrawn."""
    if can_review(user):
        return True
    unit = unit_of(user)
    return (unit is not None and offer.unit_id == unit.pk
            and offer.status != Status.WITHDRAWN)


def _log(offer, user, action, from_status="", comment=""):
    return OfferEvent.objects.create(offer=offer, action=action, from_status=from_status,
                                     to_status=offer.status, actor=user, comment=comment)


def check_offer(offer):
    """The rules across fields; raises ServiceError with a message per field."""
    errors = {}
    if offer.starts_on and offer.ends_on and offer.ends_on < offer.starts_on:
        errors["ends_on"] = "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."
    if offer.site_id is not None:
        site = offer.site
        if site.year != offer.year:
            errors["site"] = f"Điểm thi này không thuộc kỳ thi năm {offer.year}."
        elif site.district != offer.district:
            errors["site"] = (f"Điểm thi {site.code} ở {site.get_district_display()}, không ở "
                              f"{offer.get_district_display()}.")
    digits = [ch for ch in offer.phone if ch.isdigit()]
    if not 8 <= len(digits) <= 12:
        errors["phone"] = "Số điện thoại cần 8 đến 12 chữ số, ví dụ 0213 3876 961."
    if errors:
        raise ServiceError(errors)


@transaction.atomic
def save_offer(offer, user, data=None):
    """Create or edit an offer. A unit staff member's offer always belongs to their unit."""
    is_new = offer.pk is None
    if is_new:
        unit = unit_of(user)
        if not (can_review(user) or unit is not None):
            raise PermissionDenied("Bạn không có quyền nhập hoạt động hỗ trợ thí sinh.")
    else:
        current = SupportOffer.objects.select_for_update().get(pk=offer.pk)
        if not can_change(user, current):
            raise PermissionDenied("Bạn không có quyền sửa hoạt động hỗ trợ này.")
        offer.status = current.status
        offer.unit_id = current.unit_id
    for name, value in (data or {}).items():
        if name in OFFER_FIELDS:
            setattr(offer, name, value)
    if is_new:
        unit = unit_of(user)
        if not can_review(user):
            offer.unit = unit  # from the account, whatever the form said
        offer.status = Status.DRAFT
        offer.created_by = user
    check_offer(offer)
    # A unit's change to a published offer goes back to review before the public sees it.
    from_status = offer.status
    if not is_new and offer.status == Status.PUBLISHED and not can_review(user):
        offer.status = Status.SUBMITTED
    offer.save()
    _log(offer, user, Action.CREATED if is_new else Action.EDITED,
         from_status="" if is_new else from_status)
    return offer


def _locked(offer):
    return SupportOffer.objects.select_for_update().get(pk=offer.pk)


def _move(offer, user, action, allowed_from, to_status, comment="", **fields):
    current = _locked(offer)
    if current.status not in allowed_from:
        raise ServiceError(f"Không thể {Action(action).label.lower()} hoạt động đang ở trạng "
                           f"thái “{current.get_status_display()}”.")
    from_status = current.status
    current.status = to_status
    for name, value in fields.items():
        setattr(current, name, value)
    current.save()
    _log(current, user, action, from_status=from_status, comment=comment)
    offer.refresh_from_db()
    return offer


@transaction.atomic
def submit_offer(offer, user):
    if not can_change(user, offer):
        raise PermissionDenied("Bạn không có quyền gửi duyệt hoạt động hỗ trợ này.")
    return _move(offer, user, Action.SUBMITTED, {Status.DRAFT}, Status.SUBMITTED)


@transaction.atomic
def publish_offer(offer, user, note=""):
    if not can_review(user):
        raise PermissionDenied("Chỉ biên tập viên của Sở được công bố hoạt động hỗ trợ.")
    return _move(offer, user, Action.PUBLISHED, {Status.DRAFT, Status.SUBMITTED},
                 Status.PUBLISHED, comment=note, published_at=timezone.now(), review_note=note)


@transaction.atomic
def return_offer(offer, user, note):
    if not can_review(user):
        raise PermissionDenied("Chỉ biên tập viên của Sở được trả lại hoạt động hỗ trợ.")
    note = normalize_text(note or "").strip()
    if not note:
        raise ServiceError("Hãy ghi góp ý để đơn vị biết cần sửa gì.")
    return _move(offer, user, Action.RETURNED, {Status.SUBMITTED}, Status.DRAFT, comment=note,
                 review_note=note[:500])


@transaction.atomic
def withdraw_offer(offer, user, reason):
    """Full, or over: the offer leaves the public page; the reason is kept."""
    if not can_change(user, offer):
        raise PermissionDenied("Bạn không có quyền dừng hoạt động hỗ trợ này.")
    reason = normalize_text(reason or "").strip()
    if not reason:
        raise ServiceError("Hãy ghi lý do dừng, ví dụ “Đã đủ chỗ” hoặc “Đã hết đợt thi”.")
    return _move(offer, user, Action.WITHDRAWN, {Status.PUBLISHED, Status.SUBMITTED, Status.DRAFT},
                 Status.WITHDRAWN, comment=reason, withdrawn_reason=reason[:300],
                 withdrawn_at=timezone.now())


# --- Good-deeds stories ---------------------------------------------------------------------------

PHOTO_ALT = "Ảnh người gửi kèm câu chuyện"
UNVERIFIED_NOTE = ("Gửi khi hệ thống quá tải, chưa xác minh (trình duyệt không hoàn tất phép tính "
                   "chống gửi tự động): hãy kiểm tra kỹ trước khi đăng.")
CONSENT_TEXT = ("Tôi đồng ý để Sở GDĐT Lai Châu biên tập và đăng câu chuyện, ảnh gửi kèm trên "
                "Cổng thông tin Kỳ thi. Thông tin liên hệ của tôi không được đăng.")


def _paragraphs(text):
    """Plain text as escaped HTML paragraphs (nothing the sender typed becomes markup)."""
    parts = [p.strip() for p in normalize_text(text).replace("\r\n", "\n").split("\n\n")]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in parts if p)


def _lead(text, limit=300):
    flat = " ".join(normalize_text(text).split())
    return flat if len(flat) <= limit else flat[:limit - 1].rsplit(" ", 1)[0] + "…"


@transaction.atomic
def submit_good_deed(*, title, story, place="", sender_name, sender_phone="", sender_email="",
                     sender_unit="", consent, photos=(), year=None, unverified=False):
    """File a story from the public form: the story becomes an article waiting for review ("Chờ
    duyệt") in the year's "Gương người tốt, việc tốt" section; the sender's contact and consent
    stay with the story, for staff. The photos (already checked and re-encoded) go to the private
    folder: the draft's body shows the second and later ones through the staff view, and nothing
    reaches public media before an editor publishes the article (``support.publishing``: then the
    first becomes the cover, unless the editor chose one).

    ``photos``: ContentFile objects with ``detected_kind`` set (``forms.clean_photos``).
    ``unverified``: sent under load without the proof of work the form asked for.
    """
    from examyears.selectors import current_year_number
    from news import services as news_services
    from news.models import Article, ArticleEvent, Column, SectionRole

    if not consent:
        raise ServiceError({"consent": "Cần bạn đồng ý để Sở được đăng câu chuyện."})
    if len(photos) > MAX_PHOTOS:
        raise ServiceError({"photos": f"Gửi tối đa {MAX_PHOTOS} ảnh."})
    year = year or current_year_number()
    column = Column.objects.filter(year=year).first() if year else None
    section = column.section_for(SectionRole.GOOD_DEEDS) if column else None
    if section is None:
        raise ServiceError("Chuyên mục “Gương người tốt, việc tốt” chưa mở để nhận bài. Vui lòng "
                           "gửi thư tới vp.sogddt@laichau.gov.vn.")
    item = GoodDeedStory.objects.create(
        title=normalize_text(title).strip(), sender_name=normalize_text(sender_name).strip(),
        sender_phone=sender_phone.strip(), sender_email=sender_email.strip(),
        sender_unit=normalize_text(sender_unit).strip(), consent_to_publish=True,
        consent_text=CONSENT_TEXT, unverified=bool(unverified))
    stored = []
    for position, photo in enumerate(photos):
        record = GoodDeedPhoto(story=item, position=position)
        record.detected_kind = photo.detected_kind
        record.image.save(photo.name, photo, save=False)
        record.save()
        stored.append(record)
    body = _paragraphs(story)
    if place:
        body = f"<p><em>{html.escape(normalize_text(place).strip())}</em></p>" + body
    for record in stored[1:]:
        body += (f'<figure><img src="{record.get_staff_url()}" alt="{PHOTO_ALT}" '
                 f'width="{record.width}" height="{record.height}" loading="lazy"></figure>')
    article = Article(section=section, title=item.title, lead=_lead(story), body=body,
                      source="Bạn đọc gửi qua Cổng thông tin",
                      byline=item.sender_unit[:150] or "Bạn đọc", status=Article.Status.PENDING)
    article.save()
    contact = ", ".join(v for v in (item.sender_phone, item.sender_email) if v) or "không ghi"
    photos_note = ""
    if stored:
        photos_note = (f" {len(stored)} ảnh gửi kèm, chưa công khai (xem ở trang “Bài gửi gương "
                       f"người tốt, việc tốt”); khi xuất bản, ảnh 1 làm ảnh đại diện nếu bài chưa "
                       f"có, các ảnh trong bài được chép sang thư mục công khai.")
    ArticleEvent.objects.create(
        article=article, action=ArticleEvent.Action.SUBMITTED, to_status=article.status,
        actor=None,
        comment=(f"Bạn đọc gửi qua biểu mẫu “Gương người tốt, việc tốt” (mã {item.reference}). "
                 f"Người gửi: {item.sender_name}"
                 f"{' — ' + item.sender_unit if item.sender_unit else ''}; liên hệ: {contact}. "
                 "Đã đồng ý cho đăng. Thông tin liên hệ không đăng công khai."
                 f"{' ' + UNVERIFIED_NOTE if item.unverified else ''}{photos_note}"))
    news_services.record_revision(article, None, note=f"Bài gửi {item.reference} từ bạn đọc")
    item.article = article
    item.save(update_fields=["article"])
    return item

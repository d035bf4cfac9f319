"""What unit staff and editors do with support offers, on their start page (``staff_start``)."""

from django.urls import reverse

from examportal.staffstart import StartLink, StartSection

from . import services
from .models import SupportOffer


def section(user):
    reviewer = services.can_review(user)
    unit = None if reviewer else services.unit_of(user)
    if not reviewer and unit is None:
        return None
    offers = SupportOffer.objects.visible_to(user)
    manage = reverse("support:staff-list")
    if reviewer:
        waiting = offers.filter(status=SupportOffer.Status.SUBMITTED).count()
        links = [
            StartLink("Duyệt hoạt động hỗ trợ thí sinh", manage,
                      "Nhà trọ, suất ăn, xe đưa đón do các đơn vị gửi: công bố hoặc trả lại.",
                      count=waiting, permission=services.REVIEW_PERMISSION),
            StartLink("Trang Hỗ trợ thí sinh", reverse("support:offers"),
                      "Những gì phụ huynh, thí sinh đang xem."),
        ]
        return StartSection("Hỗ trợ thí sinh", links, priority=60)
    drafts = offers.filter(status=SupportOffer.Status.DRAFT).count()
    links = [
        StartLink(f"Hoạt động hỗ trợ của {unit.name}", manage,
                  "Nhập, gửi duyệt và dừng các hoạt động hỗ trợ thí sinh của đơn vị.",
                  count=drafts, permission=services.ENTER_PERMISSION),
        StartLink("Thêm hoạt động hỗ trợ", reverse("support:staff-add"),
                  permission=services.ENTER_PERMISSION),
    ]
    return StartSection("Hỗ trợ thí sinh", links, priority=70)

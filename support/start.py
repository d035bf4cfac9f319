"""What unit staff and editors do with support offers, on their start page (``staff_start``)."""

from django.urls import reverse

from examportal.staffstart import StartLink, StartSection, admin_list_links

from . import services
from .models import GoodDeedStory, SupportOffer


def section(user):
    reviewer = services.can_review(user)
    unit = None if reviewer else services.unit_of(user)
    admin_lists = admin_list_links(user, "support")
    if not reviewer and unit is None:
        return StartSection("Hỗ trợ thí sinh", admin_lists, priority=80) if admin_lists else None
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
        if user.has_perm("support.view_gooddeedstory"):
            from news.models import Article

            stories = GoodDeedStory.objects.filter(article__status=Article.Status.PENDING)
            links.append(StartLink(
                "Bài gửi gương người tốt, việc tốt", reverse("support:story-list"),
                "Câu chuyện bạn đọc gửi, ảnh kèm theo (chưa công khai) và người gửi; bài gửi khi "
                "quá tải được đánh dấu “chưa xác minh”.",
                count=stories.count(), permission="support.view_gooddeedstory"))
        return StartSection("Hỗ trợ thí sinh", links + admin_lists, priority=60)
    drafts = offers.filter(status=SupportOffer.Status.DRAFT).count()
    links = [
        StartLink(f"Hoạt động hỗ trợ của {unit.name}", manage,
                  "Nhập, gửi duyệt và dừng các hoạt động hỗ trợ thí sinh của đơn vị.",
                  count=drafts, permission=services.ENTER_PERMISSION),
        StartLink("Thêm hoạt động hỗ trợ", reverse("support:staff-add"),
                  permission=services.ENTER_PERMISSION),
    ]
    return StartSection("Hỗ trợ thí sinh", links, priority=70)

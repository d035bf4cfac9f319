"""The units app's part of a staff member's start page (``staff_start``): unit staff land on
their unit's page; the department sees the province's reports and the difficulties waiting."""

from django.urls import reverse

from examportal.staffstart import StartLink, StartSection, admin_list_links
from examyears.selectors import current_year_number

from . import services
from .models import Difficulty, PreparationReport, Unit


def section(user):
    if not (user.is_authenticated and user.is_active):
        return None
    unit = services.unit_of(user)
    department = user.has_perm(services.VIEW_PERMISSION)
    admin_lists = admin_list_links(user, "units")
    if unit is None and not department and not admin_lists:
        return None
    year = current_year_number()
    links = []
    landing = None
    if unit is not None:
        home = reverse("units:home")
        waiting = (Difficulty.objects.filter(unit=unit, year_id=year, status="answered").count()
                   if year else 0)
        sent = year and PreparationReport.objects.filter(unit=unit, year_id=year).exists()
        links += [
            StartLink(f"Báo cáo chuẩn bị thi — {unit.name}", home,
                      "Đã gửi; cập nhật khi công tác chuẩn bị có tiến triển." if sent
                      else "Chưa gửi báo cáo năm nay."),
            StartLink("Gửi khó khăn, vướng mắc, đề xuất", reverse("units:difficulty-new"),
                      "Việc cần Sở giải quyết gấp thì đánh dấu khẩn."),
        ]
        if waiting:
            links.append(StartLink("Sở đã trả lời", home, "Xem câu trả lời rồi đóng nội dung.",
                                   count=waiting))
        landing = home
    if department:
        open_count = (Difficulty.objects.filter(year_id=year).still_open().count()
                      if year else 0)
        reported = PreparationReport.objects.filter(year_id=year).count() if year else 0
        links += [
            StartLink("Tổng hợp báo cáo chuẩn bị thi của các đơn vị",
                      reverse("units:overview"),
                      f"{reported}/{Unit.objects.active().count()} đơn vị đã báo cáo."),
            StartLink("Khó khăn, đề xuất chờ Sở trả lời", reverse("units:overview") + "#cho-tra-loi",
                      "Theo huyện, việc chờ lâu nhất trước.", count=open_count),
        ]
    links += admin_lists
    return StartSection(
        title="Đơn vị: báo cáo chuẩn bị thi", links=links, landing=landing,
        priority=20 if unit is not None else 60)

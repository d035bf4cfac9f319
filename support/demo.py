"""Sample support offers near the 12 demo exam sites (some withdrawn, some waiting for review)
and one good-deeds story waiting in the editors' queue. Called by ``manage.py seed_demo``;
running it again creates only what is missing. Everything here is marked as sample."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from exams.models import ExamSite
from units.models import Unit, UnitKind

from . import clock, services
from .models import GoodDeedStory, OfferKind, SupportOffer

K = OfferKind
YEAR = 2021
SAMPLE = " (mẫu)"
# site code, kind, title, provider, address, from, to, capacity, conditions, phone, state
# state: "published", "submitted" (waiting for review), "withdrawn:<reason>"
OFFERS = [
    ("01", K.LODGING, "Phòng nghỉ miễn phí tại ký túc xá", "Trường THPT Chuyên Lê Quý Đôn",
     "Ký túc xá nhà trường, phường Đông Phong", (5, 7), (9, 7), 60,
     "Ưu tiên thí sinh ở các huyện xa; mang theo Giấy báo dự thi.", "0213 3876 961", "published"),
    ("02", K.MEALS, "Suất cơm trưa miễn phí ngày thi", "Đoàn Thanh niên phường Tân Phong",
     "Nhà văn hóa tổ 12, phường Tân Phong", (7, 7), (8, 7), 150, "", "0912 000 102", "published"),
    ("03", K.TRANSPORT, "Xe đưa đón thí sinh các bản xa", "Hội Liên hiệp Phụ nữ huyện Tam Đường",
     "Đón tại UBND các xã Nà Tăm, Bản Bo", (6, 7), (8, 7), 30,
     "Đăng ký trước ngày 04/7 qua điện thoại.", "0912 000 103", "published"),
    ("04", K.LODGING, "Nhà trọ miễn phí gần Trường THPT Phong Thổ", "Hộ gia đình ông Sần A Pao",
     "Khu 3, thị trấn Phong Thổ", (5, 7), (9, 7), 12, "Thí sinh nữ ở phòng riêng.",
     "0912 000 104", "published"),
    ("05", K.MEALS, "Bếp ăn tình nguyện Dào San", "Đoàn xã Dào San",
     "Nhà văn hóa bản Dào San", (6, 7), (8, 7), 80, "", "0912 000 105",
     "withdrawn:Đã hết đợt thi"),
    ("06", K.STUDY, "Phòng ôn tập buổi tối", "Trường THPT Sìn Hồ",
     "Thư viện nhà trường, thị trấn Sìn Hồ", (1, 7), (6, 7), 40,
     "Mở từ 19 giờ đến 21 giờ.", "0912 000 106", "published"),
    ("07", K.LODGING, "Chỗ ở miễn phí cho thí sinh Nậm Tăm", "Đồn Biên phòng Nậm Tăm (mẫu)",
     "Xã Nậm Tăm, huyện Sìn Hồ", (5, 7), (9, 7), 20, "", "0912 000 107", "submitted"),
    ("08", K.LODGING, "Nhà trọ miễn phí gần điểm thi Mường Tè", "Hội Cựu giáo chức huyện Mường Tè",
     "Tổ dân phố 5, thị trấn Mường Tè", (5, 7), (9, 7), 40,
     "Dành cho thí sinh ở các xã Bum Nưa, Mù Cả, Thu Lũm; có chăn màn.", "0213 3881 008",
     "published"),
    ("08", K.TRANSPORT, "Xe đưa thí sinh Thu Lũm, Ka Lăng ra thị trấn", "Công an huyện Mường Tè",
     "Đón tại trụ sở UBND xã Thu Lũm", (5, 7), (9, 7), 25, "Xuất phát 7 giờ ngày 05/7.",
     "0912 000 208", "published"),
    ("08", K.MEALS, "Suất ăn sáng miễn phí", "Đoàn Thanh niên thị trấn Mường Tè",
     "Cổng Trường THPT Mường Tè", (7, 7), (8, 7), 100, "", "0912 000 308",
     "withdrawn:Đã đủ số suất đăng ký"),
    ("09", K.VOLUNTEERS, "Đội Tiếp sức mùa thi Than Uyên", "Huyện đoàn Than Uyên",
     "Cổng Trường THPT Than Uyên", (6, 7), (8, 7), None,
     "Chỉ đường, giữ đồ, nước uống miễn phí.", "0912 000 109", "published"),
    ("10", K.TRANSPORT, "Xe đưa đón Mường Kim — Than Uyên", "Hợp tác xã vận tải Mường Kim",
     "Bến xe Mường Kim", (6, 7), (8, 7), 45, "", "0912 000 110", "submitted"),
    ("11", K.LODGING, "Phòng nghỉ tại nhà văn hóa", "UBND thị trấn Tân Uyên",
     "Nhà văn hóa khu 4, thị trấn Tân Uyên", (5, 7), (9, 7), 30, "", "0912 000 111",
     "published"),
    ("12", K.MEALS, "Cơm trưa cho thí sinh ở xa", "Hội Chữ thập đỏ huyện Nậm Nhùn",
     "Thị trấn Nậm Nhùn", (6, 7), (8, 7), 60, "", "0912 000 112", "published"),
    ("12", K.LODGING, "Nhà trọ miễn phí Nậm Nhùn", "Hộ gia đình bà Lò Thị Xuân",
     "Bản Nậm Nhùn, thị trấn Nậm Nhùn", (5, 7), (9, 7), 8, "", "0912 000 212", "submitted"),
]

STORY_TITLE = "Thầy giáo chở học trò vượt suối đến điểm thi (mẫu)"
STORY = (
    "Sáng 06/7, nước suối Nậm Na dâng cao sau trận mưa đêm. Thầy Lò Văn Hưng, giáo viên Trường "
    "THPT Nậm Nhùn, đã dùng xe máy chở từng em trong nhóm 5 thí sinh bản Nậm Pì qua cầu treo rồi "
    "đưa các em đến điểm thi kịp làm thủ tục dự thi.\n\n"
    "Đây là câu chuyện mẫu để trình diễn biểu mẫu gửi gương người tốt, việc tốt."
)


def demo_shift():
    """An offer is public only until its last day (``published()``). Seeded after the 2021 exam,
    the sample offers keep their lengths and order but start tomorrow, so the demo page shows
    them; seeded before, they keep the exam's own days."""
    from .models import local_today

    first = date(YEAR, 7, 5)
    today = local_today(clock.now())
    return timedelta(days=(today - first).days + 1) if today >= first else timedelta(0)


def seed(stdout):
    User = get_user_model()
    editor = User.objects.filter(username="bientapvien").first()
    sites = {s.code: s for s in ExamSite.objects.for_year(YEAR).filter(is_sample=True)}
    if not sites or editor is None:
        stdout.write("Hỗ trợ thí sinh: chưa có điểm thi mẫu hoặc tài khoản biên tập viên mẫu, bỏ qua.")
        return
    created = 0
    shift = demo_shift()
    for (code, kind, title, provider, address, start, end, capacity, conditions, phone,
         state) in OFFERS:
        site = sites.get(code)
        if site is None or SupportOffer.objects.filter(year=YEAR, title=title + SAMPLE).exists():
            continue
        offer = services.save_offer(SupportOffer(year=YEAR), editor, {
            "kind": kind, "title": title + SAMPLE, "provider": provider, "district": site.district,
            "site": site, "address": address, "starts_on": date(YEAR, start[1], start[0]) + shift,
            "ends_on": date(YEAR, end[1], end[0]) + shift, "capacity": capacity,
            "conditions": conditions, "phone": phone,
        })
        # Entered by the district's sample school, when the units demo has one.
        unit = Unit.objects.filter(district=site.district, is_sample=True,
                                   kind=UnitKind.SCHOOL).order_by("code").first()
        SupportOffer.objects.filter(pk=offer.pk).update(is_sample=True, unit=unit)
        services.submit_offer(offer, editor)
        if state != "submitted":
            services.publish_offer(offer, editor)
        if state.startswith("withdrawn:"):
            services.withdraw_offer(offer, editor, state.split(":", 1)[1])
        created += 1
    stories = 0
    if not GoodDeedStory.objects.filter(title=STORY_TITLE).exists():
        try:
            story = services.submit_good_deed(
                title=STORY_TITLE, story=STORY, place="Huyện Nậm Nhùn, sáng 06/7 (mẫu)",
                sender_name="Tẩn Thị Lan (mẫu)", sender_phone="0912 000 999",
                sender_unit="Trường THPT Nậm Nhùn (mẫu)", consent=True, year=YEAR)
        except services.ServiceError as exc:
            stdout.write(f"Hỗ trợ thí sinh: chưa tạo được câu chuyện mẫu: {exc.messages[0]}")
        else:
            GoodDeedStory.objects.filter(pk=story.pk).update(is_sample=True)
            stories = 1
    total = SupportOffer.objects.filter(year=YEAR).count()
    stdout.write(f"Hỗ trợ thí sinh: {created} hoạt động mẫu mới (tổng {total}, "
                 f"{SupportOffer.objects.published().filter(year=YEAR).count()} đang công bố); "
                 f"{stories} câu chuyện gương người tốt mẫu mới, chờ duyệt.")

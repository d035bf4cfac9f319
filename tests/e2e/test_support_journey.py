"""A parent in Mường Tè, on a phone, finds free lodging near their child's exam site and taps the
phone number; the pages stay within 320 and 375 px and pass axe."""

import datetime
import re

import pytest

from examportal.roles import EDITORS
from exams.models import District, ExamSite
from support import services
from support.models import OfferKind, SupportOffer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The offers run 05/07–09/07/2021: the journeys happen on an exam day (support reads the time
# through support.clock; the live server runs in this process).
EXAM_DAY = datetime.datetime(2021, 7, 6, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


@pytest.fixture(autouse=True)
def exam_day(monkeypatch):
    monkeypatch.setattr("support.clock.now", lambda: EXAM_DAY)


@pytest.fixture
def offers(roles, make_staff):
    editor = make_staff(EDITORS, username="bientap")
    muong_te = ExamSite.objects.create(
        year=2021, code="08", name="Điểm thi Trường THPT Mường Tè", school="Trường THPT Mường Tè",
        address="Thị trấn Mường Tè, huyện Mường Tè", district=District.MUONG_TE, rooms=11)
    ExamSite.objects.create(
        year=2021, code="04", name="Điểm thi Trường THPT Phong Thổ", school="Trường THPT Phong Thổ",
        address="Thị trấn Phong Thổ", district=District.PHONG_THO, rooms=15)

    def offer(kind, title, phone, site=muong_te, publish=True):
        item = services.save_offer(SupportOffer(year=2021), editor, {
            "kind": kind, "title": title, "provider": "Hội Cựu giáo chức huyện Mường Tè",
            "district": District.MUONG_TE, "site": site, "address": "Tổ dân phố 5, thị trấn Mường Tè",
            "starts_on": datetime.date(2021, 7, 5), "ends_on": datetime.date(2021, 7, 9),
            "capacity": 40, "conditions": "Dành cho thí sinh ở các xã Bum Nưa, Mù Cả, Thu Lũm.",
            "phone": phone, "contact_name": "Cô Lò Thị Xuân"})
        if publish:
            services.publish_offer(item, editor)
        return item

    return {
        "lodging": offer(OfferKind.LODGING, "Nhà trọ miễn phí gần điểm thi Mường Tè", "0213 3881 008"),
        "ride": offer(OfferKind.TRANSPORT, "Xe đưa thí sinh Thu Lũm ra thị trấn", "0912 000 208"),
        "hidden": offer(OfferKind.LODGING, "Nhà trọ chưa duyệt", "0912 999 999", publish=False),
    }


def no_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_parent_in_muong_te_finds_free_lodging_and_taps_the_phone(
        phone_page, live_server, offers, axe_check, screenshot):
    page = phone_page
    page.goto(live_server.url + "/lich-thi/2021/diem-thi/")
    card = page.locator("li.site-card", has_text="Điểm thi số 08")
    assert card.get_by_text("Hỗ trợ thí sinh gần điểm thi").is_visible()
    assert "Nhà trọ chưa duyệt" not in page.content()
    assert no_overflow(page)
    assert axe_check(page) == []
    card.get_by_role("link", name="Chỗ ở miễn phí: Nhà trọ miễn phí gần điểm thi Mường Tè").click()
    page.wait_for_load_state("load")
    assert "/lich-thi/2021/ho-tro-thi-sinh/" in page.url

    # Only lodging, with the filter (a GET form, no JavaScript needed).
    page.get_by_label("Chỗ ở miễn phí").check()
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state("load")
    assert "loai=cho-o" in page.url
    assert page.get_by_role("heading", name="Mường Tè", exact=True).is_visible()
    assert page.get_by_text("Xe đưa thí sinh Thu Lũm").count() == 0
    offer = page.locator(f"#ho-tro-{offers['lodging'].pk}")
    assert offer.get_by_role("heading", name="Nhà trọ miễn phí gần điểm thi Mường Tè").is_visible()
    phone = offer.get_by_role("link", name="Gọi 0213 3881 008")
    assert phone.get_attribute("href") == "tel:02133881008"
    box = phone.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= 375  # a thumb-sized target
    assert no_overflow(page)
    assert axe_check(page) == []
    screenshot(page, "support-lodging-phone")

    # Tapping it asks the phone to call: the browser leaves for tel:, the page stays.
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    phone.tap()
    page.wait_for_timeout(300)
    assert "/lich-thi/2021/ho-tro-thi-sinh/" in page.url
    assert not [url for url in requests if url.startswith("http") and "tel" in url]

    # The print sheet of the district.
    page.goto(live_server.url + "/lich-thi/2021/ho-tro-thi-sinh/ban-in/muong-te/")
    assert page.get_by_role("link", name="Gọi 0213 3881 008").get_attribute("href") == \
        "tel:02133881008"
    assert no_overflow(page)
    assert axe_check(page) == []
    pdf = page.pdf(format="A4")  # one sheet for the notice board
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    assert page.console_errors == []


@pytest.mark.parametrize("width", [320, 375])
def test_pages_fit_narrow_phones_and_pass_axe(browser, live_server, offers, axe_check, width):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 700},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        for path in ("/lich-thi/ho-tro-thi-sinh/", "/lich-thi/2021/ho-tro-thi-sinh/?loai=xe-dua-don",
                     "/lich-thi/2021/diem-thi/", "/guong-nguoi-tot-viec-tot/gui-bai/"):
            page.goto(live_server.url + path)
            assert no_overflow(page), (width, path)
            assert axe_check(page) == [], (width, path)
    finally:
        context.close()


def test_a_story_is_sent_from_a_phone(phone_page, live_server, exam_column, settings, axe_check):
    settings.SUPPORT_MIN_FILL_SECONDS = 0
    # Under pressure from the first story: the browser must bring a proof of work.
    settings.SUPPORT_STORY_LIMIT_GLOBAL = 0
    settings.SUPPORT_PROOF_BITS = 10
    page = phone_page
    page.goto(live_server.url + "/guong-nguoi-tot-viec-tot/gui-bai/")
    assert page.locator("#proof-notice").is_visible()
    page.get_by_role("button", name="Gửi câu chuyện").click()
    page.wait_for_load_state("load")
    assert "Chưa gửi được" in page.get_by_role("alert").inner_text()
    assert axe_check(page) == []
    page.get_by_label("Tiêu đề câu chuyện").fill("Đoàn viên nấu cơm cho thí sinh ở xa")
    page.locator("#id_story").fill(
        "Suốt ba ngày thi, mười đoàn viên xã Bum Nưa đã nấu cơm trưa miễn phí cho hơn tám mươi "
        "thí sinh ở xa, không để em nào phải nhịn đói trước giờ thi.")
    page.get_by_label("Họ và tên người gửi").fill("Lò Văn Minh")
    page.get_by_label("Điện thoại").fill("0912 345 678")
    page.get_by_label("Tôi đồng ý", exact=False).check()
    page.get_by_role("button", name="Gửi câu chuyện").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name="Đã nhận câu chuyện của bạn").is_visible()
    from support.models import GoodDeedStory

    story = GoodDeedStory.objects.get()
    assert story.title == "Đoàn viên nấu cơm cho thí sinh ở xa"
    assert not story.unverified  # proof-of-work.js brought the proof
    assert no_overflow(page)
    assert axe_check(page) == []


def serve_public_media(context):
    """Answer /media/ as nginx does: the file under MEDIA_ROOT, or 404."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.MEDIA_ROOT).resolve()

    def handle(route):
        path = route.request.url.split("/media/", 1)[1].split("?", 1)[0]
        target = (root / path).resolve()
        if target.is_relative_to(root) and target.is_file():
            kind = {".webp": "image/webp", ".png": "image/png"}.get(target.suffix, "image/jpeg")
            route.fulfill(status=200, body=target.read_bytes(), content_type=kind)
        else:
            route.fulfill(status=404, body="Not found")

    context.route("**/media/**", handle)


def test_a_story_with_a_photo_sent_without_javascript_under_load(
        browser, page, live_server, exam_column, make_staff, settings, tmp_path, axe_check):
    """No JavaScript and a busy site: filed marked unverified; its photo stays private (refused
    to anyone not signed in) until an editor publishes the article, then loads for everybody."""
    from PIL import Image

    from news import services as news_services
    from support.models import GoodDeedStory

    settings.SUPPORT_MIN_FILL_SECONDS = 0
    settings.SUPPORT_STORY_LIMIT_GLOBAL = 0
    settings.SUPPORT_PROOF_BITS = 10
    photo_file = tmp_path / "bep-an.jpg"
    Image.new("RGB", (640, 480), (200, 120, 40)).save(photo_file, "JPEG")
    context = browser.new_context(locale="vi-VN", java_script_enabled=False,
                                  viewport={"width": 375, "height": 740})
    serve_public_media(context)
    phone = context.new_page()
    try:
        phone.goto(live_server.url + "/guong-nguoi-tot-viec-tot/gui-bai/")
        phone.get_by_label("Tiêu đề câu chuyện").fill("Bếp ăn tình nguyện ở Bum Nưa")
        phone.locator("#id_story").fill(
            "Suốt ba ngày thi, mười đoàn viên xã Bum Nưa đã nấu cơm trưa miễn phí cho hơn tám "
            "mươi thí sinh ở xa, không để em nào phải nhịn đói trước giờ thi.")
        phone.locator("#id_photos").set_input_files(str(photo_file))
        phone.get_by_label("Họ và tên người gửi").fill("Lò Văn Minh")
        phone.get_by_label("Điện thoại").fill("0912 345 678")
        phone.get_by_label("Tôi đồng ý", exact=False).check()
        phone.get_by_role("button", name="Gửi câu chuyện").click()
        phone.wait_for_load_state("load")
        assert phone.get_by_role("heading", name="Đã nhận câu chuyện của bạn").is_visible()
        story = GoodDeedStory.objects.get()
        assert story.unverified
        photo = story.photos.get()
        # Not in public media, and the staff address sends a stranger to sign in.
        assert phone.goto(live_server.url + "/media/" + photo.image.name).status == 404
        phone.goto(live_server.url + photo.get_staff_url())
        assert "/lich-thi/dang-nhap/" in phone.url

        editor = make_staff(EDITORS, username="bientap")
        sign_in(page, live_server, "bientap", "/guong-nguoi-tot-viec-tot/quan-ly/")
        item = page.locator(f"#bai-gui-{story.pk}")
        assert item.get_by_text("Gửi khi quá tải, chưa xác minh").is_visible()
        image = item.get_by_role("img", name=f"Ảnh 1 gửi kèm {story.reference}")
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                               arg=image.element_handle())
        assert axe_check(page) == []

        article = news_services.publish_article(story.article, editor)
        phone.goto(live_server.url + article.get_absolute_url())
        cover = phone.locator("img[src*='/media/support/good-deeds/']").first
        cover.scroll_into_view_if_needed()
        assert phone.evaluate("img => img.complete && img.naturalWidth > 0", cover.element_handle())
        assert "/quan-ly/anh/" not in phone.content()
    finally:
        context.close()


def sign_in(page, live_server, username, next_path):
    page.goto(live_server.url + next_path)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("test-password-123")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("load")


def test_a_school_enters_an_offer_on_a_phone_and_an_editor_publishes_it(
        phone_page, page, live_server, offers, make_staff, axe_check):
    from examportal.roles import UNIT_STAFF
    from units.models import Unit, UnitMembership

    unit = Unit.objects.create(code="07008", name="Trường THPT Mường Tè",
                               district=District.MUONG_TE, phone="0213 3881 008")
    teacher = make_staff(UNIT_STAFF, username="canbotruong")
    teacher.is_staff = False  # unit staff never need the admin
    teacher.save()
    UnitMembership.objects.create(user=teacher, unit=unit)
    phone = phone_page
    sign_in(phone, live_server, "canbotruong", "/lich-thi/ho-tro-thi-sinh/quan-ly/them/")
    assert "/quan-ly/them/" in phone.url
    assert phone.get_by_label("Đơn vị, cá nhân hỗ trợ").input_value() == "Trường THPT Mường Tè"
    phone.get_by_label("Hình thức hỗ trợ").select_option("meals")
    phone.get_by_label("Tên hoạt động hỗ trợ").fill("Cơm trưa miễn phí ngày thi")
    phone.get_by_label("Gần điểm thi").select_option(
        label="08 — Điểm thi Trường THPT Mường Tè (Mường Tè)")
    phone.get_by_label("Địa chỉ").fill("Nhà ăn Trường THPT Mường Tè")
    phone.get_by_label("Từ ngày").fill("07/07/2021")
    phone.get_by_label("Đến ngày").fill("06/07/2021")
    phone.get_by_role("button", name="Lưu và gửi duyệt").click()
    phone.wait_for_load_state("load")
    assert "Ngày kết thúc phải sau" in phone.get_by_role("alert").inner_text()
    assert no_overflow(phone) and axe_check(phone) == []
    phone.get_by_label("Đến ngày").fill("08/07/2021")
    phone.get_by_role("button", name="Lưu và gửi duyệt").click()
    phone.wait_for_load_state("load")
    assert phone.get_by_text("(Chờ duyệt)").is_visible()
    assert no_overflow(phone) and axe_check(phone) == []
    meal = SupportOffer.objects.get(title="Cơm trưa miễn phí ngày thi")
    assert meal.unit == unit and meal.status == SupportOffer.Status.SUBMITTED

    sign_in(page, live_server, "bientap", f"/lich-thi/ho-tro-thi-sinh/quan-ly/{meal.pk}/")
    page.get_by_role("button", name="Công bố").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Đã công bố trên trang Hỗ trợ thí sinh.").is_visible()
    assert axe_check(page) == []

    phone.goto(live_server.url + "/lich-thi/2021/ho-tro-thi-sinh/?loai=suat-an")
    assert phone.locator(f"#ho-tro-{meal.pk}").get_by_role(
        "link", name="Gọi 0213 3881 008").get_attribute("href") == "tel:02133881008"

"""Every staff role, from the one sign-in page to its first task, on a phone: no dead end, no
sideways scrolling at 320 and 375 px, no axe violation on the sign-in and start pages."""

import re

import pytest
from playwright.sync_api import expect

from examportal import roles

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "test-password-123"
WIDTHS = [320, 375]


@pytest.fixture
def desk(make_staff, exam_column):
    """One account per role, a site with its officer, a few hotline reports in the queue."""
    from exams.models import ExamComponent, ExamSession, ExamSite, SiteMembership
    from exams.schedule_2021 import create_2021_schedule
    from hotline import services as hotline

    create_2021_schedule(ExamSession, ExamComponent)
    site = ExamSite.objects.create(
        year=2021, code="01", name="Điểm thi Trường THPT Chuyên Lê Quý Đôn",
        school="Trường THPT Chuyên Lê Quý Đôn", address="Phường Đông Phong, thành phố Lai Châu",
        district="thanh-pho-lai-chau", rooms=18, candidates=429)
    users = {}
    for group, username in [(roles.EDITORS, "bientap"), (roles.CONTRIBUTORS, "congtac"),
                            (roles.OPERATORS, "tongdai"), (roles.INSPECTORS, "thanhtra"),
                            (roles.ADMINISTRATORS, "quantri"), (roles.TESTING_OFFICE, "khaothi"),
                            (roles.SITE_STAFF, "canbo01"), (roles.UNIT_STAFF, "canbotruong")]:
        users[group] = make_staff(group, username=username, first_name="Hoa",
                                  last_name="Lường Thị")
    officer = users[roles.SITE_STAFF]
    officer.is_staff = False
    officer.save()
    SiteMembership.objects.create(user=officer, site=site)
    from units.models import Unit, UnitMembership

    school = users[roles.UNIT_STAFF]
    school.is_staff = False
    school.save()
    UnitMembership.objects.create(user=school, unit=Unit.objects.create(
        code="07001", name="Trường THPT Mường Tè", district="muong-te"))
    for n in range(3):
        hotline.submit_report(category="leak", place=f"Điểm thi Trường THPT Chuyên Lê Quý Đôn {n}",
                              description="[Thử] Một phản ánh khá dài để xem thẻ trên điện thoại "
                                          "có tràn ngang hay không khi có nhiều chữ.")
    return users


def sign_in(page, base, username, start="/admin/"):
    page.goto(base + start)
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("load")


def overflow(page):
    """The page's width and the viewport's, and any box the reader must swipe sideways in."""
    return page.evaluate("""() => [document.documentElement.scrollWidth, window.innerWidth,
        [...document.querySelectorAll("body *")].filter(el => {
            const style = getComputedStyle(el).overflowX;
            return (style === "auto" || style === "scroll") && el.scrollWidth > el.clientWidth + 1;
        }).map(el => `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth}px`)]""")


def assert_fits(page, what):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 740})
        page.wait_for_timeout(50)
        scroll, inner, swipes = overflow(page)
        assert scroll <= inner, f"{what} at {width} px: {scroll} px wide"
        assert swipes == [], f"{what} at {width} px: sideways scrolling in {swipes}"


# role, where they start, where they land, the link to their first task and what it opens
JOURNEYS = [
    (roles.EDITORS, "/admin/", "/quan-ly/", "Hàng chờ duyệt bài viết", "/admin/news/article/"),
    (roles.CONTRIBUTORS, "/admin/", "/quan-ly/", "Viết bài mới", "/admin/news/article/add/"),
    (roles.OPERATORS, "/admin/", "/quan-ly/", "Ghi nhận cuộc gọi, thư báo",
     "/duong-day-nong/tong-dai/ghi-nhan/"),
    (roles.INSPECTORS, "/admin/", "/duong-day-nong/thanh-tra/", None, None),
    (roles.ADMINISTRATORS, "/admin/", "/quan-ly/", "Tài khoản cán bộ", "/admin/auth/user/"),
    (roles.TESTING_OFFICE, "/admin/", "/ket-qua-thi/quan-ly/2021/nhap-tep/", None, None),
    (roles.SITE_STAFF, "/lich-thi/dang-nhap/", "/lich-thi/bao-cao/buoi-thi/", None, None),
    (roles.SITE_STAFF, "/admin/", "/lich-thi/bao-cao/buoi-thi/", None, None),
    (roles.UNIT_STAFF, "/lich-thi/dang-nhap/", "/don-vi/", None, None),
]


@pytest.mark.parametrize(("group", "start", "lands", "link", "task"), JOURNEYS,
                         ids=[f"{j[0]}-{j[1]}" for j in JOURNEYS])
def test_each_role_signs_in_and_reaches_its_first_task_on_a_phone(
        phone_page, live_server, desk, axe_check, screenshot, group, start, lands, link, task):
    page = phone_page
    base = live_server.url
    sign_in(page, base, desk[group].username, start)
    assert lands in page.url, page.url
    assert_fits(page, f"{group}: landing {page.url}")
    page.set_viewport_size({"width": 375, "height": 740})
    screenshot(page, f"staff-landing-{desk[group].username}-375")
    # The start page is always there, whatever the landing, and fits a phone too.
    page.goto(base + "/quan-ly/")
    expect(page.get_by_role("heading", name="Trang làm việc", exact=True)).to_be_visible()
    assert "Lường Thị Hoa" in page.content() and "Hoa Lường Thị" not in page.content()
    assert_fits(page, f"{group}: start page")
    page.set_viewport_size({"width": 375, "height": 740})
    assert axe_check(page) == []
    screenshot(page, f"staff-start-{desk[group].username}-375")
    if link:
        page.get_by_role("link", name=re.compile(rf"^{re.escape(link)}( \d+)?$")).click()
        page.wait_for_load_state("load")
        assert task in page.url
        assert page.locator("h1").count() >= 1
        assert "Bạn không có quyền" not in page.content()
    assert page.console_errors == []


def test_sign_in_page_is_light_and_accessible_at_both_addresses(phone_page, live_server, axe_check,
                                                                 screenshot):
    page = phone_page
    for path in ["/admin/login/", "/lich-thi/dang-nhap/"]:
        page.goto(live_server.url + path)
        assert_fits(page, path)
        page.set_viewport_size({"width": 375, "height": 740})
        assert axe_check(page) == []
    screenshot(page, "staff-sign-in-375")


def test_operator_admin_home_is_no_dead_end(page, live_server, desk):
    sign_in(page, live_server.url, "tongdai", "/admin/login/?next=/admin/auth/")
    page.goto(live_server.url + "/admin/")
    assert "Bạn không có quyền xem hoặc chỉnh sửa bất cứ gì" not in page.content()
    page.get_by_role("link", name="Ghi nhận cuộc gọi, thư báo").click()
    expect(page).to_have_url(re.compile("/duong-day-nong/tong-dai/ghi-nhan/"))


def test_inspector_queue_is_cards_on_a_phone(phone_page, live_server, desk, screenshot):
    page = phone_page
    sign_in(page, live_server.url, "thanhtra")
    assert "/duong-day-nong/thanh-tra/" in page.url
    assert page.locator("table.queue tbody tr").count() == 3
    assert_fits(page, "the inspectors' queue")
    page.set_viewport_size({"width": 375, "height": 740})
    screenshot(page, "staff-queue-375")


def test_editor_reaches_the_exam_dashboard_and_overdue_stays_on_one_line(
        page, live_server, desk, screenshot):
    """From the start page to the dashboard; "Chưa báo cáo — quá hạn" does not wrap."""
    sign_in(page, live_server.url, "bientap")
    page.get_by_role("link", name=re.compile("^Tổng hợp báo cáo: ")).click()
    page.wait_for_load_state("load")
    assert "/lich-thi/tong-hop/" in page.url
    badge = page.locator(".dashboard-table .badge--overdue").first
    expect(badge).to_have_text("Chưa báo cáo — quá hạn")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        box = badge.bounding_box()
        line = page.evaluate("el => parseFloat(getComputedStyle(el).lineHeight) || 20",
                             badge.element_handle())
        assert box["height"] < 1.8 * line, f"the badge wraps at {width} px: {box['height']} px high"
    screenshot(page, "staff-dashboard-375")


def test_contributor_writes_and_sends_for_review_from_the_form(page, live_server, desk, screenshot):
    """The contributor's whole task from the start page: cover with a thumbnail, multiword
    tags without quotes, "Lưu và gửi duyệt", then the read-only article as HTML."""
    from news.models import Article, Section
    from tests.e2e.test_news_journeys import fill_body
    from tests.news.conftest import image_file

    section = Section.objects.filter(column__year=2021).first()
    sign_in(page, live_server.url, "congtac")
    page.get_by_role("link", name="Viết bài mới").click()
    page.wait_for_load_state("load")
    page.get_by_label("Tiêu đề").fill("Trường THPT Mường Tè sẵn sàng")
    page.get_by_label("Chuyên mục con").select_option(label=section.title)
    page.get_by_label("Sapo (tóm tắt)").fill("Nhà trường hoàn tất phòng thi.")
    fill_body(page, "Giáo viên dọn vệ sinh phòng thi.")
    page.get_by_label("Thẻ").fill("thi tốt nghiệp, Mường Tè")
    page.locator("#id_cover_image").set_input_files(files=[{
        "name": "anh.jpg", "mimeType": "image/jpeg", "buffer": image_file().read()}])
    page.get_by_label("Mô tả ảnh (alt)").fill("Phòng thi")
    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("Đã gửi bài để biên tập viên duyệt.")).to_be_visible()
    article = Article.objects.get(title="Trường THPT Mường Tè sẵn sàng")
    assert article.status == Article.Status.PENDING
    assert sorted(t.name for t in article.tags.all()) == ["Mường Tè", "thi tốt nghiệp"]
    # Read-only now: the body as text with its paragraphs, never "<p>"; the cover as a picture.
    assert "<p>" not in page.locator("#content-main").inner_text()
    expect(page.locator(".article-body-readonly")).to_contain_text("Giáo viên dọn vệ sinh")
    screenshot(page, "staff-article-submitted")
    # An editor sees the thumbnail above a whole file button on the form.
    page.context.clear_cookies()
    sign_in(page, live_server.url, "bientap", f"/admin/login/?next=/admin/news/article/{article.pk}/change/")
    thumb = page.locator(".cover-upload img")
    expect(thumb).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", thumb.element_handle()) > 0
    button = page.locator(".cover-upload input[type=file]")
    clipped = page.evaluate("el => el.scrollWidth > el.clientWidth + 1", button.element_handle())
    assert not clipped
    assert page.locator('input[name="tags"]').input_value() == "Mường Tè, thi tốt nghiệp"
    screenshot(page, "staff-article-cover")


def test_editor_answers_a_question_citing_a_document_through_the_picker(
        page, live_server, desk, axe_check, screenshot):
    import datetime

    from documents.models import Document, DocumentType, Issuer
    from qa import services as qa
    from qa.models import Question, Status

    document = Document.objects.create(
        document_type=DocumentType.DIRECTIVE, number="08/CT-UBND",
        issuer=Issuer.objects.get_or_create(name="UBND tỉnh Lai Châu")[0],
        issue_date=datetime.date(2021, 5, 12), excerpt="Về việc tổ chức Kỳ thi tốt nghiệp THPT",
        exam_year=2021, is_published=True)
    question = qa.ask_question(topic="phuc-khao", text="Phúc khảo bài thi nộp đơn ở đâu ạ?",
                               asker_name="Phụ huynh")
    sign_in(page, live_server.url, "bientap")
    page.get_by_role("link", name=re.compile(r"^Câu hỏi chờ trả lời 1$")).click()
    page.get_by_role("link", name=re.compile("Phúc khảo bài thi nộp đơn")).click()
    page.wait_for_load_state("load")
    page.get_by_label("Tiêu đề:", exact=True).fill("Nộp đơn phúc khảo ở đâu?")
    page.get_by_label("Trả lời:", exact=True).fill("Thí sinh nộp đơn tại trường THPT đã đăng ký dự thi.")
    # The searchable picker: type a few letters of the excerpt, pick the document.
    search = page.locator("#id_a-cited_documents + .select2 .select2-search__field")
    search.click()
    search.fill("tốt nghiệp")
    page.locator(".select2-results__option", has_text="08/CT-UBND").click()
    screenshot(page, "staff-qa-answer-picker")
    page.get_by_role("button", name="Trả lời và đăng").click()
    page.wait_for_load_state("load")
    answered = Question.objects.get(pk=question.pk)
    assert answered.status == Status.ANSWERED
    assert list(answered.cited_documents.all()) == [document]
    assert page.console_errors == []


@pytest.mark.parametrize(("username", "paths"), [
    ("thanhtra", ["/duong-day-nong/thanh-tra/bao-cao-ngay/", "report"]),
    ("tongdai", ["/duong-day-nong/tong-dai/", "/duong-day-nong/tong-dai/ghi-nhan/"]),
    ("canbo01", ["/lich-thi/bao-cao/"]),
    ("bientap", ["/lich-thi/bao-cao/"]),
])
def test_the_next_staff_screens_fit_a_phone_too(phone_page, live_server, desk, username, paths):
    from hotline.models import Report

    page = phone_page
    sign_in(page, live_server.url, username)
    for path in paths:
        if path == "report":
            path = Report.objects.order_by("pk").first().get_absolute_url()
        page.goto(live_server.url + path)
        assert_fits(page, f"{username}: {path}")


@pytest.mark.parametrize("username", ["tongdai", "bientap", "quantri"])
def test_admin_home_with_the_start_links_fits_a_phone(phone_page, live_server, desk, username):
    page = phone_page
    sign_in(page, live_server.url, username)
    page.goto(live_server.url + "/admin/")
    expect(page.locator("#staff-start")).to_be_visible()
    assert "Bạn không có quyền xem hoặc chỉnh sửa bất cứ gì" not in page.content()
    assert_fits(page, f"{username}: admin home")

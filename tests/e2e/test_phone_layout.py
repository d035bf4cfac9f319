"""Every public page on a phone (320 and 375 px): no sideways scrolling, a compact header whose
one menu button works without JavaScript, and a home page whose first two screens hold what a
parent comes for (the next exam moment or the score lookup, the key dates, the hotline)."""

import datetime
import io
import zoneinfo
from unittest import mock

import pytest
from django.core.management import call_command

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
PHONES = [(320, 568), (375, 740)]


@pytest.fixture
def demo(exam_column):
    """The demo content (articles, documents, questions, schedule, sites, results)."""
    from exams.models import ExamComponent, ExamSession
    from exams.schedule_2021 import create_2021_schedule

    if not ExamSession.objects.filter(year=2021).exists():  # a flushed database has none
        create_2021_schedule(ExamSession, ExamComponent)
    call_command("seed_demo", allow_production=True, stdout=io.StringIO())


def public_paths():
    from documents.models import Document
    from news.models import Article, ArticleTag
    from qa.models import Question

    article = Article.objects.published().order_by("-publish_at").first()
    document = Document.objects.published().first()
    question = Question.objects.published().first()
    tag = ArticleTag.objects.filter(tagged_articles__isnull=False).first()
    section = article.section
    return [
        "/", "/ky-thi/2021/", section.get_absolute_url(), article.get_absolute_url(),
        tag.get_absolute_url(), f"/luu-tru/{article.publish_at:%Y}/{article.publish_at.month}/",
        "/luu-tru/", "/tim-kiem/", "/tim-kiem/?q=lich+thi", "/tim-kiem/?q=diem+thi",
        "/van-ban/", document.get_absolute_url(), "/duong-day-nong/",
        "/duong-day-nong/gui-phan-anh/", "/duong-day-nong/tra-cuu/", "/hoi-dap/",
        question.get_absolute_url(), "/hoi-dap/dat-cau-hoi/", "/hoi-dap/dat-cau-hoi/da-gui/",
        "/nhan-tin/", "/nhan-tin/kiem-tra-hop-thu/", "/theo-doi/", "/nhung-tin/",
        "/lich-thi/", "/lich-thi/diem-thi/", "/ket-qua-thi/2021/", "/ket-qua-thi/2021/thong-ke/",
        "/so-do-trang/", "/khong-co-trang-nay/",
    ]


def phone(browser, width, height):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": width, "height": height}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


OVERFLOW = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5
               && getComputedStyle(e).visibility !== 'hidden')
  .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className)"""


@pytest.mark.parametrize("width,height", PHONES)
def test_no_public_page_scrolls_sideways(browser, live_server, demo, width, height):
    context, page = phone(browser, width, height)
    failures = []
    for path in public_paths():
        page.goto(live_server.url + path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        inner_width = page.evaluate("innerWidth")
        if scroll_width > inner_width:
            failures.append(f"{path}: {scroll_width} px wide ({page.evaluate(OVERFLOW)})")
        header = page.locator("header.site-header").bounding_box()
        if header["height"] > height / 4:
            failures.append(f"{path}: header {header['height']:.0f} px of {height}")
    context.close()
    assert failures == []


def test_the_menu_button_opens_the_navigation_without_javascript(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True,
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    schedule = nav.get_by_role("link", name="Lịch thi", exact=True)
    assert not schedule.is_visible()
    assert page.get_by_label("Tìm kiếm trên cổng thông tin").is_visible()
    page.locator("summary", has_text="Menu").click()
    assert schedule.is_visible()
    schedule.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/lich-thi/")
    context.close()
    # On a wide screen the navigation is always shown and the button is not.
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Lịch thi", exact=True).is_visible()
    assert not page.locator("summary", has_text="Menu").is_visible()
    context.close()


def shoot_two_screens(page, name):
    """A small picture for test-artifacts/: the first two screens at 375 px, 1x."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True,
                    clip={"x": 0, "y": 0, "width": 375, "height": 1480})


def first_two_screens(page, height):
    """The text of the elements that start within the first two screens."""
    return page.evaluate("""(limit) => [...document.querySelectorAll('main h2, main p, main li, main a')]
        .filter(e => e.getBoundingClientRect().top + scrollY < limit && e.offsetParent !== null)
        .map(e => e.textContent.replace(/\\s+/g, ' ').trim()).join('\\n')""", 2 * height)


def tel_links_in_first_two_screens(page, height):
    return page.evaluate("""(limit) => [...document.querySelectorAll('main a[href^="tel:"]')]
        .filter(e => e.getBoundingClientRect().top + scrollY < limit)
        .map(e => e.getAttribute('href'))""", 2 * height)


@pytest.mark.parametrize("moment,expected", [
    (datetime.datetime(2021, 7, 1, 9, 0, tzinfo=VN), "Ngữ văn"),
    (datetime.datetime(2021, 7, 7, 8, 0, tzinfo=VN), "Đang diễn ra"),
    (datetime.datetime(2021, 7, 27, 9, 0, tzinfo=VN), "Tra cứu điểm thi"),
])
def test_home_first_two_screens_hold_the_essentials(browser, live_server, demo, moment, expected):
    from django.conf import settings

    with mock.patch("django.utils.timezone.now", return_value=moment):
        context, page = phone(browser, 375, 740)
        page.goto(live_server.url + "/")
        text = first_two_screens(page, 740)
        assert expected in text, text
        assert "Các mốc" in text and "/lich-thi/" in "".join(page.eval_on_selector_all(
            ".key-dates a", "els => els.map(e => e.getAttribute('href'))"))
        phones = [phone.replace(" ", "") for phone in settings.PORTAL["phones"]]
        assert tel_links_in_first_two_screens(page, 740) == [f"tel:{p}" for p in phones]
        assert "Tin mới" in text
        if moment.day == 1:
            shoot_two_screens(page, "phone-375-home")
        context.close()


@pytest.mark.parametrize("moment,first", [
    (datetime.datetime(2021, 7, 7, 15, 0, tzinfo=VN), "Toán"),
    (datetime.datetime(2021, 7, 8, 12, 0, tzinfo=VN), "Ngoại ngữ"),
])
def test_schedule_on_a_phone_shows_blocks_with_the_current_or_next_first(
        browser, live_server, exam_column, axe_check, moment, first):
    from exams.models import ExamComponent, ExamSession
    from exams.schedule_2021 import create_2021_schedule

    if not ExamSession.objects.filter(year=2021).exists():
        create_2021_schedule(ExamSession, ExamComponent)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        context, page = phone(browser, 375, 740)
        page.goto(live_server.url + "/lich-thi/")
        rows = page.locator("table.schedule").first.locator("tr.schedule__session")
        tops = rows.evaluate_all("rows => rows.map(r => [r.getBoundingClientRect().top, "
                                 "r.className, r.querySelector('td strong').textContent])")
        by_position = sorted(tops)
        assert "is-focus" in by_position[0][1] and by_position[0][2] == first, by_position
        # Each session is a block: the columns are lines one under the other, within the screen.
        focus = page.locator("tr.is-focus")
        labels = focus.locator("td[data-label]").evaluate_all(
            "tds => tds.map(td => [getComputedStyle(td).display, "
            "getComputedStyle(td, '::before').content])")
        assert labels == [["block", '"Phát đề: "'], ["block", '"Bắt đầu làm bài: "'],
                          ["block", '"Thời gian làm bài: "']]
        assert focus.bounding_box()["width"] <= 375
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert axe_check(page) == []
        if first == "Toán":
            shoot_two_screens(page, "phone-375-schedule")
        context.close()
        # A wide screen keeps the table.
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(live_server.url + "/lich-thi/")
        assert page.locator("table.schedule thead").first.is_visible()
        assert page.locator("tr.is-focus td").first.evaluate(
            "td => getComputedStyle(td).display") == "table-cell"
        context.close()


def test_the_widget_code_box_draws_vietnamese_letters_whole(browser, live_server, exam_column):
    """"về" in the code box: monospace fonts without Vietnamese letters drew "vê`"; the box uses
    the text font, which has them."""
    context, page = phone(browser, 375, 740)
    page.goto(live_server.url + "/nhung-tin/")
    box = page.locator("#snippet-script")
    assert "Thông tin về Kỳ thi" in box.input_value()
    fonts = box.evaluate("el => [getComputedStyle(el).fontFamily, "
                         "getComputedStyle(document.body).fontFamily]")
    assert fonts[0] == fonts[1]
    context.close()


@pytest.mark.parametrize("path,name", [
    ("/tim-kiem/?q=diem+thi", "search"), ("/duong-day-nong/tra-cuu/", "hotline-lookup"),
    ("/theo-doi/", "follow"), ("/hoi-dap/tra-cuu/?ma=HD-2345-6789", "qa-lookup"),
    ("/ky-thi/2021/", "column"), ("/so-do-trang/", "site-map"),
])
def test_changed_pages_on_a_phone_pass_axe(browser, live_server, demo, axe_check, path, name):
    context, page = phone(browser, 375, 740)
    page.goto(live_server.url + path)
    assert axe_check(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-375-{name}.png"))  # the first screen
    context.close()

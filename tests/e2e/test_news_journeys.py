"""Browser journeys of the news column: the editorial workflow in the admin, a parent on a phone."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from news.models import Article
from tests.news import conftest as news_fixtures
from tests.news.conftest import image_file

# The news unit tests' fixtures, shared here.
contributor = news_fixtures.contributor
editor = news_fixtures.editor
make_article = news_fixtures.make_article
section = news_fixtures.section

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "test-password-123"
TITLE = "Điểm thi Trường THPT Phong Thổ sẵn sàng đón thí sinh"


def log_in(page, base, username):
    page.goto(base + "/admin/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("load")


def fill_body(page, html):
    """Type into CKEditor when it loaded; the plain textarea otherwise."""
    frame = page.frame_locator("iframe.cke_wysiwyg_frame")
    page.wait_for_selector("iframe.cke_wysiwyg_frame", timeout=10_000)
    frame.locator("body").click()
    frame.locator("body").fill(html)


def test_contributor_draft_to_scheduled_publication_then_found_on_a_phone(
        browser, page, phone_page, live_server, contributor, editor, section, screenshot,
        axe_check):
    base = live_server.url
    # 1. A contributor from a school writes a draft and sends it for review.
    log_in(page, base, contributor.username)
    page.goto(base + "/admin/news/article/add/")
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.get_by_label("Chuyên mục con").select_option(label=f"{section.title}")
    page.get_by_label("Sapo (tóm tắt)").fill("Nhà trường đã hoàn tất 15 phòng thi và phòng thi dự phòng.")
    fill_body(page, "Giáo viên và học sinh dọn vệ sinh, kê bàn ghế cho các phòng thi.")
    page.get_by_label("Thẻ").fill("Phong Thổ, Điểm thi")
    page.locator("#id_cover_image").set_input_files(files=[{
        "name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": image_file().read()}])
    page.get_by_label("Mô tả ảnh (alt)").fill("Phòng thi đã được kê bàn ghế")
    page.get_by_role("button", name="Lưu và gửi duyệt").click()  # the form's own button
    page.wait_for_load_state("load")
    assert page.get_by_text("Đã gửi bài để biên tập viên duyệt.").is_visible()
    assert page.get_by_text("Chờ duyệt", exact=True).first.is_visible()
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.PENDING
    assert page.console_errors == []

    # 2. The editor finds it on the first screen, returns it once, then schedules it.
    editor_context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    desk = editor_context.new_page()
    desk.console_errors = []
    desk.on("pageerror", lambda exc: desk.console_errors.append(str(exc)))
    log_in(desk, base, editor.username)
    # Editors land on their start page; the admin's home keeps the queue itself.
    assert desk.get_by_role("link", name="Hàng chờ duyệt bài viết 1").is_visible()
    desk.goto(base + "/admin/")
    queue = desk.locator("#review-queue")
    assert "Hàng chờ duyệt bài viết (1)" in queue.inner_text()
    screenshot(desk, "news-admin-review-queue")
    queue.get_by_role("link", name=TITLE).click()
    desk.wait_for_load_state("load")
    desk.get_by_label("Góp ý khi trả lại (bắt buộc)").fill("Ghi rõ số phòng thi dự phòng.")
    desk.get_by_role("button", name="Trả lại cho tác giả").click()
    desk.wait_for_load_state("load")
    assert desk.get_by_text("Đã trả lại bài cho tác giả kèm góp ý.").is_visible()

    page.reload()
    assert page.get_by_text("Ghi rõ số phòng thi dự phòng.", exact=True).is_visible()
    page.get_by_label("Sapo (tóm tắt)").fill(
        "Nhà trường đã hoàn tất 15 phòng thi và 1 phòng thi dự phòng.")
    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Gửi duyệt", exact=True).click()  # the workflow panel's
    page.wait_for_load_state("load")

    desk.reload()
    at = (timezone.localtime() + timedelta(days=1)).replace(hour=7, minute=30, second=0, microsecond=0)
    desk.get_by_label("Xuất bản lúc").fill(at.strftime("%Y-%m-%dT%H:%M"))
    screenshot(desk, "news-admin-workflow-panel")
    desk.get_by_role("button", name="Lên lịch xuất bản").click()
    desk.wait_for_load_state("load")
    assert desk.get_by_text(f"bài sẽ tự hiện lúc {at:%H:%M ngày %d/%m/%Y}").is_visible()
    assert desk.locator("#workflow-status").inner_text() == "Đã lên lịch"
    # The preview shows the scheduled article to staff, marked noindex.
    with desk.expect_popup() as popup:
        desk.get_by_role("link", name="Xem trước").click()
    preview = popup.value
    preview.wait_for_load_state("load")
    assert preview.get_by_text("Bản xem trước").is_visible()
    assert preview.locator('meta[name="robots"]').get_attribute("content") == "noindex, nofollow"
    assert desk.console_errors == []
    editor_context.close()

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.publish_at == at
    assert [e.action for e in article.events.order_by("at", "pk")] == [
        "created", "submitted", "returned", "edited", "submitted", "scheduled"]

    # 3. Before its time, a parent does not find it; after, they do, without diacritics.
    phone_page.goto(base + "/")
    search_box = phone_page.get_by_label("Tìm kiếm trên cổng thông tin")
    search_box.fill("diem thi phong tho")
    search_box.press("Enter")
    phone_page.wait_for_load_state("load")
    assert phone_page.get_by_text("Không tìm thấy kết quả nào").is_visible()
    # (Another spelling: the browser may keep the first answer for a minute, as a CDN would.)
    with mock.patch("django.utils.timezone.now", return_value=at + timedelta(minutes=1)):
        phone_page.goto(base + "/")
        search_box = phone_page.get_by_label("Tìm kiếm trên cổng thông tin")
        search_box.fill("Diem Thi PHONG THO")
        search_box.press("Enter")
        phone_page.wait_for_load_state("load")
        result = phone_page.get_by_role("link", name=TITLE)
        assert result.is_visible()
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
        assert axe_check(phone_page) == []
        screenshot(phone_page, "news-phone-search")
        result.click()
        phone_page.wait_for_load_state("load")
        assert phone_page.get_by_role("heading", level=1, name=TITLE).is_visible()
        assert phone_page.get_by_text(f"{at:%d/%m/%Y %H:%M}").first.is_visible()
        image = phone_page.locator(".article__cover img")
        assert image.get_attribute("alt") == "Phòng thi đã được kê bàn ghế"
        assert image.get_attribute("srcset") and image.get_attribute("width") == "1600"
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
        assert axe_check(phone_page) == []
        screenshot(phone_page, "news-phone-article")
    assert phone_page.console_errors == []


def test_public_news_pages_are_accessible(page, live_server, make_article, section, axe_check,
                                          screenshot):
    from news.images import make_renditions

    first = make_article(title="Công bố kết quả Kỳ thi tốt nghiệp THPT năm 2021", is_pinned=True,
                         tags=["Kết quả thi"], source="Sở GDĐT Lai Châu", byline="Văn phòng Sở",
                         cover_alt="Thí sinh tra cứu điểm thi")
    first.cover_image.save("cover.jpg", image_file(), save=True)
    make_renditions(first)
    for n in range(25):
        make_article(title=f"Tin tổ chức thi số {n}", tags=["Kết quả thi"])
    withdrawn = make_article(title="Bài đã gỡ", status=Article.Status.WITHDRAWN,
                             publish_at=timezone.now() - timedelta(days=2))
    pages = {
        "home": "/",
        "column": "/ky-thi/2021/",
        "section": section.get_absolute_url() + "?page=2",
        "article": first.get_absolute_url(),
        "tag": "/chu-de/ket-qua-thi/",
        "archive": "/luu-tru/",
        "search": "/tim-kiem/?q=ket+qua+thi",
    }
    for name, url in pages.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert axe_check(page) == [], f"{name}: {axe_check(page)}"
        screenshot(page, f"news-{name}")
    response = page.goto(live_server.url + withdrawn.get_absolute_url())
    assert response.status == 410
    assert axe_check(page) == []
    # Copy-link and print appear with JavaScript; the link field works without it.
    page.goto(live_server.url + first.get_absolute_url())
    assert page.get_by_role("button", name="Sao chép liên kết").is_visible()
    assert page.get_by_role("button", name="In bài viết").is_visible()
    assert [e for e in page.console_errors if "410 (Gone)" not in e] == []


def test_article_page_works_without_javascript(browser, live_server, make_article):
    article = make_article(title="Đọc được khi tắt JavaScript")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    assert page.get_by_role("heading", level=1, name=article.title).is_visible()
    assert page.get_by_label("Đường dẫn bài viết").input_value().endswith(article.get_absolute_url())
    assert not page.get_by_role("button", name="Sao chép liên kết").is_visible()
    context.close()

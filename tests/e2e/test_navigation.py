from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def same_origin_links(page, base):
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    links = set()
    for href in hrefs:
        if href.startswith(("mailto:", "tel:", "#")):
            continue
        url = urljoin(page.url, href)
        if urlsplit(url).netloc == urlsplit(base).netloc:
            links.add(url.split("#", 1)[0])
    return links


def test_home_and_every_main_navigation_link(page, live_server, axe_check, screenshot):
    page.goto(live_server.url + "/")
    assert page.locator("header").get_by_text("SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH LAI CHÂU").is_visible()
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    labels = ["Trang chủ", "Kỳ thi tốt nghiệp THPT 2021", "Văn bản", "Đường dây nóng"]
    hrefs = [nav.get_by_role("link", name=label, exact=True).get_attribute("href")
             for label in labels]

    checked = set()
    for label, href in zip(labels, hrefs, strict=True):
        page.goto(live_server.url + "/")
        page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
            "link", name=label, exact=True).click()
        page.wait_for_load_state("load")
        assert urlsplit(page.url).path == href, label
        assert page.locator("h1").count() >= 1
        assert page.title(), label
        violations = axe_check(page)
        assert violations == [], f"{label}: {violations}"
        screenshot(page, "nav-" + (href.strip("/").replace("/", "-") or "home"))
        for link in same_origin_links(page, live_server.url) - checked:
            response = page.request.get(link)
            assert response.status < 400, f"broken link {link} on {page.url}: {response.status}"
            checked.add(link)
    assert page.console_errors == []


def test_search_box_and_skip_link(page, live_server, axe_check):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    assert skip.evaluate("el => el === document.activeElement")
    page.get_by_label("Tìm kiếm trên cổng thông tin").fill("ky thi")
    page.get_by_role("button", name="Tìm kiếm").first.click()
    page.wait_for_load_state("load")
    assert "/tim-kiem/" in page.url and "q=ky+thi" in page.url
    assert page.get_by_role("heading", name="Tìm kiếm").is_visible()
    assert axe_check(page) == []
    assert page.console_errors == []


def test_phone_layout_has_no_horizontal_scroll(phone_page, live_server, screenshot):
    phone_page.goto(live_server.url + "/")
    assert phone_page.get_by_role("link", name="Kết quả thi").is_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    screenshot(phone_page, "home-phone")
    assert phone_page.console_errors == []

"""A school's page on another origin carries the column with the script and the iframe."""

import http.server
import json
import threading
import urllib.request

import pytest

from tests.news.test_syndication_feeds import publish

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCHOOL_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Trường THPT Mường Tè</title>
<script>var $ = function () {{ return 1; }}; window.jQuery = $; var items = "school's own";</script>
<script>function render() {{ return "school render"; }}</script>
</head><body>
<h1>Trường THPT Mường Tè</h1>
<div id="good" data-sgddt-widget data-feed="{portal}/ky-thi/2021/feed.json" data-limit="3"
     data-dates="1" data-style="compact"><a href="{portal}/ky-thi/2021/">Tin Kỳ thi 2021</a></div>
<div id="broken" data-sgddt-widget data-feed="{portal}/ky-thi/1990/feed.json" data-limit="3">
  <a href="{portal}/ky-thi/2021/">Tin Kỳ thi (dự phòng)</a></div>
<div id="down" data-sgddt-widget data-feed="http://127.0.0.1:9/feed.json">
  <a href="{portal}/ky-thi/2021/">Tin Kỳ thi (máy chủ tắt)</a></div>
<script>window.before = Object.keys(window).concat(["before"]);</script>
<script src="{portal}/static/js/embed.js" async></script>
<script src="{portal}/static/js/embed.js" async></script>
<iframe id="frame" src="{portal}/nhung-tin/khung/2021/?limit=2&dates=1&style=compact"
        title="Tin Kỳ thi" width="100%" height="200"></iframe>
</body></html>"""


@pytest.fixture
def school_site(live_server):
    html = SCHOOL_PAGE.format(portal=live_server.url).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_school_page_shows_the_column_through_script_and_iframe(page, live_server, school_site,
                                                                exam_column, screenshot):
    for n in range(4):
        publish(exam_column, f"Thông báo số {n} về Kỳ thi", minutes_ago=100 - n)
    publish(exam_column, "<script>alert('xss')</script> Lịch thi", minutes_ago=1)
    feed = json.loads(urllib.request.urlopen(  # noqa: S310 - our own live server
        live_server.url + "/ky-thi/2021/feed.json").read())

    page.goto(school_site)
    good = page.locator("#good")
    good.locator("li").first.wait_for()
    titles = good.locator(".sgddt-title").all_text_contents()
    assert titles == [item["title"] for item in feed["items"][:3]]
    assert titles[0] == "<script>alert('xss')</script> Lịch thi"  # shown as text
    links = good.locator("a.sgddt-link")
    assert links.first.get_attribute("target") == "_blank"
    assert links.first.get_attribute("href") == feed["items"][0]["url"]
    assert good.locator("time").first.inner_text().count("/") == 2
    assert good.locator("a.sgddt-more").inner_text() == "Tin Kỳ thi 2021"

    for fallback in ("#broken", "#down"):
        box = page.locator(fallback)
        page.wait_for_function(
            "id => document.querySelector(id).getAttribute('data-sgddt-state') === 'fallback'",
            arg=fallback)
        assert box.locator("li").count() == 0
        assert box.get_by_role("link").count() == 1

    added = page.evaluate(
        "Object.keys(window).filter(k => !window.before.includes(k) && !/^\\d+$/.test(k))")
    assert added == ["SGDDTLaiChauWidget"]
    assert page.evaluate("typeof render === 'function' && items === \"school's own\"")

    frame = page.frame_locator("#frame")
    frame.locator(".embed-item").first.wait_for()
    assert frame.locator(".embed-item").count() == 2
    assert frame.locator(".embed-title").first.inner_text() == feed["items"][0]["title"]
    screenshot(page, "school-page-widget")

    # The browser reports the failed loads of the broken feeds itself; the page and the
    # widget raise nothing.
    script_errors = [e for e in page.console_errors
                     if "Failed to load resource" not in e and "ERR_CONNECTION_REFUSED" not in e]
    assert script_errors == []


def test_embed_generator_preview_and_copy(page, live_server, exam_column, axe_check, screenshot):
    publish(exam_column, "Kết quả thi tốt nghiệp THPT năm 2021", section_slug="ket-qua-thi")
    page.goto(live_server.url + "/nhung-tin/")
    assert axe_check(page) == []
    page.get_by_label("Chuyên mục").select_option("ket-qua-thi")
    page.wait_for_function(
        "() => document.querySelector('#snippet-script').value.includes('ket-qua-thi/feed.json')")
    code = page.locator("#snippet-script").input_value()
    assert 'data-feed="' + live_server.url.replace("localhost", "127.0.0.1") in code or \
        "/ky-thi/2021/ket-qua-thi/feed.json" in code
    assert "ket-qua-thi/feed.json" in page.locator("[data-embed-swap='feed-link'] a").first.inner_text()
    preview = page.frame_locator("[data-embed-preview]")
    preview.locator(".embed-item").first.wait_for()
    assert "Kết quả thi tốt nghiệp" in preview.locator(".embed-item").first.inner_text()
    assert page.get_by_role("button", name="Sao chép mã").first.is_visible()
    screenshot(page, "embed-generator")
    assert page.console_errors == []


def test_follow_page_is_accessible(page, live_server, exam_column, axe_check, screenshot):
    publish(exam_column, "Tin có thẻ", tags=["Ngữ văn"])
    page.goto(live_server.url + "/theo-doi/")
    assert axe_check(page) == []
    assert page.get_by_role("button", name="Sao chép").first.is_visible()
    screenshot(page, "follow")
    page.goto(live_server.url + "/so-do-trang/")
    assert axe_check(page) == []
    assert page.console_errors == []

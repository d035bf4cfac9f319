"""A visitor finds a directive in the registry and downloads it; editors upload with progress."""

import io
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DIRECTIVE_FILENAME = (
    "08-CT-UBND Về việc tăng cường chỉ đạo tổ chức Kỳ thi tốt nghiệp trung học phổ thông năm 2021 "
    "trên địa bàn tỉnh Lai Châu.pdf"
)


@pytest.fixture
def registry(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from documents import demo

    demo.seed(io.StringIO())


def search(page, live_server, query):
    page.goto(live_server.url + "/van-ban/")
    page.get_by_label("Số, ký hiệu hoặc từ khóa trong trích yếu").fill(query)
    page.get_by_role("button", name="Tìm văn bản").click()
    page.wait_for_load_state("load")


def test_visitor_finds_directive_by_number_and_downloads_it(page, live_server, registry, axe_check,
                                                              screenshot):
    page.goto(live_server.url + "/van-ban/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Văn bản chỉ đạo, hướng dẫn")
    assert axe_check(page) == []
    screenshot(page, "documents-registry")

    search(page, live_server, "08/CT")
    assert "q=08%2FCT" in page.url  # the search stays in the URL, the list can be shared
    results = page.locator(".doc-item")
    expect(results.first).to_contain_text("08/CT-UBND")
    expect(page.get_by_role("status")).to_contain_text("cho “08/CT”")
    assert axe_check(page) == []
    screenshot(page, "documents-search-number")

    results.first.get_by_role("link", name=re.compile("tăng cường chỉ đạo")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Về việc tăng cường chỉ đạo")
    assert "tăng cường chỉ đạo" in page.title()
    expect(page.locator(".doc-record")).to_contain_text("UBND tỉnh Lai Châu")
    expect(page.locator(".doc-record")).to_contain_text("12/05/2021")
    assert axe_check(page) == []
    screenshot(page, "documents-detail")

    with page.expect_download() as info:
        page.locator(".doc-file").first.get_by_role("link", name=re.compile("^Tải về")).click()
    download = info.value
    assert download.suggested_filename == DIRECTIVE_FILENAME
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert page.console_errors == []


def test_visitor_finds_directive_by_words_without_diacritics(page, live_server, registry):
    search(page, live_server, "chi thi tang cuong")
    assert "q=chi+thi+tang+cuong" in page.url
    results = page.locator(".doc-item")
    expect(results.first).to_contain_text("08/CT-UBND")
    with page.expect_download() as info:
        results.first.get_by_role("link", name=re.compile("^Tải về")).click()
    assert info.value.suggested_filename == DIRECTIVE_FILENAME


def test_filters_combine_and_print_view(page, live_server, registry, axe_check, screenshot):
    page.goto(live_server.url + "/van-ban/")
    page.get_by_label("Loại văn bản").select_option(label="Thông tư")
    page.get_by_label("Cơ quan ban hành").select_option(label="Bộ Giáo dục và Đào tạo")
    page.get_by_role("button", name="Tìm văn bản").click()
    page.wait_for_load_state("load")
    assert "type=TT" in page.url
    expect(page.locator(".doc-item")).to_have_count(2)
    expect(page.locator(".doc-item").first).to_contain_text("05/2021/TT-BGDĐT")
    page.locator(".doc-item").first.get_by_role("link").first.click()
    page.get_by_role("link", name=re.compile("^Bản in")).click()
    page.wait_for_url(re.compile(r"/ban-in/$"))
    expect(page.get_by_role("button", name="In trang này")).to_be_visible()  # shown by the script
    assert axe_check(page) == []
    screenshot(page, "documents-print")
    assert page.console_errors == []


def test_registry_on_a_phone(phone_page, live_server, registry, axe_check, screenshot):
    page = phone_page
    page.goto(live_server.url + "/van-ban/")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow
    assert axe_check(page) == []
    screenshot(page, "documents-registry-phone")
    page.locator(".doc-item").first.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/van-ban/\d+-[a-z0-9-]+/$"))
    page.wait_for_load_state("load")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    screenshot(page, "documents-detail-phone")


def test_editor_uploads_with_progress_and_a_refused_file_keeps_fields(page, live_server, make_staff,
                                                                      registry, screenshot, tmp_path):
    from documents.models import Document
    from examportal.roles import EDITORS

    make_staff(EDITORS, username="bientap")
    missing = []
    page.on("response", lambda r: r.status == 404 and missing.append(r.url))
    page.on("console", lambda m: m.type == "error" and missing.append(str(m.location)))
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", "test-password-123")
    page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/documents/document/add/")
    page.select_option("#id_document_type", label="Công văn")
    page.fill("#id_number", "700/SGDĐT-QLCL")
    page.select_option("#id_issuer", label="Sở Giáo dục và Đào tạo tỉnh Lai Châu")
    page.fill("#id_excerpt", "V/v hướng dẫn coi thi tốt nghiệp THPT năm 2021")
    page.fill("#id_issue_date", "01/07/2021")
    page.fill("#id_exam_year", "2021")
    page.check("#id_is_published")
    fake = tmp_path / "cong-van.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    page.set_input_files("#id_files-0-file", str(fake))
    with page.expect_request(lambda r: r.method == "POST" and r.resource_type == "xhr"):
        page.click("input[name=_save]")  # sent by documents.js, with a progress bar
    error = page.locator("#id_files-0-file_error, .errorlist").first
    expect(error).to_contain_text("không phải là tệp hợp lệ")
    expect(page.locator("#id_number")).to_have_value("700/SGDĐT-QLCL")
    expect(page.locator("#id_excerpt")).to_have_value("V/v hướng dẫn coi thi tốt nghiệp THPT năm 2021")
    screenshot(page, "documents-admin-refused")
    assert not Document.objects.filter(number="700/SGDĐT-QLCL").exists()

    from documents.demo import make_pdf

    real = tmp_path / "cong-van-that.pdf"
    real.write_bytes(make_pdf(["Cong van 700"]) + b"%" + b"0" * 3_000_000)
    page.set_input_files("#id_files-0-file", str(real))
    with page.expect_request(lambda r: r.method == "POST" and r.resource_type == "xhr"):
        page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/documents/document/$"))
    expect(page.locator(".messagelist")).to_contain_text("700/SGDĐT-QLCL")
    document = Document.objects.get(number="700/SGDĐT-QLCL")
    assert document.files.get().kind == "pdf"
    assert missing == []
    assert page.console_errors == []

"""Hotline journeys in a real browser: a parent, an operator, an inspector."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core import mail
from openpyxl import load_workbook

from examportal.roles import INSPECTORS, OPERATORS
from hotline import services
from hotline.models import Report, Status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "test-password-123"


@pytest.fixture(autouse=True)
def _fast_form(settings):
    # The live server shares this process's settings; no waiting in the browser.
    settings.HOTLINE_MIN_FILL_SECONDS = 0


def jpeg_with_exif():
    from PIL import Image

    output = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCam Maker"
    Image.new("RGB", (320, 240), (180, 40, 40)).save(output, format="JPEG", exif=exif.tobytes())
    return output.getvalue()


def login(page, live_server, user, next_path):
    page.goto(live_server.url + next_path)
    assert "/admin/login/" in page.url
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(re.escape(next_path)))


def test_parent_reports_anonymously_with_a_photo_and_reads_the_reply(
        phone_page, live_server, axe_check, screenshot, make_staff):
    page = phone_page
    inspector = make_staff(INSPECTORS, username="thanhtra-e2e", email="tt@example.org")
    from exams.models import ExamSite

    site = ExamSite.objects.create(year=2021, code="05", name="Điểm thi THPT Mường Tè",
                                   school="THPT Mường Tè", address="Thị trấn Mường Tè",
                                   district="muong-te", rooms=14)
    page.goto(live_server.url + "/duong-day-nong/")
    assert page.get_by_role("heading", name="Đường dây nóng Kỳ thi tốt nghiệp THPT").is_visible()
    assert page.get_by_role("link", name="02133799569").first.is_visible()
    assert axe_check(page) == []
    screenshot(page, "hotline-info-phone")
    page.get_by_role("link", name="Gửi phản ánh", exact=True).click()
    page.wait_for_url(re.compile("/gui-phan-anh/"))
    assert axe_check(page) == []
    page.get_by_label("Gian lận thi cử").check()
    page.get_by_label("Điểm thi", exact=True).select_option(str(site.pk))
    page.get_by_label("Địa điểm khác hoặc ghi chú nơi xảy ra").fill("Phòng thi số 05")
    page.get_by_label("Ngày xảy ra").fill("07/07/2021")
    page.get_by_label("Nội dung phản ánh").fill(
        "Một thí sinh phòng 05 mang điện thoại vào phòng thi môn Toán.")
    page.get_by_label("Ảnh hoặc tài liệu kèm theo").set_input_files(
        [{"name": "anh-chup.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_exif()}])
    screenshot(page, "hotline-form-phone")
    page.get_by_role("button", name="Gửi phản ánh").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name="Đã nhận phản ánh của bạn").is_visible()
    reference = page.locator("#reference").inner_text().strip()
    key = page.locator("#access-key").inner_text().strip()
    assert re.fullmatch(r"DDN-\d{4}-\d{6}", reference)
    assert key not in page.url and reference not in page.url
    assert page.get_by_role("button", name="In biên nhận").is_visible()  # JS enabled it
    assert axe_check(page) == []
    screenshot(page, "hotline-receipt-phone")

    report = Report.objects.get(reference=reference)
    assert report.reporter_name == "" and report.attachments.count() == 1
    assert report.exam_site == site and report.place == "Phòng thi số 05"
    assert len(mail.outbox) == 1 and reference in mail.outbox[0].body
    services.move_report(report, Status.VERIFYING, by=inspector)
    services.add_public_reply(report, "Thanh tra Sở đã xác minh và xử lý. Cảm ơn phụ huynh.",
                              by=inspector)
    services.add_internal_note(report, "Nội bộ: giám thị phòng 05 bị nhắc nhở", by=inspector)

    page.goto(live_server.url + "/duong-day-nong/tra-cuu/")
    page.get_by_label("Mã số phản ánh").fill(reference)
    page.get_by_label("Mã truy cập").fill(key)
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_url(re.compile("/tra-cuu/phan-anh/"))
    assert page.get_by_text("Thanh tra Sở đã xác minh và xử lý").is_visible()
    assert page.get_by_text("Đang xác minh").first.is_visible()
    assert "Nội bộ" not in page.content()
    assert axe_check(page) == []
    screenshot(page, "hotline-status-phone")
    # The parent adds a detail and a PDF.
    page.get_by_label("Thông tin bổ sung").fill("Bổ sung: thí sinh ngồi bàn số 12.")
    page.get_by_label("Tệp kèm theo").set_input_files(
        [{"name": "ghi-chu.pdf", "mimeType": "application/pdf",
          "buffer": b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"}])
    page.get_by_role("button", name="Gửi thông tin bổ sung").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("status").filter(has_text="Đã gửi thông tin bổ sung").is_visible()
    assert page.get_by_text("thí sinh ngồi bàn số 12").is_visible()
    assert report.attachments.count() == 2
    page.get_by_role("button", name="Kết thúc tra cứu").click()
    page.wait_for_url(re.compile("/tra-cuu/$"))
    assert page.console_errors == []


def test_operator_logs_a_phone_call(page, live_server, axe_check, screenshot, make_staff):
    operator = make_staff(OPERATORS, username="tongdai-e2e")
    login(page, live_server, operator, "/duong-day-nong/tong-dai/ghi-nhan/")
    assert axe_check(page) == []
    page.get_by_label("Điện thoại", exact=True).check()
    page.get_by_label("Hỗ trợ thí sinh").check()
    page.get_by_label("Địa điểm khác hoặc ghi chú nơi xảy ra").fill("Điểm thi Trường THPT Nậm Nhùn")
    page.get_by_label("Nội dung phản ánh").fill("Phụ huynh gọi: thí sinh quên căn cước công dân.")
    page.get_by_label("Họ và tên người báo (nếu họ cho biết)").fill("Lò Thị Gọi")
    page.get_by_label("Số điện thoại người báo").fill("0912 345 678")
    screenshot(page, "hotline-operator-form")
    page.get_by_role("button", name="Lưu phản ánh").click()
    page.wait_for_load_state("load")
    reference = page.locator("#reference").inner_text().strip()
    assert page.locator("#access-key").inner_text().strip()
    assert axe_check(page) == []
    report = Report.objects.get(reference=reference)
    assert report.channel == "phone" and report.logged_by == operator
    page.get_by_role("link", name="Danh sách đã ghi nhận hôm nay").click()
    page.get_by_role("link", name=reference).click()
    page.wait_for_load_state("load")
    assert "Lò Thị Gọi" not in page.content()  # identity needs the separate permission
    assert page.get_by_text("Ẩn danh/đã ẩn").is_visible()
    # The inspectors' queue is not theirs.
    response = page.request.get(live_server.url + "/duong-day-nong/thanh-tra/")
    assert response.status == 403
    screenshot(page, "hotline-operator-detail")
    assert page.console_errors == []


def test_inspector_takes_a_report_to_the_steering_committee_and_exports_the_day(
        page, live_server, axe_check, screenshot, make_staff):
    inspector = make_staff(INSPECTORS, username="thanhtra-e2e", first_name="Sử",
                           last_name="Vàng A", email="tt@example.org")
    report, _ = services.submit_report(category="leak", place="Điểm thi THPT Tam Đường",
                                       description="Ảnh đề Ngữ văn xuất hiện trên mạng lúc 7:50.")
    services.submit_report(category="health", description="Thí sinh sốt cao ở Sìn Hồ.")
    mail.outbox.clear()
    login(page, live_server, inspector, "/duong-day-nong/thanh-tra/")
    assert page.get_by_role("heading", name="Hàng đợi phản ánh").is_visible()
    assert axe_check(page) == []
    screenshot(page, "hotline-queue")
    page.get_by_role("link", name=report.reference).click()
    page.wait_for_load_state("load")
    page.get_by_label("Giao cho").select_option(label="Vàng A Sử")
    page.get_by_role("button", name="Lưu phân công").click()
    page.wait_for_load_state("load")
    for target in ["Đang xác minh", "Đang xử lý", "Đã chuyển Ban Chỉ đạo"]:
        page.get_by_label("Chuyển sang").select_option(label=target)
        if target == "Đã chuyển Ban Chỉ đạo":
            page.get_by_label("Lý do, ghi chú").fill("Có dấu hiệu lộ đề, đề nghị Ban Chỉ đạo xử lý.")
        page.get_by_role("button", name="Chuyển trạng thái").click()
        page.wait_for_load_state("load")
        assert page.get_by_role("status").filter(has_text=target).is_visible()
    page.get_by_role("textbox", name="Ghi chú nội bộ").fill("Đã gọi điểm trưởng Tam Đường.")
    page.get_by_role("button", name="Lưu ghi chú").click()
    page.wait_for_load_state("load")
    report.refresh_from_db()
    assert report.status == Status.ESCALATED and report.assigned_to == inspector
    assert any("chuyển Ban Chỉ đạo" in m.subject for m in mail.outbox)
    assert axe_check(page) == []
    screenshot(page, "hotline-report-escalated")

    page.get_by_role("link", name="Bản tóm tắt để in, báo cáo Ban Chỉ đạo").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Đã chuyển Ban Chỉ đạo").first.is_visible()
    assert axe_check(page) == []
    page.get_by_role("navigation", name="Khu làm việc đường dây nóng").get_by_role(
        "link", name="Báo cáo ngày").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name=re.compile("Báo cáo phản ánh qua đường dây nóng")).is_visible()
    assert axe_check(page) == []
    screenshot(page, "hotline-day-summary")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    rows = list(csv.reader(io.StringIO(
        Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    assert {row[0] for row in rows[1:]} == set(Report.objects.values_list("reference", flat=True))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    sheet = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes())).active
    assert len(list(sheet.values)) == 3
    assert page.console_errors == []


def test_report_form_works_without_javascript_and_keeps_typed_text(browser, live_server,
                                                                    screenshot):
    context = browser.new_context(locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live_server.url + "/duong-day-nong/gui-phan-anh/")
        page.get_by_label("Địa điểm khác hoặc ghi chú nơi xảy ra").fill("Điểm thi Phong Thổ")
        page.get_by_label("Họ và tên").fill("Phụ huynh giữ lại")
        page.get_by_role("button", name="Gửi phản ánh").click()
        page.wait_for_load_state("load")
        # Refused: the summary names what is missing, and what was typed is still there.
        summary = page.get_by_role("alert")
        assert "Vui lòng chọn loại phản ánh" in summary.inner_text()
        assert "Vui lòng mô tả sự việc" in summary.inner_text()
        place = page.get_by_label("Địa điểm khác hoặc ghi chú nơi xảy ra")
        assert place.input_value() == "Điểm thi Phong Thổ"
        assert page.get_by_label("Họ và tên").input_value() == "Phụ huynh giữ lại"
        screenshot(page, "hotline-form-errors")
        page.get_by_label("Sự cố tại điểm thi").check()
        page.get_by_label("Nội dung phản ánh").fill("Mất điện tại phòng thi số 2.")
        page.get_by_role("button", name="Gửi phản ánh").click()
        page.wait_for_load_state("load")
        assert page.get_by_role("heading", name="Đã nhận phản ánh của bạn").is_visible()
        assert page.get_by_text("Để in, dùng chức năng In của trình duyệt").is_visible()
        report = Report.objects.get()
        assert report.reporter_name == "Phụ huynh giữ lại" and report.category == "site_incident"
    finally:
        context.close()


def test_refused_form_is_accessible(page, live_server, axe_check):
    page.goto(live_server.url + "/duong-day-nong/gui-phan-anh/")
    page.get_by_role("button", name="Gửi phản ánh").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("alert").is_visible()
    # hotline.js moves focus to the summary so screen readers announce it.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert axe_check(page) == []
    page.goto(live_server.url + "/duong-day-nong/tra-cuu/")
    page.get_by_label("Mã số phản ánh").fill("DDN-2021-000001")
    page.get_by_label("Mã truy cập").fill("SAI")
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_load_state("load")
    assert "Mã số hoặc mã truy cập không đúng" in page.get_by_role("alert").inner_text()
    assert axe_check(page) == []
    # A refused form answers 400, which Chromium notes in the console; no script error.
    assert [e for e in page.console_errors if "status of 400" not in e] == []

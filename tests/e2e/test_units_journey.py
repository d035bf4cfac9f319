"""A school reports how it prepares, on a phone: ``canbotruong`` signs in, sends and updates the
report, raises an urgent difficulty (the office gets a mail); an editor answers it on the
department's overview; the school sees the answer and closes it."""

import datetime

import pytest
from django.core import mail

from examportal.roles import EDITORS, UNIT_STAFF
from exams.models import District
from examyears.models import ExamYear
from units.models import Difficulty, PreparationReport, ReportingRound, Unit, UnitMembership

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "test-password-123"
VN = datetime.timezone(datetime.timedelta(hours=7))


@pytest.fixture
def school(roles, make_staff):
    unit = Unit.objects.create(code="07008", name="Trường THPT Mường Tè", district=District.MUONG_TE,
                               phone="02133876008")
    Unit.objects.create(code="07004", name="Trường THPT Phong Thổ", district=District.PHONG_THO)
    ReportingRound.objects.create(year=ExamYear.objects.get(year=2021),
                                  deadline=datetime.datetime(2021, 6, 15, 17, 0, tzinfo=VN))
    user = make_staff(UNIT_STAFF, username="canbotruong", first_name="Hương", last_name="Lò Thị")
    user.is_staff = False  # unit staff never need the admin
    user.save()
    UnitMembership.objects.create(user=user, unit=unit, position="Phó Hiệu trưởng")
    make_staff(EDITORS, username="bientap", first_name="Hà", last_name="Nguyễn Thị Thu")
    return unit


def sign_in(page, live_server, username, next_path):
    page.goto(live_server.url + next_path)
    assert "/admin/login/" in page.url
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("load")


def fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 375


def test_school_reports_raises_an_urgent_difficulty_and_reads_the_answer(
        phone_page, page, live_server, school, axe_check, screenshot):
    unit_page = phone_page
    sign_in(unit_page, live_server, "canbotruong", "/don-vi/")
    assert unit_page.url.endswith("/don-vi/")
    assert unit_page.get_by_role("heading", name="Trường THPT Mường Tè").is_visible()
    assert unit_page.get_by_text("Đơn vị chưa gửi báo cáo năm 2021: đã quá hạn.").is_visible()
    assert axe_check(unit_page) == []
    assert fits_the_phone(unit_page)

    unit_page.get_by_role("link", name="Gửi báo cáo").click()
    unit_page.wait_for_load_state("load")
    fields = {
        "Tổng số CBQL, GV, NV của đơn vị": "50", "Tổng số học sinh của đơn vị": "520",
        "Ngày tuyên truyền, phổ biến": "20/05/2021", "Số học sinh được tuyên truyền": "600",
        "Số cha mẹ học sinh được tuyên truyền": "350",
        "Ngày tập huấn Quy chế thi": "28/05/2021", "Số giáo viên được tập huấn": "40",
        "Số thí sinh đăng ký dự thi": "175", "Số thí sinh có hoàn cảnh khó khăn": "60",
        "Số thí sinh ở xa điểm thi": "85", "Số thí sinh được hỗ trợ chỗ ở": "55",
    }
    for label, value in fields.items():
        unit_page.get_by_label(label, exact=True).fill(value)
    unit_page.get_by_role("button", name="Gửi báo cáo").click()
    unit_page.wait_for_load_state("load")
    summary = unit_page.get_by_role("alert")
    assert "Báo cáo chưa được lưu" in summary.inner_text()
    assert "không thể nhiều hơn tổng số học sinh của đơn vị (520)" in summary.inner_text()
    assert unit_page.get_by_label("Số học sinh được tuyên truyền", exact=True).input_value() == "600"
    assert axe_check(unit_page) == []
    assert fits_the_phone(unit_page)
    screenshot(unit_page, "units-report-error-phone")
    assert not PreparationReport.objects.exists()

    unit_page.get_by_label("Số học sinh được tuyên truyền", exact=True).fill("500")
    unit_page.get_by_role("button", name="Gửi báo cáo").click()
    unit_page.wait_for_load_state("load")
    assert unit_page.url.endswith("/don-vi/")
    assert unit_page.get_by_text("Đã gửi báo cáo chuẩn bị thi năm 2021.").is_visible()

    unit_page.get_by_role("link", name="Cập nhật báo cáo").click()
    unit_page.wait_for_load_state("load")
    unit_page.get_by_label("Số thí sinh được hỗ trợ đi lại", exact=True).fill("60")
    unit_page.get_by_label("Nội dung cập nhật").fill("Huyện đoàn nhận đưa đón 60 thí sinh")
    unit_page.get_by_role("button", name="Lưu cập nhật").click()
    unit_page.wait_for_load_state("load")
    assert unit_page.get_by_text("Đã cập nhật báo cáo (phiên bản 2).").is_visible()
    report = PreparationReport.objects.get()
    assert (report.unit_id, report.version, report.transport_covered) == (school.pk, 2, 60)

    unit_page.get_by_role("link", name="Gửi khó khăn, vướng mắc, đề xuất").first.click()
    unit_page.wait_for_load_state("load")
    unit_page.get_by_label("Khó khăn", exact=True).check()
    unit_page.get_by_label("Nội dung").fill(
        "Đường Pa Vệ Sử sạt lở; 23 thí sinh chưa có xe ra điểm thi ngày 06/7.")
    unit_page.get_by_label("Khẩn: cần Sở giải quyết ngay").check()
    assert axe_check(unit_page) == []
    unit_page.get_by_role("button", name="Gửi tới Sở").click()
    unit_page.wait_for_load_state("load")
    assert unit_page.get_by_text("Văn phòng Sở đã được báo qua thư điện tử.").is_visible()
    assert fits_the_phone(unit_page)
    screenshot(unit_page, "units-difficulty-sent-phone")
    item = Difficulty.objects.get()
    assert item.is_urgent and item.unit_id == school.pk
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("[Khẩn] Trường THPT Mường Tè")

    sign_in(page, live_server, "bientap", "/don-vi/tong-hop/")
    assert page.get_by_role("heading", name="Công tác chuẩn bị thi của các đơn vị — năm 2021").is_visible()
    missing = page.locator(".units-missing-box")
    assert "Trường THPT Phong Thổ" in missing.inner_text()
    waiting = page.locator("#cho-tra-loi + h3")
    assert waiting.inner_text() == "Mường Tè"
    assert axe_check(page) == []
    screenshot(page, "units-overview")
    page.get_by_role("link", name="Khó khăn — Trường THPT Mường Tè").click()
    page.wait_for_load_state("load")
    page.get_by_role("textbox", name="Trả lời của Sở").fill(
        "Sở đã đề nghị Huyện đoàn bố trí 2 xe từ chiều 05/7.")
    page.get_by_role("button", name="Gửi câu trả lời").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Đã lưu câu trả lời").is_visible()
    assert axe_check(page) == []

    unit_page.goto(live_server.url + "/don-vi/")
    answer = unit_page.locator(".units-answer")
    assert "Sở đã đề nghị Huyện đoàn bố trí 2 xe từ chiều 05/7." in answer.inner_text()
    unit_page.get_by_role("link", name="Khó khăn gửi").click()
    unit_page.wait_for_load_state("load")
    unit_page.get_by_role("button", name="Đóng (đã giải quyết xong)").click()
    unit_page.wait_for_load_state("load")
    assert unit_page.get_by_text("Đã đóng nội dung này.").is_visible()
    assert fits_the_phone(unit_page)
    screenshot(unit_page, "units-difficulty-closed-phone")
    item.refresh_from_db()
    assert item.status == "closed"
    assert list(item.events.values_list("action", flat=True)) == [
        "raised", "urgent", "answered", "closed"]
    assert unit_page.console_errors == [] and page.console_errors == []

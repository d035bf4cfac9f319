"""Exam-day journeys: a site officer reports on a phone; the Department reads the totals, exports
them and turns them into an article that an editor publishes; the public schedule."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from examportal.roles import EDITORS, SITE_STAFF
from exams import services
from exams.models import District, ExamComponent, ExamSession, ExamSite, SessionReport, SiteMembership
from exams.schedule_2021 import create_2021_schedule

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VN = datetime.timezone(datetime.timedelta(hours=7))
PASSWORD = "test-password-123"


def vn(*args):
    return datetime.datetime(*args, tzinfo=VN)


def figures(expected, present, absent, **extra):
    return {"expected": expected, "present": present, "absent": absent, "suspended": 0,
            "disciplined": 0, "incident_severity": "none", "incident_text": "", **extra}


@pytest.fixture
def exam_day(roles, make_staff, monkeypatch):
    """The 2021 schedule, three sites, one officer per site; the clock at 09:45 on 7/7/2021."""
    create_2021_schedule(ExamSession, ExamComponent)
    now = {"value": vn(2021, 7, 7, 9, 45)}
    monkeypatch.setattr("exams.clock.now", lambda: now["value"])
    sites = [
        ExamSite.objects.create(year=2021, code="01", name="Điểm thi Trường THPT Chuyên Lê Quý Đôn",
                                school="Trường THPT Chuyên Lê Quý Đôn", address="Phường Đông Phong",
                                district=District.LAI_CHAU_CITY, rooms=18, candidates=429),
        ExamSite.objects.create(year=2021, code="02", name="Điểm thi Trường THPT Phong Thổ",
                                school="Trường THPT Phong Thổ", address="Thị trấn Phong Thổ",
                                district=District.PHONG_THO, rooms=15, candidates=352),
        ExamSite.objects.create(year=2021, code="03", name="Điểm thi Trường THPT Mường Tè",
                                school="Trường THPT Mường Tè", address="Thị trấn Mường Tè",
                                district=District.MUONG_TE, rooms=11, candidates=254),
    ]
    officers = []
    for site in sites:
        user = make_staff(SITE_STAFF, username=f"canbo{site.code}", first_name="Hoa",
                          last_name="Lường Thị")
        user.is_staff = False  # site staff never need the admin
        user.save()
        SiteMembership.objects.create(user=user, site=site)
        officers.append(user)
    return {"sites": sites, "officers": officers, "now": now,
            "literature": ExamSession.objects.get(year=2021, round=1, title="Ngữ văn")}


def sign_in(page, live_server, username, next_path):
    page.goto(live_server.url + next_path)
    assert "/lich-thi/dang-nhap/" in page.url
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("load")


def test_site_officer_reports_on_a_phone_and_corrects(phone_page, live_server, exam_day, axe_check,
                                                      screenshot):
    page = phone_page
    sign_in(page, live_server, "canbo01", "/lich-thi/bao-cao/")
    assert page.url.endswith("/lich-thi/bao-cao/")
    assert page.get_by_role(
        "heading", name="Điểm thi số 01: Điểm thi Trường THPT Chuyên Lê Quý Đôn").is_visible()
    page.get_by_role("link", name="Ngữ văn, sáng 07/07/2021").click()
    page.wait_for_load_state("load")
    assert page.get_by_label("Số thí sinh phải có mặt").input_value() == "429"
    page.get_by_label("Số thí sinh dự thi").fill("420")
    page.get_by_label("Số thí sinh vắng thi").fill("3")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_load_state("load")
    summary = page.get_by_role("alert")
    assert "Báo cáo chưa được lưu" in summary.inner_text()
    assert "phải bằng số thí sinh phải có mặt (429)" in summary.inner_text()
    assert page.get_by_label("Số thí sinh dự thi").input_value() == "420"
    assert axe_check(page) == []
    screenshot(page, "exams-report-error-phone")
    assert not SessionReport.objects.exists()

    page.get_by_label("Số thí sinh dự thi").fill("426")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_load_state("load")
    assert "/lich-thi/bao-cao/" in page.url
    assert page.get_by_text("Đã gửi báo cáo buổi thi Ngữ văn, sáng 07/07/2021.").is_visible()
    assert page.get_by_text("99,30%").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_check(page) == []
    screenshot(page, "exams-report-sent-phone")

    page.get_by_role("link", name="Điều chỉnh báo cáo").click()
    page.wait_for_load_state("load")
    page.get_by_label("Số thí sinh dự thi").fill("425")
    page.get_by_label("Số thí sinh vắng thi").fill("4")
    page.get_by_label("Lý do điều chỉnh").fill("Phòng 05 nhập nhầm một thí sinh vắng")
    page.get_by_role("button", name="Lưu điều chỉnh").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Đã lưu điều chỉnh (phiên bản 2)").is_visible()
    versions = page.locator("table.versions tbody tr")
    assert versions.count() == 2
    assert "Phòng 05 nhập nhầm" in versions.first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "exams-report-corrected-phone")
    report = SessionReport.objects.get()
    assert (report.present, report.absent, report.version) == (425, 4, 2)
    assert page.console_errors == []


def test_department_sees_totals_exports_and_publishes_the_article(
        page, live_server, exam_day, make_staff, axe_check, screenshot):
    lit = exam_day["literature"]
    sites, officers = exam_day["sites"], exam_day["officers"]
    services.submit_session_report(user=officers[0], session=lit, site=sites[0], data=figures(429, 426, 3))
    services.submit_session_report(user=officers[1], session=lit, site=sites[1], data=figures(352, 350, 2))
    make_staff(EDITORS, username="bientap", first_name="Hà", last_name="Nguyễn Thị Thu")

    sign_in(page, live_server, "bientap", f"/lich-thi/tong-hop/{lit.pk}/")
    assert page.get_by_role("heading", name="Tổng hợp buổi thi: Ngữ văn, sáng 07/07/2021").is_visible()
    totals = page.locator(".figures--totals")
    assert "2/3" in totals.inner_text() and "776" in totals.inner_text()
    assert "99,36%" in totals.inner_text()
    missing = page.locator(".missing-box")
    assert missing.is_visible() and "Điểm thi số 03" in missing.inner_text()
    assert page.locator("tr.site-row--missing").count() == 1
    assert axe_check(page) == []
    screenshot(page, "exams-dashboard")

    with page.expect_download() as info:
        page.get_by_role("link", name="Xuất Excel (XLSX)").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as stream:
        sheet = load_workbook(io.BytesIO(stream.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][1] == "Toàn tỉnh" and rows[-1][4:7] == (781, 776, 5)

    page.get_by_role("button", name="Tạo bài viết “Tình hình tổ chức thi”").click()
    page.wait_for_load_state("load")
    assert "/admin/news/article/" in page.url
    title = page.locator("#id_title").input_value()
    assert title == "Buổi thi môn Ngữ văn sáng 7/7/2021: 776 thí sinh dự thi, đạt 99,36%"
    page.get_by_role("button", name="Xuất bản ngay").click()
    page.wait_for_load_state("load")
    from news.models import Article

    article = Article.objects.get()
    assert article.is_public
    page.goto(live_server.url + article.get_absolute_url())
    assert page.get_by_role("heading", name=title).is_visible()
    page.goto(live_server.url + "/lich-thi/2021/")
    assert page.get_by_role("link", name=f"Tin về buổi thi: {title}").is_visible()
    assert page.console_errors == []


def test_dashboard_refreshes_itself(page, live_server, exam_day, make_staff):
    lit = exam_day["literature"]
    sites, officers = exam_day["sites"], exam_day["officers"]
    services.submit_session_report(user=officers[0], session=lit, site=sites[0], data=figures(429, 426, 3))
    make_staff(EDITORS, username="bientap")
    page.clock.install()
    sign_in(page, live_server, "bientap", f"/lich-thi/tong-hop/{lit.pk}/")
    assert "1/3" in page.locator(".figures--totals").inner_text()
    assert page.get_by_role("button", name="Tạm dừng tự cập nhật").is_visible()
    services.submit_session_report(user=officers[1], session=lit, site=sites[1], data=figures(352, 350, 2))
    page.clock.run_for(61_000)
    page.wait_for_function("() => document.getElementById('dashboard-live').dataset.refreshed")
    assert "2/3" in page.locator(".figures--totals").inner_text()
    assert page.console_errors == []


def test_public_schedule_with_countdown_and_sites(page, live_server, exam_day, axe_check, screenshot):
    exam_day["now"]["value"] = vn(2021, 7, 7, 0, 30)
    page.clock.install(time=datetime.datetime(2021, 7, 7, 0, 30, tzinfo=VN))
    page.goto(live_server.url + "/lich-thi/")
    assert page.get_by_role("heading", name="Lịch thi tốt nghiệp THPT năm 2021", level=1).is_visible()
    focus = page.locator("tr.is-focus")
    assert "Ngữ văn" in focus.inner_text()
    assert page.locator(".countdown").inner_text() == "còn 7 giờ 5 phút"
    page.clock.run_for(31 * 60_000)
    page.wait_for_function("() => document.querySelector('.countdown').textContent === 'còn 6 giờ 34 phút'")
    assert axe_check(page) == []
    screenshot(page, "exams-schedule")
    response = page.request.get(live_server.url + "/lich-thi/2021/lich-thi.ics")
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    page.get_by_role("link", name="Danh sách điểm thi năm 2021").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name="Phong Thổ", exact=True).is_visible()
    assert axe_check(page) == []
    screenshot(page, "exams-sites")
    assert page.console_errors == []

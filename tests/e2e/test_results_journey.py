"""Results day on a phone (375 px): a parent types the candidate number (with a space, as written
on the admission slip) and sees the scores; the statistics page draws its charts without
JavaScript; a wrong number gets a clear message."""

import pytest

from examyears.models import ExamYear
from results import demo, services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def results_2021(exam_column):
    rows = demo.generate(50)
    services.import_rows(user=None, exam_year=ExamYear.objects.get(year=2021), rows=rows)
    return rows


def test_parent_looks_up_scores_on_a_phone(live_server, phone_page, results_2021):
    page = phone_page
    row = next(r for r in results_2021 if r["toan"] is not None)
    page.goto(f"{live_server.url}/ket-qua-thi/2021/")
    page.get_by_label("Số báo danh").fill("0800 0001")
    page.get_by_role("button", name="Tra cứu").click()
    page.get_by_text("không thuộc Hội đồng thi").wait_for()
    page.get_by_label("Số báo danh").fill(f"{row['number'][:4]} {row['number'][4:]}")
    page.get_by_role("button", name="Tra cứu").click()
    page.get_by_role("heading", name="Điểm thi tốt nghiệp THPT năm 2021").wait_for()
    text = page.locator("main").inner_text()
    assert row["number"] in text
    toan = f"{row['toan']:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    assert page.get_by_role("row", name=f"Toán {toan}", exact=True).is_visible()
    assert "A00" in text and "Phúc khảo" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path="test-artifacts/results-candidate-375.png", full_page=True)
    page.get_by_role("link", name="Thống kê của tỉnh").click()
    page.locator("svg.results-chart").first.wait_for()
    assert page.locator("svg.results-chart").count() >= 5
    assert not page.console_errors


PASSWORD = "test-password-123"
SAMPLE = "results/samples/diem-thi-mau-2021.csv"


def test_testing_office_imports_a_large_file_with_the_progress_bar(page, live_server, make_staff,
                                                                  settings, tmp_path,
                                                                  postgres_only):
    """Every file goes through a job here (the thresholds at 0): the screen follows the job with
    results-progress.js to the preview, then the confirmation to the stored version.

    PostgreSQL only: the test database on SQLite is in memory, shared by the live server and the
    job's thread, and a read of a table the job is writing fails at once there ("database table
    is locked", a 503 on the page or the bar's JSON) where a server database waits; seen in CI."""
    from examportal.roles import TESTING_OFFICE
    from results.models import CandidateResult, ImportJob

    settings.RESULTS_BACKGROUND_BYTES = 0
    settings.RESULTS_BACKGROUND_ROWS = 0
    settings.RESULTS_JOB_RUNNER = "thread"  # the live server's database is this process's
    settings.RESULTS_PRIVATE_ROOT = str(tmp_path)
    make_staff(TESTING_OFFICE, username="khaothi")
    page.goto(f"{live_server.url}/ket-qua-thi/quan-ly/2021/nhap-tep/")
    page.get_by_label("Tên đăng nhập").fill("khaothi")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", name="Nhập tệp điểm năm 2021").wait_for()
    page.get_by_label("Tệp CSV hoặc XLSX").set_input_files(SAMPLE)
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    assert "/nhap-tep/tien-trinh/" in page.url
    page.get_by_role("heading", name="Tệp hợp lệ: 300 thí sinh").wait_for()
    assert not CandidateResult.objects.exists()
    page.get_by_role("button", name="Xác nhận, lưu 300 thí sinh").click()
    page.get_by_text("Đã lưu 300 thí sinh thành phiên bản 1").wait_for()
    assert CandidateResult.objects.count() == 300
    assert list(ImportJob.objects.order_by("pk").values_list("state", flat=True)) == [
        "checked", "done"]
    assert not page.console_errors

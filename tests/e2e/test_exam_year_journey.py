"""An editor opens 2022 in the admin, fills two sessions, makes it current: home, navigation,
schedule, calendar, feeds and widget show 2022, and 2021 answers at every address it had."""

import pytest

from examportal.roles import EDITORS
from exams.models import ExamComponent, ExamSession
from exams.schedule_2021 import create_2021_schedule

from .test_news_journeys import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def add_session(page, base, day, part, title, start, minutes):
    page.goto(base + "/admin/exams/examsession/add/")
    page.fill("input[name=year]", "2022")
    page.fill("input[name=date]", day)
    page.select_option("select[name=part_of_day]", part)
    page.fill("input[name=title]", title)
    page.fill("input[name=start_time]", start)
    page.fill("input[name=duration_minutes]", str(minutes))
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    page.wait_for_load_state("load")
    assert "đã được thêm thành công" in page.content() or "thành công" in page.content()


def test_editor_opens_2022_and_makes_it_current(page, live_server, make_staff):
    base = live_server.url
    create_2021_schedule(ExamSession, ExamComponent)  # a flushed database has no schedule
    make_staff(EDITORS, username="bientap")
    addresses = ("/ky-thi/2021/", "/lich-thi/2021/", "/ky-thi/2021/rss.xml",
                 "/ky-thi/2021/tinh-hinh-to-chuc-thi/")
    before = {url: page.goto(base + url).status for url in addresses}
    log_in(page, base, "bientap")
    page.goto(base + "/admin/examyears/examyear/")
    page.get_by_role("link", name="Mở năm thi mới").click()
    assert page.input_value("input[name=year]") == "2022"
    page.get_by_role("button", name="Mở năm thi").click()
    page.wait_for_load_state("load")
    assert "Thông tin về Kỳ thi tốt nghiệp THPT năm 2022" in page.content()
    add_session(page, base, "07/07/2022", "morning", "Ngữ văn", "07:35", 120)
    add_session(page, base, "07/07/2022", "afternoon", "Toán", "14:30", 90)
    page.goto(base + "/admin/examyears/examyear/")
    page.check("input[name=_selected_action][value='2022']")
    page.select_option("select[name=action]", "make_current")
    page.get_by_role("button", name="Đi đến").click()
    page.wait_for_load_state("load")
    assert "là năm hiện hành" in page.content()
    page.goto(base + "/")
    home = page.content()
    assert "Thông tin về Kỳ thi tốt nghiệp THPT năm 2022" in home
    assert page.locator("a[href='/lich-thi/2022/#ngay-2022-07-07']").count() == 1
    page.goto(base + "/lich-thi/")
    assert "Ngữ văn" in page.content() and "2022" in page.title()
    ics = page.request.get(base + "/lich-thi/2022/lich-thi.ics")
    assert ics.status == 200 and "Toán" in ics.text()
    assert page.request.get(base + "/ky-thi/2022/rss.xml").status == 200
    page.goto(base + "/nhung-tin/")
    assert "/ky-thi/2022/feed.json" in page.content()
    for url, status in before.items():
        assert page.request.get(base + url).status == status == 200, url

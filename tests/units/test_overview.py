import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from examportal.roles import UNIT_STAFF
from exams.models import District
from news.models import Article, SectionRole
from units import services
from units.models import Unit, UnitMembership
from units.selectors import preparation_overview

from .conftest import figures, vn

pytestmark = pytest.mark.django_db

SENT = {  # unit index → (first sending, figures)
    0: (vn(2021, 6, 10, 9, 0), figures()),
    1: (vn(2021, 6, 16, 8, 0), figures(staff_total=30, informed_staff=30, trained_managers=3,
                                       trained_teachers=20, trained_employees=5,
                                       students_total=300, informed_students=280,
                                       informed_parents=150, trained_students=120,
                                       candidates_registered=110, candidates_hardship=50,
                                       candidates_far=70, lodging_covered=45, meals_covered=80,
                                       transport_covered=60)),
}


@pytest.fixture
def reported(units, make_unit_staff, year, deadline):
    """Unit 0 on time, unit 1 after the deadline, unit 2 missing; one open difficulty each for
    units 0 and 2 (2 urgent), one answered for unit 1."""
    staff = [make_unit_staff(unit) for unit in units]
    reports = []
    for index, (when, data) in SENT.items():
        reports.append(services.save_report(user=staff[index], unit=units[index], year=year,
                                            data=data, now=when))
    services.raise_difficulty(user=staff[0], unit=units[0], year=year, kind="difficulty",
                              text="Thiếu xe", now=vn(2021, 6, 11, 9, 0))
    services.raise_difficulty(user=staff[2], unit=units[2], year=year, kind="proposal",
                              text="=HYPERLINK(\"http://x\")", urgent=True,
                              now=vn(2021, 6, 20, 9, 0))
    answered = services.raise_difficulty(user=staff[1], unit=units[1], year=year,
                                         kind="obstacle", text="Đã xong", now=vn(2021, 6, 12))
    return {"staff": staff, "reports": reports, "answered": answered}


def test_deadline_missing_and_late(reported, units, year):
    before = preparation_overview(2021, now=vn(2021, 6, 14, 12, 0))
    assert not before.overdue
    assert [row.unit.code for row in before.missing_rows] == ["07008"]
    assert not any(row.overdue for row in before.rows)
    after = preparation_overview(2021, now=vn(2021, 6, 20, 12, 0))
    status = {row.unit.code: (row.report is not None, row.late, row.overdue) for row in after.rows}
    assert status == {"07001": (True, False, False), "07004": (True, True, False),
                      "07008": (False, False, True)}
    assert after.overdue and after.totals["missing"] == 1 and after.totals["late"] == 1
    assert after.totals["overdue"] == 1
    assert [row.unit.code for row in after.missing_rows] == ["07008"]


def test_province_totals_match_the_reports(reported, units):
    overview = preparation_overview(2021, now=vn(2021, 6, 20, 12, 0))
    t = overview.totals
    a, b = SENT[0][1], SENT[1][1]
    assert t["units"] == 3 and t["reported"] == 2
    assert t["informed_students"] == a["informed_students"] + b["informed_students"] == 730
    assert t["informed_parents"] == 450 and t["informed_staff"] == 78
    assert t["trained_staff"] == (4 + 38 + 6) + (3 + 20 + 5) == 76
    assert t["trained_students"] == 290
    assert t["candidates_registered"] == 285
    assert t["lodging_covered"] == 75 and t["meals_covered"] == 130
    assert t["transport_covered"] == 85
    assert t["supported"] == max(30, 50, 25) + max(45, 80, 60) == 130
    assert t["open_difficulties"] == 3 and t["urgent_open"] == 1
    districts = [(label, [d.unit.code for d in items]) for label, items in overview.open_by_district]
    assert districts == [("Thành phố Lai Châu", ["07001"]), ("Phong Thổ", ["07004"]),
                         ("Mường Tè", ["07008"])]
    ages = {d.unit.code: d.age_days for _, items in overview.open_by_district for d in items}
    assert ages == {"07001": 9, "07004": 8, "07008": 0}


def test_answered_difficulties_leave_the_waiting_list(reported, editor):
    services.answer_difficulty(user=editor, difficulty=reported["answered"], text="Đã có xe")
    overview = preparation_overview(2021)
    assert overview.totals["open_difficulties"] == 2


def test_overview_page(client, editor, reported):
    client.force_login(editor)
    response = client.get("/don-vi/tong-hop/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hạn gửi báo cáo: 17:00 15/06/2021" in html and "đã qua hạn" in html
    assert "1 đơn vị chưa báo cáo — quá hạn" in html
    assert "units-row--overdue" in html and "Đã báo cáo, sau hạn" in html
    assert "Tạo bài viết “Công tác chuẩn bị”" in html
    assert "chờ" in html and "ngày" in html
    assert client.get("/don-vi/tong-hop/2030/").status_code == 404
    # The department lands on the overview from the units' home.
    assert client.get("/don-vi/")["Location"] == "/don-vi/tong-hop/"


def test_xlsx_for_the_steering_committee(client, testing_office, reported):
    client.force_login(testing_office)
    response = client.get("/don-vi/tong-hop/2021/bao-cao-chuan-bi-thi.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-chuan-bi-thi-2021.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    units_sheet, waiting = book["Báo cáo các đơn vị"], book["Khó khăn chờ trả lời"]
    rows = [[cell.value for cell in row] for row in units_sheet.iter_rows()]
    header = rows[0]
    assert header[:4] == ["Mã đơn vị", "Đơn vị", "Huyện, thành phố", "Tình trạng"]
    by_code = {row[0]: row for row in rows[1:-1]}
    students = header.index("Tuyên truyền: học sinh")
    assert by_code["07001"][3] == "Đã báo cáo" and by_code["07001"][students] == 450
    assert by_code["07004"][3] == "Đã báo cáo (sau hạn)"
    assert by_code["07008"][3] == "Quá hạn, chưa báo cáo" and by_code["07008"][students] is None
    total = rows[-1]
    assert total[1] == "Toàn tỉnh" and total[2] == "2/3 đơn vị đã báo cáo"
    assert total[students] == 730 and total[header.index("Hỗ trợ ăn uống")] == 130
    waiting_rows = [[cell.value for cell in row] for row in waiting.iter_rows()]
    assert len(waiting_rows) == 4
    # Typed text that looks like a formula is kept as text.
    assert waiting_rows[3][6] == "'=HYPERLINK(\"http://x\")"
    assert waiting_rows[3][3] == "Khẩn"


def test_unit_staff_cannot_export(client, reported):
    client.force_login(reported["staff"][0])
    assert client.get("/don-vi/tong-hop/2021/bao-cao-chuan-bi-thi.xlsx").status_code == 403


def test_drafted_preparation_article(client, editor, reported, exam_column, testing_office):
    section = exam_column.section_for(SectionRole.PREPARATION)
    client.force_login(testing_office)  # may read and answer, not write articles
    assert client.post("/don-vi/tong-hop/2021/tao-bai-viet/").status_code == 403
    client.force_login(editor)
    response = client.post("/don-vi/tong-hop/2021/tao-bai-viet/")
    article = Article.objects.get()
    assert response["Location"] == f"/admin/news/article/{article.pk}/change/"
    assert article.section == section and article.status == "draft" and article.author == editor
    assert article.title == ("Công tác chuẩn bị Kỳ thi tốt nghiệp THPT năm 2021: 2/3 đơn vị đã "
                             "báo cáo, 130 thí sinh được hỗ trợ")
    assert "730 học sinh" in article.lead and "450 cha mẹ học sinh" in article.lead
    assert "285 thí sinh đăng ký dự thi" in article.body
    assert "Còn 1 đơn vị chưa gửi báo cáo" in article.body
    assert article.revisions.count() == 1
    assert client.get("/don-vi/tong-hop/2021/tao-bai-viet/").status_code == 405


def test_no_article_without_reports_or_section(editor, year, exam_column):
    with pytest.raises(services.ServiceError, match="Chưa có đơn vị nào"):
        services.create_preparation_article(user=editor, year=2021)
    exam_column.sections.filter(role=SectionRole.PREPARATION).update(role="")
    with pytest.raises(services.ServiceError, match="Công tác chuẩn bị"):
        services.create_preparation_article(user=editor, year=2021)
    assert not Article.objects.exists()


def _populate(start, stop, year, make_staff):
    """Units ``start``..``stop``-1: three in four reported, one in three with a difficulty."""
    districts = list(District)
    for index in range(start, stop):
        unit = Unit.objects.create(code=f"Q{index:04d}", name=f"Trường {index}",
                                   district=districts[index % len(districts)])
        user = make_staff(UNIT_STAFF, username=f"q{index}")
        UnitMembership.objects.create(user=user, unit=unit)
        if index % 4:
            services.save_report(user=user, unit=unit, year=year, data=figures(),
                                 now=vn(2021, 6, 1))
        if index % 3 == 0:
            services.raise_difficulty(user=user, unit=unit, year=year, kind="difficulty",
                                      text=f"Việc {index}", urgent=index % 2 == 0)


def _queries(client, url):
    client.get(url)  # the first request fills the per-process caches (current year, fragments)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


DEPARTMENT_URLS = ("/don-vi/tong-hop/", "/don-vi/tong-hop/2021/bao-cao-chuan-bi-thi.xlsx")


def test_department_pages_run_the_same_queries_for_10_and_50_units(client, editor, year,
                                                                   deadline, make_staff):
    client.force_login(editor)
    _populate(0, 10, year, make_staff)
    small = {url: _queries(client, url) for url in DEPARTMENT_URLS}
    _populate(10, 50, year, make_staff)
    assert Unit.objects.count() == 50
    large = {url: _queries(client, url) for url in DEPARTMENT_URLS}
    assert large == small
    assert small["/don-vi/tong-hop/"] <= 12


def test_unit_pages_run_a_fixed_number_of_queries(client, staff_a, units, year, deadline,
                                                  django_assert_max_num_queries):
    report = services.save_report(user=staff_a, unit=units[0], year=year, data=figures(),
                                  now=vn(2021, 6, 1))
    for n in range(6):
        services.save_report(user=staff_a, unit=units[0], year=year,
                             data=figures(informed_parents=301 + n), now=vn(2021, 6, 2 + n))
        services.raise_difficulty(user=staff_a, unit=units[0], year=year, kind="difficulty",
                                  text=f"Việc {n}")
    client.force_login(staff_a)
    for url in ("/don-vi/", f"/don-vi/bao-cao/{report.pk}/", "/don-vi/bao-cao/"):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200

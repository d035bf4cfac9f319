import io

import pytest
from django.contrib.auth import get_user_model

from examportal.demo import DEMO_PASSWORD
from examportal.roles import (
    ADMINISTRATORS,
    CONTRIBUTORS,
    EDITORS,
    INSPECTORS,
    OPERATORS,
    SITE_STAFF,
    TESTING_OFFICE,
    UNIT_STAFF,
)
from examyears.models import ExamYear
from units.models import (
    Difficulty,
    PreparationReport,
    PreparationReportVersion,
    ReportingRound,
    Unit,
    UnitMembership,
)
from units.selectors import preparation_overview

ALL = [EDITORS, CONTRIBUTORS, OPERATORS, INSPECTORS, ADMINISTRATORS, SITE_STAFF, UNIT_STAFF,
       TESTING_OFFICE]
MATRIX = {
    "/admin/units/unit/": {ADMINISTRATORS},
    "/admin/units/unit/add/": {ADMINISTRATORS},
    "/admin/units/unitmembership/add/": {ADMINISTRATORS},
    "/admin/units/reportinground/add/": {ADMINISTRATORS, EDITORS},
    "/admin/units/preparationreport/": {ADMINISTRATORS},
    "/don-vi/tong-hop/": {EDITORS, TESTING_OFFICE},
}


@pytest.mark.django_db
@pytest.mark.parametrize("group", ALL)
@pytest.mark.parametrize("url", sorted(MATRIX))
def test_who_opens_what(client, make_staff, exam_column, group, url):
    client.force_login(make_staff(group))
    response = client.get(url)
    assert response.status_code == (200 if group in MATRIX[url] else 403), (group, url)


@pytest.mark.django_db
def test_reports_and_units_are_never_deleted_or_written_in_the_admin(client, make_staff):
    client.force_login(make_staff(ADMINISTRATORS))
    unit = Unit.objects.create(code="X1", name="Trường X", district="muong-te")
    assert client.get("/admin/units/preparationreport/add/").status_code == 403
    assert client.get("/admin/units/difficulty/add/").status_code == 403
    assert client.get(f"/admin/units/unit/{unit.pk}/delete/").status_code == 403


@pytest.mark.django_db
def test_demo_seeds_units_reports_and_the_school_account_once(exam_column, roles):
    from examportal import demo as core_demo
    from exams.demo import SITES
    from units import demo

    core_demo.seed(io.StringIO())
    out = io.StringIO()
    demo.seed(out)
    counts = (Unit.objects.count(), PreparationReport.objects.count(),
              PreparationReportVersion.objects.count(), Difficulty.objects.count())
    demo.seed(io.StringIO())
    assert counts == (Unit.objects.count(), PreparationReport.objects.count(),
                      PreparationReportVersion.objects.count(), Difficulty.objects.count())
    assert counts[0] == 10 and all(u.is_sample for u in Unit.objects.all())
    assert set(Unit.objects.values_list("district", flat=True)) <= {s[4] for s in SITES}
    overview = preparation_overview(2021)
    assert overview.totals["missing"] == 2 and overview.overdue
    assert PreparationReport.objects.filter(version=2).exists()
    urgent = Difficulty.objects.get(is_urgent=True)
    assert urgent.status == "answered" and urgent.answer and urgent.answered_by.username == "bientapvien"
    assert Difficulty.objects.filter(status="open").count() == 1
    assert ReportingRound.objects.get(year=ExamYear.objects.get(year=2021))
    user = get_user_model().objects.get(username="canbotruong")
    assert user.check_password(DEMO_PASSWORD) and not user.is_staff
    assert UnitMembership.objects.get(user=user).unit.name == "Trường THPT Mường Tè"
    assert "canbotruong" in out.getvalue()


@pytest.mark.django_db
def test_deadline_is_a_key_date_and_moves_to_the_next_year(exam_column, make_staff):
    import datetime

    from examyears.selectors import key_dates
    from examyears.services import start_exam_year

    tz = datetime.timezone(datetime.timedelta(hours=7))
    ReportingRound.objects.create(year=ExamYear.objects.get(year=2021),
                                  deadline=datetime.datetime(2021, 6, 15, 17, 0, tzinfo=tz))
    items, _ = key_dates(2021)
    assert (datetime.date(2021, 6, 15), "Hạn các đơn vị báo cáo công tác chuẩn bị thi") in [
        (i.date, i.title) for i in items]
    _, lines = start_exam_year(2022)
    moved = ReportingRound.objects.get(year_id=2022)
    assert moved.deadline == datetime.datetime(2022, 6, 15, 17, 0, tzinfo=tz)
    assert any("Hạn báo cáo chuẩn bị thi" in line for line in lines)

import datetime

import pytest

from examportal.roles import EDITORS, TESTING_OFFICE, UNIT_STAFF
from exams.models import District
from examyears.models import ExamYear
from units.models import ReportingRound, Unit, UnitMembership

VN = datetime.timezone(datetime.timedelta(hours=7))


def vn(*args):
    return datetime.datetime(*args, tzinfo=VN)


def figures(**extra):
    """A valid report (every rule met); ``extra`` overrides fields."""
    data = {
        "staff_total": 50, "students_total": 500,
        "informed_on": datetime.date(2021, 5, 20), "informed_staff": 48,
        "informed_students": 450, "informed_parents": 300,
        "communication_methods": "Họp cha mẹ học sinh",
        "trained_on": datetime.date(2021, 5, 28), "trained_managers": 4, "trained_teachers": 38,
        "trained_employees": 6, "trained_students": 170,
        "candidates_registered": 175, "candidates_hardship": 40, "candidates_far": 60,
        "lodging_covered": 30, "meals_covered": 50, "transport_covered": 25,
        "support_notes": "Ký túc xá",
    }
    data.update(extra)
    return data


def post_data(**extra):
    """``figures`` as a browser posts them (dates dd/mm/yyyy)."""
    data = figures(**extra)
    for name in ("informed_on", "trained_on"):
        if isinstance(data[name], datetime.date):
            data[name] = data[name].strftime("%d/%m/%Y")
    return data


@pytest.fixture
def year(exam_column):
    return ExamYear.objects.get(year=2021)


@pytest.fixture
def deadline(year):
    return ReportingRound.objects.create(year=year, deadline=vn(2021, 6, 15, 17, 0))


@pytest.fixture
def make_unit(db):
    counter = {"n": 0}

    def make(**fields):
        counter["n"] += 1
        values = {"code": f"T{counter['n']:04d}", "name": f"Trường THPT thử {counter['n']}",
                  "district": District.LAI_CHAU_CITY}
        values.update(fields)
        return Unit.objects.create(**values)

    return make


@pytest.fixture
def units(make_unit):
    return [
        make_unit(code="07001", name="Trường THPT Chuyên Lê Quý Đôn"),
        make_unit(code="07004", name="Trường THPT Phong Thổ", district=District.PHONG_THO),
        make_unit(code="07008", name="Trường THPT Mường Tè", district=District.MUONG_TE),
    ]


@pytest.fixture
def make_unit_staff(make_staff):
    def make(unit, username=None):
        user = make_staff(UNIT_STAFF, username=username)
        user.is_staff = False
        user.save()
        UnitMembership.objects.create(user=user, unit=unit, position="Phó Hiệu trưởng")
        return user

    return make


@pytest.fixture
def staff_a(make_unit_staff, units):
    return make_unit_staff(units[0], username="truong1")


@pytest.fixture
def staff_b(make_unit_staff, units):
    return make_unit_staff(units[1], username="truong2")


@pytest.fixture
def editor(make_staff):
    return make_staff(EDITORS, username="bientap", email="bientap@example.vn")


@pytest.fixture
def testing_office(make_staff):
    return make_staff(TESTING_OFFICE, username="khaothi")

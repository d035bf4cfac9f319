import datetime

import pytest

from examportal.roles import EDITORS, INSPECTORS, SITE_STAFF
from exams.models import District, ExamComponent, ExamSession, ExamSite, SiteMembership
from exams.schedule_2021 import create_2021_schedule

VN = datetime.timezone(datetime.timedelta(hours=7))


def vn(*args):
    """An aware datetime in Vietnam time: vn(2021, 7, 7, 9, 40)."""
    return datetime.datetime(*args, tzinfo=VN)


@pytest.fixture
def schedule(db):
    """The 2021 schedule as the data migration creates it (again after a flush: idempotent)."""
    create_2021_schedule(ExamSession, ExamComponent)
    sessions = ExamSession.objects.for_year(2021)
    return {
        "literature": sessions.get(round=1, title="Ngữ văn"),
        "maths": sessions.get(round=1, title="Toán"),
        "combined": sessions.get(round=1, title__startswith="Bài thi"),
        "registration": sessions.get(kind=ExamSession.Kind.REGISTRATION),
        "reserve": sessions.get(kind=ExamSession.Kind.RESERVE),
    }


@pytest.fixture
def clock(monkeypatch):
    """Move the exams app's clock: clock(vn(2021, 7, 7, 9, 40))."""

    def set_now(value):
        monkeypatch.setattr("exams.clock.now", lambda: value)
        return value

    return set_now


@pytest.fixture
def make_site(db):
    counter = {"n": 0}

    def make(**fields):
        counter["n"] += 1
        values = {
            "year": 2021, "code": f"{counter['n']:02d}", "name": f"Điểm thi số {counter['n']}",
            "school": f"Trường THPT thử {counter['n']}", "address": "Thành phố Lai Châu",
            "district": District.LAI_CHAU_CITY, "rooms": 10, "candidates": 240,
        }
        values.update(fields)
        return ExamSite.objects.create(**values)

    return make


@pytest.fixture
def sites(make_site):
    return [
        make_site(code="01", name="Điểm thi Trường THPT Chuyên Lê Quý Đôn", district=District.LAI_CHAU_CITY),
        make_site(code="02", name="Điểm thi Trường THPT Phong Thổ", district=District.PHONG_THO,
                  candidates=352),
        make_site(code="03", name="Điểm thi Trường THPT Mường Tè", district=District.MUONG_TE,
                  candidates=254),
    ]


@pytest.fixture
def make_officer(make_staff):
    def make(site, username=None):
        user = make_staff(SITE_STAFF, username=username)
        SiteMembership.objects.create(user=user, site=site, position="Thư ký điểm thi")
        return user

    return make


@pytest.fixture
def officer(make_officer, sites):
    return make_officer(sites[0], username="canbo01")


@pytest.fixture
def editor(make_staff):
    return make_staff(EDITORS, username="bientap")


@pytest.fixture
def inspector(make_staff):
    return make_staff(INSPECTORS, username="thanhtra1")


def figures(expected=240, present=238, absent=2, **extra):
    data = {"expected": expected, "present": present, "absent": absent, "suspended": 0,
            "disciplined": 0, "incident_severity": "none", "incident_text": ""}
    data.update(extra)
    return data




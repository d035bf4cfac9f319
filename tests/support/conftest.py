import datetime

import pytest

from examportal.roles import EDITORS, UNIT_STAFF
from exams.models import District, ExamSite
from support import services
from support.models import OfferKind, SupportOffer
from units.models import Unit, UnitMembership

# The offers here run 05/07–09/07/2021; the support app reads the time through support.clock.
EXAM_DAY = datetime.datetime(2021, 7, 6, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


@pytest.fixture(autouse=True)
def _fast_forms(settings):
    settings.SUPPORT_MIN_FILL_SECONDS = 0


@pytest.fixture(autouse=True)
def support_clock(monkeypatch):
    """Support's clock on an exam day (06/07/2021, 08:00 in Lai Châu); ``set`` moves it."""
    moment = {"value": EXAM_DAY}
    monkeypatch.setattr("support.clock.now", lambda: moment["value"])

    class Clock:
        @staticmethod
        def set(value):
            moment["value"] = value

    return Clock


@pytest.fixture
def sites(exam_column):
    make = ExamSite.objects.create
    return {
        "muong-te": make(year=2021, code="08", name="Điểm thi Trường THPT Mường Tè",
                         school="Trường THPT Mường Tè", address="Thị trấn Mường Tè",
                         district=District.MUONG_TE, rooms=11),
        "phong-tho": make(year=2021, code="04", name="Điểm thi Trường THPT Phong Thổ",
                          school="Trường THPT Phong Thổ", address="Thị trấn Phong Thổ",
                          district=District.PHONG_THO, rooms=15),
        "old": make(year=2020, code="08", name="Điểm thi Mường Tè 2020", school="THPT Mường Tè",
                    address="Thị trấn Mường Tè", district=District.MUONG_TE, rooms=10),
    }


@pytest.fixture
def editor(make_staff):
    return make_staff(EDITORS, username="bientap", first_name="Hà", last_name="Nguyễn Thị Thu")


@pytest.fixture
def units(db):
    return {
        "muong-te": Unit.objects.create(code="07001", name="Trường THPT Mường Tè",
                                        district=District.MUONG_TE, phone="0213 3881 008"),
        "phong-tho": Unit.objects.create(code="07002", name="Trường THPT Phong Thổ",
                                         district=District.PHONG_THO),
    }


@pytest.fixture
def unit_staff(make_staff, units):
    def make(unit_key, username):
        user = make_staff(UNIT_STAFF, username=username)
        user.is_staff = False
        user.save()
        UnitMembership.objects.create(user=user, unit=units[unit_key])
        return user

    return {"muong-te": make("muong-te", "canbomuongte"),
            "phong-tho": make("phong-tho", "canbophongtho")}


def offer_data(near, **changes):
    site = near
    data = {
        "year": 2021, "kind": OfferKind.LODGING, "title": "Nhà trọ miễn phí gần điểm thi",
        "provider": "Hội Cựu giáo chức huyện", "district": site.district, "site": site,
        "address": "Tổ dân phố 5", "starts_on": datetime.date(2021, 7, 5),
        "ends_on": datetime.date(2021, 7, 9), "capacity": 40, "conditions": "Mang Giấy báo dự thi.",
        "phone": "0213 3881 008", "contact_name": "Cô Lò Thị Xuân",
    }
    data.update(changes)
    return data


@pytest.fixture
def make_offer(editor):
    """An offer entered by ``user`` (the editor by default), moved to ``state``."""

    def make(near, state="published", user=None, **changes):
        user = user or editor
        offer = services.save_offer(SupportOffer(year=2021), user, offer_data(near, **changes))
        if state in ("submitted", "published", "withdrawn"):
            services.submit_offer(offer, user)
        if state in ("published", "withdrawn"):
            services.publish_offer(offer, editor)
        if state == "withdrawn":
            services.withdraw_offer(offer, editor, "Đã đủ chỗ")
        offer.refresh_from_db()
        return offer

    return make

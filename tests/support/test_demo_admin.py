"""The demo data (idempotent, clearly sample) and the editors' admin pages."""

import io

import pytest

from examportal.demo import seed as seed_accounts
from examportal.roles import EDITORS
from exams.demo import seed_sites
from support import demo
from support.models import GoodDeedStory, SupportOffer

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data(roles, exam_column):
    seed_accounts(io.StringIO())
    seed_sites()
    demo.seed(io.StringIO())


def test_demo_offers_are_sample_in_every_state_and_seeding_twice_adds_nothing(demo_data, client):
    offers = SupportOffer.objects.filter(year=2021)
    assert offers.count() == len(demo.OFFERS) == 15
    assert all(o.is_sample and o.title.endswith("(mẫu)") for o in offers)
    states = {o.status for o in offers}
    assert states == {"published", "submitted", "withdrawn"}
    story = GoodDeedStory.objects.get()
    assert story.is_sample and story.article.status == "pending"
    demo.seed(io.StringIO())
    assert SupportOffer.objects.count() == 15 and GoodDeedStory.objects.count() == 1
    html = client.get("/lich-thi/ho-tro-thi-sinh/").content.decode()
    assert "Dữ liệu mẫu" in html and "Mường Tè" in html


def test_editor_reads_offers_and_senders_in_the_admin(demo_data, client, make_staff):
    editor = make_staff(EDITORS, username="bt2")
    client.force_login(editor)
    assert client.get("/admin/support/supportoffer/").status_code == 200
    offer = SupportOffer.objects.first()
    html = client.get(f"/admin/support/supportoffer/{offer.pk}/change/").content.decode()
    assert "Công bố" in html  # the trail inline
    html = client.get("/admin/support/gooddeedstory/").content.decode()
    assert "Tẩn Thị Lan (mẫu)" in html and "0912 000 999" in html
    story = GoodDeedStory.objects.get()
    html = client.get(f"/admin/support/gooddeedstory/{story.pk}/change/").content.decode()
    assert "Đồng ý cho đăng" in html or "đồng ý cho đăng" in html
    assert client.get("/admin/support/supportoffer/add/").status_code == 403

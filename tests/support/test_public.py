"""The public page: only reviewed, not withdrawn offers; the filter; the print sheet; the sites
page; cacheable, no cookie, constant queries; page cache emptied by every move."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exams.models import District, ExamSite
from support import services
from support.models import OfferKind

PAGE = "/lich-thi/2021/ho-tro-thi-sinh/"
CURRENT = "/lich-thi/ho-tro-thi-sinh/"

pytestmark = pytest.mark.django_db


def titles(response):
    return re.findall(r'<h4 class="offer__title">([^<]+)</h4>', response.content.decode())


def test_only_published_offers_are_listed(client, sites, make_offer):
    make_offer(sites["muong-te"], "draft", title="Bản nháp chưa gửi")
    make_offer(sites["muong-te"], "submitted", title="Đang chờ duyệt")
    make_offer(sites["muong-te"], "published", title="Nhà trọ đã duyệt")
    make_offer(sites["muong-te"], "withdrawn", title="Đã dừng vì đủ chỗ")
    response = client.get(PAGE)
    assert response.status_code == 200
    assert titles(response) == ["Nhà trọ đã duyệt"]
    assert titles(client.get(CURRENT)) == ["Nhà trọ đã duyệt"]


def test_tap_to_call_phone_and_grouping_by_district_and_site(client, sites, make_offer):
    make_offer(sites["muong-te"], phone="0213 3881 008")
    make_offer(sites["phong-tho"], kind=OfferKind.MEALS, title="Suất ăn miễn phí",
               phone="+84 912 000 104")
    make_offer(sites["muong-te"], site=None, title="Xe đưa đón cả huyện",
               kind=OfferKind.TRANSPORT)
    html = client.get(PAGE).content.decode()
    assert 'href="tel:02133881008"' in html and 'href="tel:+84912000104"' in html
    # District order of the province: Phong Thổ before Mường Tè.
    assert html.index('id="phong-tho"') < html.index('id="muong-te"')
    assert "Gần điểm thi số 08: Điểm thi Trường THPT Mường Tè" in html
    assert "Trong huyện Mường Tè" in html


def test_filter_by_kind_with_get_parameters(client, sites, make_offer):
    make_offer(sites["muong-te"], title="Nhà trọ A")
    make_offer(sites["muong-te"], kind=OfferKind.TRANSPORT, title="Xe đưa đón B")
    assert titles(client.get(PAGE, {"loai": "xe-dua-don"})) == ["Xe đưa đón B"]
    assert titles(client.get(PAGE, {"loai": "cho-o"})) == ["Nhà trọ A"]
    assert sorted(titles(client.get(PAGE, {"loai": "khong-co"}))) == ["Nhà trọ A", "Xe đưa đón B"]
    empty = client.get(PAGE, {"loai": "suat-an"}).content.decode()
    assert "Chưa có hoạt động hỗ trợ loại “suất ăn miễn phí”" in empty
    assert 'value="suat-an" checked' in empty


def test_page_is_cacheable_without_cookie(client, sites, make_offer):
    make_offer(sites["muong-te"])
    response = client.get(PAGE)
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    assert "csrftoken" not in response.content.decode()


def test_unknown_year_is_404_and_known_year_without_offers_says_so(client, sites):
    assert client.get("/lich-thi/1999/ho-tro-thi-sinh/").status_code == 404
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Chưa có hoạt động hỗ trợ nào được công bố" in response.content.decode()


def test_queries_are_constant_whatever_the_number_of_offers(client, sites, make_offer):
    make_offer(sites["muong-te"])

    def count(url):
        client.get(url)  # the navigation's own first-request reads are cached after it
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    small = {url: count(url) for url in (PAGE, "/lich-thi/2021/diem-thi/",
                                         "/lich-thi/2021/ho-tro-thi-sinh/ban-in/muong-te/")}
    for n in range(12):
        make_offer(sites["muong-te" if n % 2 else "phong-tho"], title=f"Hỗ trợ {n}",
                   site=None if n % 3 == 0 else sites["muong-te" if n % 2 else "phong-tho"])
    ExamSite.objects.create(year=2021, code="12", name="Điểm thi Nậm Nhùn", school="THPT Nậm Nhùn",
                            address="Nậm Nhùn", district=District.NAM_NHUN, rooms=9)
    large = {url: count(url) for url in small}
    assert small == large


def test_print_sheet_per_district(client, sites, make_offer):
    make_offer(sites["muong-te"], title="Nhà trọ Mường Tè")
    make_offer(sites["phong-tho"], title="Nhà trọ Phong Thổ")
    make_offer(sites["muong-te"], "withdrawn", title="Đã dừng")
    response = client.get("/lich-thi/2021/ho-tro-thi-sinh/ban-in/muong-te/")
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(response) == ["Nhà trọ Mường Tè"]
    assert "Mường Tè" in html and 'href="tel:02133881008"' in html
    assert not response.cookies
    assert client.get("/lich-thi/2021/ho-tro-thi-sinh/ban-in/khong-co/").status_code == 404
    assert client.get("/lich-thi/1999/ho-tro-thi-sinh/ban-in/muong-te/").status_code == 404
    # The page links each district's sheet, and prints one district per sheet.
    page = client.get(PAGE).content.decode()
    assert 'href="/lich-thi/2021/ho-tro-thi-sinh/ban-in/muong-te/"' in page
    css = (Path(settings.BASE_DIR) / "static/css/support.css").read_text(encoding="utf-8")
    assert re.search(r"@media print \{\s*\.offer-district \{ break-before: page;", css)


def test_sites_page_shows_offers_near_each_site(client, sites, make_offer):
    make_offer(sites["muong-te"], title="Nhà trọ gần Mường Tè")
    make_offer(sites["muong-te"], "submitted", title="Chưa duyệt")
    html = client.get("/lich-thi/2021/diem-thi/").content.decode()
    card = html[html.index("Điểm thi số 08"):]
    card = card[:card.index("</li>\n    \n")] if "</li>\n    \n" in card else card
    assert "Nhà trọ gần Mường Tè" in card and 'href="tel:02133881008"' in card
    assert "Chưa duyệt" not in html
    phong_tho = html[html.index("Điểm thi số 04"):html.index("Điểm thi số 04") + 600]
    assert "Hỗ trợ thí sinh gần điểm thi" not in phong_tho
    # Each district with offers links to its part of the support page.
    assert 'href="/lich-thi/2021/ho-tro-thi-sinh/#muong-te"' in html
    assert 'href="/lich-thi/2021/ho-tro-thi-sinh/#phong-tho"' not in html


def test_html_in_an_offer_is_escaped(client, sites, make_offer):
    make_offer(sites["muong-te"], title="<script>alert(1)</script>Nhà trọ",
               conditions='<img src=x onerror="alert(1)">')
    html = client.get(PAGE).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_page_cache_never_shows_an_offer_before_review_or_after_withdrawal(
        client, sites, make_offer, editor, page_cache_on):
    offer = make_offer(sites["muong-te"], "submitted", title="Nhà trọ chờ duyệt")
    assert client.get(PAGE)["X-Page-Cache"] == "miss"
    cached = client.get(PAGE)
    assert cached["X-Page-Cache"] == "hit" and titles(cached) == []
    services.publish_offer(offer, editor)
    response = client.get(PAGE)
    assert response["X-Page-Cache"] == "miss" and titles(response) == ["Nhà trọ chờ duyệt"]
    assert client.get(PAGE)["X-Page-Cache"] == "hit"
    sites_page = client.get("/lich-thi/2021/diem-thi/")
    assert "Nhà trọ chờ duyệt" in sites_page.content.decode()
    services.withdraw_offer(offer, editor, "Đã đủ chỗ")
    response = client.get(PAGE)
    assert response["X-Page-Cache"] == "miss" and titles(response) == []
    assert "Nhà trọ chờ duyệt" not in client.get("/lich-thi/2021/diem-thi/").content.decode()


def test_audit_log_keeps_who_did_what(sites, make_offer, editor, unit_staff):
    offer = make_offer(sites["muong-te"], "draft", user=unit_staff["muong-te"])
    services.submit_offer(offer, unit_staff["muong-te"])
    services.publish_offer(offer, editor)
    services.withdraw_offer(offer, unit_staff["muong-te"], "Đã hết đợt thi")
    events = list(offer.events.order_by("at", "pk").values_list("action", "actor__username",
                                                                 "to_status", "comment"))
    assert events == [
        ("created", "canbomuongte", "draft", ""),
        ("submitted", "canbomuongte", "submitted", ""),
        ("published", "bientap", "published", ""),
        ("withdrawn", "canbomuongte", "withdrawn", "Đã hết đợt thi"),
    ]
    offer.refresh_from_db()
    assert offer.withdrawn_reason == "Đã hết đợt thi" and offer.withdrawn_at


def test_rules_across_fields(sites, editor):
    from examportal.services import ServiceError
    from support.models import SupportOffer
    from tests.support.conftest import offer_data

    cases = [
        ({"site": sites["old"]}, "site", "không thuộc kỳ thi năm 2021"),
        ({"district": District.SIN_HO}, "site", "không ở Sìn Hồ"),
        ({"ends_on": offer_data(sites["muong-te"])["starts_on"].replace(day=1)}, "ends_on", "sau"),
        ({"phone": "12"}, "phone", "8 đến 12 chữ số"),
    ]
    for changes, field, text in cases:
        with pytest.raises(ServiceError) as caught:
            services.save_offer(SupportOffer(year=2021), editor, offer_data(sites["muong-te"], **changes))
        assert text in caught.value.message_dict[field][0]
    assert not SupportOffer.objects.exists()

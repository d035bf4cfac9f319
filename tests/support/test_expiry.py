"""An offer whose last day is over leaves every public page at once (decided at query time, in
Lai Châu's zone), the page cache keeps no page listing it past that moment, and staff still see
it labelled "đã hết hạn"."""

import datetime
import json
import re
from unittest import mock

import pytest
from django.utils import timezone

from examportal import pagecache
from support.models import SupportOffer, next_public_change

pytestmark = pytest.mark.django_db

PAGE = "/lich-thi/2021/ho-tro-thi-sinh/"
EXPIRED = '<span class="badge badge--expired">đã hết hạn</span>'
LAI_CHAU = datetime.timezone(datetime.timedelta(hours=7))


def local(day, hour, minute=0, second=0):
    return datetime.datetime(2021, 7, day, hour, minute, second, tzinfo=LAI_CHAU)


def titles(response):
    return re.findall(r'<h4 class="offer__title">([^<]+)</h4>', response.content.decode())


def public_views(client):
    """Every public place an offer shows up, as text."""
    return {
        "page": client.get(PAGE).content.decode(),
        "print": client.get(PAGE + "ban-in/muong-te/").content.decode(),
        "sites": client.get("/lich-thi/2021/diem-thi/").content.decode(),
        "search": client.get("/tim-kiem/", {"q": "nha tro tu bon"}).content.decode(),
        "feed": json.dumps(json.loads(client.get("/ky-thi/2021/feed.json").content)["items"],
                           ensure_ascii=False),
    }


def sitemap(client):
    return client.get("/sitemap-ho-tro-thi-sinh.xml").content.decode()


def test_an_offer_leaves_every_public_page_when_its_last_day_is_over(
        client, sites, make_offer, support_clock, exam_column):
    make_offer(sites["muong-te"], title="Nhà trọ tư bốn", ends_on=datetime.date(2021, 7, 8))
    make_offer(sites["muong-te"], title="Nhà trọ tư chín", ends_on=datetime.date(2021, 7, 9))
    support_clock.set(local(8, 23, 59, 59))  # the last second of its last day, in Lai Châu
    for name, text in public_views(client).items():
        assert "Nhà trọ tư bốn" in text, name
    assert titles(client.get(PAGE)) == ["Nhà trọ tư bốn", "Nhà trọ tư chín"]
    assert "ban-in/muong-te/" in sitemap(client)
    # Midnight in Lai Châu is 17:00 UTC: over there, whatever the server's own zone says.
    support_clock.set(datetime.datetime(2021, 7, 8, 17, 0, tzinfo=datetime.UTC))
    for name, text in public_views(client).items():
        assert "Nhà trọ tư bốn" not in text, name
    assert titles(client.get(PAGE)) == ["Nhà trọ tư chín"]
    assert "ban-in/muong-te/" in sitemap(client)  # the other one remains
    support_clock.set(local(10, 0, 0, 1))
    views = public_views(client)
    assert titles(client.get(PAGE)) == [] and "ban-in/muong-te/" not in sitemap(client)
    assert "Nhà trọ tư" not in views["sites"] and "Nhà trọ tư" not in views["feed"]
    # Still in the database, and still published: nothing had to withdraw it.
    assert SupportOffer.objects.filter(status="published").count() == 2
    assert SupportOffer.objects.published().count() == 0


def test_staff_still_see_an_offer_that_is_over_labelled_as_such(
        client, sites, make_offer, editor, support_clock):
    offer = make_offer(sites["muong-te"], title="Nhà trọ tư bốn", ends_on=datetime.date(2021, 7, 8))
    client.force_login(editor)
    listing = client.get("/lich-thi/ho-tro-thi-sinh/quan-ly/").content.decode()
    assert "Nhà trọ tư bốn" in listing and EXPIRED not in listing
    support_clock.set(local(9, 8))
    listing = client.get("/lich-thi/ho-tro-thi-sinh/quan-ly/").content.decode()
    assert "Nhà trọ tư bốn" in listing and listing.count(EXPIRED) == 1
    page = client.get(f"/lich-thi/ho-tro-thi-sinh/quan-ly/{offer.pk}/").content.decode()
    assert EXPIRED in page and "không còn hiện công khai" in page
    assert "Xem trên trang công khai" not in page


def test_the_next_end_of_an_offer_is_the_page_cache_schedule(sites, make_offer):
    make_offer(sites["muong-te"], title="Một", ends_on=datetime.date(2021, 7, 8))
    make_offer(sites["muong-te"], title="Hai", ends_on=datetime.date(2021, 7, 9))
    make_offer(sites["muong-te"], "withdrawn", title="Đã dừng", ends_on=datetime.date(2021, 7, 6))
    make_offer(sites["muong-te"], "submitted", title="Chờ duyệt", ends_on=datetime.date(2021, 7, 7))
    end_of_8 = datetime.datetime(2021, 7, 8, 17, 0, tzinfo=datetime.UTC)  # 00:00 on 9/7 there
    assert next_public_change(local(6, 8)) == end_of_8
    assert next_public_change(local(8, 23, 59)) == end_of_8
    assert next_public_change(local(9, 0, 0, 1)) == end_of_8 + datetime.timedelta(days=1)
    assert next_public_change(local(10, 0, 0, 1)) is None
    assert pagecache.page_timeout(local(8, 23, 58)) <= 120


def test_the_page_cache_serves_no_page_listing_an_offer_after_its_last_day(
        client, sites, make_offer, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 24 * 3600  # only the schedule can end the cached copy
    monkeypatch.setattr("support.clock.now", lambda: timezone.now())  # one clock for all
    make_offer(sites["muong-te"], title="Nhà trọ tư bốn", ends_on=datetime.date(2021, 7, 8))

    def at(moment):
        return (mock.patch("django.utils.timezone.now", return_value=moment),
                mock.patch("django.core.cache.backends.locmem.time.time",
                           return_value=moment.timestamp()))

    before, after = at(local(8, 23, 58))
    with before, after:
        assert client.get(PAGE)["X-Page-Cache"] == "miss"
        cached = client.get(PAGE)
        assert cached["X-Page-Cache"] == "hit" and titles(cached) == ["Nhà trọ tư bốn"]
    before, after = at(local(9, 0, 0, 30))
    with before, after:
        response = client.get(PAGE)
        assert response["X-Page-Cache"] == "miss" and titles(response) == []

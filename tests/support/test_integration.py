"""Offers in the sitemap, the site search (results and key pages) and the column's feeds."""

import json

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.search import key_pages_for
from support import services

pytestmark = pytest.mark.django_db


def test_sitemap_lists_years_and_district_sheets_with_published_offers(client, sites, make_offer):
    make_offer(sites["muong-te"])
    make_offer(sites["phong-tho"], "submitted")
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-ho-tro-thi-sinh.xml" in index
    xml = client.get("/sitemap-ho-tro-thi-sinh.xml").content.decode()
    assert "/lich-thi/2021/ho-tro-thi-sinh/</loc>" in xml
    assert "/lich-thi/2021/ho-tro-thi-sinh/ban-in/muong-te/</loc>" in xml
    assert "ban-in/phong-tho/" not in xml  # only a submitted offer there


def test_site_search_finds_published_offers_without_diacritics(client, sites, make_offer):
    make_offer(sites["muong-te"], title="Nhà trọ miễn phí Mường Tè")
    make_offer(sites["muong-te"], "submitted", title="Nhà trọ chưa duyệt")
    make_offer(sites["muong-te"], "withdrawn", title="Nhà trọ đã dừng")
    html = client.get("/tim-kiem/", {"q": "nha tro muong te"}).content.decode()
    assert "Nhà trọ miễn phí Mường Tè" in html
    assert "chưa duyệt" not in html and "đã dừng" not in html
    assert "/lich-thi/2021/ho-tro-thi-sinh/#ho-tro-" in html


@pytest.mark.parametrize("query", ["ho tro thi sinh", "nhà trọ miễn phí", "nha tro", "xe dua don",
                                   "suat an"])
def test_key_pages_name_the_support_page(query):
    assert "/lich-thi/ho-tro-thi-sinh/" in [page.url for page in key_pages_for(query)]


def publish_article(column, title):
    from django.utils import timezone

    from news.models import Article

    moment = timezone.now() - timezone.timedelta(hours=1)
    return Article.objects.create(
        section=column.sections.get(slug="thong-cao-bao-chi"), title=title, lead="Tóm tắt",
        body="<p>Nội dung</p>", status=Article.Status.PUBLISHED, publish_at=moment,
        first_published_at=moment)


def test_offer_in_the_column_feeds_once_published_and_gone_after_withdrawal(
        client, sites, make_offer, editor, exam_column):
    publish_article(exam_column, "Thông cáo báo chí số 1")
    offer = make_offer(sites["muong-te"], "submitted", title="Xe đưa đón Thu Lũm")
    rss = client.get("/ky-thi/2021/rss.xml")
    assert "Xe đưa đón Thu Lũm" not in rss.content.decode()
    etag = rss["ETag"]
    assert client.get("/ky-thi/2021/rss.xml", HTTP_IF_NONE_MATCH=etag).status_code == 304
    services.publish_offer(offer, editor)
    # The conditional request must see the change (one query, still).
    with CaptureQueriesContext(connection) as ctx:
        fresh = client.get("/ky-thi/2021/rss.xml", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    entries = feedparser.parse(fresh.content).entries
    entry = next(e for e in entries if "Xe đưa đón Thu Lũm" in e.title)
    assert entry.link.endswith(f"/lich-thi/2021/ho-tro-thi-sinh/#ho-tro-{offer.pk}")
    assert "0213 3881 008" in entry.summary
    assert "Hỗ trợ thí sinh" in [t.term for t in entry.tags]
    etag_published = fresh["ETag"]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/ky-thi/2021/rss.xml",
                          HTTP_IF_NONE_MATCH=etag_published).status_code == 304
    assert len(ctx) == 1
    items = json.loads(client.get("/ky-thi/2021/feed.json").content)["items"]
    assert any("Xe đưa đón Thu Lũm" in item["title"] for item in items)
    assert "Xe đưa đón Thu Lũm" in client.get("/ky-thi/2021/atom.xml").content.decode()
    # Section feeds carry articles only.
    section = client.get("/ky-thi/2021/thong-cao-bao-chi/rss.xml").content.decode()
    assert "Xe đưa đón Thu Lũm" not in section and "Thông cáo báo chí số 1" in section
    services.withdraw_offer(offer, editor, "Đã hết chỗ")
    after = client.get("/ky-thi/2021/rss.xml", HTTP_IF_NONE_MATCH=etag_published)
    assert after.status_code == 200 and "Xe đưa đón Thu Lũm" not in after.content.decode()


def test_a_column_without_articles_still_sees_offers_change(client, sites, make_offer, editor):
    offer = make_offer(sites["muong-te"], "submitted", title="Suất ăn Mường Tè")
    etag = client.get("/ky-thi/2021/feed.json")["ETag"]
    services.publish_offer(offer, editor)
    response = client.get("/ky-thi/2021/feed.json", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert [i["title"] for i in json.loads(response.content)["items"]] == [
        "Hỗ trợ thí sinh: Suất ăn Mường Tè (Mường Tè)"]


def test_column_feed_with_offers_and_articles_queries_stay_constant(client, sites, make_offer,
                                                                   exam_column):
    publish_article(exam_column, "Tin 1")
    make_offer(sites["muong-te"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/ky-thi/2021/rss.xml").status_code == 200
        return len(ctx)

    small = count()
    for n in range(10):
        make_offer(sites["muong-te"], title=f"Hỗ trợ {n}")
    assert count() == small

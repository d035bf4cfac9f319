import datetime
import io
import json
from unittest import mock

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from news import feeds
from news.models import Article

pytestmark = pytest.mark.django_db

FEED_URLS = {
    "rss": "/ky-thi/2021/rss.xml",
    "atom": "/ky-thi/2021/atom.xml",
    "json": "/ky-thi/2021/feed.json",
    "section-rss": "/ky-thi/2021/thong-cao-bao-chi/rss.xml",
    "section-atom": "/ky-thi/2021/thong-cao-bao-chi/atom.xml",
    "section-json": "/ky-thi/2021/thong-cao-bao-chi/feed.json",
}


def publish(column, title, section_slug="thong-cao-bao-chi", minutes_ago=60, tags=(),
            image=False, **extra):
    article = Article.objects.create(
        section=column.sections.get(slug=section_slug),
        title=title,
        lead=f"Tóm tắt: {title}",
        body=f"<p>{title}</p>",
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        first_published_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        byline="Văn phòng Sở",
        **extra,
    )
    if tags:
        article.tags.add(*tags)
    if image:
        output = io.BytesIO()
        Image.new("RGB", (64, 48), (10, 80, 160)).save(output, format="JPEG")
        article.cover_image.save("cover.jpg", ContentFile(output.getvalue()))
        article.cover_alt = "Thí sinh làm thủ tục dự thi"
        article.save()
    return article


@pytest.fixture
def articles(exam_column):
    items = [publish(exam_column, f"Thông cáo báo chí số {n} về Kỳ thi tốt nghiệp THPT",
                     minutes_ago=60 + n, tags=["Kỳ thi 2021", "Đề thi"]) for n in range(3)]
    items.append(publish(exam_column, "Hướng dẫn ôn thi môn Ngữ văn",
                         section_slug="on-thi-va-ky-nang-lam-bai", image=True, minutes_ago=5))
    return items


def test_rss_feed_is_valid_and_complete(client, articles):
    response = client.get(FEED_URLS["rss"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    channel = parsed.feed
    assert channel.title.startswith("Thông tin về Kỳ thi tốt nghiệp THPT năm 2021")
    assert channel.link == "http://127.0.0.1:8000/ky-thi/2021/"
    assert channel.description
    assert len(parsed.entries) == 4
    newest = parsed.entries[0]
    assert newest.title == "Hướng dẫn ôn thi môn Ngữ văn"
    assert newest.link == "http://127.0.0.1:8000" + articles[-1].get_absolute_url()
    assert newest.summary == "Tóm tắt: Hướng dẫn ôn thi môn Ngữ văn"
    assert newest.published.endswith("+0700")
    assert newest.author  # RSS author is an email + name; the byline is there
    enclosure = newest.enclosures[0]
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) > 0
    assert enclosure.href.startswith("http://127.0.0.1:8000/media/")
    terms = {tag.term for tag in parsed.entries[1].tags}
    assert {"Thông cáo báo chí", "Kỳ thi 2021", "Đề thi"} <= terms
    # RSS 2.0 required channel elements, read straight from the XML.
    xml = response.content.decode()
    for element in ("<title>", "<link>", "<description>"):
        assert element in xml.split("<item>", 1)[0]


def test_atom_feed_has_rfc4287_required_elements(client, articles):
    response = client.get(FEED_URLS["atom"])
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    feed = parsed.feed
    assert feed.id and feed.title and feed.updated
    assert feed.author_detail.name == "Sở Giáo dục và Đào tạo tỉnh Lai Châu"
    assert any(link.rel == "alternate" for link in feed.links)
    assert any(link.rel == "self" for link in feed.links)
    for entry in parsed.entries:
        assert entry.id and entry.title and entry.updated and entry.link
        assert entry.updated.endswith("+07:00")
    enclosure = [link for link in parsed.entries[0].links if link.rel == "enclosure"]
    assert enclosure and enclosure[0].type == "image/jpeg" and int(enclosure[0].length) > 0


def test_json_feed_1_1(client, articles):
    response = client.get(FEED_URLS["json"])
    assert response["Content-Type"].startswith("application/feed+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["language"] == "vi"
    assert data["feed_url"] == "http://127.0.0.1:8000/ky-thi/2021/feed.json"
    assert len(data["items"]) == 4
    first = data["items"][0]
    assert first["title"] == "Hướng dẫn ôn thi môn Ngữ văn"
    assert first["date_published"].endswith("+07:00")
    assert first["image"].startswith("http://127.0.0.1:8000/media/")
    assert first["id"] == first["url"]
    # Vietnamese is sent as UTF-8 text, not \\u escapes.
    assert "Hướng dẫn ôn thi".encode() in response.content


def test_section_and_tag_feeds_only_list_their_articles(client, articles):
    section = feedparser.parse(client.get(FEED_URLS["section-rss"]).content)
    assert len(section.entries) == 3
    assert all("Thông cáo" in e.title for e in section.entries)
    data = json.loads(client.get(FEED_URLS["section-json"]).content)
    assert len(data["items"]) == 3
    slug = articles[0].tags.get(name="Đề thi").slug
    tag = feedparser.parse(client.get(f"/chu-de/{slug}/atom.xml").content)
    assert not tag.bozo
    assert len(tag.entries) == 3
    assert "Đề thi" in tag.feed.title


def test_unknown_scopes_are_404(client, exam_column):
    assert client.get("/ky-thi/1990/rss.xml").status_code == 404
    assert client.get("/ky-thi/2021/khong-co/atom.xml").status_code == 404
    assert client.get("/chu-de/khong-co/rss.xml").status_code == 404


def test_feed_lists_at_most_30_items_with_constant_queries(client, exam_column):
    for n in range(3):
        publish(exam_column, f"Tin số {n}", minutes_ago=10 + n, tags=["A", f"B{n}"])

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    small = {url: count(url) for url in FEED_URLS.values()}
    for n in range(3, 40):
        publish(exam_column, f"Tin số {n}", minutes_ago=10 + n, tags=["A", f"B{n}"])
    large = {url: count(url) for url in FEED_URLS.values()}
    assert small == large
    assert len(feedparser.parse(client.get(FEED_URLS["rss"]).content).entries) == 30
    assert len(json.loads(client.get(FEED_URLS["json"]).content)["items"]) == 30


def test_scheduled_withdrawn_and_expired_articles_stay_out(client, exam_column):
    publish(exam_column, "Đã đăng")
    publish(exam_column, "Hẹn giờ", minutes_ago=-60)
    withdrawn = publish(exam_column, "Đã gỡ")
    Article.objects.filter(pk=withdrawn.pk).update(status=Article.Status.WITHDRAWN)
    publish(exam_column, "Hết hạn", expires_at=timezone.now() - datetime.timedelta(minutes=1))
    titles = [e.title for e in feedparser.parse(client.get(FEED_URLS["rss"]).content).entries]
    assert titles == ["Đã đăng"]
    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        titles = [e.title for e in feedparser.parse(client.get(FEED_URLS["rss"]).content).entries]
    assert titles == ["Hẹn giờ", "Đã đăng"]


def test_conditional_request_answers_304_from_one_query_without_building(client, articles):
    first = client.get(FEED_URLS["rss"])
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag and modified
    assert "max-age=300" in first["Cache-Control"] and "public" in first["Cache-Control"]
    for url in FEED_URLS.values():
        full = client.get(url)
        not_built = mock.patch.object(feeds.ArticleFeed, "items",
                                      side_effect=AssertionError("feed was built"))
        with not_built, CaptureQueriesContext(connection) as ctx:
            response = client.get(url, HTTP_IF_NONE_MATCH=full["ETag"])
        assert response.status_code == 304, url
        assert len(ctx) == 1, [q["sql"] for q in ctx.captured_queries]
        assert response.content == b""
        assert response["ETag"] == full["ETag"]
    by_date = client.get(FEED_URLS["rss"], HTTP_IF_MODIFIED_SINCE=modified)
    assert by_date.status_code == 304
    json_304 = client.get(FEED_URLS["json"], HTTP_IF_NONE_MATCH=client.get(
        FEED_URLS["json"])["ETag"])
    assert json_304["Access-Control-Allow-Origin"] == "*"


def test_etag_changes_when_the_list_changes(client, exam_column, articles):
    def etag():
        return client.get(FEED_URLS["rss"])["ETag"]

    before = etag()
    assert etag() == before  # stable while nothing changes
    new = publish(exam_column, "Tin mới", minutes_ago=1)
    after_publish = etag()
    assert after_publish != before
    Article.objects.filter(pk=new.pk).update(status=Article.Status.WITHDRAWN)
    after_withdraw = etag()
    assert after_withdraw != after_publish
    article = articles[0]
    article.title = "Thông cáo báo chí (đã sửa)"
    article.save()
    assert etag() != after_withdraw
    response = client.get(FEED_URLS["rss"], HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200


def test_missing_json_feed_is_a_readable_cross_origin_404(client, exam_column):
    response = client.get("/ky-thi/1990/feed.json")
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {"error": "Không tìm thấy kênh tin."}

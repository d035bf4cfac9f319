import json

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def published(directive, make_document):
    draft = make_document(is_published=False, excerpt="Bản nháp không được vào nguồn tin")
    return directive, draft


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/van-ban/rss.xml", "/van-ban/atom.xml"])
def test_rss_and_atom(client, published, url):
    directive, draft = published
    response = client.get(url)
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Văn bản chỉ đạo, hướng dẫn về Kỳ thi tốt nghiệp THPT"
    titles = [entry.title for entry in feed.entries]
    assert titles == [f"Chỉ thị 08/CT-UBND: {directive.excerpt}"]
    entry = feed.entries[0]
    assert entry.link == f"http://127.0.0.1:8000{directive.get_absolute_url()}"
    enclosure = [link for link in entry.links if link.rel == "enclosure"][0]
    assert enclosure.href.endswith(directive.files.get().get_absolute_url())
    assert enclosure.type == "application/pdf"
    # A conditional request is answered 304 without building the feed.
    etag = response["ETag"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and len(queries) <= 2


@pytest.mark.django_db
def test_json_feed(client, published):
    directive, _draft = published
    response = client.get("/van-ban/feed.json")
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["id"] for item in data["items"]] == [f"http://127.0.0.1:8000{directive.get_absolute_url()}"]
    assert data["items"][0]["attachments"][0]["mime_type"] == "application/pdf"


@pytest.mark.django_db
def test_autodiscovery_on_registry_and_document(client, directive):
    for url in ["/van-ban/", directive.get_absolute_url()]:
        html = client.get(url).content.decode()
        for kind, path in [("rss+xml", "rss.xml"), ("atom+xml", "atom.xml"), ("feed+json", "feed.json")]:
            assert f'type="application/{kind}"' in html and f"/van-ban/{path}" in html


@pytest.mark.django_db
def test_feed_query_count_is_constant(client, make_document):
    for _ in range(3):
        make_document(with_file=True)
    with CaptureQueriesContext(connection) as small:
        client.get("/van-ban/rss.xml")
    for _ in range(20):
        make_document(with_file=True)
    with CaptureQueriesContext(connection) as large:
        client.get("/van-ban/rss.xml")
    assert len(small) == len(large)

"""The registry's feeds send the excerpt as text, and its JSON Feed is readable cross-origin.

Security review, issue 14: item 8 (plain text passed as markup) and item 9 (the CORS header the
column's JSON Feed already has).
"""

import html
import json
import xml.etree.ElementTree as ET

import feedparser
import pytest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
EXCERPT = 'Về việc <a href="javascript:alert(1)">tổ chức thi</a> của Sở GD&ĐT'


@pytest.fixture
def document(make_document):
    return make_document(number="09/CT-UBND", excerpt=EXCERPT, with_file=True)


def assert_shown_as_text(value):
    """``value``, read as HTML, holds no tag and displays the excerpt as typed."""
    assert "<" not in value and ">" not in value, value
    assert EXCERPT in html.unescape(value)


def test_rss_description_carries_the_excerpt_escaped(client, document):
    response = client.get("/van-ban/rss.xml")
    item = ET.fromstring(response.content).find("channel/item")
    assert_shown_as_text(item.find("description").text)
    assert item.find("title").text == f"Chỉ thị 09/CT-UBND: {EXCERPT}"  # RSS title: plain text
    entry = feedparser.parse(response.content).entries[0]
    assert entry.summary_detail.type == "text/html"
    assert_shown_as_text(entry.summary)


def test_atom_summary_carries_the_excerpt_as_text(client, document):
    response = client.get("/van-ban/atom.xml")
    entry = ET.fromstring(response.content).find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    if summary.get("type") == "html":
        assert_shown_as_text(summary.text)
    else:
        assert summary.get("type") in (None, "text") and EXCERPT in summary.text
    title = entry.find(f"{ATOM}title")
    assert title.get("type") in (None, "text") and title.text.endswith(EXCERPT)
    parsed = feedparser.parse(response.content).entries[0]
    assert parsed.title.endswith(EXCERPT) and parsed.title_detail.type == "text/plain"


def test_json_feed_keeps_the_excerpt_in_plain_text_fields(client, document):
    item = json.loads(client.get("/van-ban/feed.json").content)["items"][0]
    assert EXCERPT in item["content_text"] and item["title"].endswith(EXCERPT)
    assert "content_html" not in item  # no body is sent, so nothing travels as HTML


def test_json_feed_is_readable_from_another_origin(client, document):
    response = client.get("/van-ban/feed.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    again = client.get("/van-ban/feed.json", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
    # Only the JSON Feed is meant for scripts on other sites.
    assert not client.get("/van-ban/rss.xml").has_header("Access-Control-Allow-Origin")

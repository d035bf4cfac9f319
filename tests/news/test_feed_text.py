"""Feeds send plain text as text (security review, issue 14, item 8).

A lead is plain text. In an element that readers render as HTML (RSS ``<description>``, Atom
``<summary type="html">``) it must arrive escaped, so that markup typed into it shows as
characters and never becomes a link; JSON Feed carries it in the plain-text fields only.
"""

import datetime
import html
import json
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import timezone

from news.models import Article

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
LEAD = 'Xem <a href="javascript:alert(1)">lịch thi</a> của Sở GD&ĐT <b>ngay</b>'
INTRO = 'Tin <script>alert(1)</script> chính thức & kịp thời'


@pytest.fixture
def article(exam_column):
    exam_column.intro = INTRO
    exam_column.save()
    return Article.objects.create(
        section=exam_column.sections.get(slug="thong-cao-bao-chi"),
        title="Thông cáo báo chí về Kỳ thi",
        lead=LEAD,
        body='<p>Nội dung <a href="https://moet.gov.vn/">Bộ GDĐT</a></p>',
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(hours=1),
        first_published_at=timezone.now() - datetime.timedelta(hours=1),
    )


def assert_shown_as_text(value, text):
    """``value``, read as HTML, displays exactly ``text`` and holds no tag."""
    assert "<" not in value and ">" not in value, value
    assert html.unescape(value) == text


@pytest.mark.parametrize("url", ["/ky-thi/2021/rss.xml", "/ky-thi/2021/thong-cao-bao-chi/rss.xml"])
def test_rss_description_carries_the_lead_escaped(client, article, url):
    response = client.get(url)
    channel = ET.fromstring(response.content).find("channel")
    assert_shown_as_text(channel.find("item/description").text, LEAD)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    entry = parsed.entries[0]
    assert entry.summary_detail.type == "text/html"
    assert_shown_as_text(entry.summary, LEAD)
    if "thong-cao" not in url:  # the column's intro describes the column's channel
        assert_shown_as_text(channel.find("description").text, INTRO)
        assert_shown_as_text(parsed.feed.description, INTRO)


def test_atom_summary_carries_the_lead_as_text(client, article):
    response = client.get("/ky-thi/2021/atom.xml")
    feed = ET.fromstring(response.content)
    summary = feed.find(f"{ATOM}entry/{ATOM}summary")
    if summary.get("type") == "html":
        assert_shown_as_text(summary.text, LEAD)
    else:
        assert summary.get("type") in (None, "text") and summary.text == LEAD
    for element in (feed.find(f"{ATOM}subtitle"), feed.find(f"{ATOM}entry/{ATOM}title")):
        assert element.get("type") in (None, "text")
    assert feed.find(f"{ATOM}subtitle").text == INTRO
    entry = feedparser.parse(response.content).entries[0]
    if entry.summary_detail.type == "text/html":
        assert_shown_as_text(entry.summary, LEAD)
    else:
        assert entry.summary == LEAD


def test_json_feed_keeps_the_lead_in_plain_text_fields(client, article):
    item = json.loads(client.get("/ky-thi/2021/feed.json").content)["items"][0]
    assert item["summary"] == LEAD and item["content_text"] == LEAD
    assert "content_html" not in item  # no body is sent, so nothing travels as HTML


def test_plain_lead_reads_the_same_in_every_reader(client, article):
    Article.objects.filter(pk=article.pk).update(lead="Sở GD&ĐT thông báo lịch thi")
    for url in ("/ky-thi/2021/rss.xml", "/ky-thi/2021/atom.xml"):
        entry = feedparser.parse(client.get(url).content).entries[0]
        shown = html.unescape(entry.summary) if entry.summary_detail.type == "text/html" \
            else entry.summary
        assert shown == "Sở GD&ĐT thông báo lịch thi"

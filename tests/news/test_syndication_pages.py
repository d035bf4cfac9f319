import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import Article

from .test_syndication_feeds import publish

pytestmark = pytest.mark.django_db
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")


@pytest.fixture
def content(exam_column):
    items = [publish(exam_column, f"Bài số {n}", tags=["Ngữ văn"]) for n in range(3)]
    publish(exam_column, "Bài hẹn giờ", minutes_ago=-120)
    return items


def test_follow_page_lists_every_feed_with_copy_buttons(client, content):
    response = client.get("/theo-doi/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Theo dõi tin</h1>" in html
    for path in ["/ky-thi/2021/rss.xml", "/ky-thi/2021/atom.xml", "/ky-thi/2021/feed.json",
                 "/ky-thi/2021/ket-qua-thi/rss.xml", "/ky-thi/2021/ket-qua-thi/feed.json"]:
        assert f'value="http://127.0.0.1:8000{path}"' in html
    tag = content[0].tags.get()
    assert f"/chu-de/{tag.slug}/rss.xml" in html
    assert html.count('data-copy-target="') >= 27
    assert not response.cookies


def test_feed_autodiscovery_on_every_page(client, content):
    html = client.get("/").content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'href="http://127.0.0.1:8000/ky-thi/2021/rss.xml"' in html
    assert 'type="application/atom+xml"' in html
    assert 'type="application/feed+json"' in html


def test_embed_generator_builds_both_snippets(client, content):
    response = client.get("/nhung-tin/", {"section": "ket-qua-thi", "limit": "7",
                                          "style": "images"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhúng tin vào website của trường" in html
    assert "data-feed=&quot;http://127.0.0.1:8000/ky-thi/2021/ket-qua-thi/feed.json&quot;" in html
    assert "data-limit=&quot;7&quot;" in html and "data-dates=&quot;0&quot;" in html
    assert "data-style=&quot;images&quot;" in html
    assert "/static/js/embed.js" in html
    assert "/nhung-tin/khung/2021/?section=ket-qua-thi&amp;amp;limit=7&amp;amp;style=images" in html


def test_embed_generator_ignores_bad_options(client, content):
    for params in [{"limit": "999"}, {"limit": "abc"}, {"section": "<script>"},
                   {"style": "evil"}, {"limit": "-3", "section": "khong-co"}]:
        response = client.get("/nhung-tin/", params)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script>" not in html.split("</header>", 1)[1].replace(
            '<script src="/static/js/copy.js" defer></script>', "").replace(
            '<script src="/static/js/embed-generator.js" defer></script>', "")


def test_embed_frame_is_the_only_frameable_page(client, content):
    frame = client.get("/nhung-tin/khung/2021/", {"limit": "2", "dates": "1"})
    assert frame.status_code == 200
    assert "X-Frame-Options" not in frame
    assert "frame-ancestors *" in frame["Content-Security-Policy"]
    assert "script-src" not in frame["Content-Security-Policy"]
    html = frame.content.decode()
    assert html.count('class="embed-item"') == 2
    assert 'target="_blank" rel="noopener"' in html
    assert "Bài hẹn giờ" not in html
    for url in ["/", "/theo-doi/", "/nhung-tin/", "/ky-thi/2021/"]:
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url


def test_embed_frame_escapes_titles(client, exam_column):
    publish(exam_column, "<script>alert('xss')</script> Lịch thi")
    html = client.get("/nhung-tin/khung/2021/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt; Lịch thi" in html


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Disallow: /xem-truoc/" in text
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text


def test_sitemap_index_and_sections_are_valid(client, content):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    assert index.tag == f"{SM}sitemapindex"
    locs = [e.text for e in index.iter(f"{SM}loc")]
    assert "http://127.0.0.1:8000/sitemap-bai-viet.xml" in locs
    all_urls = []
    for loc in locs:
        response = client.get(loc.replace("http://127.0.0.1:8000", ""))
        assert response.status_code == 200, loc
        root = ET.fromstring(response.content)
        assert root.tag == f"{SM}urlset"
        for url in root.findall(f"{SM}url"):
            children = {child.tag.replace(SM, ""): child.text for child in url}
            assert set(children) <= {"loc", "lastmod", "changefreq", "priority"}
            assert children["loc"].startswith("http://127.0.0.1:8000/")
            assert len(children["loc"]) < 2048
            if "lastmod" in children:
                assert W3C_DATETIME.match(children["lastmod"]), children["lastmod"]
            if "changefreq" in children:
                assert children["changefreq"] in {"always", "hourly", "daily", "weekly",
                                                  "monthly", "yearly", "never"}
            if "priority" in children:
                assert 0 <= float(children["priority"]) <= 1
            all_urls.append(children["loc"])
    for article in content:
        assert "http://127.0.0.1:8000" + article.get_absolute_url() in all_urls
    scheduled = Article.objects.get(title="Bài hẹn giờ")
    assert "http://127.0.0.1:8000" + scheduled.get_absolute_url() not in all_urls
    assert "http://127.0.0.1:8000/ky-thi/2021/ket-qua-thi/" in all_urls
    assert "http://127.0.0.1:8000/so-do-trang/" in all_urls
    assert client.get("/sitemap-khong-co.xml").status_code == 404
    assert client.get("/sitemap-bai-viet.xml?p=99").status_code == 404


def test_sitemap_queries_do_not_grow(client, exam_column):
    publish(exam_column, "Bài đầu", tags=["A"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get("/sitemap-bai-viet.xml")
            client.get("/sitemap-chu-de.xml")
            client.get("/sitemap-chuyen-muc-con.xml")
        return len(ctx)

    before = count()
    for n in range(30):
        publish(exam_column, f"Bài {n}", tags=[f"T{n}"])
    assert count() == before


def test_html_site_map(client, content):
    response = client.get("/so-do-trang/")
    html = response.content.decode()
    assert "<h1>Sơ đồ trang</h1>" in html
    for text in ["Kết quả thi", "Văn bản chỉ đạo, hướng dẫn", "Đường dây nóng Kỳ thi",
                 "Theo dõi tin", "Nhúng tin vào website của trường"]:
        assert text in html
    assert 'href="/so-do-trang/"' in client.get("/").content.decode()




def test_section_and_tag_pages_announce_their_own_feeds(client, content):
    html = client.get("/ky-thi/2021/thong-cao-bao-chi/").content.decode()
    assert 'href="http://127.0.0.1:8000/ky-thi/2021/thong-cao-bao-chi/rss.xml"' in html
    assert 'href="http://127.0.0.1:8000/ky-thi/2021/thong-cao-bao-chi/feed.json"' in html
    assert 'href="http://127.0.0.1:8000/ky-thi/2021/rss.xml"' in html  # the column's too
    tag = content[0].tags.get()
    html = client.get(tag.get_absolute_url()).content.decode()
    assert f'href="http://127.0.0.1:8000/chu-de/{tag.slug}/atom.xml"' in html

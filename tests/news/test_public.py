import json
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Article

pytestmark = pytest.mark.django_db
Status = Article.Status


def html_of(response):
    return response.content.decode()


def title_of(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_article_page_shows_everything_readers_need(client, make_article, other_section):
    other = make_article(title="Hướng dẫn phúc khảo", section=other_section)
    older = make_article(title="Buổi thi môn Toán", publish_at=timezone.now() - timedelta(days=2))
    article = make_article(
        title="Buổi thi môn Ngữ văn diễn ra an toàn", source="Báo Lai Châu",
        byline="Trường THPT Mường Tè", tags=["Ngữ văn", "Điểm thi"],
        publish_at=timezone.now() - timedelta(days=1),
    )
    newer = make_article(title="Buổi thi Ngoại ngữ", publish_at=timezone.now() - timedelta(hours=1))
    article.related_articles.set([other])
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = html_of(response)
    local = timezone.localtime(article.publish_at)
    assert local.strftime("%d/%m/%Y %H:%M") in html
    assert "Trang chủ" in html and article.section.title in html and article.section.column.title in html
    assert "Nguồn: Báo Lai Châu" in html and "Trường THPT Mường Tè" in html
    assert 'href="/chu-de/ngu-van/"' in html and 'href="/chu-de/diem-thi/"' in html
    assert other.get_absolute_url() in html  # related
    assert f'href="{older.get_absolute_url()}" rel="prev"' in html
    assert f'href="{newer.get_absolute_url()}" rel="next"' in html
    assert 'id="article-link"' in html and "In bài viết" in html
    assert "Cập nhật lúc" not in html
    assert title_of(html).startswith(article.title)
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{article.get_absolute_url()}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{article.title}">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["datePublished"] == article.publish_at.isoformat()
    assert not response.cookies
    assert "public" in response["Cache-Control"]


def test_json_ld_cannot_be_broken_out_of(client, make_article):
    article = make_article(title="</script><script>alert(1)</script>", lead="a </script> b & c")
    html = html_of(client.get(article.get_absolute_url()))
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block
    assert json.loads(block)["headline"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)</script>" not in html


def test_unknown_is_404_withdrawn_and_expired_are_410(client, make_article):
    assert client.get("/bai-viet/khong-co-bai-nay/").status_code == 404
    withdrawn = make_article(title="Bài đã gỡ", status=Status.WITHDRAWN,
                             publish_at=timezone.now() - timedelta(days=3))
    expired = make_article(title="Bài hết hạn", expires_at=timezone.now() - timedelta(minutes=1))
    for article in (withdrawn, expired):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 410
        html = html_of(response)
        assert "Bài viết không còn được đăng" in html
        assert article.section.get_absolute_url() in html
        assert 'name="robots" content="noindex"' in html
    draft = make_article(title="Bản nháp chưa đăng", status=Status.DRAFT)
    pending = make_article(title="Bài chờ duyệt", status=Status.PENDING)
    scheduled = make_article(title="Bài hẹn giờ", publish_at=timezone.now() + timedelta(hours=2))
    for article in (draft, pending, scheduled):
        assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_article_appears_when_its_time_comes(client, make_article, section):
    at = timezone.now() + timedelta(hours=3)
    article = make_article(title="Thông báo lịch công bố điểm thi", publish_at=at)
    assert article not in Article.objects.published()
    assert article.title not in html_of(client.get(section.get_absolute_url()))
    later = at + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert article in Article.objects.published()
        assert client.get(article.get_absolute_url()).status_code == 200
        assert article.title in html_of(client.get(section.get_absolute_url()))
        assert article.title in html_of(client.get("/"))


def test_expiry_is_decided_at_query_time(client, make_article):
    expires = timezone.now() + timedelta(days=1)
    article = make_article(title="Thông báo tạm thời", expires_at=expires)
    assert client.get(article.get_absolute_url()).status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=expires + timedelta(seconds=1)):
        assert client.get(article.get_absolute_url()).status_code == 410
        assert article not in Article.objects.published()


def test_section_pages_have_20_a_page_with_numbers_in_the_url(client, make_article, section):
    for n in range(45):
        make_article(title=f"Tin số {n:02d}")
    first = html_of(client.get(section.get_absolute_url()))
    assert first.count('class="article-item"') == 20
    assert "Tin số 00" in first and "Tin số 20" not in first
    assert 'href="?page=2"' in first
    third = client.get(section.get_absolute_url(), {"page": 3})
    html = html_of(third)
    assert html.count('class="article-item"') == 5
    assert "Tin số 44" in html
    assert "Trang 3" in title_of(html)
    assert f'href="http://127.0.0.1:8000{section.get_absolute_url()}?page=3"' in html
    assert client.get(section.get_absolute_url(), {"page": 4}).status_code == 404
    assert client.get(section.get_absolute_url(), {"page": "abc"}).status_code == 404


def test_column_and_home_show_pinned_and_latest_per_section(client, make_article, other_section,
                                                            exam_column):
    pinned = make_article(title="Tin ghim: công bố kết quả thi", is_pinned=True, section=other_section)
    latest = make_article(title="Tin mới nhất ở chuyên mục tổ chức thi")
    draft = make_article(title="Bản nháp không được hiện", status=Status.DRAFT, is_pinned=True)
    for url in ("/", exam_column.get_absolute_url()):
        html = html_of(client.get(url))
        assert "Tin nổi bật" in html and pinned.title in html
        assert latest.title in html
        assert draft.title not in html


def test_tag_page_and_monthly_archive(client, make_article):
    july = timezone.make_aware(timezone.datetime(2021, 7, 7, 11, 45))
    june = timezone.make_aware(timezone.datetime(2021, 6, 30, 23, 30))
    a = make_article(title="Buổi thi Ngữ văn", publish_at=july, tags=["Buổi thi"])
    b = make_article(title="Lưu ý trước ngày thi", publish_at=june, tags=["Buổi thi"])
    html = html_of(client.get("/chu-de/buoi-thi/"))
    assert a.title in html and b.title in html
    assert "Chủ đề: Buổi thi" in html
    assert client.get("/chu-de/khong-co/").status_code == 404
    archive = html_of(client.get("/luu-tru/"))
    assert "Năm 2021" in archive
    assert 'href="/luu-tru/2021/7/"' in archive and 'href="/luu-tru/2021/6/"' in archive
    column = html_of(client.get(a.section.column.get_absolute_url()))
    assert 'href="/luu-tru/2021/7/"' in column and "Tháng 6 năm 2021" in column
    month = html_of(client.get("/luu-tru/2021/6/"))  # 23:30 local on 30/6 stays in June
    assert b.title in month and a.title not in month
    assert client.get("/luu-tru/2021/13/").status_code == 404


def test_updated_article_says_when(client, make_article, editor):
    from news import services

    article = make_article(title="Lịch thi chính thức")
    article.lead = "Sapo đã sửa."
    services.save_article(article, editor, expected_version=article.version)
    html = html_of(client.get(article.get_absolute_url()))
    assert "Cập nhật lúc" in html
    assert timezone.localtime(article.revised_at).strftime("%H:%M %d/%m/%Y") in html


def test_each_page_type_has_unique_title_and_meta(client, make_article, section, exam_column):
    article = make_article(title="Tiêu đề riêng của bài", tags=["Ôn thi"])
    urls = ["/", exam_column.get_absolute_url(), section.get_absolute_url(),
            article.get_absolute_url(), "/chu-de/on-thi/", "/luu-tru/",
            f"/luu-tru/{timezone.localtime(article.publish_at):%Y/%-m}/", "/tim-kiem/?q=tieu+de"]
    titles = set()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = html_of(response)
        titles.add(title_of(html))
        assert '<meta name="description" content="' in html
        assert '<link rel="canonical"' in html
        assert '<meta property="og:title"' in html
        assert not response.cookies
        assert html.count("<h1") == 1 or url == "/"
    assert len(titles) == len(urls)


def test_public_pages_have_no_inline_script(client, make_article):
    article = make_article(title="Không có script nội tuyến")
    html = html_of(client.get(article.get_absolute_url()))
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts, "the article page loads news.js and carries JSON-LD"
    for attributes in scripts:
        assert 'type="application/ld+json"' in attributes or 'src="/static/' in attributes


# --- constant number of queries --------------------------------------------------------------


def bulk_articles(section, sections, count, start=0):
    now = timezone.now()
    objects = []
    for n in range(start, start + count):
        when = now - timedelta(minutes=n + 1)
        objects.append(Article(
            title=f"Bài số {n}", slug=f"bai-so-{n}", lead="Sapo ky thi", body="<p>Nội dung</p>",
            section=sections[n % len(sections)] if n % 2 else section, status=Status.PUBLISHED,
            publish_at=when, first_published_at=when, is_pinned=n % 7 == 0,
            search_title=f"bai so {n} ky thi", search_body="sapo ky thi noi dung",
        ))
    Article.objects.bulk_create(objects)
    from news.models import ArticleTag, TaggedArticle

    tag, _ = ArticleTag.objects.get_or_create(name="Kỳ thi")
    articles = list(Article.objects.filter(slug__in=[o.slug for o in objects]))
    TaggedArticle.objects.bulk_create([TaggedArticle(content_object=a, tag=tag) for a in articles])
    first = Article.objects.get(slug="bai-so-1")
    first.related_articles.add(*articles[:10])


def test_query_count_is_the_same_for_5_and_200_articles(client, section, exam_column):
    sections = list(exam_column.sections.all())
    bulk_articles(section, sections, 5)
    month = timezone.localtime(timezone.now() - timedelta(minutes=2))
    urls = {
        "home": "/",
        "column": exam_column.get_absolute_url(),
        "section": section.get_absolute_url(),
        "article": "/bai-viet/bai-so-1/",
        "tag": "/chu-de/ky-thi/",
        "archive": "/luu-tru/",
        "archive-month": f"/luu-tru/{month.year}/{month.month}/",
        "search": "/tim-kiem/?q=ky+thi",
    }

    def counts():
        result = {}
        for name, url in urls.items():
            client.get(url)  # warm the navigation cache
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200, url
            result[name] = len(ctx)
        return result

    small = counts()
    bulk_articles(section, sections, 195, start=5)
    large = counts()
    assert small == large
    print("\nqueries per page (5 and 200 articles):", small)


def test_lists_and_feeds_never_load_article_bodies(client, section, exam_column):
    """Only the article page reads the body; lists and feeds leave it (and its search text) in
    the database, so a page of 20 items does not move 20 bodies."""
    bulk_articles(section, list(exam_column.sections.all()), 60)
    year = exam_column.year
    urls = ["/", exam_column.get_absolute_url(), section.get_absolute_url(),
            f"{section.get_absolute_url()}?page=2", "/chu-de/ky-thi/", "/tim-kiem/?q=ky+thi",
            f"/ky-thi/{year}/rss.xml", f"/ky-thi/{year}/feed.json", f"/nhung-tin/khung/{year}/"]
    # Selected as a column (the search may still compare search_title in its ranking).
    wide = re.compile(r'"news_article"\."(body|search_body|search_title)"(,|$)')
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        assert "Bài số " in response.content.decode(), url
        selected = [q["sql"].split(" FROM ", 1)[0] for q in ctx.captured_queries]
        assert not [c for c in selected if wide.search(c)], url
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/bai-viet/bai-so-1/").status_code == 200
    assert any('"news_article"."body"' in q["sql"] for q in ctx.captured_queries)


def test_section_and_month_pages_find_their_keys_first(client, section, exam_column):
    bulk_articles(section, list(exam_column.sections.all()), 60)
    month = timezone.localtime(timezone.now() - timedelta(minutes=2))
    for url in (f"{section.get_absolute_url()}?page=2", f"/luu-tru/{month.year}/{month.month}/?page=2"):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        rows = [q["sql"] for q in ctx.captured_queries if "OFFSET 20" in q["sql"]]
        assert len(rows) == 1 and 'IN (SELECT U0."id" AS "pk"' in rows[0], url
    newest_first = [a.title for a in Article.objects.published().filter(section=section)]
    page_two = client.get(f"{section.get_absolute_url()}?page=2").content.decode()
    assert f"{newest_first[20]}<" in page_two and f"{newest_first[19]}<" not in page_two


def test_withdrawn_before_its_time_was_never_public_so_404(client, make_article, editor):
    from news import services

    article = make_article(title="Hẹn giờ rồi gỡ", status=Article.Status.PENDING)
    services.schedule_article(article, editor, timezone.now() + timedelta(days=1))
    services.withdraw_article(article, editor, "Đổi kế hoạch")
    assert client.get(article.get_absolute_url()).status_code == 404

import re

import pytest
from django.db import connection
from django.urls import reverse

from examportal.search import query_terms
from news.models import Article

pytestmark = pytest.mark.django_db
SEARCH = reverse("news:search")


def result_titles(client, query, **params):
    html = client.get(SEARCH, {"q": query, **params}).content.decode()
    return re.findall(r'class="search-result__title"><a href="[^"]+">(.*?)</a>', html)


@pytest.fixture
def articles(make_article):
    return {
        "title": make_article(title="Kỳ thi tốt nghiệp THPT năm 2021 diễn ra an toàn",
                              lead="Thông tin chung."),
        "body": make_article(title="Thông cáo báo chí số 2",
                             lead="Ngày thi thứ nhất của kỳ thi kết thúc thuận lợi."),
        "tag": make_article(title="Lưu ý cho phụ huynh", lead="Chuẩn bị giấy tờ.",
                            tags=["Kỳ thi"]),
        "other": make_article(title="Hội nghị tập huấn cán bộ", lead="Không liên quan."),
        "draft": make_article(title="Kỳ thi: bản nháp chưa đăng", status=Article.Status.DRAFT),
    }


def test_query_terms_are_unaccented_and_bounded():
    assert query_terms("  Kỳ THI   Đề thi ") == ["ky", "thi", "de", "thi"]
    assert query_terms("' OR 1=1 --") == ["or", "1", "1"]
    assert query_terms("%%% <>") == []
    assert len(query_terms("a " * 50)) == 8


@pytest.mark.parametrize("query", ["ky thi", "Kỳ thi", "KY THI", "kỳ THI", "ky  thi"])
def test_diacritics_and_case_do_not_matter_and_titles_come_first(client, articles, query):
    titles = result_titles(client, query)
    assert titles[0] == articles["title"].title
    assert set(titles) == {articles["title"].title, articles["body"].title, articles["tag"].title}
    assert articles["draft"].title not in titles  # only public articles


def test_prefix_and_d_letter(client, make_article):
    make_article(title="Đề thi môn Địa lí")
    assert result_titles(client, "de thi dia") == ["Đề thi môn Địa lí"]
    assert result_titles(client, "đề") == ["Đề thi môn Địa lí"]


def test_results_are_marked_and_paginated(client, make_article):
    for n in range(25):
        make_article(title=f"Điểm thi số {n}")
    html = client.get(SEARCH, {"q": "diem thi"}).content.decode()
    assert "Tìm thấy 25 kết quả" in html
    assert html.count('class="search-result"') == 20
    assert ">Bài viết</span>" in html
    page2 = client.get(SEARCH, {"q": "diem thi", "page": 2}).content.decode()
    assert page2.count('class="search-result"') == 5
    assert "Trang 2" in page2


@pytest.mark.parametrize("query", ["", "   ", "%%%", "<>", "\x00", "🙂", "a" * 5000, "' OR 1=1 --",
                                   "ky:* & (thi | !x)", "\\", "名前"])
def test_odd_queries_get_a_helpful_page(client, articles, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhập từ khóa" in html or "không có chữ" in html or "Không tìm thấy" in html \
        or "Tìm thấy" in html
    assert not response.cookies


def test_postgres_search_uses_the_gin_index(postgres_only, articles, section):
    from django.utils import timezone

    now = timezone.now()
    Article.objects.bulk_create([
        Article(title=f"Tin {n}", slug=f"tin-{n}", lead="x", body="<p>x</p>", section=section,
                status=Article.Status.PUBLISHED, publish_at=now, first_published_at=now,
                search_title=f"tin {n} hoi nghi", search_body=f"noi dung so {n} tap huan can bo")
        for n in range(20000)
    ], batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_article")
    queryset = Article.objects.published().search("ky thi")
    assert articles["title"] in queryset
    plan = queryset.explain()
    print("\n" + plan)
    assert "news_article_search_gin" in plan
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'news_article_search_gin'")
        assert "USING gin" in cursor.fetchone()[0]


def test_ranked_ids_keep_the_search_order_and_the_window(make_article, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from news import search

    now = timezone.now()
    for n in range(12):
        make_article(title=f"Tin số {n}" + (" về kỳ thi" if n % 3 == 0 else ""),
                     lead="Nói về kỳ thi tốt nghiệp." if n % 2 else "Tin chung về kỳ thi.",
                     publish_at=now - timedelta(hours=n))
    make_article(title="Kỳ thi: chưa đăng", status=Article.Status.DRAFT)
    published = Article.objects.published()
    expected = list(published.search("ky thi").values_list("pk", flat=True))
    assert len(expected) == 12
    assert search.ranked_article_ids(published, "ky thi") == expected
    assert {Article.objects.get(pk=pk).title for pk in expected[:4]} == {
        "Tin số 0 về kỳ thi", "Tin số 3 về kỳ thi", "Tin số 6 về kỳ thi", "Tin số 9 về kỳ thi"}
    monkeypatch.setattr(search, "SEARCH_WINDOW", 5)
    newest_five = set(published.order_by("-publish_at")[:5].values_list("pk", flat=True))
    assert set(search.ranked_article_ids(published, "ky thi")) == newest_five
    assert search.ranked_article_ids(published, "%%%") == []

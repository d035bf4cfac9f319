"""The site search names the portal's own pages (key pages) above its results, shows tabs with
counts per kind, and mixes the kinds by relevance in the "all" tab."""

import datetime
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import Document, DocumentType, Issuer
from news.models import Article
from portal.search import MixedResults, key_pages_for

pytestmark = pytest.mark.django_db
SEARCH = reverse("news:search")


def key_page_links(html):
    block = re.search(r'<section class="key-pages".*?</section>', html, re.S)
    return re.findall(r'class="key-page__title" href="([^"]+)"', block.group(0)) if block else []


def result_titles(html):
    return re.findall(r'class="search-result__title"><a href="[^"]+">(.*?)</a>', html)


@pytest.fixture
def article(exam_column):
    section = exam_column.sections.get(slug="tinh-hinh-to-chuc-thi")
    count = {"n": 0}

    def make(title, hours_ago=1):
        count["n"] += 1
        moment = timezone.now() - timedelta(hours=hours_ago)
        return Article.objects.create(section=section, title=title, lead="Tóm tắt.",
                                      body="<p>Nội dung.</p>", status=Article.Status.PUBLISHED,
                                      publish_at=moment, first_published_at=moment)

    return make


@pytest.fixture
def document(db):
    issuer = Issuer.objects.get_or_create(name="Sở Giáo dục và Đào tạo tỉnh Lai Châu")[0]
    count = {"n": 0}

    def make(excerpt):
        count["n"] += 1
        return Document.objects.create(
            document_type=DocumentType.DIRECTIVE, number=f"{count['n']}/CT-SGDĐT", issuer=issuer,
            issue_date=datetime.date(2021, 6, 1), excerpt=excerpt, exam_year=2021,
            is_published=True, published_at=timezone.now() - timedelta(days=30))

    return make


@pytest.mark.parametrize("query,url", [
    ("lich thi", "/lich-thi/"), ("Lịch thi", "/lich-thi/"), ("LICH THI 2021", "/lich-thi/"),
    ("diem thi", "/lich-thi/diem-thi/"), ("Điểm thi", "/lich-thi/diem-thi/"),
    ("tra cuu phan anh", "/duong-day-nong/tra-cuu/"), ("duong day nong", "/duong-day-nong/"),
    ("hoi dap", "/hoi-dap/"), ("van ban chi dao", "/van-ban/"), ("nhan tin", "/nhan-tin/"),
])
def test_key_pages_answer_their_words_with_or_without_diacritics(client, exam_column, query, url):
    html = client.get(SEARCH, {"q": query}).content.decode()
    assert url in key_page_links(html), query
    assert key_page_links(html)[0] == url or query.startswith(("diem", "Điểm"))


def test_a_query_naming_no_page_shows_no_block_and_short_words_name_none(client, exam_column):
    assert key_pages_for("thi") == []
    assert key_pages_for("phòng cháy chữa cháy") == []
    html = client.get(SEARCH, {"q": "phong chay"}).content.decode()
    assert 'class="key-pages"' not in html
    assert "Không tìm thấy kết quả nào" in html


def test_the_key_pages_block_is_escaped_and_above_the_results(client, exam_column, article):
    article("Lịch thi đã được công bố")
    html = client.get(SEARCH, {"q": "lich thi"}).content.decode()
    assert html.index('class="key-pages"') < html.index('class="search-results"')
    html = client.get(SEARCH, {"q": "lich thi <script>alert(1)</script>"}).content.decode()
    assert "/lich-thi/" in key_page_links(html)
    assert "<script>alert" not in html


def test_tabs_count_each_kind_and_the_all_tab_mixes_by_relevance(client, exam_column, article,
                                                                  document):
    # 25 documents mention the words in their excerpt; one article has them in its title.
    for n in range(25):
        document(f"Về việc bố trí cán bộ coi thi tại các điểm thi, đợt {n}")
    article("Công bố điểm thi tốt nghiệp THPT năm 2021", hours_ago=400)
    html = client.get(SEARCH, {"q": "diem thi"}).content.decode()
    tabs = re.search(r'<nav class="search-tabs".*?</nav>', html, re.S).group(0)
    assert re.search(r"Tất cả <span class=\"search-tabs__count\">2[67]</span>", tabs)
    assert 'Văn bản <span class="search-tabs__count">25</span>' in tabs
    assert 'Bài viết <span class="search-tabs__count">1</span>' in tabs
    # Grouped by kind, 25 documents would fill page 1; mixed, the title match comes first.
    assert result_titles(html)[0] == "Công bố điểm thi tốt nghiệp THPT năm 2021"
    only_documents = client.get(SEARCH, {"q": "diem thi", "loai": "van-ban"}).content.decode()
    assert "Công bố điểm thi" not in " ".join(result_titles(only_documents))
    assert '<span aria-current="page">Văn bản' in only_documents


def test_pages_of_the_mixed_list_neither_repeat_nor_lose_a_result(client, exam_column, article,
                                                                  document):
    for n in range(15):
        document(f"Hướng dẫn thi số {n}")
        article(f"Tin thi số {n}", hours_ago=n + 1)
    seen = []
    for page in (1, 2):
        seen += result_titles(client.get(SEARCH, {"q": "thi", "page": page}).content.decode())
    assert len(seen) == 30 and len(set(seen)) == 30


def test_mixed_results_merge_keeps_each_kinds_order():
    from examportal.search import Result, SearchProvider

    day = datetime.date(2021, 7, 1)
    a = [Result("A", f"diem {n}", f"/a{n}", "", day - timedelta(days=n)) for n in range(5)]
    b = [Result("B", f"khac {n}", f"/b{n}", "", day) for n in range(5)]
    parts = [(SearchProvider("b", "B", None), b), (SearchProvider("a", "A", None), a)]
    mixed = MixedResults(parts, "diem")
    assert [r.url for r in mixed[0:6]] == ["/a0", "/a1", "/a2", "/a3", "/a4", "/b0"]
    assert [r.url for r in mixed[4:8]] == ["/a4", "/b0", "/b1", "/b2"]
    assert len(mixed) == 10


@pytest.mark.parametrize("size", [2, 30])
def test_query_count_does_not_grow_with_the_data(client, exam_column, article, document, size,
                                                 django_assert_max_num_queries):
    for n in range(size):
        article(f"Điểm thi số {n}")
        document(f"Điểm thi văn bản {n}")
    client.get(SEARCH, {"q": "diem thi"})  # warm the per-process caches
    with django_assert_max_num_queries(12):
        response = client.get(SEARCH, {"q": "diem thi", "page": 2 if size > 20 else 1})
    assert response.status_code == 200

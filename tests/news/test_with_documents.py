"""The news pages once the documents app exists: site search and related documents."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

documents_models = pytest.importorskip("documents.models")
pytestmark = pytest.mark.django_db


@pytest.fixture
def make_document():
    issuer = documents_models.Issuer.objects.get_or_create(name="UBND tỉnh Lai Châu")[0]
    counter = {"n": 0}

    def make(**fields):
        counter["n"] += 1
        values = {
            "document_type": documents_models.DocumentType.DIRECTIVE,
            "number": f"{counter['n']}/CT-UBND", "issuer": issuer,
            "issue_date": datetime.date(2021, 5, 12),
            "excerpt": f"Về việc tổ chức Kỳ thi tốt nghiệp THPT năm 2021 (văn bản {counter['n']})",
            "exam_year": 2021, "is_published": True,
            "published_at": timezone.now() - datetime.timedelta(hours=1),
        }
        values.update(fields)
        document = documents_models.Document(**values)
        document.save()
        return document

    return make


def test_site_search_lists_documents_and_articles_marked(client, make_article, make_document):
    make_document(number="08/CT-UBND", excerpt="Về việc tăng cường chỉ đạo tổ chức Kỳ thi tốt nghiệp THPT")
    make_document(number="09/CT-UBND", excerpt="Chưa đăng tải: kỳ thi", is_published=False)
    make_article(title="Kỳ thi tốt nghiệp THPT diễn ra an toàn")
    html = client.get("/tim-kiem/", {"q": "ky thi tot nghiep"}).content.decode()
    assert ">Văn bản</span>" in html and ">Bài viết</span>" in html
    assert "08/CT-UBND" in html and "Về việc tăng cường chỉ đạo" in html
    assert "Chưa đăng tải" not in html
    assert "Tìm thấy 2 kết quả" in html
    only_articles = client.get("/tim-kiem/", {"q": "ky thi tot nghiep", "loai": "bai-viet"}).content.decode()
    assert ">Văn bản</span>" not in only_articles and "Tìm thấy 1 kết quả" in only_articles
    only_documents = client.get("/tim-kiem/", {"q": "ky thi tot nghiep", "loai": "van-ban"}).content.decode()
    assert ">Bài viết</span>" not in only_documents and "08/CT-UBND" in only_documents


def test_article_shows_its_public_related_documents(client, make_article, make_document):
    article = make_article(title="Triển khai Chỉ thị 08")
    shown = make_document(number="08/CT-UBND", excerpt="Về việc tăng cường chỉ đạo Kỳ thi")
    hidden = make_document(number="10/CT-UBND", excerpt="Văn bản chưa đăng", is_published=False)
    shown.related_articles.add(article)
    hidden.related_articles.add(article)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Văn bản liên quan" in html and "08/CT-UBND" in html and shown.get_absolute_url() in html
    assert "10/CT-UBND" not in html


def test_related_documents_are_exactly_the_published_ones(make_article, make_document):
    from news.links import article_links

    article = make_article()
    now = timezone.now()
    documents = [
        make_document(number="1/CT-UBND", issue_date=datetime.date(2021, 5, 1)),
        make_document(number="2/CT-UBND", issue_date=datetime.date(2021, 6, 1)),
        make_document(number="3/CT-UBND", is_published=False),
        make_document(number="4/CT-UBND", published_at=now + datetime.timedelta(hours=1)),
        make_document(number="5/CT-UBND", is_published=False, published_at=None),
    ]
    for document in documents:
        document.related_articles.add(article)
    make_document(number="6/CT-UBND")  # public, not related
    public = documents_models.Document.objects.published().filter(related_articles=article)
    assert [d.number for d in public] == ["2/CT-UBND", "1/CT-UBND"]

    shown = article_links(article).extra["document"]

    assert [d.number for d in shown] == [d.number for d in public]
    assert [d.get_absolute_url() for d in shown] == [d.get_absolute_url() for d in public]
    assert [str(d) for d in shown] == ["Chỉ thị 2/CT-UBND", "Chỉ thị 1/CT-UBND"]
    assert shown[0].excerpt == public[0].excerpt


def test_home_lists_latest_documents_in_constant_queries(client, make_document):
    make_document()

    def count():
        client.get("/")
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/").content.decode()
        return len(ctx), html

    before, html = count()
    assert "Văn bản mới" in html and "1/CT-UBND" in html
    for _ in range(20):
        make_document()
    after, _ = count()
    assert before == after

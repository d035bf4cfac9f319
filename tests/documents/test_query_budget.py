"""The registry page runs the same number of queries at 20 and at 2,000 documents.

Run with ``-s`` to see the figures (they go into the issue's closing note).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.models import Document, DocumentFile, DocumentType, number_key
from examportal.text import search_text

URLS = ["/van-ban/", "/van-ban/?q=08/CT", "/van-ban/?q=chi+thi+tang+cuong",
        "/van-ban/?type=CV&year=2021"]


def fill(issuer, start, count):
    """Bulk-create ``count`` published documents with one file each (what save() would store)."""
    now = timezone.now() - datetime.timedelta(hours=1)
    documents = []
    for n in range(start, start + count):
        kind = DocumentType.LETTER if n % 2 else DocumentType.DIRECTIVE
        number = f"{n}/SGDĐT-QLCL" if kind == DocumentType.LETTER else f"{n}/CT-UBND"
        excerpt = f"Về việc tăng cường chỉ đạo tổ chức Kỳ thi tốt nghiệp THPT năm 2021, văn bản {n}"
        documents.append(Document(
            document_type=kind, number=number, issuer=issuer,
            issue_date=datetime.date(2021, 1, 1) + datetime.timedelta(days=n % 300), exam_year=2021,
            excerpt=excerpt, is_published=True, published_at=now, issue_year=2021,
            number_key=number_key(number), search_text=search_text(f"{number} {excerpt}"),
        ))
    created = Document.objects.bulk_create(documents)
    DocumentFile.objects.bulk_create(
        DocumentFile(document=d, file=f"documents/2021/05/{d.pk:032x}.pdf", kind="pdf", size=1234)
        for d in created
    )


def counts(client):
    result = {}
    for url in URLS:
        client.get(url)  # warm the navigation cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        result[url] = len(queries)
    return result


@pytest.mark.django_db
def test_registry_queries_at_20_and_2000_documents(client, issuer):
    fill(issuer, 1, 20)
    small = counts(client)
    fill(issuer, 21, 1980)
    assert Document.objects.published().count() == 2000
    large = counts(client)
    print(f"\n[{connection.vendor}] registry queries, 20 documents: {small}")
    print(f"[{connection.vendor}] registry queries, 2,000 documents: {large}")
    assert small == large
    assert max(large.values()) <= 6


@pytest.mark.django_db
def test_postgresql_chooses_the_gin_index_by_itself_at_2000(postgres_only, issuer):
    fill(issuer, 1, 2000)
    # A realistic registry: a handful of documents match, the rest speak of other things.
    Document.objects.update(search_text="cong van ve viec to chuc tap huan nghiep vu")
    matching = list(Document.objects.order_by("pk").values_list("pk", flat=True)[:10])
    Document.objects.filter(pk__in=matching).update(search_text="chi thi ve viec tang cuong chi dao")
    with connection.cursor() as cursor:
        # What autovacuum does on a live server: move fresh entries out of the GIN pending list.
        cursor.execute("SELECT gin_clean_pending_list('documents_search_gin')")
        cursor.execute("ANALYZE documents_document")
    plan = Document.objects.published().search("chi thi tang cuong").explain()
    print(f"\n{plan}")
    assert "documents_search_gin" in plan
    assert Document.objects.published().search("chi thi tang cuong").count() == 10

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.mark.django_db
def test_document_sitemap_lists_public_documents_only(client, directive, make_document):
    draft = make_document(is_published=False)
    index = client.get("/sitemap.xml").content.decode()
    assert "http://127.0.0.1:8000/sitemap-van-ban.xml" in index
    response = client.get("/sitemap-van-ban.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert f"<loc>http://127.0.0.1:8000{directive.get_absolute_url()}</loc>" in xml
    assert draft.get_absolute_url() not in xml
    assert "<lastmod>" in xml


@pytest.mark.django_db
def test_document_sitemap_query_count_is_constant(client, make_document):
    make_document()
    with CaptureQueriesContext(connection) as small:
        client.get("/sitemap-van-ban.xml")
    for _ in range(30):
        make_document()
    with CaptureQueriesContext(connection) as large:
        client.get("/sitemap-van-ban.xml")
    assert len(small) == len(large)

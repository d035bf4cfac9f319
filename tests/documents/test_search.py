import datetime

import pytest
from django.db import connection

from documents.models import Document, DocumentType


@pytest.fixture
def registry(make_document, so_gddt):
    directive = make_document(
        number="08/CT-UBND", issue_date=datetime.date(2021, 5, 12),
        excerpt="Về việc tăng cường chỉ đạo tổ chức Kỳ thi tốt nghiệp trung học phổ thông năm 2021",
    )
    older = make_document(
        number="08/CT-UBND", issue_date=datetime.date(2020, 3, 2),
        excerpt="Về công tác phòng, chống thiên tai năm 2020",
    )
    prefix = make_document(
        number="081/CT-UBND", issue_date=datetime.date(2021, 6, 1), excerpt="Về việc khác",
    )
    plan = make_document(
        document_type=DocumentType.PLAN, number="65/KH-SGDĐT", issuer=so_gddt,
        issue_date=datetime.date(2021, 5, 20),
        excerpt="Truyền thông về Kỳ thi tốt nghiệp THPT năm 2021, trích dẫn Chỉ thị 08/CT-UBND",
    )
    letter = make_document(
        document_type=DocumentType.LETTER, number="641/SGDĐT-QLCL", issuer=so_gddt,
        issue_date=datetime.date(2021, 4, 20), excerpt="V/v hướng dẫn đăng ký dự thi",
    )
    hidden = make_document(
        number="09/CT-UBND", excerpt="Tăng cường chỉ đạo (chưa đăng)", is_published=False,
    )
    return {"directive": directive, "older": older, "prefix": prefix, "plan": plan,
            "letter": letter, "hidden": hidden}


def search(query):
    return list(Document.objects.published().search(query))


@pytest.mark.django_db
def test_exact_number_comes_first_then_prefix_then_text(registry):
    results = search("08/CT-UBND")
    # Both 08/CT-UBND (2021 first, then 2020), then the plan that quotes the number in its text.
    assert results[:2] == [registry["directive"], registry["older"]]
    assert registry["plan"] in results[2:]
    assert registry["prefix"] not in results


@pytest.mark.django_db
def test_number_prefix_and_case(registry):
    results = search("08/ct")
    assert results[:2] == [registry["directive"], registry["older"]]
    assert registry["prefix"] not in results  # "08/ct" is no prefix of "081/ct-ubnd"
    assert search("081")[0] == registry["prefix"]
    assert search("641/SGDDT")[0] == registry["letter"]  # đ typed as d
    assert search("641/SGDĐT-QLCL") == [registry["letter"]]


@pytest.mark.django_db
def test_words_without_diacritics(registry):
    assert search("chi thi tang cuong") == [registry["directive"]]
    assert search("TĂNG CƯỜNG chỉ đạo") == [registry["directive"]]
    assert search("tang cuo") == [registry["directive"]]  # the last word may be unfinished
    assert registry["plan"] in search("truyen thong")
    assert search("khong co van ban nay") == []


@pytest.mark.django_db
def test_number_and_words_combine_and_symbol_alone(registry):
    assert search("08/CT tăng cường") == [registry["directive"]]
    assert search("tang cuong 08/CT-UBND") == [registry["directive"]]
    assert search("08/CT phòng chống") == [registry["older"]]
    assert search("SGDĐT-QLCL") == [registry["letter"]]
    assert search("KH-SGDDT") == [registry["plan"]]
    assert search("2021 truyen thong") == [registry["plan"]]


@pytest.mark.django_db
def test_unpublished_never_found_and_odd_queries_are_safe(registry):
    assert registry["hidden"] not in search("tang cuong")
    for odd in ["", "   ", "'", "' OR 1=1 --", "%", "_", "\\", ":*", "!&|", "🙂", "x" * 5000]:
        assert isinstance(search(odd), list)
    assert search("%") == [] and search("_") == []


@pytest.mark.django_db
def test_search_is_a_queryset_that_combines_with_filters(registry):
    queryset = Document.objects.published().search("2021").filter(document_type=DocumentType.PLAN)
    assert list(queryset) == [registry["plan"]]
    assert Document.objects.published().search("2021").count() >= 1


@pytest.mark.django_db
def test_postgresql_uses_the_gin_index(postgres_only, registry):
    # A few rows: the planner would rather scan the table, so scans are switched off to show
    # that the index matches the search expression (with 2,000 rows it is chosen by itself).
    queryset = Document.objects.search("chi thi tang cuong")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "documents_search_gin" in plan, plan
    assert registry["directive"] in list(queryset)

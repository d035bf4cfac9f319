from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory


def render(url, number, count=200):
    request = RequestFactory().get(url)
    page = Paginator(range(count), 20).page(number)
    template = Template("{% load portal %}{% pagination page %}")
    return template.render(Context({"request": request, "page": page}))


def test_pagination_keeps_filters_and_marks_current_page():
    html = render("/van-ban/?type=CT&q=thi+tot+nghiep&page=5", 5)
    assert 'aria-current="page">5<' in html
    assert "?type=CT&amp;q=thi+tot+nghiep&amp;page=6" in html
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert "page=10" in html and "page=1&" not in html.replace("page=1\"", "")


def test_pagination_hidden_for_one_page():
    assert render("/", 1, count=5).strip() == ""


def test_first_page_has_no_previous_link():
    html = render("/", 1)
    assert 'rel="prev"' not in html
    assert 'aria-current="page">1<' in html


# --- KeyedPaginator: a page's keys first, then its rows ------------------------------------------


def _articles_with_ties(section, count=47):
    from datetime import timedelta

    from django.utils import timezone

    from news.models import Article

    now = timezone.now()
    Article.objects.bulk_create([
        Article(title=f"Bài {n}", slug=f"bai-{n}", lead="Sapo", body="<p>Nội dung</p>",
                section=section, status=Article.Status.PUBLISHED,
                # Every three articles share a moment: the order falls back to the id.
                publish_at=now - timedelta(minutes=n // 3 + 1))
        for n in range(count)
    ])
    return Article.objects.published().filter(section=section).for_listing()


def test_keyed_pages_are_the_plain_pages(exam_column, django_assert_num_queries):
    from examportal.pagination import KeyedPaginator

    queryset = _articles_with_ties(exam_column.sections.first())
    plain, keyed = Paginator(queryset, 10, orphans=2), KeyedPaginator(queryset, 10, orphans=2)
    assert keyed.num_pages == plain.num_pages == 5
    for number in plain.page_range:
        expected = [a.slug for a in plain.page(number)]
        page = keyed.page(number)
        with django_assert_num_queries(1):
            shown = [(a.slug, a.section.column.year) for a in page]
        assert [slug for slug, _year in shown] == expected
        assert {year for _slug, year in shown} == {2021}
    assert len(keyed.page(5)) == 7  # the orphans join the last page


def test_keyed_page_keeps_deferred_fields_and_finds_rows_by_key(exam_column):
    from examportal.pagination import KeyedPaginator

    queryset = _articles_with_ties(exam_column.sections.first(), count=25)
    page = KeyedPaginator(queryset, 20).page(2)
    sql = str(page.object_list.query)
    # The offset is taken over the keys alone; the rows are then found by key.
    assert 'IN (SELECT U0."id" AS "pk" FROM "news_article" U0' in sql
    assert "LIMIT 5 OFFSET 20)" in sql
    assert '"news_article"."body"' not in sql.split(" FROM ", 1)[0]
    assert len(list(page)) == 5


def test_keyed_paginator_leaves_lists_alone():
    from examportal.pagination import KeyedPaginator

    assert list(KeyedPaginator(list(range(45)), 20).page(3)) == [40, 41, 42, 43, 44]


def test_keyed_page_loads_its_rows_with_the_given_queryset(exam_column):
    from examportal.pagination import KeyedPaginator
    from news.models import Article

    queryset = _articles_with_ties(exam_column.sections.first(), count=25)
    keyed = KeyedPaginator(queryset, 10, rows=Article.objects.for_listing())
    assert [[a.slug for a in keyed.page(n)] for n in (1, 2, 3)] == \
        [[a.slug for a in Paginator(queryset, 10).page(n)] for n in (1, 2, 3)]
    sql = str(keyed.page(2).object_list.query)
    outer_where, keys = sql.split(" WHERE ", 1)[1].split(" IN (SELECT ", 1)
    assert '"status"' not in outer_where and '"status"' in keys  # the filters found the keys

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

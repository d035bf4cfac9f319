"""Every public news page is well-formed: balanced elements, unique ids, labelled controls."""

from html.parser import HTMLParser

import pytest
from django.utils import timezone

from news.images import make_renditions

from .conftest import image_file

pytestmark = pytest.mark.django_db
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# Elements whose end tag HTML lets one leave out; we never do, but the parser must not care.
OPTIONAL_END = {"p", "li", "dt", "dd", "option", "tr", "td", "th", "thead", "tbody"}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.problems = [], [], []
        self.labels, self.controls = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.controls.append(attrs)
        if tag == "img" and "alt" not in attrs:
            self.problems.append(f"img without alt: {attrs.get('src')}")
        if tag == "a" and not attrs.get("href"):
            self.problems.append("link without href")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def report(self):
        problems = list(self.problems)
        if self.stack:
            problems.append(f"unclosed: {self.stack}")
        duplicates = {i for i in self.ids if self.ids.count(i) > 1}
        if duplicates:
            problems.append(f"duplicate ids: {duplicates}")
        for control in self.controls:
            if control.get("id") not in self.labels and not control.get("aria-label"):
                problems.append(f"unlabelled control: {control}")
        return problems


def check(html):
    checker = Checker()
    checker.feed(html)
    return checker.report()


def test_public_pages_are_well_formed(client, make_article, section, exam_column, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = make_article(title="Công bố kết quả thi", tags=["Kết quả thi"], is_pinned=True,
                           cover_alt="Thí sinh tra cứu điểm", source="Sở GDĐT",
                           body="<p>Đoạn 1</p><ul><li>Một</li><li>Hai</li></ul>"
                                "<table><tr><td>x</td></tr></table>")
    article.cover_image.save("cover.jpg", image_file(), save=True)
    make_renditions(article)
    other = make_article(title="Bài liên quan")
    article.related_articles.add(other)
    for n in range(22):
        make_article(title=f"Tin số {n}", tags=["Kết quả thi"])
    month = timezone.localtime(article.publish_at)
    urls = ["/", exam_column.get_absolute_url(), section.get_absolute_url(),
            section.get_absolute_url() + "?page=2", article.get_absolute_url(), "/chu-de/ket-qua-thi/",
            "/luu-tru/", f"/luu-tru/{month.year}/{month.month}/", "/tim-kiem/",
            "/tim-kiem/?q=ket+qua", "/tim-kiem/?q=khong+co+gi+ca", "/tim-kiem/?q=%25%25"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert check(response.content.decode()) == [], url


def test_the_checker_catches_mistakes():
    assert check("<div><span></div>")
    assert check('<p id="a"></p><p id="a"></p>')
    assert check('<input id="q" type="text">')
    assert check('<img src="x.png">')
    assert check('<label for="q">Từ khóa</label><input id="q" type="search">') == []

"""Well-formed markup on the public pages: balanced elements, unique ids, labelled controls."""

from html.parser import HTMLParser

import pytest

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# Elements whose end tag HTML allows to be left out; the templates close them anyway.


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.problems, self.labels, self.controls = [], [], [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and "for" in attrs:
            self.labels.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.controls.append(attrs.get("id"))
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


def check(html):
    checker = Checker()
    checker.feed(html)
    checker.close()
    assert checker.problems == []
    assert checker.stack == []
    duplicates = {i for i in checker.ids if checker.ids.count(i) > 1}
    assert not duplicates
    unlabelled = [c for c in checker.controls if c not in checker.labels]
    assert unlabelled == [], unlabelled


@pytest.mark.django_db
def test_public_document_pages_are_well_formed(client, directive, make_document):
    for n in range(25):
        make_document(with_file=n % 3 == 0)
    for url in ["/van-ban/", "/van-ban/?q=08%2FCT&type=CT", "/van-ban/?q=khong+co", "/van-ban/?page=2",
                directive.get_absolute_url(), directive.get_print_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
        check(response.content.decode())

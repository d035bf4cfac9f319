"""A small HTML checker for the markup tests: balanced elements, unique ids, labelled controls,
alt text on images, links with a target."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


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
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden",
                                                                                 "submit"):
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
            problems.append(f"duplicate ids: {sorted(duplicates)}")
        for control in self.controls:
            if control.get("id") not in self.labels and "aria-label" not in control:
                problems.append(f"control without label: {control.get('name')}")
        return problems


def markup_problems(html):
    """What is wrong with ``html`` (an empty list when nothing is)."""
    checker = Checker()
    checker.feed(html)
    checker.close()
    return checker.report()

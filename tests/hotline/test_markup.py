"""Every hotline page is well-formed: balanced elements, unique ids, labelled controls."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from hotline import services

pytestmark = pytest.mark.django_db
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.problems, self.labels, self.controls = [], [], [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.controls.append(attrs)
        if tag not in VOID:
            self.stack.append(tag)

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


def check(html):
    checker = Checker()
    checker.feed(html)
    checker.close()
    return checker.report()


def test_public_pages_are_well_formed(client, make_report, inspector):
    report, key = make_report()
    services.add_public_reply(report, "Đã nhận.", by=inspector)
    pages = {
        "info": client.get("/duong-day-nong/"),
        "form": client.get(reverse("hotline:report")),
        "lookup": client.get(reverse("hotline:lookup")),
    }
    html = pages["form"].content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    pages["refused"] = client.post(reverse("hotline:report"), {"form_token": token})
    pages["receipt"] = client.post(reverse("hotline:report"), {
        "form_token": token, "category": "other", "description": "Nội dung"})
    pages["wrong key"] = client.post(reverse("hotline:lookup"),
                                     {"reference": report.reference, "access_key": "X"})
    client.post(reverse("hotline:lookup"), {"reference": report.reference, "access_key": key})
    pages["status"] = client.get(reverse("hotline:status"))
    for name, response in pages.items():
        assert check(response.content.decode()) == [], name


def test_staff_pages_are_well_formed(client, make_report, inspector, operator):
    report, _ = make_report()
    phone, _ = services.log_phone_report(operator=operator, channel="phone", received_at=None,
                                         category="other", description="Gọi điện.")
    client.force_login(inspector)
    urls = [reverse("hotline:staff_queue"), reverse("hotline:staff_day"),
            reverse("hotline:staff_report", args=[report.pk]),
            reverse("hotline:staff_report_print", args=[report.pk])]
    for url in urls:
        assert check(client.get(url).content.decode()) == [], url
    client.force_login(operator)
    for url in [reverse("hotline:operator_list"), reverse("hotline:operator_new"),
                reverse("hotline:operator_detail", args=[phone.pk])]:
        assert check(client.get(url).content.decode()) == [], url

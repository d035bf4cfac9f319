"""Every hotline page is well-formed: balanced elements, unique ids, labelled controls."""

import re

import pytest
from django.urls import reverse

from hotline import services
from tests.markup import markup_problems as check

pytestmark = pytest.mark.django_db


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

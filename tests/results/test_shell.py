"""The fast candidate page (results.shell) is the page the full template renders, for every
candidate and for the print view; signed-in visitors get the full template."""

import pytest
from django.template.loader import render_to_string

from results import shell

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_shells():
    shell._shells.clear()
    yield
    shell._shells.clear()


def full_page(client, monkeypatch, url):
    """The same request through the full template (the shell switched off)."""
    monkeypatch.setattr(shell, "usable", lambda request, preview: False)
    try:
        return client.get(url).content.decode()
    finally:
        monkeypatch.undo()


@pytest.mark.parametrize("query", ["sbd=07000005", "sbd=07000123", "sbd=0700%200042&in=1",
                                   "sbd=7000199"])
def test_same_page_as_the_full_template(client, seeded, monkeypatch, query):
    url = f"/ket-qua-thi/2021/?{query}"
    client.get("/ket-qua-thi/2021/?sbd=07000001")  # a shell kept from another candidate
    fast = client.get(url).content.decode()
    assert shell._shells
    assert shell.NUMBER not in fast and shell.BODY not in fast
    assert fast == full_page(client, monkeypatch, url)


def test_signed_in_visitors_get_the_full_template(client, seeded, officer):
    client.force_login(officer)
    client.get("/ket-qua-thi/2021/?sbd=07000005")
    assert not shell._shells


def test_body_escapes_like_the_full_template():
    context = {"year": 2021, "row": None, "scores": [{"label": "<b>x</b>", "score": None,
                                                      "note": "Vắng thi", "before": None}]}
    body = render_to_string("results/_candidate_body.html", context)
    assert "&lt;b&gt;x&lt;/b&gt;" in body and "<b>x</b>" not in body

"""The fast candidate page (results.shell) is the page the full template renders, for every
candidate and for the print view; signed-in visitors get the full template."""

from decimal import Decimal

import pytest

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


def test_body_escapes_what_it_shows():
    """The candidate's part is written in Python (results.shell.body): every value escaped."""
    from types import SimpleNamespace

    row = SimpleNamespace(number="<i>07</i>", school_code="<s>", graduation="",
                          get_graduation_display=lambda: "")
    context = {"year": 2021, "row": row, "lookup_url": "/a?b=<c>", "statistics_url": "/s/",
               "scores": [{"label": "<b>x</b>", "score": None, "note": "Vắng thi",
                           "before": "<u>6</u>"},
                          {"label": "Toán", "score": Decimal("8.20"), "note": "", "before": None}],
               "combinations": [("A00 <q>", None), ("A01", Decimal("24.50"))],
               "groups": [("KHTN", Decimal("7.25")), ("KHXH", None)],
               "remarking_deadline": None, "remarking_url": 'https://x.vn/"onclick=1'}
    html = shell.body(context)
    for raw in ("<b>x</b>", "<i>07</i>", "<s>", "<u>6</u>", "<q>", "<c>", '"onclick'):
        assert raw not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "&lt;i&gt;07&lt;/i&gt;" in html
    assert "<strong>8,2</strong>" in html and "<td>24,5</td>" in html
    assert "Điểm trung bình bài thi KHTN</th><td>7,25</td>" in html and "KHXH" not in html
    assert html.count('<span class="results-status">—</span>') == 1

"""Issue 14, item 4: no group of addresses can stop a person from filing a report or reading
their own report. Refusals are per address, with the true wait; site-wide pressure asks for a
proof of work and files what comes without one, marked unverified."""

import re

import pytest
from django.urls import reverse

from examportal import formguard
from examportal.models import UsedNonce
from hotline.models import Report

pytestmark = pytest.mark.django_db

REPORT = reverse("hotline:report")
LOOKUP = reverse("hotline:lookup")


@pytest.fixture(autouse=True)
def limits(settings):
    """The shipped limits, spelled out (the attack is measured against them)."""
    settings.HOTLINE_SUBMIT_LIMIT_PER_IP = 10
    settings.HOTLINE_SUBMIT_LIMIT_GLOBAL = 300
    settings.HOTLINE_SUBMIT_WINDOW_SECONDS = 3600
    settings.HOTLINE_LOOKUP_LIMIT_PER_IP = 10
    settings.HOTLINE_LOOKUP_LIMIT_GLOBAL = 300
    settings.HOTLINE_LOOKUP_LIMIT_PER_REFERENCE = 10
    settings.HOTLINE_LOOKUP_UNPROVEN_WEIGHT = 5
    settings.HOTLINE_LOOKUP_WINDOW_SECONDS = 15 * 60
    settings.HOTLINE_PROOF_BITS = 8  # the browser's difficulty is measured in the e2e test
    return settings


def form_page(client, ip):
    return client.get(REPORT, REMOTE_ADDR=ip).content.decode()


def form_data(html, **overrides):
    data = {
        "form_token": re.search(r'name="form_token" value="([^"]+)"', html).group(1),
        "category": "cheating", "place": "Điểm thi Trường THPT Sìn Hồ",
        "description": "Thí sinh phòng 03 trao đổi bài trong giờ thi môn Toán.",
        "website": "", "proof": "",
    }
    data.update(overrides)
    return data


def proof_bits(html):
    match = re.search(r'data-proof-bits="(\d+)"', html)
    return int(match.group(1)) if match else 0


def file_report(client, ip, prove=False, **overrides):
    html = form_page(client, ip)
    data = form_data(html, **overrides)
    if prove:
        data["proof"] = formguard.solve(data["form_token"], proof_bits(html))
    return client.post(REPORT, data, REMOTE_ADDR=ip)


def receipt(response):
    html = response.content.decode()
    return (re.search(r'id="reference">([^<]+)<', html).group(1),
            re.search(r'id="access-key">([^<]+)<', html).group(1))


def lookup(client, reference, key, ip, **extra):
    return client.post(LOOKUP, {"reference": reference, "access_key": key, **extra},
                       REMOTE_ADDR=ip)


def attacker(n):
    return f"198.51.100.{n + 1}"


def test_attack_replay_then_a_fresh_address_files_and_reads_its_report(client):
    # 30 addresses × 10 reports: every address uses up its own allowance, and together they
    # fill the old site-wide limit (300 an hour).
    for n in range(30):
        for _ in range(10):
            assert file_report(client, attacker(n)).status_code == 200
        refused = file_report(client, attacker(n))
        assert refused.status_code == 429  # the 11th from the same address
    assert Report.objects.count() == 300
    victim_report = Report.objects.order_by("pk").first()
    # 30 addresses × 10 wrong keys against one reference: every address uses up its look-ups.
    for n in range(30):
        for i in range(10):
            response = lookup(client, victim_report.reference, f"WRONG{n:03d}{i:020d}", attacker(n))
            assert response.status_code in (400, 429)
        assert lookup(client, victim_report.reference, "W" * 28, attacker(n)).status_code == 429

    fresh = "203.0.113.50"
    # A person from a fresh address files a report: the form asks for proof, and without it
    # (no JavaScript) the report is filed all the same, marked unverified.
    html = form_page(client, fresh)
    assert proof_bits(html) == 8 and "chưa xác minh" in html
    response = client.post(REPORT, form_data(html), REMOTE_ADDR=fresh)
    assert response.status_code == 200
    reference, key = receipt(response)
    report = Report.objects.get(reference=reference)
    assert report.unverified
    assert "chưa xác minh" in response.content.decode()
    # ...and reads it with its key, although its reference has no special protection and the
    # site has seen 300 wrong keys.
    response = lookup(client, reference, key, fresh)
    assert response.status_code == 302
    assert reference in client.get(reverse("hotline:status")).content.decode()
    # The attacked reference's owner reads theirs too, from a fresh address.
    client.post(reverse("hotline:status"), {"logout": "1"})
    from hotline import services

    _report, victim_key = services.submit_report(category="other", description="Của nạn nhân.")
    target = Report.objects.get(pk=_report.pk)
    for n in range(12):  # the attack moves to this reference
        lookup(client, target.reference, "Z" * 28, f"198.51.101.{n + 1}")
    assert lookup(client, target.reference, victim_key, "203.0.113.51").status_code == 302
    # A browser that solves the challenge files a verified report.
    response = file_report(client, "203.0.113.52", prove=True)
    assert response.status_code == 200
    assert not Report.objects.get(reference=receipt(response)[0]).unverified


def test_refusal_tells_the_true_wait(client, monkeypatch, settings):
    settings.HOTLINE_SUBMIT_LIMIT_PER_IP = 1
    window_start = 1_625_600_000 // 3600 * 3600
    monkeypatch.setattr(formguard.time, "time", lambda: window_start + 1000.5)
    assert file_report(client, "192.0.2.9").status_code == 200
    response = file_report(client, "192.0.2.9", place="Nội dung giữ lại")
    assert response.status_code == 429
    assert response["Retry-After"] == "2600"  # 3600 − 1000.5, rounded up
    html = response.content.decode()
    assert "Vui lòng thử lại sau 44 phút" in html and "Nội dung giữ lại" in html
    # Failed look-ups: a 15-minute window, 100 s in.
    monkeypatch.setattr(formguard.time, "time", lambda: window_start + 100)
    settings.HOTLINE_LOOKUP_LIMIT_PER_IP = 1
    lookup(client, "DDN-2021-000001", "A" * 28, "192.0.2.9")
    response = lookup(client, "DDN-2021-000001", "A" * 28, "192.0.2.9")
    assert response.status_code == 429 and response["Retry-After"] == "800"
    assert "thử lại sau 14 phút" in response.content.decode()


def test_no_pressure_no_proof_asked(client):
    html = form_page(client, "192.0.2.1")
    assert not proof_bits(html) and "proof-of-work.js" not in html
    response = client.post(REPORT, form_data(html), REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 200
    assert not Report.objects.get().unverified


def test_under_pressure_a_forged_or_reused_proof_is_not_a_proof(client, settings):
    settings.HOTLINE_SUBMIT_LIMIT_GLOBAL = 1
    assert file_report(client, "192.0.2.1").status_code == 200
    html = form_page(client, "192.0.2.2")
    assert proof_bits(html) == 8 and "proof-of-work.js" in html
    data = form_data(html)
    bad = next(str(n) for n in range(1000)
               if not formguard.proof_holds(data["form_token"], str(n), 8))
    response = client.post(REPORT, {**data, "proof": bad}, REMOTE_ADDR="192.0.2.2")
    assert Report.objects.get(reference=receipt(response)[0]).unverified
    # A solved proof belongs to its form: sent again, the form is a duplicate, not a new report.
    html = form_page(client, "192.0.2.3")
    data = form_data(html)
    data["proof"] = formguard.solve(data["form_token"], 8)
    first = client.post(REPORT, data, REMOTE_ADDR="192.0.2.3")
    assert not Report.objects.get(reference=receipt(first)[0]).unverified
    again = client.post(REPORT, data, REMOTE_ADDR="192.0.2.4")
    assert "đã được gửi" in again.content.decode()
    assert receipt(first)[0] in again.content.decode()
    assert Report.objects.count() == 3


def test_a_form_shown_before_the_pressure_gets_a_challenge_when_shown_again(client, settings):
    html = form_page(client, "192.0.2.1")
    assert not proof_bits(html)
    settings.HOTLINE_SUBMIT_LIMIT_GLOBAL = 0
    response = client.post(REPORT, form_data(html, description=""), REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 400
    again = response.content.decode()
    assert proof_bits(again) == 8
    data = form_data(again)
    data["proof"] = formguard.solve(data["form_token"], 8)
    response = client.post(REPORT, data, REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 200
    assert not Report.objects.get().unverified


def test_a_reference_under_attack_asks_for_proof_and_never_locks(client, make_report, settings):
    settings.HOTLINE_LOOKUP_LIMIT_PER_REFERENCE = 3
    report, key = make_report()
    for n in range(3):
        lookup(client, report.reference, "Q" * 28, attacker(n))
    # Under attack: a wrong key without a proof weighs 5 against its address (limit 10)...
    for _ in range(2):
        response = lookup(client, report.reference, "Q" * 28, "192.0.2.77")
        assert response.status_code == 400
        assert proof_bits(response.content.decode()) == 8  # the next try is asked for one
    assert lookup(client, report.reference, "Q" * 28, "192.0.2.77").status_code == 429
    # ...with a proof it weighs 1, and each proof serves once.
    html = lookup(client, report.reference, "Q" * 28, "192.0.2.78").content.decode()
    token = re.search(r'name="proof_token" value="([^"]+)"', html).group(1)
    proof = {"proof_token": token, "proof": formguard.solve(token, 8)}
    assert lookup(client, report.reference, "Q" * 28, "192.0.2.79", **proof).status_code == 400
    for _ in range(10):  # proven tries count once each: the address's ten
        assert lookup(client, report.reference, "Q" * 28, "192.0.2.81",
                      **ask_again(client, report)).status_code == 400
    assert lookup(client, report.reference, "Q" * 28, "192.0.2.81").status_code == 429
    # The same proof again is no proof: 1 + 5 + 5 ≥ 10.
    for _ in range(2):
        assert lookup(client, report.reference, "Q" * 28, "192.0.2.79", **proof).status_code == 400
    assert lookup(client, report.reference, "Q" * 28, "192.0.2.79").status_code == 429
    assert UsedNonce.objects.filter(scope="lookup-proof").count() == 11
    # The owner reads the report, with or without JavaScript.
    assert lookup(client, report.reference, key, "192.0.2.80").status_code == 302


def ask_again(client, report):
    """A fresh challenge from the look-up page, solved."""
    html = lookup(client, report.reference, "", "192.0.2.200").content.decode()
    token = re.search(r'name="proof_token" value="([^"]+)"', html).group(1)
    return {"proof_token": token, "proof": formguard.solve(token, 8)}


def test_ipv6_addresses_share_their_64(client, settings):
    settings.HOTLINE_SUBMIT_LIMIT_PER_IP = 2
    assert file_report(client, "2001:db8:1:2::1").status_code == 200
    assert file_report(client, "2001:db8:1:2::ffff").status_code == 200
    assert file_report(client, "2001:db8:1:2:abcd::9").status_code == 429
    assert file_report(client, "2001:db8:1:3::1").status_code == 200


def test_inspectors_see_the_unverified_mark(client, inspector, settings):
    settings.HOTLINE_SUBMIT_LIMIT_GLOBAL = 0
    response = file_report(client, "192.0.2.1")
    reference = receipt(response)[0]
    client.force_login(inspector)
    queue = client.get(reverse("hotline:staff_queue")).content.decode()
    row = next(row for row in queue.split("<tr") if reference in row)
    assert "Chưa xác minh" in row and "gửi khi quá tải" in row
    report = Report.objects.get(reference=reference)
    page = client.get(reverse("hotline:staff_report", kwargs={"pk": report.pk})).content.decode()
    assert "Chưa xác minh: gửi khi hệ thống bị quá tải" in page


def test_proof_of_work_arithmetic():
    assert formguard.leading_zero_bits(bytes([0, 0, 0x10, 0xFF])) == 19
    assert formguard.leading_zero_bits(bytes([0x80])) == 0
    solution = formguard.solve("thử", 10)
    assert formguard.proof_holds("thử", solution, 10)
    assert not formguard.proof_holds("khác", solution, 10) or formguard.proof_holds("khác", solution, 0)
    assert not formguard.proof_holds("thử", "-1", 1)
    assert not formguard.proof_holds("thử", "1" * 21, 1)

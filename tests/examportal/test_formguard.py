"""The public-form guard (examportal.formguard): the form, the slots, the single-use nonces.

The last tests send 50 parallel requests at each public form with a limit of 10: exactly 10 are
filed, 40 refused with the limit message (``take_slot``: the increment decides).

Each of those requests runs in its own thread with its own database connection; the counters
are the cache of the test settings (in process), the production Redis backend (when a Redis
answers, tests.redis_server) or, with Redis dead, the database. On PostgreSQL the 50 requests
are released together by a barrier and run in parallel from end to end. SQLite takes one writer
at a time (and the in-memory test database refuses a second one instead of waiting), so there
the requests run one at a time except where the limit is decided: all 50 wait for each other
inside ``take_slot`` and take their slots at the same moment (from the cache; the database
counters, written in parallel, are tested on PostgreSQL).
"""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django import forms
from django.core import signing
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from examportal import formguard
from examportal.formguard import Limit, take_slot, wait_minutes
from examportal.models import RateCounter, UsedNonce
from tests.hotline.dead_redis import use_dead_redis
from tests.redis_server import BACKEND, REDIS_URL

WINDOW_START = 1_625_600_000 // 3600 * 3600


@pytest.fixture
def clock(monkeypatch):
    """The time, 1000.5 s into an hour's window; ``clock.now`` moves it."""

    class Clock:
        now = WINDOW_START + 1000.5

    monkeypatch.setattr(formguard.time, "time", lambda: Clock.now)
    return Clock


@pytest.fixture(params=["cache", "database"])
def counters(request, settings):
    if request.param == "database":
        use_dead_redis(settings)
    return request.param


# --- Slots ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_slot_per_address_and_the_true_wait(clock, counters):
    limit = Limit("t", per_address=2, window=3600, address_message=formguard.ADDRESS_MESSAGE)
    assert [take_slot(limit, "192.0.2.1").allowed for _ in range(3)] == [True, True, False]
    refused = take_slot(limit, "192.0.2.1")
    assert not refused.allowed and refused.refused_by == formguard.ADDRESS
    assert refused.retry_after == 2600 and refused.minutes == 44  # 3600 − 1000.5, rounded up
    assert refused.message == ("Địa chỉ mạng của bạn đã gửi biểu mẫu này nhiều lần: tối đa 2 lần "
                               "trong 1 giờ. Vui lòng thử lại sau 44 phút.")
    # Refusals count nowhere; another address, and the next window, start afresh.
    assert formguard.peek("t", 3600, formguard.address_subject("192.0.2.1")).value == 2
    assert take_slot(limit, "192.0.2.2").allowed
    clock.now = WINDOW_START + 3600
    assert take_slot(limit, "192.0.2.1").allowed


@pytest.mark.django_db
def test_ipv6_addresses_share_their_64(counters):
    limit = Limit("t", per_address=1, window=3600)
    assert take_slot(limit, "2001:db8:1:2::1").allowed
    assert not take_slot(limit, "2001:db8:1:2:ffff::9").allowed
    assert take_slot(limit, "2001:db8:1:3::1").allowed


@pytest.mark.django_db
def test_a_site_that_refuses_and_a_site_that_only_asks_for_proof(clock, counters):
    refusing = Limit("r", per_address=5, window=900, site=2, site_message="Đợi {minutes} phút.")
    assert take_slot(refusing, "192.0.2.1").allowed and take_slot(refusing, "192.0.2.2").allowed
    refused = take_slot(refusing, "192.0.2.3")
    assert not refused.allowed and refused.refused_by == formguard.SITE
    assert refused.message == "Đợi 14 phút." and refused.retry_after == 800
    # The refused address got its slot back: it is counted nowhere.
    assert formguard.peek("r", 900, formguard.address_subject("192.0.2.3")).value == 0
    assert formguard.peek("r", 900).value == 2 and formguard.site_pressure(refusing)
    asking = Limit("a", per_address=5, window=900, site=1, site_refuses=False)
    assert not take_slot(asking, "192.0.2.1").pressure
    assert not formguard.site_pressure(Limit("a", 5, 900, site=2, site_refuses=False))
    second = take_slot(asking, "192.0.2.2")
    assert second.allowed and second.pressure


@pytest.mark.django_db
def test_a_slot_whose_form_was_not_filed_is_given_back(counters):
    limit = Limit("t", per_address=1, window=3600, site=10)

    def refused_by_the_service():
        raise ValueError("không hợp lệ")

    slot = take_slot(limit, "192.0.2.1")
    with pytest.raises(ValueError):
        slot.spend(refused_by_the_service)
    assert formguard.peek("t", 3600).value == 0
    slot = take_slot(limit, "192.0.2.1")
    assert slot.allowed and slot.spend(lambda x: x * 2, 21) == 42
    assert not take_slot(limit, "192.0.2.1").allowed


@pytest.mark.django_db
def test_the_database_counts_while_redis_is_down(settings):
    use_dead_redis(settings)
    limit = Limit("t", per_address=1, window=3600, site=10)
    assert take_slot(limit, "192.0.2.1").allowed
    assert not take_slot(limit, "192.0.2.1").allowed
    assert sorted(RateCounter.objects.values_list("subject", "count")) == [
        (formguard.address_subject("192.0.2.1"), 1), (formguard.ALL, 1)]


def test_wait_and_window_in_words():
    assert [wait_minutes(s) for s in (1, 60, 61, 2600)] == [1, 1, 2, 44]
    assert [formguard.duration_text(s) for s in (3600, 7200, 900)] == ["1 giờ", "2 giờ", "15 phút"]


# --- Single-use nonces --------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_nonce_serves_once_and_is_kept_while_its_form_lives(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert formguard.claim_nonce("t", "abc", keep_seconds=600, reference="DDN-2021-000001")
        assert not formguard.claim_nonce("t", "abc")
        assert formguard.claim_nonce("other", "abc")
    assert formguard.nonce_reference("t", "abc") == "DDN-2021-000001"
    used = UsedNonce.objects.get(scope="t")
    assert timedelta(seconds=599) < used.expires_at - used.created_at <= timedelta(seconds=600)
    assert formguard.forget_old_nonces(timezone.now() + timedelta(seconds=601)) == 1
    assert UsedNonce.objects.filter(scope="other").exists()


class Named(formguard.GuardedForm):
    token_salt = "tests.formguard"  # noqa: S105 -- a signing salt, not a secret
    submit_label = "Gửi thử"

    name = forms.CharField()


@pytest.mark.django_db
def test_file_once_files_a_form_once():
    form = Named({"name": "An", "form_token": Named().initial["form_token"]})
    form.min_fill_seconds = lambda: 0
    assert form.is_valid()
    filed = []
    assert formguard.file_once("t", form, filed.append, "lần 1") is None
    with pytest.raises(formguard.AlreadyFiled):
        formguard.file_once("t", form, filed.append, "lần 2")
    assert filed == ["lần 1"] and UsedNonce.objects.get().nonce == form.nonce


# --- The form -----------------------------------------------------------------------------------

def sent(**data):
    form = Named(data)
    return form, form.is_valid()


def test_the_form_refuses_bots_and_stale_forms_and_keeps_what_was_typed(clock):
    token = Named().initial["form_token"]
    form, valid = sent(name="An", form_token=token, website="http://spam.example")
    assert not valid and form.non_field_errors() == [Named.honeypot_message]
    form, valid = sent(name="An", form_token=token)
    assert not valid and "được gửi quá nhanh" in form.non_field_errors()[0]
    assert "“Gửi thử”" in form.non_field_errors()[0]
    clock.now += 4
    form, valid = sent(name="An", form_token=token)
    assert valid and form.nonce and not form.proven
    clock.now += 12 * 3600
    form, valid = sent(name="An", form_token=token)
    assert not valid and form.non_field_errors()[0].startswith("Biểu mẫu đã mở quá lâu.")
    assert form.data["form_token"] != token and form.data["name"] == "An"  # a fresh token
    form, valid = sent(name="An", form_token="gia-mao")
    assert not valid and form.non_field_errors()[0].startswith("Biểu mẫu không hợp lệ.")


def test_the_form_reads_its_fill_times_from_the_apps_settings(clock, settings):
    from qa import conf as qa_conf
    from qa.forms import AskForm

    settings.QA_MIN_FILL_SECONDS, settings.QA_MAX_FILL_SECONDS = 60, 120
    assert AskForm.conf is qa_conf
    form = AskForm()
    assert (form.min_fill_seconds(), form.max_fill_seconds()) == (60, 120)
    assert (Named().min_fill_seconds(), Named().max_fill_seconds()) == (4, 12 * 3600)


def test_a_proof_of_work_asked_for_by_the_token(clock):
    form = Named(proof_bits=8)
    token = form.initial["form_token"]
    assert form.proof_bits == 8
    clock.now += 5
    form, valid = sent(name="An", form_token=token, proof=formguard.solve(token, 8))
    assert valid and form.proven
    # A form shown before the pressure gets a challenge with the same start time and nonce.
    plain = Named().initial["form_token"]
    form = Named({"name": "An", "form_token": plain})
    form.ask_for_proof(8)
    assert form.proof_bits == 8
    before, after = (signing.loads(t, salt=Named.token_salt)
                     for t in (plain, form.data["form_token"]))
    assert (after["t"], after["n"], after["p"]) == (before["t"], before["n"], 8)


def test_proof_of_work_arithmetic():
    assert formguard.leading_zero_bits(bytes([0, 0, 0x10, 0xFF])) == 19
    solution = formguard.solve("thử", 10)
    assert formguard.proof_holds("thử", solution, 10)
    assert not formguard.proof_holds("thử", "-1", 1) and not formguard.proof_holds("thử", "1" * 21, 1)


def test_client_ip_behind_a_trusted_proxy(settings, rf, monkeypatch):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="198.51.100.7")
    assert formguard.client_ip(request) == "10.0.0.1"
    monkeypatch.setenv("HOTLINE_CLIENT_IP_HEADER", "HTTP_X_REAL_IP")  # as deploy/README sets it
    assert formguard.client_ip(request) == "198.51.100.7"


# --- The tables moved from the hotline ----------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_the_hotlines_rows_move_to_the_core():
    before = [("hotline", "0005_limits_proof_nonces"), ("examportal", "0001_form_guard")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    now = timezone.now()
    old.get_model("hotline", "UsedNonce").objects.create(scope="hotline-report", nonce="n1",
                                                         reference="DDN-2021-000007")
    old.get_model("hotline", "UsedNonce").objects.create(scope="qa-ask", nonce="n0",
                                                         created_at=now - timedelta(days=2))
    counter = old.get_model("hotline", "RateCounter")
    counter.objects.create(scope="submit", subject="s", window_start=now, count=3,
                           expires_at=now + timedelta(hours=1))
    counter.objects.create(scope="submit", subject="s", window_start=now - timedelta(hours=2),
                           count=9, expires_at=now - timedelta(hours=1))
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert list(UsedNonce.objects.values_list("nonce", "reference")) == [("n1", "DDN-2021-000007")]
    assert UsedNonce.objects.get().expires_at > now
    assert list(RateCounter.objects.values_list("count", flat=True)) == [3]


# --- 50 parallel requests at each form ----------------------------------------------------------

N, LIMIT = 50, 10
ADDRESS = "192.0.2.77"  # every request from one address


@dataclass
class Form:
    url: str
    settings: dict
    accepted: int  # the status of a filed form
    message: str  # in every refusal

    def data(self, i, token):
        raise NotImplementedError

    def filed(self):
        raise NotImplementedError


class Hotline(Form):
    def data(self, i, token):
        return {"form_token": token, "category": "cheating", "place": f"Điểm thi số {i}",
                "description": f"Phản ánh gửi song song số {i}.", "website": "", "proof": ""}

    def filed(self):
        from hotline.models import Report

        return Report.objects.count()


class Question(Form):
    def data(self, i, token):
        return {"topic": "covid-19", "text": f"Câu hỏi gửi song song số {i} về lịch thi đợt 2?",
                "asker_name": "", "asker_place": "", "asker_email": "", "website": "",
                "form_token": token}

    def filed(self):
        from qa.models import Question as Model

        return Model.objects.count()


class Subscription(Form):
    def data(self, i, token):
        return {"email": f"song-song-{i}@example.org", "documents": "on", "frequency": "immediate",
                "website": "", "form_token": token}

    def filed(self):
        from alerts.models import Subscription as Model

        return Model.objects.count()


FORMS = {
    "hotline": Hotline("/duong-day-nong/gui-phan-anh/", {
        "HOTLINE_SUBMIT_LIMIT_PER_IP": LIMIT, "HOTLINE_SUBMIT_LIMIT_GLOBAL": 10_000,
        "HOTLINE_MIN_FILL_SECONDS": 0, "HOTLINE_NOTIFY_EMAILS": []},
        200, f"tối đa {LIMIT} phản ánh trong 1 giờ"),
    "qa": Question("/hoi-dap/dat-cau-hoi/", {
        "QA_ASK_LIMIT_PER_IP": LIMIT, "QA_ASK_LIMIT_GLOBAL": 10_000, "QA_MIN_FILL_SECONDS": 0},
        302, f"tối đa {LIMIT} câu hỏi trong 1 giờ"),
    "alerts": Subscription("/nhan-tin/", {
        "ALERTS_SUBSCRIBE_LIMIT_PER_IP": LIMIT, "ALERTS_SUBSCRIBE_LIMIT_GLOBAL": 10_000,
        "ALERTS_MIN_FILL_SECONDS": 0},
        302, f"tối đa {LIMIT} yêu cầu trong 1 giờ"),
}


def use_counters(settings, counters):
    if counters == "redis":
        if not REDIS_URL:
            pytest.skip("needs a Redis server (REDIS_URL)")
        import uuid

        settings.CACHES = {**settings.CACHES, "default": {
            "BACKEND": BACKEND, "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"formguard-test-{uuid.uuid4().hex[:8]}"}}
    elif counters == "database":
        use_dead_redis(settings)


def send_in_parallel(form, one_writer=None):
    """Show the form to N clients, then send the N forms at once; the responses.

    ``one_writer``: a lock each request holds except while it takes its slot (SQLite)."""
    clients, tokens = [], []
    for _ in range(N):
        client = Client(REMOTE_ADDR=ADDRESS)
        html = client.get(form.url).content.decode()
        tokens.append(re.search(r'name="form_token" value="([^"]+)"', html).group(1))
        clients.append(client)
    connection.close()
    gate = threading.Barrier(N)

    def send(i):
        try:
            if one_writer is None:
                gate.wait(timeout=60)
                return clients[i].post(form.url, form.data(i, tokens[i]))
            with one_writer:
                return clients[i].post(form.url, form.data(i, tokens[i]))
        except Exception as exc:  # counted below, not hidden
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=N) as pool:
        return list(pool.map(send, range(N)))


def slots_taken_together(monkeypatch):
    """SQLite: requests hold a lock, and let go of it only to take their slots all at once."""
    one_writer, gate, take_slot = threading.Lock(), threading.Barrier(N), formguard.take_slot

    def together(*args):
        together.calls += 1  # under the lock
        one_writer.release()
        try:
            gate.wait(timeout=60)
            return take_slot(*args)
        finally:
            one_writer.acquire()

    together.calls = 0
    monkeypatch.setattr(formguard, "take_slot", together)
    return together, one_writer


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("counters", ["cache", "redis", "database"])
@pytest.mark.parametrize("name", FORMS)
def test_50_parallel_requests_with_a_limit_of_10(settings, monkeypatch, name, counters):
    form = FORMS[name]
    for key, value in form.settings.items():
        setattr(settings, key, value)
    use_counters(settings, counters)
    gated = one_writer = None
    if connection.vendor == "sqlite":
        if counters == "database":
            pytest.skip("the database counters in parallel need PostgreSQL")
        gated, one_writer = slots_taken_together(monkeypatch)
    responses = send_in_parallel(form, one_writer)
    if gated:
        assert gated.calls == N  # every request's slot was taken at the same moment
    errors = [r for r in responses if isinstance(r, Exception)
              or r.status_code not in (form.accepted, 429)]
    assert errors == []
    accepted = [r for r in responses if r.status_code == form.accepted]
    refused = [r for r in responses if r.status_code == 429]
    assert (len(accepted), len(refused)) == (LIMIT, N - LIMIT)
    for response in refused:
        html = response.content.decode()
        minutes = wait_minutes(int(response["Retry-After"]))
        assert form.message in html and f"Vui lòng thử lại sau {minutes} phút" in html
    assert form.filed() == LIMIT

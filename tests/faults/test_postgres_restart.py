"""Issue 14: PostgreSQL restarted under 200 parallel hotline submissions. Every receipt a
reporter is shown must be a saved report (rows == receipts, no reference twice); the errors seen
are counted and printed. The cache is each process's own memory: the shared Redis is not used."""

import collections
import threading
import time

from .client import Client
from .pages import ACCESS_KEY, RECEIPT, report_fields

SUBMITTERS = 200


def test_postgres_restart_under_200_parallel_submissions(pg, start_portal):
    t0 = time.monotonic()
    portal = start_portal(pg.url, redis_url="", workers=4)
    t_portal = time.monotonic() - t0
    before = int(pg.psql("SELECT coalesce(max(id), 0) FROM hotline_report"))
    barrier = threading.Barrier(SUBMITTERS + 1, timeout=120)
    outcomes = [None] * SUBMITTERS
    done = collections.Counter()
    lock = threading.Lock()

    def submitter(index):
        client = Client(portal.port, timeout=60)
        form = client.get("/duong-day-nong/gui-phan-anh/")
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            outcomes[index] = ("no start", form.status, None)
            return
        if form.status != 200:
            outcomes[index] = ("form", form.status, None)
            return
        fields = report_fields(form.text, f"Phản ánh thử nghiệm số {index}: thí sinh mang điện "
                                          "thoại vào phòng thi.")
        posted = client.post("/duong-day-nong/gui-phan-anh/", fields)
        reference = RECEIPT.search(posted.text) if posted.status == 200 else None
        if reference and ACCESS_KEY.search(posted.text):
            outcomes[index] = ("receipt", posted.status, reference.group(1))
        else:
            kind = "transport" if posted.status == 0 else "error page"
            if kind == "error page" and 'href="tel:02133799569"' in posted.text:
                kind = "portal error page"
            outcomes[index] = (kind, posted.status, posted.error or posted.text[:300])
        with lock:
            done["posted"] += 1

    threads = [threading.Thread(target=submitter, args=(i,), daemon=True)
               for i in range(SUBMITTERS)]
    for thread in threads:
        thread.start()
    barrier.wait()  # every form shown; now all 200 send at once
    started = time.monotonic()
    t_forms = started - t0 - t_portal
    # Restart once the first submissions are through, while the rest are in flight or queued.
    deadline = started + 20
    while done["posted"] < SUBMITTERS // 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    restart_at = time.monotonic() - started
    posted_before_restart = done["posted"]
    pg.restart()
    restart_took = time.monotonic() - started - restart_at
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.monotonic() - started
    assert not any(thread.is_alive() for thread in threads), "submitters still running"

    receipts = [ref for kind, _, ref in outcomes if kind == "receipt"]
    errors = [(kind, status, detail) for kind, status, detail in outcomes if kind != "receipt"]
    rows = pg.psql(f"SELECT reference FROM hotline_report WHERE id > {before:d} ORDER BY id")  # noqa: S608
    saved = [line for line in rows.splitlines() if line]
    statuses = collections.Counter(f"{kind} {status}" for kind, status, _ in outcomes)
    print(f"\n[faults] PostgreSQL restart under {SUBMITTERS} parallel submissions: "
          f"errors {len(errors)}/{SUBMITTERS}, receipts {len(receipts)}, rows {len(saved)}; "
          f"restart at {restart_at:.2f} s after {posted_before_restart} answers, took "
          f"{restart_took:.2f} s; all answered in {elapsed:.1f} s")
    print(f"[faults] answers: {dict(statuses)}; portal started in {t_portal:.1f} s, "
          f"200 forms shown in {t_forms:.1f} s")
    for kind, status, detail in errors[:3]:
        print(f"  {kind} {status}: {str(detail)[:160]!r}")

    assert len(receipts) == len(set(receipts)), "a reference given twice"
    assert len(saved) == len(set(saved)), "a reference saved twice"
    assert not [ref for ref in saved if ref.startswith("TMP-")], "a report left half-numbered"
    assert sorted(receipts) == sorted(saved), "every receipt is a saved report and vice versa"
    # A submission whose connection dies before the commit is run again on a fresh connection
    # (examportal.db.retry_on_lost_connection): a restart costs next to nothing. Without that,
    # 18-25 of 200 got the 503 page here.
    assert len(errors) <= 10, f"{len(errors)} of {SUBMITTERS} submissions failed"
    # Every error is the portal's own page (503 with the hotline numbers), never a bare 500.
    assert all(kind == "portal error page" and status == 503 for kind, status, _ in errors), \
        errors[:5]

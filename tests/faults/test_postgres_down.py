"""Issue 14, item 3: with PostgreSQL unreachable, pages answer the Vietnamese 503 page (hotline
numbers, Retry-After), not gunicorn's bare 500; the 404 page still renders; /healthz says 503;
and everything works again once PostgreSQL is back, without restarting the portal."""

import json

import redis

from .client import Client, hidden_value
from .pages import judge, judge_error_page, public_pages, report_fields
from .services import dead_port, wait_for


def test_pages_with_postgres_down(pg, start_portal, live_redis):
    # Two portals on the same database: one with a working Redis (its page cache warm, then the
    # navigation key dropped, as in the issue), one with no cache at all.
    cached = start_portal(pg.url, redis_url=live_redis.url, workers=2)
    uncached = start_portal(pg.url, redis_url=f"redis://127.0.0.1:{dead_port()}/0", workers=2)
    client, bare = Client(cached.port), Client(uncached.port)
    pages = [p for p in public_pages(bare) if p[1]]
    assert len(pages) >= 25
    for _, path, kind in pages[:5]:
        assert not judge(client.get(path), 200, kind)  # cached now
    person = Client(uncached.port)
    form = person.get("/duong-day-nong/gui-phan-anh/")
    assert form.status == 200

    pg.stop()
    keys = redis.Redis.from_url(live_redis.url).delete("examportal:1:news:nav-column")
    results = []
    for name, portal_client in (("Redis", client), ("no cache", bare)):
        for label, path, kind in pages:
            response = portal_client.get(path)
            if response.status == 200 and name == "Redis" and response.header("x-page-cache") == "hit":
                problem = judge(response, 200, kind)  # served from the page cache: fine
            elif response.status == 200 and path == "/robots.txt":
                problem = judge(response, 200, kind)  # needs no database
            else:
                problem = judge_error_page(response, 503, retry_after=True)
            results.append((f"[{name}] {label} {path}", response.status, problem))

    posted = person.post("/duong-day-nong/gui-phan-anh/", report_fields(form.text))
    results.append(("[no cache] Gửi phản ánh (POST)", posted.status,
                    judge_error_page(posted, 503, retry_after=True)
                    or ("" if "chưa được ghi nhận" in posted.text else "does not say not saved")))
    for name, portal_client in (("Redis", client), ("no cache", bare)):
        missing = portal_client.get("/khong-co-trang-nay/")
        results.append((f"[{name}] 404", missing.status, judge_error_page(missing, 404)))
        forged = Client(portal_client.port).post("/hoi-dap/dat-cau-hoi/", {"title": "x"})
        results.append((f"[{name}] 403 (CSRF)", forged.status, judge_error_page(forged, 403)))
        health = portal_client.get("/healthz")
        body = json.loads(health.text) if health.status in (200, 503) else {}
        results.append((f"[{name}] /healthz", health.status,
                        "" if health.status == 503 and body.get("database") == "unavailable"
                        else health.text[:100]))

    ok = sum(1 for *_, problem in results if not problem)
    served_from_cache = sum(1 for label, status, _ in results if label.startswith("[Redis]")
                            and status == 200)
    print(f"\n[faults] PostgreSQL down: answers as required {ok}/{len(results)} "
          f"({served_from_cache} pages still served from the Redis page cache; "
          f"navigation key dropped: {keys})")
    for label, status, problem in results:
        if problem:
            print(f"  BAD {status:3d} {label}", problem)
    assert ok == len(results), ([r for r in results if r[2]], uncached.log_tail(40))
    for portal in (cached, uncached):
        log = portal.log_text()
        assert "Traceback" not in log, log[-6000:]
        assert log.count("Database unavailable") <= portal.workers

    # Back: the same portals answer again, without a restart.
    pg.start()
    wait_for(lambda: bare.get("/healthz").status == 200, 30, interval=0.5, what="/healthz 200")
    for _, path, kind in pages:
        assert not judge(bare.get(path), 200, kind), path
    fresh = Client(uncached.port)
    form = fresh.get("/duong-day-nong/gui-phan-anh/")
    posted = fresh.post("/duong-day-nong/gui-phan-anh/", report_fields(form.text))
    assert posted.status == 200 and 'id="reference"' in posted.text, posted.text[:300]
    assert hidden_value(form.text, "form_token")

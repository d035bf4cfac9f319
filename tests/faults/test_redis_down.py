"""Issue 14, item 2: with Redis dead, every public page, both hotline forms and /healthz work
(slower, from the database), and the failure is logged once a minute, not once a request."""

import json

from .client import Client, hidden_value
from .pages import ACCESS_KEY, PHONES, RECEIPT, judge, judge_error_page, public_pages, report_fields
from .services import dead_port


def test_every_public_page_works_with_redis_down(pg, start_portal):
    portal = start_portal(pg.url, redis_url=f"redis://127.0.0.1:{dead_port()}/0", workers=3)
    client = Client(portal.port)
    results = []

    def check(label, response, problem):
        results.append((label, response.status, problem))

    for label, path, kind in public_pages(client):
        if path is None:
            results.append((label, 0, "no link to it found on the portal's pages"))
            continue
        for _ in range(2):  # a second time: nothing cached may be half-written
            response = client.get(path)
            problem = judge(response, 200, kind)
            if problem:
                break
        check(f"{label} {path}", response, problem)

    # The hotline report form: a real submission, with the CSRF cookie and the form's token.
    person = Client(portal.port)
    form = person.get("/duong-day-nong/gui-phan-anh/")
    posted = person.post("/duong-day-nong/gui-phan-anh/", report_fields(form.text))
    reference = RECEIPT.search(posted.text)
    key = ACCESS_KEY.search(posted.text)
    check("Gửi phản ánh (POST)", posted,
          judge(posted, 200) or ("" if reference and key else "no receipt: " + posted.text[:200]))

    # The status look-up with the receipt's reference and key: 302 to the status page.
    lookup = person.get("/duong-day-nong/tra-cuu/")
    fields = {"csrfmiddlewaretoken": person.cookies.get("csrftoken", ""),
              "reference": reference.group(1) if reference else "",
              "access_key": key.group(1) if key else ""}
    fields["csrfmiddlewaretoken"] = hidden_value(lookup.text, "csrfmiddlewaretoken") or ""
    found = person.post("/duong-day-nong/tra-cuu/", fields)
    location = found.header("location")
    check("Tra cứu phản ánh (POST)", found,
          judge(found, 302, kind=None)
          or ("" if location.endswith("/duong-day-nong/tra-cuu/phan-anh/") else f"to {location}"))
    status_page = person.get("/duong-day-nong/tra-cuu/phan-anh/")
    check("Tình trạng phản ánh", status_page,
          judge(status_page, 200) or ("" if reference and reference.group(1) in status_page.text
                                      else "not the report's page"))

    health = client.get("/healthz")
    try:
        body = json.loads(health.text)
    except ValueError:
        body = {}
    check("/healthz", health,
          "" if health.status == 200 and body == {"status": "ok", "database": "ok",
                                                  "cache": "degraded"}
          else f"{health.status} {health.text[:100]}")

    # Error pages, in Vietnamese with the hotline numbers.
    missing = client.get("/khong-co-trang-nay/")
    check("404 (no such address)", missing, judge_error_page(missing, 404))
    missing = client.get("/bai-viet/khong-co-bai-viet-nay/")
    check("404 (no such article)", missing, judge_error_page(missing, 404))
    forged = Client(portal.port).post("/hoi-dap/dat-cau-hoi/", {"title": "x"})
    check("403 (CSRF)", forged, judge_error_page(forged, 403))
    sender = Client(portal.port)
    token = hidden_value(sender.get("/hoi-dap/dat-cau-hoi/").text, "csrfmiddlewaretoken") or ""
    huge = sender.request(
        "POST", "/hoi-dap/dat-cau-hoi/",
        body=f"csrfmiddlewaretoken={token}&a=".encode() + b"x" * (6 * 1024 * 1024),
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    check("413 (body too large)", huge, judge_error_page(huge, 413))

    ok = sum(1 for _, _, problem in results if not problem)
    print(f"\n[faults] Redis down: pages that worked {ok}/{len(results)}")
    for label, status, problem in results:
        print(f"  {'BAD' if problem else 'OK '} {status:3d} {label}", problem)
    warnings = portal.log_text().count("Redis cache unavailable")
    print(f"[faults] 'Redis cache unavailable' warnings in the log: {warnings} ({portal.workers} workers)")
    assert ok == len(results), ([r for r in results if r[2]], portal.log_tail(80))
    assert 1 <= warnings <= portal.workers, portal.log_tail()
    assert all(phone for phone in PHONES)

"""The public pages: release boundary (also through the page cache), preview, no cookie, no name,
constant queries, lookup messages, the limit, statistics against independent figures."""

import csv
import datetime
import io
import statistics as pystats
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from examportal import pagecache
from results import services

from .conftest import RELEASE

pytestmark = pytest.mark.django_db
PAGES = ["/ket-qua-thi/2021/", "/ket-qua-thi/2021/?sbd=07000005", "/ket-qua-thi/2021/thong-ke/",
         "/ket-qua-thi/2021/thong-ke/mon-thi.csv"]


def at(moment):
    """Move Django's clock and the local-memory cache's expiry clock together."""
    return mock.patch("django.utils.timezone.now", return_value=moment), mock.patch(
        "django.core.cache.backends.locmem.time.time", return_value=moment.timestamp())


def get(client, url, moment):
    clock, cache_clock = at(moment)
    with clock, cache_clock:
        return client.get(url)


@pytest.mark.parametrize("cache_seconds", [0, 300])
def test_release_boundary(client, seeded, settings, cache_seconds):
    settings.PAGE_CACHE_SECONDS = cache_seconds
    before = RELEASE - datetime.timedelta(seconds=1)
    early = RELEASE - datetime.timedelta(minutes=3)
    for moment in (early, before):
        for url in PAGES:
            response = get(client, url, moment)
            body = response.content.decode()
            assert response.status_code == 200
            assert "sẽ được công bố lúc" in body and "00:00" in body
            assert "Toán" not in body and "07000005" not in body and "<svg" not in body
            assert int(response["Cache-Control"].split("max-age=")[1]) <= 60
    after = RELEASE + datetime.timedelta(seconds=1)
    for url in PAGES[1:3]:
        response = get(client, url, after)
        assert response.status_code == 200
        assert "sẽ được công bố" not in response.content.decode()
    assert "07000005" in get(client, PAGES[1], after).content.decode()


def test_not_yet_page_never_cached_past_the_release(client, seeded, settings):
    settings.PAGE_CACHE_SECONDS = 300
    before = RELEASE - datetime.timedelta(minutes=10)
    first = get(client, PAGES[1], before)
    assert first["X-Page-Cache"] == "miss"
    assert get(client, PAGES[1], before)["X-Page-Cache"] == "hit"
    clock, _ = at(before)
    with clock:
        assert 0 < pagecache.page_timeout() <= 600
    after = get(client, PAGES[1], RELEASE + datetime.timedelta(seconds=1))
    assert "07000005" in after.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_a_not_yet_page_made_across_the_release_is_not_kept(client, seeded, settings, url):
    """A page rendered just before the instant and stored just after it would be kept past the
    release (the results-day benchmark saw it under load): the page cache judges it by the
    schedule as of when its rendering began, and keeps none. In the minute before, "not yet"
    pages are kept, but never past the instant."""
    settings.PAGE_CACHE_SECONDS = 300
    close = RELEASE - datetime.timedelta(seconds=59)
    assert "sẽ được công bố" in get(client, url, close).content.decode()
    assert get(client, url, close)["X-Page-Cache"] == "hit"
    pagecache.content_changed()  # a write: the kept "not yet" page goes
    before = RELEASE - datetime.timedelta(milliseconds=300)
    after = RELEASE + datetime.timedelta(milliseconds=300)
    real_timeout = pagecache.page_timeout
    stored_after = mock.patch.object(pagecache, "page_timeout", side_effect=lambda now=None, **kw:
                                     real_timeout(now=after, **kw))
    started = mock.patch("examportal.pagecache.time.time", return_value=before.timestamp())
    clock, cache_clock = at(before)
    with clock, cache_clock, stored_after, started:
        first = client.get(url)
    assert "sẽ được công bố" in first.content.decode()
    response = get(client, url, RELEASE + datetime.timedelta(seconds=1))
    assert response["X-Page-Cache"] == "miss"
    assert "sẽ được công bố" not in response.content.decode()


def test_nothing_in_sitemap_or_search_before_release(client, seeded):
    before = RELEASE - datetime.timedelta(seconds=1)
    after = RELEASE + datetime.timedelta(seconds=1)
    for url in ("/sitemap.xml", "/sitemap-ket-qua-thi.xml", "/tim-kiem/?q=điểm+thi+2021"):
        assert "ket-qua-thi/2021" not in get(client, url, before).content.decode()
    assert "/ket-qua-thi/2021/thong-ke/" in get(client, "/sitemap-ket-qua-thi.xml",
                                                 after).content.decode()
    assert "/ket-qua-thi/2021/" in get(client, "/tim-kiem/?q=tra+cứu+điểm+thi", after
                                       ).content.decode()


def test_preview_for_preview_permission_only(client, seeded, editor, officer, administrator):
    before = RELEASE - datetime.timedelta(hours=1)
    client.force_login(editor)
    response = get(client, PAGES[1], before)
    body = response.content.decode()
    assert "XEM TRƯỚC" in body and "07000005" in body
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    client.force_login(officer)  # the testing office previews too
    assert "XEM TRƯỚC" in get(client, PAGES[1], before).content.decode()
    client.force_login(administrator)  # accounts, not results
    assert "07000005" not in get(client, PAGES[1], before).content.decode()


def test_result_pages_set_no_cookie_and_carry_no_name(client, seeded):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies
        assert "cookie" not in response.get("Vary", "").lower()
        assert "public" in response["Cache-Control"]
    body = client.get(PAGES[1]).content.decode()
    for word in ("Họ tên", "Họ và tên", "Ngày sinh", "CCCD"):
        assert word not in body


def test_candidate_page(client, seeded):
    row = next(r for r in seeded if r["statuses"][0] == "S" and r["language_code"] == "N1")
    body = client.get("/ket-qua-thi/2021/", {"sbd": row["number"]}).content.decode()
    assert f"{row['toan']:.2f}".rstrip("0").rstrip(".").replace(".", ",") in body
    assert "A00" in body and "Phúc khảo" in body and "Tiếng Anh" in body
    assert "Chưa có kết quả xét công nhận tốt nghiệp" in body
    assert "in=1" in body


def test_lookup_messages(client, seeded):
    assert "gồm đúng 8 chữ số" in client.get(PAGES[0], {"sbd": "070000055"}).content.decode()
    assert "không thuộc Hội đồng thi" in client.get(PAGES[0], {"sbd": "01000005"}).content.decode()
    assert "07000005" in client.get(PAGES[0], {"sbd": " 0700 0005 "}).content.decode()
    assert "07000005" in client.get(PAGES[0], {"sbd": "7000005"}).content.decode()
    missing = client.get(PAGES[0], {"sbd": "07999999"})
    assert missing.status_code == 404 and "Không tìm thấy" in missing.content.decode()


def test_queries_constant(client, seeded):
    client.get(PAGES[0], {"sbd": "07000002"})  # the layout's shared fragments, cached once
    counts = []
    for number in ("07000001", "07000100", "07000200"):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(PAGES[0], {"sbd": number}).status_code == 200
        counts.append(len(ctx))
        lookups = [q["sql"] for q in ctx.captured_queries if "results_candidateresult" in q["sql"]]
        assert len(lookups) == 1  # one indexed read per lookup
    assert len(set(counts)) == 1
    client.get("/ket-qua-thi/2021/thong-ke/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/ket-qua-thi/2021/thong-ke/")
    assert not [q for q in ctx.captured_queries if "results_candidateresult" in q["sql"]]


def test_lookup_limit(client, seeded, settings):
    settings.RESULTS_LOOKUPS_PER_MINUTE = 3
    from django.core.cache import cache

    cache.clear()
    codes = [client.get(PAGES[0], {"sbd": "07000001"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get(PAGES[0], {"sbd": "07000001"})
    assert int(refused["Retry-After"]) <= 60
    assert "thử lại sau" in refused.content.decode()


def test_statistics_against_independent_figures(client, seeded):
    toan = [r["toan"] for r in seeded if r["toan"] is not None]
    mean = (sum(toan) / len(toan)).quantize(Decimal("0.01"))
    median = Decimal(str(pystats.median(toan))).quantize(Decimal("0.01"))
    counts = {v: toan.count(v) for v in set(toan)}
    mode = max(counts, key=lambda v: (counts[v], v))
    content = client.get("/ket-qua-thi/2021/thong-ke/mon-thi.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    line = next(r for r in rows if r[0] == "Toán")
    assert Decimal(line[1]) == len(toan)
    assert Decimal(line[2]).quantize(Decimal("0.01")) == mean
    assert Decimal(line[3]).quantize(Decimal("0.01")) == median
    assert Decimal(line[4]) == mode
    assert int(line[5]) == sum(1 for v in toan if v <= 1)
    assert int(line[6]) == sum(1 for v in toan if v < 5)
    assert int(line[7]) == sum(1 for v in toan if v >= 8)
    assert int(line[8]) == toan.count(Decimal(10))
    a00 = [r["toan"] + r["ly"] + r["hoa"] for r in seeded
           if None not in (r["toan"], r["ly"], r["hoa"])]
    combos = list(csv.reader(io.StringIO(client.get(
        "/ket-qua-thi/2021/thong-ke/to-hop.csv").content.decode("utf-8-sig"))))
    line = next(r for r in combos if r[0].startswith("A00"))
    assert int(line[1]) == len(a00)
    assert Decimal(line[2]).quantize(Decimal("0.01")) == (sum(a00) / len(a00)).quantize(Decimal("0.01"))
    body = client.get("/ket-qua-thi/2021/thong-ke/").content.decode()
    assert body.count("<svg") == 14 - sum(1 for key in ("ly", "hoa", "sinh", "su", "dia", "gdcd")
                                            if not any(r[key] for r in seeded))
    assert 'role="img"' in body and "<script" not in body.split("</main>")[0].split("<main")[1]
    xlsx = client.get("/ket-qua-thi/2021/thong-ke/pho-diem.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_remarked_score_shown(client, seeded, officer):
    from examyears.models import ExamYear

    result_set = services.result_set_for(ExamYear.objects.get(year=2021))
    services.correct_candidate(user=officer, result_set=result_set, number="07000005",
                               changes={"van": "9.5"}, reason="Phúc khảo Ngữ văn")
    body = client.get(PAGES[0], {"sbd": "07000005"}).content.decode()
    assert "Điểm sau phúc khảo" in body and "9,5" in body


def test_lookup_answers_are_not_kept_in_the_page_cache(client, seeded, settings):
    """A page per number would only fill the shared cache; the lookup form itself is kept."""
    settings.PAGE_CACHE_SECONDS = 300
    for query in ({"sbd": "07000005"}, {"sbd": "07999999"}, {"sbd": "abc"}):
        response = client.get(PAGES[0], query)
        assert response.page_cache_exempt is True
        assert "public" in response["Cache-Control"] and not response.cookies
    assert not getattr(client.get(PAGES[0]), "page_cache_exempt", False)

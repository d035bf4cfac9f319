"""Results-day benchmark (issue 18), run by `make bench` after bench/run.py.

    .venv/bin/python bench/results_day.py            # 1,000,000 candidates, full durations
    BENCH_QUICK=1 .venv/bin/python bench/results_day.py   # 50,000 candidates, short runs

In its own PostgreSQL database (BENCH_RESULTS_DATABASE_URL, default examportal_bench_results):
a score file of 1,000,000 candidates in the Ministry's layout is generated (once, kept in
bench-results/), then imported through the real import service — read and checked
(results.services.stage_upload), then confirmed in one transaction (confirm_import) — and the
import is timed, then the lookup's file of the version (results.index, as `manage.py
build_results_index` makes it after an import). Then, with gunicorn as bench/run.py starts it
(same workers, Redis, page cache on) and bench/bare.py's bare Django view as the floor (same
gunicorn and workers, running beside it; each measurement is BENCH_PAIRED_ROUNDS rounds of a
floor window then the portal's window, judged on the median round, as bench/run.py judges
cached pages: on a shared machine the floor alone moves by half within minutes):

- random lookups with wrk and bench/results_day.lua: every request a different random candidate,
  64 connections (≥ 30% of the floor's requests/s, p99 ≤ 30 ms), then 200 connections for 60 s
  (zero errors);
- the statistics page, warm (≥ 0.8 of the floor, as the warm pages in bench/run.py);
- the release instant: the year's release time set a few seconds ahead, 200 connections on one
  candidate's page across it; before it only "not yet" pages, from one second after it only
  result pages, zero errors (both counts printed).

The lookup limit per address (RESULTS_LOOKUPS_PER_MINUTE) is raised for the load, wrk being one
address; the limiter still counts every lookup in Redis, so its cost is measured. Results go to
bench-results/results-day.md and .json; the exit status is 1 when a target is missed.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUICK = os.environ.get("BENCH_QUICK") == "1"
ROWS = int(os.environ.get("BENCH_RESULTS_ROWS", "50000" if QUICK else "1000000"))
DURATION = int(os.environ.get("BENCH_DURATION", "5" if QUICK else "15"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
SOAK_SECONDS = int(os.environ.get("BENCH_RESULTS_SOAK_SECONDS", "10" if QUICK else "60"))
ROUNDS = int(os.environ.get("BENCH_PAIRED_ROUNDS", "3"))
RELEASE_AHEAD = 15  # seconds from setting the release time to the release instant
RELEASE_AFTER = 6 if QUICK else 10  # seconds of load after it
LOOKUP_CONNECTIONS = 64
SOAK_CONNECTIONS = 200
DATABASE_URL = os.environ.get(
    "BENCH_RESULTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/examportal_bench_results")
RESULTS = ROOT / "bench-results"
LUA = ROOT / "bench" / "results_day.lua"
STATISTICS = "/ket-qua-thi/2021/thong-ke/"


# --- Inside Django (run as `results_day.py --step NAME`, with the benchmark's environment) ----

def _django():
    import django

    django.setup()


def step_prepare():
    """The year, an officer of the testing office, and no results yet (earlier runs removed)."""
    import datetime
    import zoneinfo

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection

    from examportal.roles import TESTING_OFFICE
    from examyears.models import ExamYear
    from examyears.services import ensure_year
    from results.models import AuditEntry, ImportJob, PendingImport, ResultSet, ResultVersion

    released = datetime.datetime(2021, 7, 26, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    ensure_year(2021, results_release_at=released)
    ExamYear.objects.filter(year=2021).update(results_release_at=released)
    user, _ = get_user_model().objects.get_or_create(username="bench-khaothi",
                                                     defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=TESTING_OFFICE))
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE results_candidateresult, results_pendingrow")
    ResultSet.objects.update(current_version=None)
    ImportJob.objects.all().delete()
    PendingImport.objects.all().delete()
    AuditEntry.objects.all().delete()
    ResultVersion.objects.all().delete()
    return {"ok": True}


def step_generate(path):
    """A score file of ROWS candidates, 07000000…, in the Ministry's column layout."""
    from results import demo
    from results.subjects import SUBJECT_KEYS

    header = ("SBD,Mã trường,Mã huyện,Toán,Ngữ văn,Ngoại ngữ,Mã môn ngoại ngữ,Vật lí,Hóa học,"
              "Sinh học,Lịch sử,Địa lí,GDCD\n")
    order = ("toan", "van", "ngoai_ngu", "language_code", "ly", "hoa", "sinh", "su", "dia", "gdcd")
    marks = {"V": "V", "D": "ĐC", "-": ""}
    chunk = 100000
    with open(path, "w", encoding="utf-8") as out:
        out.write(header)
        for start in range(0, ROWS, chunk):
            lines = []
            for row in demo.generate(min(chunk, ROWS - start), seed=start, start=start):
                cells = [row["number"], row["school_code"], row["district_code"]]
                for key in order:
                    if key == "language_code":
                        cells.append(row[key])
                        continue
                    status = row["statuses"][SUBJECT_KEYS.index(key)]
                    cells.append(str(row[key]) if status == "S" else marks[status])
                lines.append(",".join(cells))
            out.write("\n".join(lines) + "\n")
    return {"rows": ROWS, "bytes": os.path.getsize(path)}


def step_import(path):
    """The real import: stage_upload (read, check, stage) then confirm_import (one transaction)."""
    from django.contrib.auth import get_user_model

    from examyears.models import ExamYear
    from results import services

    user = get_user_model().objects.get(username="bench-khaothi")
    year = ExamYear.objects.get(year=2021)
    data = Path(path).read_bytes()
    started = time.perf_counter()
    parsed, pending = services.stage_upload(user=user, exam_year=year, name=Path(path).name,
                                            data=data)
    checked = time.perf_counter()
    if pending is None:
        return {"error": f"{len(parsed.problems)} problems, e.g. {parsed.problems[:3]}"}
    version = services.confirm_import(user=user, pending=pending)
    done = time.perf_counter()
    return {"rows": version.row_count, "check_s": checked - started, "store_s": done - checked,
            "total_s": done - started, "version": version.pk}


def step_warm_statistics():
    """The figures of the current version into the shared cache (results.statistics), as the
    first visitor after a confirmation would; timed."""
    from results.models import ResultSet
    from results.statistics import statistics_for

    started = time.perf_counter()
    version = ResultSet.objects.get(exam_year_id=2021).current_version_id
    stats = statistics_for(version)
    return {"seconds": time.perf_counter() - started, "candidates": stats["candidates"]}


def step_release(epoch):
    """Set 2021's release time to ``epoch`` through the release service."""
    import datetime

    from django.contrib.auth import get_user_model

    from examyears.models import ExamYear
    from results import services

    moment = datetime.datetime.fromtimestamp(float(epoch), tz=datetime.UTC)
    services.set_release_time(user=get_user_model().objects.get(username="bench-khaothi"),
                              exam_year=ExamYear.objects.get(year=2021), moment=moment)
    return {"release": moment.isoformat()}


def step_index():
    """The lookup's file of the version on this server (results.index), as `manage.py
    build_results_index` makes it after a confirmed import; timed."""
    from results import index
    from results.models import ResultSet

    version = ResultSet.objects.select_related("current_version").get(
        exam_year_id=2021).current_version
    started = time.perf_counter()
    if not index.build_locked(version):
        return {"error": "another builder holds the lock"}
    path = index.path_for(version)
    return {"seconds": time.perf_counter() - started, "rows": version.row_count,
            "bytes": path.stat().st_size}


STEPS = {"prepare": step_prepare, "generate": step_generate, "import": step_import,
         "index": step_index, "warm_statistics": step_warm_statistics, "release": step_release}


# --- The orchestration (no Django in this process) --------------------------------------------

def env():
    from bench.run import ENV

    return {**ENV, "DATABASE_URL": DATABASE_URL, "DJANGO_SETTINGS_MODULE": "examportal.settings",
            "RESULTS_LOOKUPS_PER_MINUTE": str(10**9)}


def step(name, *args):
    out = subprocess.run([sys.executable, __file__, "--step", name, *map(str, args)], cwd=ROOT,
                         env=env(), capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"step {name} failed:\n{out.stdout}\n{out.stderr}")
    return json.loads(out.stdout.split("RESULTS_DAY_JSON", 1)[1])


def prepare_database():
    name = DATABASE_URL.rsplit("/", 1)[1]
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True, text=True, check=True).stdout.strip()
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput", "-v0"], ["setup_roles"],
                    ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=env(), check=True,
                       capture_output=True)


def wrk(path, duration, connections, *lua_args, base=None):
    from bench.run import BASE, wrk_result

    args = ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{duration}s",
            "--latency", "-s", str(LUA), (base or BASE) + path]
    if lua_args:
        args += ["--", *map(str, lua_args)]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return wrk_result(out)


def show(label, result):
    print(f"  {label:46} {result['rps']:8.0f} req/s  p50 {result['p50_us'] / 1000:6.1f} ms  "
          f"p99 {result['p99_us'] / 1000:6.1f} ms  errors {result['errors']}", flush=True)
    return result


def drain(limit=60, base=None):
    """Wait until the server answers at once again: requests wrk gave up on at the end of a run
    are still queued in gunicorn and would be counted against the next measurement."""
    import urllib.request

    from bench.run import BASE

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            urllib.request.urlopen((base or BASE) + "/healthz", timeout=5).read()  # noqa: S310
        except OSError:
            continue
        if time.monotonic() - started < 0.2:
            return
        time.sleep(1)


def server(page_cache, app="examportal.wsgi", **options):
    from bench.run import Server

    running = Server(page_cache=page_cache, app=app, **options)
    running.env = {**env(), "PAGE_CACHE_SECONDS": "300" if page_cache else "0"}
    return running


def paired(bare, portal, path, connections, *lua_args, floor_path="/"):
    """``path`` on the portal against the bare view, back to back, ROUNDS times (as bench/run.py
    judges cached pages: both servers run at once, each window follows one of the floor, so the
    two see the same neighbours on a shared machine). The median round by ratio is reported;
    p99 and errors over all rounds."""
    import statistics

    rounds = []
    for _ in range(ROUNDS):
        wrk(floor_path, 1, connections, base=bare.base)
        floor = wrk(floor_path, DURATION, connections, base=bare.base)
        wrk(path, 1, connections, *lua_args, base=portal.base)
        result = wrk(path, DURATION, connections, *lua_args, base=portal.base)
        rounds.append({"floor": floor, "result": result, "ratio": result["rps"] / floor["rps"]})
        drain(base=portal.base)
    middle = sorted(rounds, key=lambda r: r["ratio"])[len(rounds) // 2]
    return {**middle, "ratios": [r["ratio"] for r in rounds],
            "p99_us": statistics.median(r["result"]["p99_us"] for r in rounds),
            "p99s_us": [r["result"]["p99_us"] for r in rounds],
            "errors": sum(r["result"]["errors"] for r in rounds)}


def show_pair(label, pair):
    show(f"floor (bare view), {label}", pair["floor"])
    show(label, pair["result"])
    print(f"  {'':46} ratios {', '.join(f'{r:.0%}' for r in pair['ratios'])}; p99 "
          f"{', '.join(f'{p / 1000:.1f}' for p in pair['p99s_us'])} ms", flush=True)


def release_instant(number):
    """200 connections on one candidate's page across the release instant."""
    epoch = int(time.time()) + RELEASE_AHEAD
    step("release", epoch)
    if epoch - time.time() < 3:  # the step itself took most of the lead: once more, further
        epoch = int(time.time()) + 2 * RELEASE_AHEAD
        step("release", epoch)
    seconds = int(epoch - time.time()) + RELEASE_AFTER
    return wrk(f"/ket-qua-thi/2021/?sbd={number}", seconds, SOAK_CONNECTIONS, "release", epoch,
               number)


def main():
    from bench.run import machine

    RESULTS.mkdir(exist_ok=True)
    print(f"Results day: {ROWS:,} candidates{' (BENCH_QUICK)' if QUICK else ''}; "
          f"{machine()}", flush=True)
    prepare_database()
    step("prepare")
    path = RESULTS / f"diem-thi-{ROWS}.csv"
    if not path.exists():
        print(f"Generating {path.name}…", flush=True)
        step("generate", path)
    print(f"Importing {path.name} ({path.stat().st_size / 2**20:.0f} MB) through the import "
          "service…", flush=True)
    imported = step("import", path)
    if "error" in imported:
        sys.exit(f"The generated file did not import: {imported['error']}")
    print(f"  read and checked in {imported['check_s']:.1f} s, stored in "
          f"{imported['store_s']:.1f} s: {imported['total_s']:.1f} s for {imported['rows']:,} rows",
          flush=True)
    built = step("index")
    if "error" in built:
        sys.exit(f"The lookup file was not built: {built['error']}")
    print(f"  the lookup's file on this server (manage.py build_results_index): "
          f"{built['seconds']:.1f} s, {built['bytes'] / 2**20:.0f} MB", flush=True)
    imported["index_s"], imported["index_bytes"] = built["seconds"], built["bytes"]
    from bench.run import free_port

    print(f"Floor: bench/bare.py, the same gunicorn and workers, running beside the portal; "
          f"{ROUNDS} paired rounds per measurement", flush=True)
    with server(page_cache=True) as portal, server(
            page_cache=False, app="bench.bare:application", port=free_port(), flush=False) as bare:
        warm = step("warm_statistics")
        print(f"Statistics of {warm['candidates']:,} candidates computed in "
              f"{warm['seconds']:.1f} s (then kept in the shared cache)", flush=True)
        lookup = paired(bare, portal, "/ket-qua-thi/2021/", LOOKUP_CONNECTIONS, "random", ROWS)
        show_pair(f"random lookups, {LOOKUP_CONNECTIONS} connections", lookup)
        soak = show(f"random lookups, {SOAK_CONNECTIONS} connections, {SOAK_SECONDS} s",
                    wrk("/ket-qua-thi/2021/", SOAK_SECONDS, SOAK_CONNECTIONS, "random", ROWS))
        drain()
        stats = paired(bare, portal, STATISTICS, 16)
        show_pair("statistics page (warm), 16 connections", stats)
        # Not a target: the same page against a bare view answering as many bytes, to tell
        # what the page cache's hit costs from what the page's size costs.
        import urllib.request

        size = len(urllib.request.urlopen(portal.base + STATISTICS).read())  # noqa: S310
        stats_sized = paired(bare, portal, STATISTICS, 16, floor_path=f"/size/{size}")
        stats_sized["size"] = size
        show_pair(f"statistics page against a bare view of its size ({size:,} bytes)",
                  stats_sized)
        number = f"07{ROWS // 2:06d}"
        print(f"Release instant: {SOAK_CONNECTIONS} connections on {number}, release "
              f"{RELEASE_AHEAD} s ahead", flush=True)
        release = show("release instant", release_instant(number))
    report(imported, lookup, soak, stats, stats_sized, release, warm)


def report(imported, lookup, soak, stats, stats_sized, release, warm):
    from bench.run import machine

    before = release["not_yet_before"] + release["result_before"]
    after = release["not_yet_after"] + release["result_after"]
    checks = [
        (f"import of {imported['rows']:,} rows < 60 s", imported["total_s"] < 60,
         f"{imported['total_s']:.1f} s (check {imported['check_s']:.1f} s, store "
         f"{imported['store_s']:.1f} s)"),
        (f"random lookups ≥ 30% of the floor ({LOOKUP_CONNECTIONS} connections; median of "
         f"{ROUNDS} paired rounds)", lookup["ratio"] >= 0.30,
         f"{lookup['result']['rps']:.0f} / {lookup['floor']['rps']:.0f} req/s = "
         f"{lookup['ratio']:.0%} (rounds: {', '.join(f'{r:.0%}' for r in lookup['ratios'])})"),
        (f"random lookups p99 ≤ 30 ms ({LOOKUP_CONNECTIONS} connections; median of the rounds)",
         lookup["p99_us"] <= 30000, f"{lookup['p99_us'] / 1000:.1f} ms (rounds: "
         f"{', '.join(f'{p / 1000:.1f}' for p in lookup['p99s_us'])}; the floor's own p99 in the "
         f"median round: {lookup['floor']['p99_us'] / 1000:.1f} ms)"),
        (f"random lookups, {SOAK_CONNECTIONS} connections for {SOAK_SECONDS} s: zero errors",
         soak["errors"] == 0, f"{soak['requests']} requests, {soak['errors']} errors"),
        (f"statistics page warm ≥ 0.8 of the floor (median of {ROUNDS} paired rounds)",
         stats["ratio"] >= 0.8, f"{stats['result']['rps']:.0f} / {stats['floor']['rps']:.0f} "
         f"req/s = {stats['ratio']:.0%} (rounds: {', '.join(f'{r:.0%}' for r in stats['ratios'])})"),
        ("release instant: before it only “not yet” pages", release["result_before"] == 0
         and release["not_yet_before"] > 0,
         f"{release['not_yet_before']} “not yet”, {release['result_before']} results"),
        ("release instant: from one second after, only result pages",
         release["not_yet_after"] == 0 and release["result_after"] > 0,
         f"{release['result_after']} results, {release['not_yet_after']} “not yet” "
         f"(in the release second: {release['not_yet_grace']} “not yet”, "
         f"{release['result_grace']} results)"),
        ("release instant: zero errors", release["errors"] == 0 and release["other"] == 0,
         f"{release['requests']} requests, {release['errors']} errors, {release['other']} "
         "unclassified"),
    ]
    lines = [f"Machine: {machine()}", f"Candidates: {imported['rows']:,}"
             + (" (BENCH_QUICK: a reduced run)" if QUICK else ""), "",
             "| load | conns | req/s | p50 ms | p95 ms | p99 ms | errors |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for label, connections, r in (("floor: bare Django view (lookups' median round)",
                                   LOOKUP_CONNECTIONS, lookup["floor"]),
                                  ("random lookups (median round)", LOOKUP_CONNECTIONS,
                                   lookup["result"]),
                                  (f"random lookups ({SOAK_SECONDS} s)", SOAK_CONNECTIONS, soak),
                                  ("floor: bare Django view (statistics' median round)", 16,
                                   stats["floor"]),
                                  ("statistics page (warm, median round)", 16, stats["result"]),
                                  (f"floor: bare view answering {stats_sized['size']:,} bytes", 16,
                                   stats_sized["floor"]),
                                  ("statistics page (warm, its median round)", 16,
                                   stats_sized["result"]),
                                  ("one candidate across the release", SOAK_CONNECTIONS, release)):
        lines.append(f"| {label} | {connections} | {r['rps']:.0f} | {r['p50_us'] / 1000:.1f} | "
                     f"{r['p95_us'] / 1000:.1f} | {r['p99_us'] / 1000:.1f} | {r['errors']} |")
    lines += ["", f"Statistics page against a bare view of the same size (not a target): "
              f"{stats_sized['ratio']:.0%} (rounds: "
              f"{', '.join(f'{r:.0%}' for r in stats_sized['ratios'])})."]
    lines += ["", f"Release instant: {before} answers before it, {after} from one second after "
              f"it ({release['not_yet_grace'] + release['result_grace']} within its first second).",
              f"Statistics of the version computed once in {warm['seconds']:.1f} s, then served "
              "from the shared cache.",
              f"The lookup's file of the version (results.index) built in "
              f"{imported['index_s']:.1f} s ({imported['index_bytes'] / 2**20:.0f} MB), after "
              "the import, as `manage.py build_results_index` does.",
              "", "| target | measured | result |", "|---|---|---|"]
    lines += [f"| {t} | {m} | {'PASS' if p else 'FAIL'} |" for t, p, m in checks]
    passed = all(p for _, p, _ in checks)
    lines += ["", "All targets met." if passed else "Some targets are not met."]
    markdown = "\n".join(lines) + "\n"
    (RESULTS / "results-day.md").write_text(markdown, encoding="utf-8")
    (RESULTS / "results-day.json").write_text(json.dumps({
        "quick": QUICK, "import": imported, "lookup": lookup, "soak": soak,
        "statistics": stats, "statistics_same_size": stats_sized, "release": release,
        "checks": [{"target": t, "passed": p, "measured": m} for t, p, m in checks],
        "all_passed": passed}, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    print()
    print(markdown)
    print(f"Saved: {RESULTS / 'results-day.md'} and {RESULTS / 'results-day.json'}")
    if not passed:
        sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--step":
        _django()
        result = STEPS[sys.argv[2]](*sys.argv[3:])
        print("RESULTS_DAY_JSON", json.dumps(result, default=str))
    else:
        main()

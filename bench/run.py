"""Exam-day benchmark: `make bench`.

Builds (once) a PostgreSQL database at realistic volume, starts the portal the production way
(gunicorn, DEBUG off, whitenoise, Redis, persistent connections), loads it with wrk from a
separate process, and prints one table: requests/s, p50/p95/p99, errors, SQL queries per
request and the ratio to the framework floor, cold (page cache off: every request renders) and
warm (shared page cache on); then the same portal behind the shipped nginx configuration
(bench/nginx.py: pages through nginx against a static file of the same size, and the publish
storm). Results go to bench-results/ as Markdown and JSON.

Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (bench/run.sh starts them), wrk
and nginx (Debian packages). Not part of the test suite.

A part alone (the machine stays free for the rest): ``BENCH_PARTS=cached-vs-bare`` measures
the warm cached pages against the bare Django view back to back, BENCH_PAIRED_ROUNDS rounds,
both servers up at once (the target is judged on each page's median ratio); ``nginx`` the pages
through nginx against a static file; ``storm`` the publish storm alone. Several, comma-separated;
the default ``all`` is the whole run.
"""

import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT") or free_port())
BASE = f"http://127.0.0.1:{PORT}"
DURATION = int(os.environ.get("BENCH_DURATION", "8"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
SEARCH_CONNECTIONS = int(os.environ.get("BENCH_SEARCH_CONNECTIONS", "16"))
SOAK_SECONDS = int(os.environ.get("BENCH_SOAK_SECONDS", "60"))
PAIRED_ROUNDS = int(os.environ.get("BENCH_PAIRED_ROUNDS", "3"))
# The window of each side in the cached-vs-bare rounds of the whole run (BENCH_DURATION alone).
PAIRED_SECONDS = int(os.environ.get("BENCH_PAIRED_SECONDS", "4"))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/examportal_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
RESULTS = ROOT / "bench-results"
WORKERS = 2 * (os.cpu_count() or 1) + 1
PARTS = {part.strip() for part in os.environ.get("BENCH_PARTS", "all").split(",") if part.strip()}
KNOWN_PARTS = {"all", "cached-vs-bare", "nginx", "storm"}

ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SITE_URL": BASE,
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "BENCH_FLOOR": "1",
    "MEDIA_ROOT": str(ROOT / "bench-results" / "media"),
    "LOG_LEVEL": "WARNING",
}


def run(*args, env=None, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env or ENV, check=True, **kwargs)


def manage(*args, capture=False):
    result = run(PYTHON, "manage.py", *args, capture_output=capture, text=True)
    return result.stdout if capture else None


def prepare_database():
    name = DATABASE_URL.rsplit("/", 1)[1]
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True, text=True, check=True).stdout.strip()
    if not exists:
        run("createdb", "-h", "127.0.0.1", "-U", "postgres", name)
    manage("migrate", "--noinput", "-v0")
    manage("setup_roles")
    manage("generate_bench_data")
    manage("collectstatic", "--noinput", "-v0")
    # VACUUM too: after a bulk load the GIN search indexes keep new entries in a pending list
    # that every search scans until a vacuum merges it (autovacuum does, in time, in production).
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-qc", "VACUUM ANALYZE"],
                   check=True)


def discover_urls():
    """Real URLs of the generated data: an article, a tag, a document, section pages."""
    code = """
import json
from news.models import Article, ArticleTag, Section
from documents.models import Document
section = Section.objects.get(column__year=2021, slug="tinh-hinh-to-chuc-thi")
article = Article.objects.published().filter(section=section).order_by("-publish_at").first()
tag = ArticleTag.objects.order_by("pk").first()
document = Document.objects.published().order_by("-issue_date").first()
print("BENCH_URLS", json.dumps({
    "section": section.get_absolute_url(),
    "section_pages": (Article.objects.published().filter(section=section).count() + 19) // 20,
    "article": article.get_absolute_url(),
    "tag": tag.get_absolute_url(),
    "document": document.get_absolute_url(),
    "document_type": document.document_type,
}))
"""
    out = manage("shell", "-c", code, capture=True)
    return json.loads(out.split("BENCH_URLS", 1)[1])


def page_list(found):
    pages = [
        ("Framework floor (minimal view, full middleware)", "/__bench__/floor", {}),
        ("Static file (whitenoise)", static_css_url(), {}),
        ("Health check", "/healthz", {}),
        ("Home", "/", {}),
        ("Column 2021", "/ky-thi/2021/", {}),
        ("Section page 1", found["section"], {}),
        ("Section page 200", f"{found['section']}?page=200", {}),
        ("Article", found["article"], {}),
        ("Tag page", found["tag"], {}),
        ("Search 'ky thi' (no diacritics)", "/tim-kiem/?q=ky+thi", {"search": True}),
        ("Search 'Kỳ thi Ngữ văn'", "/tim-kiem/?q=K%E1%BB%B3+thi+Ng%E1%BB%AF+v%C4%83n",
         {"search": True}),
        ("Search 'muong te toan'", "/tim-kiem/?q=muong+te+toan", {"search": True}),
        ("RSS feed (full)", "/ky-thi/2021/rss.xml", {}),
        ("RSS feed (304 revalidation)", "/ky-thi/2021/rss.xml", {"conditional": True}),
        ("JSON feed", "/ky-thi/2021/feed.json", {}),
        ("Documents filtered", f"/van-ban/?type={found['document_type']}&year=2021", {}),
        ("Document page", found["document"], {}),
        ("Hotline page", "/duong-day-nong/", {}),
    ]
    return pages


def static_css_url():
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


BARE = "Bare Django view (3 stock middlewares, bench/bare.py)"


class Server:
    def __init__(self, page_cache, app="examportal.wsgi", port=PORT, flush=True):
        self.env = {**ENV, "PAGE_CACHE_SECONDS": "300" if page_cache else "0"}
        self.app = app
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.flush = flush
        self.process = None

    def __enter__(self):
        if self.flush:
            subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], check=True,
                           capture_output=True)
        self.process = subprocess.Popen(
            [GUNICORN, self.app, "--workers", str(WORKERS), "--bind",
             f"127.0.0.1:{self.port}", "--backlog", "2048", "--log-level", "warning",
             "--keep-alive", "5"],
            cwd=ROOT, env=self.env)
        for _ in range(100):
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited; see its output above")
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=2)  # noqa: S310
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def wrk_args(path, duration, connections, headers=(), base=BASE):
    args = ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{duration}s", "--latency",
            "-s", str(ROOT / "bench" / "report.lua")]
    for header in headers:
        args += ["-H", header]
    return args + [base + path]


def wrk_result(out):
    data = json.loads(out.split("BENCH_JSON", 1)[1].strip().splitlines()[0])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def wrk(path, duration, connections, headers=(), base=BASE):
    out = subprocess.run(wrk_args(path, duration, connections, headers, base), capture_output=True,
                         text=True, check=True).stdout
    return wrk_result(out)


def etag_of(path):
    with urllib.request.urlopen(BASE + path) as response:  # noqa: S310
        return response.headers["ETag"]


def measure(pages, label):
    rows = []
    for name, path, flags in pages:
        headers = [f"If-None-Match: {etag_of(path)}"] if flags.get("conditional") else []
        connections = SEARCH_CONNECTIONS if flags.get("search") else CONNECTIONS
        wrk(path, WARMUP, connections, headers)
        result = wrk(path, DURATION, connections, headers)
        result.update(name=name, path=path, mode=label, connections=connections)
        if flags.get("search"):
            # The search's own latency: one client at a time, nothing queued behind it.
            single = wrk(path, DURATION, 1)
            result["single_p50_us"], result["single_p95_us"] = single["p50_us"], single["p95_us"]
        rows.append(result)
        print(f"  {label:5} {name:48} {result['rps']:8.0f} req/s  p95 "
              f"{result['p95_us'] / 1000:7.1f} ms  errors {result['errors']}", flush=True)
    return rows


def query_counts(pages):
    """SQL queries per request, rendered in-process with the page cache off."""
    script = ROOT / "bench" / "queries.py"
    out = subprocess.run(
        [PYTHON, str(script), json.dumps([p for _, p, f in pages if not f.get("conditional")])],
        cwd=ROOT, env={**ENV, "PAGE_CACHE_SECONDS": "0", "DJANGO_SETTINGS_MODULE":
                       "examportal.settings"}, capture_output=True, text=True, check=True).stdout
    return json.loads(out.split("BENCH_QUERIES", 1)[1])


def home_weight():
    """Compressed bytes of the home page HTML plus the CSS and JS it loads."""
    html = urllib.request.urlopen(BASE + "/").read()  # noqa: S310
    text = html.decode()
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    assets += re.findall(r'<script src="([^"]+)"', text)
    total = len(gzip.compress(html))
    for asset in assets:
        total += len(gzip.compress(urllib.request.urlopen(BASE + asset).read()))  # noqa: S310
    images = re.findall(r"<img [^>]*>", text)
    eager = [img for img in images[2:] if 'loading="lazy"' not in img]
    return {"bytes": total, "assets": assets, "images": len(images), "eager_below_fold": eager}


def machine():
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory:.0f} GiB; gunicorn workers: {WORKERS}"


def cached_vs_bare(pages, seconds=None):
    """The warm cached pages against the bare Django view, back to back: both servers run at
    once (idle workers cost nothing), and each page's window follows a window of the bare view
    of its own, so the two are seconds apart and see the same neighbours (on a shared machine
    the bare view alone moved between 900 and 3,000 req/s within minutes). Each round measures
    every page so; the target is judged on each page's median over the rounds.
    Returns {"rounds": [...], "pages": {name: summary}}."""
    bare_port = free_port()
    candidates = [(name, path, flags) for name, path, flags in pages
                  if name not in (BARE_EXCLUDED) and not flags.get("conditional")]
    rounds = []
    with Server(page_cache=True) as portal, Server(page_cache=False, app="bench.bare:application",
                                                   port=bare_port, flush=False) as bare:
        for _, path, _ in candidates:  # every page in the cache before the first window
            urllib.request.urlopen(portal.base + path).read()  # noqa: S310
        for number in range(1, PAIRED_ROUNDS + 1):
            row = {"pages": {}}
            for name, path, _ in candidates:
                wrk("/", 1, CONNECTIONS, base=bare.base)
                bare_rps = wrk("/", seconds or DURATION, CONNECTIONS, base=bare.base)["rps"]
                wrk(path, 1, CONNECTIONS, base=portal.base)
                result = wrk(path, seconds or DURATION, CONNECTIONS, base=portal.base)
                row["pages"][name] = {"rps": result["rps"], "bare": bare_rps,
                                      "ratio": result["rps"] / bare_rps,
                                      "errors": result["errors"], "p99_us": result["p99_us"]}
            rounds.append(row)
            print(f"  round {number}: "
                  + ", ".join(f"{name} {page['ratio']:.0%} ({page['rps']:.0f}/{page['bare']:.0f})"
                              for name, page in row["pages"].items()), flush=True)
    import statistics

    summary = {}
    for name, _, _ in candidates:
        ratios = [r["pages"][name]["ratio"] for r in rounds]
        summary[name] = {"median": statistics.median(ratios), "ratios": ratios,
                         "rps": statistics.median(r["pages"][name]["rps"] for r in rounds),
                         "errors": sum(r["pages"][name]["errors"] for r in rounds)}
    print("Warm cached pages / bare Django view (median of the rounds):", flush=True)
    for name, page in summary.items():
        print(f"  {name:48} {page['median']:6.0%}  ({', '.join(f'{r:.0%}' for r in page['ratios'])})"
              f"  {page['rps']:8.0f} req/s  errors {page['errors']}", flush=True)
    return {"rounds": rounds, "pages": summary,
            "bare_median": statistics.median(page["bare"] for r in rounds
                                             for page in r["pages"].values())}


# Pages not judged against the bare view: the baselines themselves and the live probe.
BARE_EXCLUDED = ("Framework floor (minimal view, full middleware)", "Static file (whitenoise)",
                 "Health check")


def parts_only(found, pages):
    """BENCH_PARTS other than "all": the chosen parts, their figures, their targets."""
    from bench import nginx as through_nginx

    passed = True
    saved = {}
    if "cached-vs-bare" in PARTS:
        print(f"Warm cached pages against the bare Django view: {PAIRED_ROUNDS} rounds", flush=True)
        saved["cached_vs_bare"] = result = cached_vs_bare(pages)
        for name, page in result["pages"].items():
            ok = page["median"] >= 0.8 and page["errors"] == 0
            passed &= ok
            print(f"  {'PASS' if ok else 'FAIL'} warm {name}: ≥ 80% of a bare Django view "
                  f"({page['median']:.0%})", flush=True)
    if PARTS & {"nginx", "storm"}:
        saved["nginx"] = nginx = through_nginx.run(found, DURATION, WARMUP,
                                                   pages="nginx" in PARTS, storm="storm" in PARTS)
        from bench.targets import nginx_checks

        for target, ok, measured in nginx_checks(nginx):
            passed &= ok
            print(f"  {'PASS' if ok else 'FAIL'} {target}: {measured}", flush=True)
    RESULTS.mkdir(exist_ok=True)
    name = "bench-" + "-".join(sorted(PARTS)) + ".json"
    (RESULTS / name).write_text(json.dumps(saved, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"Saved: {RESULTS / name}")
    if not passed:
        sys.exit(1)


def main():
    from deploy.localrun import nginx_binary

    unknown = PARTS - KNOWN_PARTS
    if unknown or not PARTS:
        sys.exit(f"BENCH_PARTS: unknown {', '.join(sorted(unknown)) or '(empty)'}; "
                 f"known: {', '.join(sorted(KNOWN_PARTS))}")
    for tool in ("wrk", "psql", "redis-cli"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: bench/run.sh installs and starts what is needed.")
    if not nginx_binary():
        sys.exit("nginx is missing: bench/run.sh installs and starts what is needed.")
    print(f"Machine: {machine()}", flush=True)
    print("Preparing the database (first run generates the data)…", flush=True)
    prepare_database()
    found = discover_urls()
    pages = page_list(found)
    if found["section_pages"] < 200:
        sys.exit(f"Section has only {found['section_pages']} pages; need 200.")
    if "all" not in PARTS:
        parts_only(found, pages)
        return
    results = {"cold": [], "warm": []}
    with Server(page_cache=False):
        print("Cold: page cache off, every request renders", flush=True)
        results["cold"] = measure(pages, "cold")
        paired = paired_rounds(found["article"])
    with Server(page_cache=True):
        print("Warm: shared page cache (Redis) on", flush=True)
        results["warm"] = measure(pages, "warm")
        weight = home_weight()
        print(f"Soak: 100 connections for {SOAK_SECONDS}s on the home page", flush=True)
        soak = wrk("/", SOAK_SECONDS, 100)
        soak_article = wrk(found["article"], max(10, SOAK_SECONDS // 6), 100)
    with Server(page_cache=False, app="bench.bare:application"):
        print("Bare Django view, same gunicorn and workers", flush=True)
        results["warm"] += measure([(BARE, "/", {})], "warm")
    print(f"Warm cached pages against the bare Django view, back to back: {PAIRED_ROUNDS} rounds "
          f"of {PAIRED_SECONDS} s windows", flush=True)
    cached_bare = cached_vs_bare(pages, PAIRED_SECONDS)
    from bench import nginx as through_nginx

    nginx = through_nginx.run(found, DURATION, WARMUP)
    queries = query_counts(pages)
    report(results, queries, weight, soak, soak_article, paired, nginx, cached_bare)


def paired_rounds(path):
    """The uncached article against the floor, measured back to back in several rounds.

    One window of each, seconds apart, is at the mercy of the machine's neighbours (on a shared
    2-core VM the floor alone moved by a third within one run); the target takes the median of
    the rounds' ratios, and the table keeps its own single-window figures beside it.
    """
    rounds = []
    for number in range(1, PAIRED_ROUNDS + 1):
        floor = wrk("/__bench__/floor", DURATION, CONNECTIONS)["rps"]
        page = wrk(path, DURATION, CONNECTIONS)["rps"]
        rounds.append({"floor": floor, "page": page, "ratio": page / floor})
        print(f"  pair  {number}: floor {floor:8.0f} req/s, article {page:6.0f} req/s "
              f"({page / floor:.1%})", flush=True)
    return rounds


def report(results, queries, weight, soak, soak_article, paired=(), nginx=None, cached_bare=None):
    from bench.targets import evaluate, render_markdown

    summary = {"machine": machine(),
               **evaluate(results, queries, weight, soak, soak_article, paired, nginx, cached_bare)}
    RESULTS.mkdir(exist_ok=True)
    markdown = render_markdown(summary)
    (RESULTS / "bench.md").write_text(markdown, encoding="utf-8")
    (RESULTS / "bench.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False),
                                        encoding="utf-8")
    print()
    print(markdown)
    print(f"Saved: {RESULTS / 'bench.md'} and {RESULTS / 'bench.json'}")
    if not summary["all_passed"]:
        sys.exit(1)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()

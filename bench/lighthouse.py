"""make lighthouse: Lighthouse (mobile, its defaults) on the public pages a parent opens most.

Installs the ``lighthouse`` npm package into ``.lighthouse/`` (git-ignored) when it is missing,
builds a throwaway SQLite database with the demo content, runs the portal under gunicorn with
DEBUG off as the benchmark does (WhiteNoise for static files and, standing in for nginx, for
media), runs Lighthouse against each page with Chromium (CHROME_PATH, /usr/bin/chromium by
default), prints a table of the four scores and fails when any score is under 95.

    make lighthouse                       # every page
    LIGHTHOUSE_PAGES=/,/lich-thi/ make lighthouse
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
TOOLS = ROOT / ".lighthouse"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
THRESHOLD = int(os.environ.get("LIGHTHOUSE_THRESHOLD", "95"))
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
# (label, path); "{article}" is the newest demo article.
PAGES = [
    ("Trang chủ", "/"),
    ("Chuyên mục 2021", "/ky-thi/2021/"),
    ("Bài viết", "{article}"),
    ("Văn bản chỉ đạo, hướng dẫn", "/van-ban/"),
    ("Đường dây nóng", "/duong-day-nong/"),
    ("Lịch thi", "/lich-thi/"),
    ("Tra cứu điểm thi", "/ket-qua-thi/2021/"),
]


def wsgi_app():
    """The portal as gunicorn serves it, plus /media/ (nginx's job in production)."""
    from whitenoise import WhiteNoise

    from examportal.wsgi import application

    return WhiteNoise(application, root=os.environ["MEDIA_ROOT"], prefix="/media/")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_lighthouse():
    if LIGHTHOUSE.exists():
        return
    if not shutil.which("npm"):
        sys.exit("Cần npm (Node.js) để cài Lighthouse: apt-get install npm")
    print("Cài lighthouse (npm) vào .lighthouse/ …", flush=True)
    TOOLS.mkdir(exist_ok=True)
    subprocess.run(["npm", "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund",
                    "--silent", "lighthouse@12"], check=True)


def environment(workdir, base):
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'lighthouse.sqlite3'}",
        "REDIS_URL": "",
        "DEBUG": "0",
        "SECRET_KEY": "lighthouse-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": base,
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


def prepare(env):
    print("Tạo CSDL SQLite tạm với dữ liệu mẫu …", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "setup_roles")
    manage(env, "seed_demo", "--allow-production")
    manage(env, "collectstatic", "--noinput", "-v0")
    return manage(env, "shell", "-c", (
        "from news.models import Article; "
        "print(Article.objects.published().order_by('-publish_at').first().get_absolute_url())"
    )).strip().splitlines()[-1]


def start(env, port):
    process = subprocess.Popen(
        [GUNICORN, "bench.lighthouse:wsgi_app()", "--workers", "2", "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=env)
    for _ in range(150):
        if process.poll() is not None:
            sys.exit("gunicorn exited; see its output above")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    sys.exit("gunicorn did not start")


def audit(url, report):
    subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
         f"--chrome-flags={CHROME_FLAGS}",
         f"--only-categories={','.join(CATEGORIES)}"],
        check=True, env={**os.environ, "CHROME_PATH": CHROME})
    data = json.loads(report.read_text())
    scores = {key: round(100 * (data["categories"][key]["score"] or 0)) for key in CATEGORIES}
    failing = [
        f"{audit['title']} ({audit.get('displayValue', '')})".replace(" ()", "")
        for audit in data["audits"].values()
        if audit.get("score") is not None and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]
    return scores, failing


def main():
    ensure_lighthouse()
    wanted = [p for p in os.environ.get("LIGHTHOUSE_PAGES", "").split(",") if p]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    workdir = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    env = environment(workdir, base)
    try:
        article = prepare(env)
        server = start(env, port)
        rows, notes = [], []
        try:
            for label, path in PAGES:
                path = path.format(article=article)
                if wanted and path not in wanted:
                    continue
                urllib.request.urlopen(base + path, timeout=30)  # noqa: S310  (warm the cache)
                scores, failing = audit(base + path, workdir / "report.json")
                rows.append((label, path, scores))
                if min(scores.values()) < THRESHOLD:  # what Lighthouse blames, for low pages
                    notes += [f"{label}: {item}" for item in failing]
                print(f"  {label}: " + " ".join(f"{scores[c]}" for c in CATEGORIES), flush=True)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print()
    print(f"Lighthouse (di động, mặc định), ngưỡng {THRESHOLD}:")
    header = f"{'Trang':<28} {'Hiệu năng':>9} {'Tiếp cận':>9} {'Thực hành':>9} {'SEO':>5}"
    print(header)
    print("-" * len(header))
    low = False
    for label, _path, scores in rows:
        cells = []
        for key, width in zip(CATEGORIES, (9, 9, 9, 5), strict=True):
            mark = "" if scores[key] >= THRESHOLD else "!"
            low = low or bool(mark)
            cells.append(f"{str(scores[key]) + mark:>{width}}")
        print(f"{label:<28} " + " ".join(cells))
    if notes:
        print("\nMục Lighthouse chấm dưới 90 trên các trang chưa đạt:")
        for note in notes:
            print(f"  - {note}")
    if low or not rows:
        sys.exit(f"\nCó điểm dưới {THRESHOLD}." if rows else "Không có trang nào được kiểm tra.")
    print(f"\nMọi điểm ≥ {THRESHOLD}.")


if __name__ == "__main__":
    main()

"""Two app servers, one PostgreSQL, one Redis (`make two-servers`).

Starts two gunicorn servers on two ports sharing one database and one Redis and checks:
an article published through server A is visible through server B (whose page cache held the
old page) within a second, and the hotline lookup limit counts tries made on both servers.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.run import ENV, GUNICORN, PYTHON, ROOT, free_port  # noqa: E402

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/examportal_multi"
REDIS_URL = "redis://127.0.0.1:6379/8"
TITLE = "Hai máy chủ: bài kiểm tra xuất bản lúc {stamp}"


def env(port):
    return {**ENV, "DATABASE_URL": DATABASE_URL, "REDIS_URL": REDIS_URL,
            "SITE_URL": f"http://127.0.0.1:{port}", "PAGE_CACHE_SECONDS": "300",
            "BENCH_FLOOR": "0"}


def manage(*args, port=0):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env(port), check=True,
                          capture_output=True, text=True).stdout


def prepare(stamp):
    exists = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
                             "SELECT 1 FROM pg_database WHERE datname = 'examportal_multi'"],
                            capture_output=True, text=True, check=True).stdout.strip()
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "examportal_multi"],
                       check=True)
    manage("migrate", "--noinput", "-v0")
    manage("setup_roles")
    manage("collectstatic", "--noinput", "-v0")
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], check=True, capture_output=True)
    code = f"""
from django.contrib.auth.models import Group, User
from django.utils import timezone
from news.models import Article, Section
user, _ = User.objects.get_or_create(username="multi_editor", defaults={{"is_staff": True}})
user.set_password("multi-editor-password-2021"); user.save()
user.groups.add(Group.objects.get(name="Biên tập viên"))
section = Section.objects.get(column__year=2021, slug="tinh-hinh-to-chuc-thi")
article = Article.objects.create(section=section, title={TITLE.format(stamp=stamp)!r},
    lead="Kiểm tra hai máy chủ.", body="<p>Kiểm tra.</p>", status=Article.Status.PENDING,
    author=user)
print("ARTICLE", article.pk)
"""
    return int(manage("shell", "-c", code).split("ARTICLE", 1)[1].split()[0])


class Browser:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.status, response.headers, response.read().decode()

    def post(self, path, data):
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body,
                                         headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def csrf(self, path):
        _, _, html = self.get(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def start(port):
    process = subprocess.Popen(
        [GUNICORN, "examportal.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"], cwd=ROOT, env=env(port))
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def main():
    stamp = time.strftime("%H:%M:%S")
    title = TITLE.format(stamp=stamp)
    article_pk = prepare(stamp)
    port_a, port_b = free_port(), free_port()
    servers = [start(port_a), start(port_b)]
    results = []
    try:
        a, b = Browser(f"http://127.0.0.1:{port_a}"), Browser(f"http://127.0.0.1:{port_b}")
        b.get("/ky-thi/2021/tinh-hinh-to-chuc-thi/")
        _, headers, html = b.get("/ky-thi/2021/tinh-hinh-to-chuc-thi/")
        results.append(("B serves the section page from the shared cache",
                        headers.get("X-Page-Cache") == "hit" and title not in html,
                        headers.get("X-Page-Cache")))

        token = a.csrf("/admin/login/")
        a.post("/admin/login/", {"username": "multi_editor",
                                 "password": "multi-editor-password-2021",
                                 "csrfmiddlewaretoken": token, "next": "/admin/"})
        token = a.csrf("/admin/news/article/")
        status, _ = a.post("/admin/news/article/", {
            "action": "publish_selected", "_selected_action": [str(article_pk)],
            "select_across": "0", "index": "0", "csrfmiddlewaretoken": token})
        published = time.monotonic()
        seen = None
        while time.monotonic() - published < 5:
            _, _, html = b.get("/ky-thi/2021/tinh-hinh-to-chuc-thi/")
            if title in html:
                seen = time.monotonic() - published
                break
            time.sleep(0.05)
        results.append(("article published through A is visible through B within 1 s",
                        seen is not None and seen <= 1.0,
                        f"{seen:.3f} s" if seen is not None else "not seen in 5 s"))

        statuses = []
        for n in range(11):
            browser = Browser(a.base if n < 6 else b.base)
            token = browser.csrf("/duong-day-nong/tra-cuu/")
            status, _ = browser.post("/duong-day-nong/tra-cuu/", {
                "reference": "DDN-2021-999999", "access_key": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF",
                "csrfmiddlewaretoken": token})
            statuses.append(status)
        results.append(("hotline lookup limit counts tries on both servers (6 on A, 5 on B)",
                        statuses[:10] == [400] * 10 and statuses[10] == 429,
                        " ".join(map(str, statuses))))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    print()
    for name, passed, measured in results:
        print(f"{'PASS' if passed else 'FAIL'}  {name}: {measured}")
    sys.exit(0 if all(passed for _, passed, _ in results) else 1)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()

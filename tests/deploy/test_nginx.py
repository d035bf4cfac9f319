"""The shipped nginx configuration (deploy/nginx), rendered by ``manage.py nginx_config`` and run
for real in front of gunicorn (DEBUG off, unix socket, Redis page cache, demo content): TLS and
HTTP/2, the micro-cache and what it must never store, static and public media, protected files
through X-Accel-Redirect, the client address, body limits, a publish through the admin, and the
app servers being down. Everything on 127.0.0.1, bounded by timeouts, stopped in finalizers.
"""

import hashlib
import http.cookiejar
import re
import shutil
import socket
import sqlite3
import ssl
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from deploy.localrun import Gunicorn, Nginx, free_port, https_request, manage, render_site, tls_context

from .conftest import ThrowawayRedis, portal_env, require_nginx, skip_on_database_run
from .portal_data import PENDING_TITLE, parse

MICRO_CACHE_SECONDS = 1
# With the page cache on (Redis), the app tells nginx when a copy expires (X-Accel-Expires):
# at most MICRO_CACHE_SECONDS. Without it nginx's own lifetime applies, which counts whole
# seconds: a "1 s" copy is served for 1 to 2 s.
FRESH_AT_MOST = MICRO_CACHE_SECONDS + (0 if shutil.which("redis-server") else 1)
DEMO_PASSWORD = "laichau-demo-2021"


class Site:
    def __init__(self, folder, env, data, gunicorn, nginx, https_port, http_port, cert):
        self.folder, self.env, self.data = folder, env, data
        self.gunicorn, self.nginx = gunicorn, nginx
        self.https_port, self.http_port, self.cert = https_port, http_port, cert
        self.base = f"https://localhost:{https_port}"

    def get(self, path, headers=None, method="GET", body=None):
        return https_request(self.https_port, path, self.cert, method=method, headers=headers,
                             body=body)

    def db(self, sql, params=()):
        with sqlite3.connect(self.folder / "db.sqlite3") as conn:
            return conn.execute(sql, params).fetchone()

    def browser(self):
        return Browser(self)


class Browser:
    """A cookie-keeping client over HTTPS (follows redirects, like a browser)."""

    def __init__(self, site):
        self.site = site
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=tls_context(site.cert)),
            urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, path, data=None):
        headers = {"Referer": self.site.base + path}
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.site.base + path, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=15) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def csrf(self, path):
        _, _, html = self.open(path)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()

    def login(self, username):
        token = self.csrf("/admin/login/")
        status, _, html = self.open("/admin/login/", {
            "username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token,
            "next": "/admin/"})
        # Signed in: the session cookie is set and the landing (the staff start page or the
        # user's task, examportal.start_views) is a page of its own, not the sign-in form again.
        signed_in = any(cookie.name == "sessionid" for cookie in self.jar)
        assert status == 200 and signed_in and b'name="password"' not in html, html[:500]


@pytest.fixture(scope="module")
def site():
    skip_on_database_run()
    require_nginx()
    folder = Path(tempfile.mkdtemp(prefix="examportal-deploy-nginx-"))
    redis = gunicorn = nginx = None
    try:
        http_port, https_port = free_port(), free_port()
        if shutil.which("redis-server"):
            redis = ThrowawayRedis().start()
        env = portal_env(
            folder, f"sqlite:///{folder / 'db.sqlite3'}",
            SITE_URL=f"https://localhost:{https_port}",
            REDIS_URL=redis.url if redis else "",
            # Without Redis each worker would keep its own page cache and miss others' publishes.
            PAGE_CACHE_SECONDS=300 if redis else 0,
            NGINX_MICRO_CACHE_SECONDS=MICRO_CACHE_SECONDS,
            X_ACCEL_REDIRECT_PREFIX="/_protected/",
            TRUST_X_FORWARDED_PROTO=1,
            HOTLINE_CLIENT_IP_HEADER="HTTP_X_REAL_IP",
            HOTLINE_NOTIFY_EMAILS="")
        # collectstatic (5,000 files, compressed) runs beside the database steps.
        with ThreadPoolExecutor(1) as pool:
            static = pool.submit(manage, env, "collectstatic", "--noinput", "-v", "0")
            manage(env, "migrate", "--noinput", "-v", "0")
            manage(env, "seed_demo", "--allow-production")
            data = parse(manage(env, "shell", "-c",
                                "from tests.deploy.portal_data import create; create()"))
            static.result(timeout=300)
        gunicorn = Gunicorn(env, folder, workers=2).start()
        site_conf, _, _ = render_site(env, folder, gunicorn.upstream, http_port=http_port,
                                      https_port=https_port, micro_cache_seconds=MICRO_CACHE_SECONDS)
        nginx = Nginx(folder, site_conf, https_port)
        passed, output = nginx.check()
        assert passed, output
        nginx.start()
        yield Site(folder, env, data, gunicorn, nginx, https_port, http_port, folder / "cert.pem")
    finally:
        for service in (nginx, gunicorn):
            if service is not None:
                service.stop()
        if redis is not None:
            redis.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


def micro(headers):
    return headers.get("X-Micro-Cache")


def sha(data):
    return hashlib.sha256(data).hexdigest()


# --- TLS, HTTP/2, redirects ---------------------------------------------------------------------

def test_tls13_only_http2_and_http_redirects(site):
    with socket.create_connection(("127.0.0.1", site.https_port), timeout=5) as raw:
        context = tls_context(site.cert)
        context.set_alpn_protocols(["h2", "http/1.1"])
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            assert tls.version() == "TLSv1.3"
            assert tls.selected_alpn_protocol() == "h2"
    old = tls_context(site.cert)
    old.maximum_version = ssl.TLSVersion.TLSv1_2
    with socket.create_connection(("127.0.0.1", site.https_port), timeout=5) as raw, \
            pytest.raises(ssl.SSLError):
        old.wrap_socket(raw, server_hostname="localhost")
    with socket.create_connection(("127.0.0.1", site.http_port), timeout=5) as plain:
        plain.sendall(b"GET /van-ban/?q=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        answer = plain.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 301")
    assert f"Location: https://localhost:{site.https_port}/van-ban/?q=1" in answer


# --- The micro-cache ----------------------------------------------------------------------------

def test_public_page_served_from_nginx_cache_on_second_request(site):
    path = f"/ky-thi/2021/?lan={uuid.uuid4().hex[:8]}"
    status, headers, first = site.get(path)
    assert status == 200 and micro(headers) == "MISS", site.gunicorn.log_tail()
    assert "public" in headers["Cache-Control"]
    status, headers, second = site.get(path)
    assert status == 200 and micro(headers) == "HIT"
    assert second == first
    assert "X-Accel-Expires" not in headers  # for nginx only
    # Compressed for clients that ask, from the same stored copy.
    status, headers, _ = site.get(path, headers={"Accept-Encoding": "gzip"})
    assert micro(headers) == "HIT" and headers["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("path", [
    "/admin/login/",
    "/admin/",
    "/duong-day-nong/gui-phan-anh/",
    "/duong-day-nong/tra-cuu/",
    "/duong-day-nong/tra-cuu/phan-anh/",
    "/duong-day-nong/thanh-tra/",
    "/nhan-tin/",
])
def test_staff_forms_and_lookups_never_stored(site, path):
    for _ in range(3):
        status, headers, _ = site.get(path)
        assert status < 500
        assert micro(headers) in (None, "MISS", "BYPASS", "EXPIRED"), (path, micro(headers))


def test_requests_with_a_session_or_csrf_cookie_always_reach_django(site):
    site.get("/")
    for cookie in ("sessionid=abc", "a=1; csrftoken=xyz", "messages=zzz"):
        for _ in range(2):
            status, headers, _ = site.get("/", headers={"Cookie": cookie})
            assert status == 200 and micro(headers) == "BYPASS", cookie
    # A cookie the portal does not use does not make a page private.
    status, headers, _ = site.get("/", headers={"Cookie": "mysessionidx=1"})
    assert micro(headers) in ("HIT", "STALE", "UPDATING", "MISS", "EXPIRED")


def test_receipts_and_posted_forms_are_never_stored(site):
    before = site.gunicorn.access_log.read_text().count('"POST /duong-day-nong/gui-phan-anh/')
    for _ in range(2):
        status, headers, body = site.get("/duong-day-nong/gui-phan-anh/", method="POST",
                                         body=b"category=leak&description=x",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status < 500 and micro(headers) != "HIT"
    wait_log = time.monotonic() + 5
    while time.monotonic() < wait_log:
        after = site.gunicorn.access_log.read_text().count('"POST /duong-day-nong/gui-phan-anh/')
        if after - before == 2:
            break
        time.sleep(0.1)
    assert after - before == 2


# --- Static and media ---------------------------------------------------------------------------

def test_static_files_from_nginx_hashed_names_immutable(site):
    _, _, html = site.get("/")
    css = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1).decode()
    status, headers, body = site.get(css, headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, headers, _ = site.get("/static/css/site.css")
    assert status == 200 and headers["Cache-Control"] == "public, max-age=3600"


def test_public_media_served_documents_and_private_folder_never(site):
    status, headers, body = site.get(site.data["cover_url"])
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    assert sha(body) == site.data["cover_sha"]
    assert "max-age=2592000" in headers["Cache-Control"]
    draft, attachment = site.data["draft_file_name"], site.data["attachment_name"]
    for path in (f"/media/{draft}", f"/_protected/media/{draft}", f"/_protected/private/{attachment}",
                 f"/media/../media-private/{attachment}", f"/media-private/{attachment}",
                 "/media/editor/../documents/", "/_protected/"):
        status, _, body = site.get(path)
        assert status in (400, 404), path
        assert not body.startswith(b"%PDF") and not body.startswith(b"\xff\xd8"), path


# --- Protected files ----------------------------------------------------------------------------

def test_document_download_through_nginx_authorised_and_counted(site):
    pk = site.data["public_file_pk"]
    (before,) = site.db("SELECT download_count FROM documents_documentfile WHERE id = ?", [pk])
    status, headers, body = site.get(f"/van-ban/tep/{pk}/tai-ve/")
    assert status == 200, site.gunicorn.log_tail()
    assert sha(body) == site.data["public_file_sha"]
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith('attachment; filename="')
    assert "sandbox" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "no-cache" in headers["Cache-Control"]
    assert "X-Accel-Redirect" not in headers
    status, headers, _ = site.get(f"/van-ban/tep/{pk}/tai-ve/", headers={"Range": "bytes=0-9"})
    assert status == 200  # whole files only: one request, one counted download
    (after,) = site.db("SELECT download_count FROM documents_documentfile WHERE id = ?", [pk])
    assert after == before + 2, site.gunicorn.access_log.read_text()[-1500:]


def test_unpublished_document_file_refused(site):
    pk = site.data["draft_file_pk"]
    for path in (f"/van-ban/tep/{pk}/tai-ve/", f"/van-ban/tep/{pk}/xem/"):
        status, headers, body = site.get(path)
        assert status == 404 and not body.startswith(b"%PDF")
        assert "X-Accel-Redirect" not in headers
    (count,) = site.db("SELECT download_count FROM documents_documentfile WHERE id = ?", [pk])
    assert count == 0


def test_hotline_attachment_through_nginx_for_inspectors_only(site):
    path = f"/duong-day-nong/thanh-tra/{site.data['report_pk']}/tep/{site.data['attachment_pk']}/"
    status, headers, body = site.get(path)
    assert status == 302 and "/admin/login/" in headers["Location"] and not body.startswith(b"\xff\xd8")
    inspector = site.browser()
    inspector.login("thanhtra")
    status, headers, body = inspector.open(path)
    assert status == 200 and sha(body) == site.data["attachment_sha"]
    assert headers["Content-Disposition"].startswith(f'attachment; filename="{site.data["report_reference"]}')
    assert "no-store" in headers["Cache-Control"] and "sandbox" in headers["Content-Security-Policy"]
    (audits,) = site.db("SELECT COUNT(*) FROM hotline_auditentry WHERE action = 'download' "
                        "AND report_id = ?", [site.data["report_pk"]])
    assert audits == 1


# --- Client address and request sizes -----------------------------------------------------------

def test_client_address_is_nginx_s_not_the_client_s_claim(site):
    marker = uuid.uuid4().hex[:10]
    site.get(f"/healthz?{marker}", headers={"X-Real-IP": "203.0.113.9", "X-Forwarded-For": "198.51.100.7"})
    deadline = time.monotonic() + 5
    line = None
    while time.monotonic() < deadline and line is None:
        line = next((entry for entry in site.gunicorn.access_log.read_text().splitlines()
                     if marker in entry), None)
        time.sleep(0.1)
    assert line is not None and line.startswith("127.0.0.1 "), line


def _post_raw(site, path, length, body_size):
    """A POST declaring ``length`` bytes and sending ``body_size`` of them: (status, body)."""
    context = tls_context(site.cert)
    context.set_alpn_protocols(["http/1.1"])
    with socket.create_connection(("127.0.0.1", site.https_port), timeout=30) as raw, \
            context.wrap_socket(raw, server_hostname="localhost") as tls:
        tls.sendall((f"POST {path} HTTP/1.1\r\nHost: localhost:{site.https_port}\r\n"
                     f"Content-Type: application/octet-stream\r\nContent-Length: {length}\r\n"
                     "Connection: close\r\n\r\n").encode())
        chunk = b"\0" * 65536
        sent = 0
        try:
            while sent < body_size:
                tls.sendall(chunk[:min(len(chunk), body_size - sent)])
                sent += min(len(chunk), body_size - sent)
        except OSError:
            pass
        answer = b""
        # Read the status line, the headers and Content-Length bytes: nginx keeps a connection
        # whose request body never came open for a while (lingering close).
        while True:
            try:
                data = tls.recv(65536)
            except (OSError, ssl.SSLError):
                break
            if not data:
                break
            answer += data
            head, found, body = answer.partition(b"\r\n\r\n")
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            if found and length and len(body) >= int(length.group(1)):
                break
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_request_size_limits_follow_the_app(site):
    from hotline import conf

    app_limit = conf.max_request_bytes()
    # Just over the app's limit: nginx lets it through and the app answers with its own page.
    status, body = _post_raw(site, "/duong-day-nong/gui-phan-anh/", app_limit + 1024, app_limit + 1024)
    limit = f"vượt quá {app_limit // (1024 * 1024)} MB".encode()
    assert status == 413 and limit in body  # the hotline's own page, naming its limit
    # Beyond nginx's limit (the app's + 1 MiB): nginx's own page, before any upload; the app's
    # 413 template (one source), which cannot name the limit there.
    status, body = _post_raw(site, "/duong-day-nong/gui-phan-anh/", app_limit + 2 * 1024 * 1024, 0)
    assert status == 413 and "Nội dung gửi lên quá lớn".encode() in body
    assert "Mã lỗi: 413".encode() in body and b"MB" not in body
    status, body = _post_raw(site, "/hoi-dap/", 6 * 1024 * 1024, 0)
    assert status == 413


# --- A publish, and the app servers down --------------------------------------------------------

def test_article_published_through_admin_visible_within_micro_cache_time(site):
    section = site.data["section_url"]
    site.get(section)
    status, headers, html = site.get(section)
    assert micro(headers) == "HIT" and PENDING_TITLE.encode() not in html
    editor = site.browser()
    editor.login("bientapvien")
    token = editor.csrf("/admin/news/article/")
    status, _, _ = editor.open("/admin/news/article/", {
        "action": "publish_selected", "_selected_action": [str(site.data["article_pk"])],
        "select_across": "0", "index": "0", "csrfmiddlewaretoken": token})
    published = time.monotonic()
    assert status == 200
    seen = None
    while time.monotonic() - published < 5:
        _, _, html = site.get(section)
        if PENDING_TITLE.encode() in html:
            seen = time.monotonic() - published
            break
        time.sleep(0.05)
    print(f"\n[deploy] published article visible through nginx after {seen} s")
    assert seen is not None and seen <= FRESH_AT_MOST + 0.5, seen


def test_app_servers_down_recent_pages_stale_others_clear_503(site):
    site.get("/so-do-trang/")
    status, headers, cached = site.get("/so-do-trang/")
    assert status == 200 and micro(headers) == "HIT"
    site.gunicorn.stop()
    try:
        time.sleep(FRESH_AT_MOST + 0.2)
        status, headers, body = site.get("/so-do-trang/")
        assert status == 200 and micro(headers) == "STALE" and body == cached
        status, headers, body = site.get(f"/tim-kiem/?q={uuid.uuid4().hex[:6]}")
        assert status == 503
        assert headers["Retry-After"] == "30" and headers["Cache-Control"] == "no-store"
        text = body.decode()
        assert '<html lang="vi">' in text and "tạm thời gián đoạn" in text and "02133799569" in text
        assert "Mã lỗi: 503" in text and "chưa được ghi nhận" not in text
        # Its stylesheet comes from nginx too, with the app down.
        css = re.search(r'<link rel="stylesheet" href="([^"]+)"', text).group(1)
        status, headers, _ = site.get(css)
        assert status == 200 and headers["Content-Type"].startswith("text/css")
        # A form sent while the app is down: the page says it was not recorded.
        status, headers, body = site.get("/hoi-dap/", method="POST", body=b"a=1",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 503 and "chưa được ghi nhận" in body.decode()
    finally:
        site.gunicorn.start()
    status, _, _ = site.get(f"/tim-kiem/?q={uuid.uuid4().hex[:6]}")
    assert status == 200

"""Render deploy/nginx/examportal.conf.template with this portal's own settings.

The folders nginx serves or guards (STATIC_ROOT, MEDIA_ROOT, the private root) and the
request size limits come from the settings the app itself runs with (the apps declare the
private root and their limits: ``private_root`` and ``request_body_limits`` in their
``contributes``), so nginx and the app agree by construction; names, ports, certificate paths
and micro-cache times are options.

The pages nginx answers itself (413 beyond the app's limits; 503 when no app server answers)
are rendered into ``--errors-dir`` from the app's own error templates (templates/413.html,
503.html through examportal.errors.render_error), so there is one source for their markup and
wording; a POST gets the 503 variant that says its content was not recorded.
"""

import math
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from examportal.errors import RETRY_AFTER, render_error
from examportal.protected import inside_media, private_root
from examportal.registry import named_contributions
from examportal.uploads import MB

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx" / "examportal.conf.template"
ERRORS_DIR = Path("/var/www/examportal-errors")
# The files nginx's error_page names: (file, status, request method the page speaks to).
ERROR_PAGES = (("413.html", 413, "GET"), ("503.html", 503, "GET"), ("503-post.html", 503, "POST"))
MIB = 1024 * 1024
DEFAULT_ACCEL_PREFIX = "/_protected/"
_PLACEHOLDER = re.compile(r"\{\{([A-Z0-9_]+)\}\}")


def mebibytes(size):
    """nginx size ("33m") for at least ``size`` bytes."""
    return f"{max(1, math.ceil(size / MIB))}m"


def body_limits():
    """client_max_body_size per part of the site, from the app's own limits.

    Each area an app declares (``request_body_limits``: the hotline's forms, the admin) and the
    editor's images get 1 MiB over the app's limit, so a request just over it gets the app's own
    page (which names the limit); nginx's page answers beyond that.
    """
    limits = {
        "BODY_DEFAULT": mebibytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
        # Editor images: validate_image's 10 MB.
        "BODY_EDITOR": mebibytes(10 * MB + MIB),
    }
    for area, largest in named_contributions("request_body_limits").items():
        limits[f"BODY_{area.upper()}"] = mebibytes(largest() + MIB)
    return limits


class _NginxRequest:
    """What an error template reads of a request, for the page nginx sends itself."""

    def __init__(self, method):
        self.method, self.path = method, ""


def error_pages():
    """{file name: HTML} of the pages nginx answers itself, from the app's error templates."""
    return {name: render_error(status, _NginxRequest(method)).content
            for name, status, method in ERROR_PAGES}


def write_error_pages(errors_dir):
    folder = Path(errors_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, html in error_pages().items():
            (folder / name).write_bytes(html)
            (folder / name).chmod(0o644)
    except OSError as exc:
        raise CommandError(f"Không ghi được các trang lỗi vào {folder} ({exc}); "
                           "chọn thư mục khác bằng --errors-dir.") from exc
    return folder


def accel_prefix():
    prefix = getattr(settings, "X_ACCEL_REDIRECT_PREFIX", "") or DEFAULT_ACCEL_PREFIX
    return "/" + prefix.strip("/") + "/"


def render(*, server_name, certificate, certificate_key, upstream, http_port=80, https_port=443,
           ipv6=True, cache_dir="/var/cache/nginx/examportal", micro_cache_seconds=1,
           micro_cache_inactive="10m", errors_dir=ERRORS_DIR):
    if micro_cache_seconds < 1:
        raise CommandError("Thời gian micro-cache phải từ 1 giây trở lên.")
    folders = {
        "STATIC_ROOT": settings.STATIC_ROOT,
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "PRIVATE_ROOT": private_root(),
        "ERRORS_DIR": errors_dir,
        "CACHE_DIR": cache_dir,
    }
    values = {name: str(Path(path).resolve()).rstrip("/") for name, path in folders.items()}
    if inside_media(values["PRIVATE_ROOT"]):
        raise CommandError("Thư mục tệp riêng của đường dây nóng không được nằm trong MEDIA_ROOT.")
    cookies = [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME,
               getattr(settings, "MESSAGE_COOKIE_NAME", "messages")]
    values.update(body_limits())
    values.update({
        "SERVER_NAME": server_name,
        "SSL_CERTIFICATE": certificate,
        "SSL_CERTIFICATE_KEY": certificate_key,
        "UPSTREAM": upstream,
        "HTTP_PORT": str(http_port),
        "HTTPS_PORT": str(https_port),
        "HTTPS_PORT_SUFFIX": "" if https_port == 443 else f":{https_port}",
        "LISTEN_HTTP_V6": f"listen [::]:{http_port};" if ipv6 else "# IPv6: not listening",
        "LISTEN_HTTPS_V6": f"listen [::]:{https_port} ssl http2;" if ipv6 else "# IPv6: not listening",
        "MICRO_CACHE_SECONDS": f"{micro_cache_seconds}s",
        "MICRO_CACHE_INACTIVE": micro_cache_inactive,
        "PRIVATE_COOKIES": "|".join(re.escape(name) for name in cookies),
        "ACCEL_PREFIX": accel_prefix(),
        "RETRY_AFTER": str(RETRY_AFTER[503]),
    })
    given = ("SERVER_NAME", "SSL_CERTIFICATE", "SSL_CERTIFICATE_KEY", "UPSTREAM", "MICRO_CACHE_INACTIVE",
             *folders)
    for name in given:
        if not values[name] or any(ch in values[name] for ch in ";{}#$\"'\n\\"):
            raise CommandError(f"Giá trị không hợp lệ cho {name}: {values[name]!r}")
    text = TEMPLATE.read_text(encoding="utf-8")
    missing = sorted(set(_PLACEHOLDER.findall(text)) - set(values))
    if missing:
        raise CommandError("Mẫu cấu hình còn chỗ trống chưa có giá trị: " + ", ".join(missing))
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


class Command(BaseCommand):
    help = (
        "In cấu hình nginx của cổng thông tin (deploy/nginx/examportal.conf.template) với thư mục "
        "và giới hạn dung lượng lấy từ cấu hình của chính ứng dụng."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--server-name", help="Tên miền (mặc định: ALLOWED_HOSTS).")
        parser.add_argument("--certificate", help="Tệp chứng chỉ (fullchain.pem).")
        parser.add_argument("--certificate-key", help="Tệp khóa riêng của chứng chỉ.")
        parser.add_argument("--upstream", default="unix:/run/examportal/gunicorn.sock",
                            help="Địa chỉ gunicorn: unix:/đường/dẫn.sock hoặc 127.0.0.1:CỔNG.")
        parser.add_argument("--http-port", type=int, default=80)
        parser.add_argument("--https-port", type=int, default=443)
        parser.add_argument("--no-ipv6", action="store_true", help="Không nghe trên IPv6.")
        parser.add_argument("--cache-dir", default="/var/cache/nginx/examportal")
        parser.add_argument("--micro-cache-seconds", type=int, default=1,
                            help="Số giây một trang công khai được giữ trong nginx (mặc định 1).")
        parser.add_argument("--micro-cache-inactive", default="10m",
                            help="Bản không ai hỏi đến sau chừng này thời gian thì bị xóa (mặc định 10m).")
        parser.add_argument("--errors-dir", default=str(ERRORS_DIR),
                            help="Thư mục lệnh ghi các trang lỗi nginx tự trả (413, 503), dựng từ "
                                 f"mẫu trang lỗi của ứng dụng (mặc định {ERRORS_DIR}).")
        parser.add_argument("--output", "-o", help="Ghi ra tệp thay vì in ra màn hình.")

    def handle(self, *args, **options):
        names = options["server_name"] or " ".join(
            host for host in settings.ALLOWED_HOSTS if host and not host.startswith((".", "*")))
        if not names:
            raise CommandError("Cần --server-name (hoặc ALLOWED_HOSTS).")
        first = names.split()[0]
        text = render(
            server_name=names,
            certificate=options["certificate"] or f"/etc/letsencrypt/live/{first}/fullchain.pem",
            certificate_key=options["certificate_key"] or f"/etc/letsencrypt/live/{first}/privkey.pem",
            upstream=options["upstream"],
            http_port=options["http_port"],
            https_port=options["https_port"],
            ipv6=not options["no_ipv6"],
            cache_dir=options["cache_dir"],
            micro_cache_seconds=options["micro_cache_seconds"],
            micro_cache_inactive=options["micro_cache_inactive"],
            errors_dir=options["errors_dir"],
        )
        write_error_pages(options["errors_dir"])
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")

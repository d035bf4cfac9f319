"""The shipped configuration without running it: the systemd units (systemd-analyze verify when
it is installed, a parse otherwise) replace the README's cron lines one for one, and the nginx
site rendered by ``manage.py nginx_config`` takes its folders and limits from the app."""

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command, get_commands

from examportal.management.commands import nginx_config

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
MIB = 1024 * 1024

# The README's cron lines, as (calendar, manage.py command) per timer.
SCHEDULE = {
    "examportal-send-alerts": ("*:0/5", "send_alerts"),
    "examportal-digest": ("*-*-* 17:00:00 Asia/Ho_Chi_Minh", "send_alerts --digest"),
    "examportal-notify-askers": ("*-*-* 06:30:00 Asia/Ho_Chi_Minh", "notify_askers"),
    "examportal-purge-hotline": ("*-*-* 02:15:00 Asia/Ho_Chi_Minh", "purge_hotline_personal_data"),
    "examportal-backup": ("*-*-* 01:30:00 Asia/Ho_Chi_Minh",
                          "backup_portal --dest /var/backups/examportal --keep-days 14"),
}


def unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str
    parser.read_string((UNITS / name).read_text(encoding="utf-8").replace("\\\n", " "))
    return parser


def test_every_cron_line_is_a_timer_running_an_existing_command():
    commands = get_commands()
    assert sorted(p.stem for p in UNITS.glob("*.timer")) == sorted(SCHEDULE)
    for name, (calendar, command) in SCHEDULE.items():
        timer, service = unit(f"{name}.timer"), unit(f"{name}.service")
        assert timer["Timer"]["OnCalendar"] == calendar
        assert timer["Timer"]["Unit"] == f"{name}.service"
        assert timer["Install"]["WantedBy"] == "timers.target"
        exec_start = service["Service"]["ExecStart"]
        assert exec_start == f"/srv/examportal/.venv/bin/python manage.py {command}"
        assert command.split()[0] in commands
        assert service["Service"]["Type"] == "oneshot"
        assert service["Service"]["User"] == "examportal"
        assert service["Service"]["EnvironmentFile"] == "/etc/examportal/examportal.env"


def test_gunicorn_restarts_itself_reloads_gracefully_on_nginx_s_socket():
    service, socket = unit("examportal.service"), unit("examportal.socket")
    assert service["Service"]["Restart"] == "always"
    assert service["Service"]["ExecReload"] == "/bin/kill -s HUP $MAINPID"
    assert service["Unit"]["Requires"] == "examportal.socket"
    assert "--bind" not in service["Service"]["ExecStart"]  # the socket comes from systemd
    assert socket["Socket"]["ListenStream"] == "/run/examportal/gunicorn.sock"
    assert socket["Socket"]["SocketMode"] == "0660" and socket["Socket"]["SocketGroup"] == "www-data"
    # The address nginx_config uses by default.
    parser = nginx_config.Command().create_parser("manage.py", "nginx_config")
    assert parser.get_default("upstream") == "unix:/run/examportal/gunicorn.sock"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_analyze_verify(tmp_path):
    """The units as systemd reads them, with this checkout in place of /srv/examportal (verify
    checks that the programs exist)."""
    env_file = tmp_path / "examportal.env"
    env_file.write_text("DEBUG=0\n")
    for path in UNITS.iterdir():
        text = path.read_text(encoding="utf-8").replace("/srv/examportal", str(ROOT))
        (tmp_path / path.name).write_text(text.replace("/etc/examportal/examportal.env", str(env_file)))
    names = sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".service", ".socket", ".timer"))
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *names], cwd=tmp_path,  # noqa: S607
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    for calendar, _ in SCHEDULE.values():
        check = subprocess.run(["systemd-analyze", "calendar", calendar], capture_output=True,  # noqa: S607
                               text=True, timeout=30)
        assert check.returncode == 0, check.stderr


def render(**overrides):
    options = {"server_name": "thithpt.laichau.edu.vn", "certificate": "/etc/ssl/portal.pem",
               "certificate_key": "/etc/ssl/portal.key", "upstream": "unix:/run/examportal/gunicorn.sock"}
    return nginx_config.render(**{**options, **overrides})


def size(text, location):
    block = text.split(f"location ^~ {location} {{", 1)[1] if location else text
    value = re.search(r"client_max_body_size (\d+)m;", block).group(1)
    return int(value) * MIB


def test_rendered_site_takes_folders_and_limits_from_the_app(settings, tmp_path):
    from documents.services import MAX_FILE_BYTES
    from hotline import conf

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STATIC_ROOT = str(tmp_path / "static")
    text = render(micro_cache_seconds=2, micro_cache_inactive="5m")
    assert "{{" not in text and "}}" not in text
    assert f"alias {tmp_path / 'static'}/;" in text
    assert f"alias {tmp_path / 'media'}/$1;" in text
    assert f"alias {tmp_path / 'media'}/documents/;" in text
    assert f"alias {tmp_path / 'media-private'}/;" in text
    assert "proxy_cache_valid 200 301 404 2s;" in text and "inactive=5m" in text
    assert "ssl_certificate /etc/ssl/portal.pem;" in text and "ssl_protocols TLSv1.3;" in text
    assert "listen [::]:443 ssl http2;" in text
    assert '"~*(^|;\\s*)(sessionid|csrftoken|messages)=" 1;' in text
    # At least what the app accepts, and at most 1 MiB more (the app's own page answers first).
    assert conf.max_request_bytes() <= size(text, "/duong-day-nong/") <= conf.max_request_bytes() + 2 * MIB
    assert size(text, "/admin/") >= MAX_FILE_BYTES
    assert size(text, "/ckeditor/") >= 10 * MIB
    # The testing office's score files (a national file is tens of MB) reach the import screen.
    from results.importing import MAX_BYTES
    assert MAX_BYTES <= size(text, "/ket-qua-thi/quan-ly/") <= MAX_BYTES + 2 * MIB
    # Good-deeds stories with their five photos reach the form, whose own 413 page answers beyond.
    from support.conf import max_request_bytes as story_bytes
    assert story_bytes() <= size(text, "/guong-nguoi-tot-viec-tot/gui-bai/") <= story_bytes() + 2 * MIB
    assert size(text, None) >= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    # Never a public location for the documents folder or the private root.
    public = text.split("# Protected files", 1)[0]
    assert "documents" not in public.split("location ^~ /media/", 1)[1]
    assert "media-private" not in public


def test_limits_follow_the_hotline_settings(settings):
    settings.HOTLINE_MAX_ATTACHMENTS = 5
    assert size(render(), "/duong-day-nong/") == 5 * 10 * MIB + 3 * MIB


def test_refuses_a_private_root_under_media_and_bad_values(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.HOTLINE_PRIVATE_ROOT = str(tmp_path / "media" / "hotline")
    with pytest.raises(CommandError):
        render()
    settings.HOTLINE_PRIVATE_ROOT = str(tmp_path / "private")
    with pytest.raises(CommandError):
        render(server_name="example.org; include /etc/passwd")
    with pytest.raises(CommandError):
        render(micro_cache_seconds=0)


def test_command_writes_the_file(settings, tmp_path):
    target = tmp_path / "examportal.conf"
    call_command("nginx_config", "--server-name", "thithpt.laichau.edu.vn", "--no-ipv6",
                 "--https-port", "8443", "--errors-dir", str(tmp_path / "errors"),
                 "--output", str(target))
    text = target.read_text()
    assert f"alias {tmp_path / 'errors'}/;" in text
    assert sorted(p.name for p in (tmp_path / "errors").iterdir()) == [
        "413.html", "503-post.html", "503.html"]
    assert "ssl_certificate /etc/letsencrypt/live/thithpt.laichau.edu.vn/fullchain.pem;" in text
    assert "return 301 https://$host:8443$request_uri;" in text
    assert "proxy_set_header Host $host:8443;" in text
    assert "listen [::]" not in text


def test_nginx_error_pages_are_the_app_s_error_templates(settings, tmp_path):
    """One source: the pages nginx answers itself are the app's templates/413.html and 503.html,
    rendered as the app renders them (examportal.errors.render_error)."""
    from django.test import RequestFactory

    from examportal.errors import render_error

    call_command("nginx_config", "--server-name", "localhost", "--errors-dir", str(tmp_path),
                 "--output", str(tmp_path / "site.conf"))
    factory = RequestFactory()
    for name, status, method in (("413.html", 413, "get"), ("503.html", 503, "get"),
                                 ("503-post.html", 503, "post")):
        written = (tmp_path / name).read_bytes()
        app = render_error(status, getattr(factory, method)("/"))
        assert written == app.content, name
        text = written.decode()
        assert '<html lang="vi">' in text and f"Mã lỗi: {status}" in text
        assert "02133799569" in text and "{%" not in text and "{{" not in text
    assert "chưa được ghi nhận" in (tmp_path / "503-post.html").read_text()
    assert "chưa được ghi nhận" not in (tmp_path / "503.html").read_text()
    site = (tmp_path / "site.conf").read_text()
    assert "error_page 502 503 504 =503 /_loi/503$examportal_error_variant.html;" in site
    assert 'add_header Retry-After "30" always;' in site


def test_error_pages_folder_that_cannot_be_written_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CommandError, match="--errors-dir"):
        call_command("nginx_config", "--server-name", "localhost", "--errors-dir",
                     str(blocker / "errors"), "--output", str(tmp_path / "site.conf"))

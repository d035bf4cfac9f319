"""Settings come from the environment: each case runs Django in a fresh process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'debug': settings.DEBUG, 'cache': settings.CACHES['default']['BACKEND'], "
    "'db': settings.DATABASES['default']['ENGINE'], 'email': settings.EMAIL_BACKEND, "
    "'ssl': settings.SECURE_SSL_REDIRECT, 'session_secure': settings.SESSION_COOKIE_SECURE, "
    "'csrf_secure': settings.CSRF_COOKIE_SECURE, 'hosts': settings.ALLOWED_HOSTS, "
    "'site_url': settings.SITE_URL, 'media': str(settings.MEDIA_ROOT), "
    "'trusted': settings.CSRF_TRUSTED_ORIGINS, "
    "'db_options': settings.DATABASES['default'].get('OPTIONS', {})}))"
)
PRODUCTION = {
    "SECRET_KEY": "x" * 60 + "production-like-key-for-tests",
    "ALLOWED_HOSTS": "thithpt.laichau.edu.vn",
    "SITE_URL": "https://thithpt.laichau.edu.vn/",
}


def run(env, code=PROBE, args=None):
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS",
                          "SITE_URL", "MEDIA_ROOT", "EMAIL_URL", "SECURE_SSL_REDIRECT",
                          "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "CSRF_TRUSTED_ORIGINS",
                          "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="examportal.settings")
    command = [sys.executable, *(args or ["-c", code])]
    return subprocess.run(command, cwd=ROOT, env=clean, capture_output=True, text=True,
                          timeout=120, check=False)


def probe(env):
    result = run(env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("entry_point", ["examportal.wsgi", "examportal.asgi"])
def test_secret_key_required_when_debug_off(entry_point):
    result = run({}, code=f"import {entry_point}")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    assert run({**PRODUCTION}, code=f"import {entry_point}").returncode == 0


def test_offline_commands_run_without_a_secret_key():
    """makemigrations or collectstatic in a build step need no key; nothing may use an empty one."""
    result = run({}, args=["manage.py", "makemigrations", "--check", "--dry-run"])
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    used = run({}, code="import django; django.setup(); from django.core import signing; "
                        "signing.dumps('x')")
    assert used.returncode != 0
    assert "SECRET_KEY" in used.stderr


def test_defaults_in_production_are_secure():
    values = probe(PRODUCTION)
    assert values["debug"] is False
    assert values["ssl"] and values["session_secure"] and values["csrf_secure"]
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["cache"].endswith("LocMemCache")
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"
    assert values["hosts"] == ["thithpt.laichau.edu.vn"]
    assert values["site_url"] == "https://thithpt.laichau.edu.vn"


def test_every_setting_is_read_from_the_environment(tmp_path):
    values = probe({
        **PRODUCTION,
        "DATABASE_URL": "postgres://portal:pw@db.internal:5432/examportal",
        "REDIS_URL": "redis://127.0.0.1:6379/1",
        "EMAIL_URL": "smtp+tls://user:pw@mail.example.org:587",
        "MEDIA_ROOT": str(tmp_path),
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "CSRF_TRUSTED_ORIGINS": "https://a.example,https://b.example",
    })
    assert values["db"] == "django.db.backends.postgresql"
    # Prepared statements (planned once per connection) and the planner told the disk is an SSD.
    assert values["db_options"] == {"options": "-c random_page_cost=1.1",
                                    "server_side_binding": True, "prepare_threshold": 2}
    assert values["cache"] == "examportal.cache.SharedClientRedisCache"
    assert values["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["media"] == str(tmp_path)
    assert not (values["ssl"] or values["session_secure"] or values["csrf_secure"])
    assert values["trusted"] == ["https://a.example", "https://b.example"]


def test_debug_needs_explicit_1():
    assert probe({**PRODUCTION, "DEBUG": "1"})["debug"] is True
    assert probe({**PRODUCTION, "DEBUG": "0"})["debug"] is False


DEPLOY_WARNINGS_NAMED_IN_README = {"ckeditor.W001", "security.W021"}


def test_check_deploy_reports_only_named_warnings():
    result = run(PRODUCTION, args=["manage.py", "check", "--deploy"])
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    found = {line.split("(", 1)[1].split(")", 1)[0]
             for line in output.splitlines() if line.startswith("?: (")}
    assert found == DEPLOY_WARNINGS_NAMED_IN_README, output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for warning in found:
        assert warning in readme


@pytest.mark.parametrize("name", [
    "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS",
    "SITE_URL", "MEDIA_ROOT", "EMAIL_URL", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
])
def test_every_setting_is_documented(name):
    assert name in (ROOT / "README.md").read_text(encoding="utf-8")
    assert name in (ROOT / ".env.example").read_text(encoding="utf-8")

import os
import shutil
import signal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from examportal.roles import setup_roles
from tests.faults.services import ThrowawayRedis


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    vendor = db["ENGINE"].rsplit(".", 1)[-1]
    where = db["NAME"] if vendor == "sqlite3" else f"{db.get('HOST') or 'socket'}:{db.get('PORT') or ''}"
    return f"database: {vendor} ({where})"


def pytest_terminal_summary(terminalreporter):
    db = settings.DATABASES["default"]
    terminalreporter.write_line(f"database used: {db['ENGINE'].rsplit('.', 1)[-1]}")


@pytest.fixture
def roles(db):
    setup_roles()


@pytest.fixture
def make_staff(roles):
    """Create a staff user in the given group: make_staff("Biên tập viên", username="ha")."""

    def make(group_name=None, username=None, **extra):
        User = get_user_model()
        username = username or f"user{User.objects.count() + 1}"
        user = User.objects.create_user(
            username=username, password="test-password-123", is_staff=True, **extra
        )
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def postgres_only():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...)")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with empty caches (nothing leaks from a rolled-back test), the page
    cache's copies kept in the process included."""
    from django.core.cache import caches

    from examportal.pagecache import local_pages

    for backend in caches.all(initialized_only=True):
        backend.clear()
    local_pages.clear()
    yield
    for backend in caches.all(initialized_only=True):
        backend.clear()
    local_pages.clear()


@pytest.fixture
def exam_column(db):
    """The 2021 column and its eight sections, as a fresh install has them (migrations).

    Transactional tests (browser journeys) start from a flushed database, so the fixture opens
    the year again the way an editor would (``ensure_year`` is idempotent).
    """
    import datetime
    import zoneinfo

    from examyears.services import ensure_year
    from news.models import Column

    ensure_year(2021, results_release_at=datetime.datetime(
        2021, 7, 26, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")))
    return Column.objects.get(year=2021)


@pytest.fixture
def live_redis():
    """A throwaway redis-server of the test's own (woken first if the test stopped it)."""
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server (apt-get install redis-server)")
    server = ThrowawayRedis().start()
    yield server
    if server.process is not None:
        os.kill(server.process.pid, signal.SIGCONT)
    server.cleanup()

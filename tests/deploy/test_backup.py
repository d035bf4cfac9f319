"""backup_portal and restore_portal, for real: a portal with the demo content, a hotline report
with an attachment and a document file is backed up, restored into a fresh database and fresh
folders, and compared: rows per table, the report and its attachment's bytes, the document file
by checksum. On PostgreSQL (a throwaway cluster: pg_dump/pg_restore) and on SQLite (the
development default, through SQLite's backup API)."""

import datetime
import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path

import pytest

from deploy.localrun import manage

from .conftest import ThrowawayPostgres, pg_bin, portal_env, skip_on_database_run
from .portal_data import parse

pytestmark = pytest.mark.usefixtures("_own_services")


@pytest.fixture
def _own_services():
    skip_on_database_run()


def sha_file(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def populate(env):
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo", "--allow-production")
    return parse(manage(env, "shell", "-c", "from tests.deploy.portal_data import create; create()"))


def backup_and_restore(env, folder, target_url):
    started = time.monotonic()
    out = manage(env, "backup_portal", "--dest", str(folder / "backups"), "--keep-days", "7")
    backup_seconds = time.monotonic() - started
    (backup,) = (folder / "backups").iterdir()
    started = time.monotonic()
    out += manage(env, "restore_portal", str(backup), "--database-url", target_url,
                  "--media-root", str(folder / "restored" / "media"),
                  "--private-root", str(folder / "restored" / "private"))
    restore_seconds = time.monotonic() - started
    print(f"\n{out}[deploy] backup {backup_seconds:.1f} s, restore {restore_seconds:.1f} s "
          f"(commands, with Django's start-up)")
    return backup


def check_restored(folder, data, rows, query):
    """``rows(which)``: {table: count} of the source or the restored database; ``query(sql, params)``
    runs on the restored one."""
    source, restored = rows("source"), rows("restored")
    assert restored == source and len(source) > 30 and source["news_article"] > 0
    report = query("SELECT reference, description FROM hotline_report WHERE id = %s", [data["report_pk"]])
    assert report == (data["report_reference"], "[Mẫu] Phản ánh có ảnh đính kèm.")
    attachment = query("SELECT file, size FROM hotline_attachment WHERE id = %s", [data["attachment_pk"]])
    assert attachment[0] == data["attachment_name"]
    private = folder / "restored" / "private" / attachment[0]
    assert sha_file(private) == data["attachment_sha"] and private.stat().st_size == attachment[1]
    (document_file,) = query("SELECT file FROM documents_documentfile WHERE id = %s",
                             [data["public_file_pk"]])
    assert sha_file(folder / "restored" / "media" / document_file) == data["public_file_sha"]
    cover = data["cover_url"].removeprefix("/media/")
    assert sha_file(folder / "restored" / "media" / cover) == data["cover_sha"]


def check_refusals(env, folder, backup, target_url):
    # A database that is not empty is never overwritten without --force.
    with pytest.raises(RuntimeError, match="đã có"):
        manage(env, "restore_portal", str(backup), "--database-url", target_url,
               "--media-root", str(folder / "other-media"), "--private-root", str(folder / "other-private"))
    assert not (folder / "other-media").exists()
    # A damaged backup is refused before anything is written.
    damaged = folder / "damaged"
    damaged.mkdir()
    for path in backup.iterdir():
        (damaged / path.name).write_bytes(path.read_bytes())
    with open(damaged / "private.tar", "r+b") as handle:
        handle.seek(600)
        handle.write(b"X")
    with pytest.raises(RuntimeError, match="bị hỏng"):
        manage(env, "restore_portal", str(damaged), "--database-url", target_url + "_never",
               "--media-root", str(folder / "m3"), "--private-root", str(folder / "p3"))
    assert not (folder / "m3").exists()


def test_manifest_and_pruning(deploy_tmp):
    env = portal_env(deploy_tmp, f"sqlite:///{deploy_tmp / 'db.sqlite3'}")
    manage(env, "migrate", "--noinput", "-v", "0")
    dest = deploy_tmp / "backups"
    old = dest / "examportal-20210701T000000Z"
    old.mkdir(parents=True)
    (old / "manifest.json").write_text("{}")
    recent_name = "examportal-" + (datetime.datetime.now(datetime.UTC)
                                   - datetime.timedelta(days=2)).strftime("%Y%m%dT%H%M%SZ")
    (dest / recent_name).mkdir()
    (dest / recent_name / "manifest.json").write_text("{}")
    out = manage(env, "backup_portal", "--dest", str(dest), "--keep-days", "7")
    assert "examportal-20210701T000000Z" in out and not old.exists()
    backups = sorted(p.name for p in dest.iterdir())
    assert len(backups) == 2 and recent_name in backups
    new = dest / max(backups)
    manifest = json.loads((new / "manifest.json").read_text())
    assert set(manifest["files"]) == {"database.sqlite3", "media.tar", "private.tar"}
    for name, entry in manifest["files"].items():
        assert sha_file(new / name) == entry["sha256"]
    assert manifest["database"]["row_counts"]["django_migrations"] > 0
    assert oct(os.stat(new).st_mode & 0o777) == "0o700"
    assert all(oct(os.stat(p).st_mode & 0o777) == "0o600" for p in new.iterdir())


def test_sqlite_backup_restores_into_fresh_database_and_folders(deploy_tmp):
    env = portal_env(deploy_tmp, f"sqlite:///{deploy_tmp / 'db.sqlite3'}")
    data = populate(env)
    target = deploy_tmp / "restored" / "db.sqlite3"
    backup = backup_and_restore(env, deploy_tmp, f"sqlite:///{target}")

    def rows(which):
        path = deploy_tmp / "db.sqlite3" if which == "source" else target
        with sqlite3.connect(path) as conn:
            names = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
            return {n: conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608

    def query(sql, params):
        with sqlite3.connect(target) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchone()

    check_restored(deploy_tmp, data, rows, query)
    check_refusals(env, deploy_tmp, backup, f"sqlite:///{target}")


@pytest.mark.skipif(not (pg_bin("initdb") and pg_bin("pg_ctl") and pg_bin("pg_dump")),
                    reason="needs the PostgreSQL server and client programs (initdb, pg_ctl, pg_dump)")
def test_postgresql_backup_restores_into_fresh_database_and_folders(deploy_tmp):
    import psycopg
    from psycopg import sql

    cluster = ThrowawayPostgres()
    try:
        cluster.init().start()
        cluster.create_database("examportal")
        env = portal_env(deploy_tmp, cluster.url, PATH=f"{Path(pg_bin('pg_dump')).parent}:"
                         + os.environ.get("PATH", ""))
        data = populate(env)
        target_url = cluster.database_url("examportal_restored")
        backup = backup_and_restore(env, deploy_tmp, target_url)
        manifest = json.loads((backup / "manifest.json").read_text())
        assert manifest["database"]["vendor"] == "postgresql" and "database.dump" in manifest["files"]

        def connect(which):
            name = "examportal" if which == "source" else "examportal_restored"
            return psycopg.connect(host="127.0.0.1", port=cluster.port, user="postgres", dbname=name)

        def rows(which):
            with connect(which) as conn:
                names = [r[0] for r in conn.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                    "AND table_type = 'BASE TABLE'")]
                return {n: conn.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(n)))
                        .fetchone()[0] for n in names}

        def query(text, params):
            with connect("restored") as conn:
                return conn.execute(text, params).fetchone()

        check_restored(deploy_tmp, data, rows, query)
        # The restored database is the portal's: its search (GIN indexes) answers, no migration is due.
        restored_env = {**env, "DATABASE_URL": target_url,
                        "MEDIA_ROOT": str(deploy_tmp / "restored" / "media")}
        out = manage(restored_env, "shell", "-c",
                     "from news.models import Article; "
                     "print('FOUND', Article.objects.published().search('ky thi').count())")
        assert int(out.split("FOUND", 1)[1]) > 0
        manage(restored_env, "migrate", "--check", "-v", "0")
        check_refusals(env, deploy_tmp, backup, target_url)
    finally:
        cluster.cleanup()

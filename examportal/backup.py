"""Backups of the portal and their restore (manage.py backup_portal / restore_portal).

A backup is one folder ``examportal-<UTC time>`` holding:

- ``database.dump``: PostgreSQL in pg_dump's custom format, taken from an exported snapshot of a
  REPEATABLE READ transaction, in which the row counts are read too; or ``database.sqlite3``,
  copied with SQLite's online backup API (the development default);
- ``media.tar`` and ``private.tar``: MEDIA_ROOT and the hotline's private root (taken after the
  database, so every file a row names is there);
- ``manifest.json``: SHA-256 and size of each of those files, SHA-256 of every file inside the
  archives, and the row count of every table.

The folder is written under a temporary name and renamed when complete: a backup that stopped
half-way is never taken for one. Restore checks every checksum before it touches anything, then
restores into an empty database and empty folders (``force`` to overwrite), and compares the
restored files and row counts with the manifest.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path

PREFIX = "examportal-"
STAMP = "%Y%m%dT%H%M%SZ"
MANIFEST = "manifest.json"
FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Vietnamese)."""


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _binary(name):
    found = shutil.which(name)
    if not found:
        raise BackupError(f"Không tìm thấy chương trình {name} (gói postgresql-client).")
    return found


# --- Databases ----------------------------------------------------------------------------------

def pg_params(config):
    """Connection keywords (psycopg) and command-line arguments (pg_dump, ...) for a DATABASES
    entry or an environ.Env.db_url_config() dictionary."""
    keywords = {"dbname": config["NAME"]}
    args = []
    if config.get("HOST"):
        keywords["host"] = str(config["HOST"])
        args += ["-h", str(config["HOST"])]
    if config.get("PORT"):
        keywords["port"] = str(config["PORT"])
        args += ["-p", str(config["PORT"])]
    if config.get("USER"):
        keywords["user"] = config["USER"]
        args += ["-U", config["USER"]]
    env = dict(os.environ)
    if config.get("PASSWORD"):
        keywords["password"] = config["PASSWORD"]
        env["PGPASSWORD"] = config["PASSWORD"]
    return keywords, args, env


def _pg_tables(conn):
    from psycopg import sql

    names = [row[0] for row in conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' ORDER BY table_name")]
    return {name: conn.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(name)))
            .fetchone()[0] for name in names}


def _sqlite_tables(conn):
    names = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    return {name: conn.execute('SELECT COUNT(*) FROM "{}"'.format(name.replace('"', '""')))  # noqa: S608
            .fetchone()[0] for name in names}


def vendor_of(config):
    engine = config["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {engine}.")


def dump_database(config, folder):
    """Write the database into ``folder``: (file name, {table: rows}, details)."""
    vendor = vendor_of(config)
    if vendor == "sqlite":
        target = Path(folder) / "database.sqlite3"
        source = sqlite3.connect(Path(config["NAME"]).resolve().as_uri() + "?mode=ro", uri=True)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            counts = _sqlite_tables(copy)
        finally:
            copy.close()
            source.close()
        return target.name, counts, {"vendor": vendor}

    import psycopg

    keywords, args, env = pg_params(config)
    target = Path(folder) / "database.dump"
    with psycopg.connect(**keywords) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        # pg_dump reads the very snapshot the row counts come from.
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = _pg_tables(conn)
        server = conn.execute("SHOW server_version").fetchone()[0]
        result = subprocess.run(  # noqa: S603 -- fixed program, arguments from settings
            [_binary("pg_dump"), "--format=custom", "--no-password", f"--snapshot={snapshot}",
             "-f", str(target), *args, config["NAME"]],
            env=env, capture_output=True, text=True)
        conn.rollback()
    if result.returncode:
        raise BackupError(f"pg_dump thất bại: {result.stderr.strip()}")
    return target.name, counts, {"vendor": vendor, "server_version": server}


def _pg_admin_keywords(keywords):
    return {**keywords, "dbname": "postgres"}


def restore_database(manifest, folder, config, force):
    """Restore the backup's database into ``config``'s (empty unless ``force``): {table: rows}."""
    vendor = vendor_of(config)
    source = Path(folder) / manifest["database"]["file"]
    if vendor != manifest["database"]["vendor"]:
        raise BackupError(f"Bản sao lưu là {manifest['database']['vendor']}, nơi khôi phục là {vendor}.")
    if vendor == "sqlite":
        target = Path(config["NAME"])
        if target.exists() and target.stat().st_size:
            existing = sqlite3.connect(target)
            try:
                tables = _sqlite_tables(existing)
            finally:
                existing.close()
            if tables and not force:
                raise BackupError(f"Cơ sở dữ liệu {target} đã có {len(tables)} bảng; dùng --force "
                                  "nếu thật sự muốn ghi đè.")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".restoring")
        shutil.copyfile(source, partial)
        os.replace(partial, target)
        restored = sqlite3.connect(target)
        try:
            return _sqlite_tables(restored)
        finally:
            restored.close()

    import psycopg
    from psycopg import sql

    keywords, args, env = pg_params(config)
    with psycopg.connect(**_pg_admin_keywords(keywords), autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                               [config["NAME"]]).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                sql.Identifier(config["NAME"])))
    with psycopg.connect(**keywords) as conn:
        tables = _pg_tables(conn) if exists else {}
    if tables and not force:
        raise BackupError(f"Cơ sở dữ liệu {config['NAME']} đã có {len(tables)} bảng; dùng --force "
                          "nếu thật sự muốn ghi đè.")
    command = [_binary("pg_restore"), "--no-password", "--no-owner", "--no-privileges",
               "--exit-on-error", "--single-transaction", *args, "-d", config["NAME"]]
    if tables:
        command += ["--clean", "--if-exists"]
    result = subprocess.run([*command, str(source)], env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        raise BackupError(f"pg_restore thất bại: {result.stderr.strip()}")
    with psycopg.connect(**keywords) as conn:
        conn.execute("ANALYZE")
        return _pg_tables(conn)


# --- Folders ------------------------------------------------------------------------------------

def archive_folder(root, target):
    """tar ``root`` into ``target``: {relative path: sha256} of every regular file."""
    root = Path(root)
    contents = {}
    with tarfile.open(target, "w") as tar:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                relative = path.relative_to(root).as_posix()
                if path.is_symlink() or not (path.is_file() or path.is_dir()):
                    continue
                tar.add(path, arcname=relative, recursive=False)
                if path.is_file():
                    contents[relative] = sha256_file(path)
    return contents


def _folder_has_files(root):
    root = Path(root)
    return root.is_dir() and any(path.is_file() for path in root.rglob("*"))


def restore_folder(archive, root, contents, force):
    """Unpack ``archive`` into ``root`` (empty unless ``force``) and check every file."""
    root = Path(root)
    if _folder_has_files(root) and not force:
        raise BackupError(f"Thư mục {root} đã có tệp; dùng --force nếu thật sự muốn ghi đè.")
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r") as tar:
        # The "data" filter refuses absolute paths, links out of the folder and device files.
        tar.extractall(root, filter="data")  # noqa: S202
    wrong = [name for name, digest in contents.items()
             if not (root / name).is_file() or sha256_file(root / name) != digest]
    if wrong:
        raise BackupError(f"{len(wrong)} tệp khôi phục vào {root} không khớp mã kiểm tra, ví dụ {wrong[0]}.")
    return len(contents)


# --- Backup and restore -------------------------------------------------------------------------

def backup(dest, database, media_root, private_root, keep_days=None, now=None, log=print):
    """Take one backup into ``dest``; prune backups older than ``keep_days``. Returns its folder."""
    now = now or datetime.datetime.now(datetime.UTC)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    name = PREFIX + now.strftime(STAMP)
    final = dest / name
    if final.exists():
        raise BackupError(f"Đã có bản sao lưu {final}.")
    partial = Path(tempfile.mkdtemp(prefix=f".partial-{name}-", dir=dest))
    timings = {}
    try:
        started = time.monotonic()
        db_file, counts, details = dump_database(database, partial)
        timings["database"] = time.monotonic() - started
        log(f"  Cơ sở dữ liệu ({details['vendor']}): {len(counts)} bảng, "
            f"{sum(counts.values())} dòng, {timings['database']:.1f} s")
        folders = {}
        for key, root in (("media", media_root), ("private", private_root)):
            started = time.monotonic()
            archive = partial / f"{key}.tar"
            contents = archive_folder(root, archive)
            timings[key] = time.monotonic() - started
            folders[key] = {"file": archive.name, "root": str(root), "contents": contents}
            log(f"  Thư mục {root}: {len(contents)} tệp, {timings[key]:.1f} s")
        files = {}
        for path in sorted(partial.iterdir()):
            files[path.name] = {"sha256": sha256_file(path), "size": path.stat().st_size}
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "database": {"file": db_file, **details, "name": str(database["NAME"]),
                         "row_counts": counts},
            "folders": folders,
            "files": files,
            "timings_seconds": {k: round(v, 3) for k, v in timings.items()},
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False),
                                        encoding="utf-8")
        # Reporters' identities are in there: readable by the backup's owner only.
        for path in partial.iterdir():
            os.chmod(path, 0o600)
        os.chmod(partial, 0o700)
        os.replace(partial, final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if keep_days is not None:
        for old in prune(dest, keep_days, now, keep=final):
            log(f"  Đã xóa bản sao lưu cũ {old.name}")
    return final


def backup_time(folder):
    try:
        return datetime.datetime.strptime(folder.name[len(PREFIX):], STAMP).replace(tzinfo=datetime.UTC)
    except ValueError:
        return None


def prune(dest, keep_days, now, keep=None):
    """Remove complete backups older than ``keep_days`` days and abandoned partial ones."""
    removed = []
    limit = now - datetime.timedelta(days=keep_days)
    for path in sorted(Path(dest).iterdir()):
        if not path.is_dir() or path == keep:
            continue
        if path.name.startswith(PREFIX):
            taken = backup_time(path)
            if taken is not None and taken < limit and (path / MANIFEST).exists():
                shutil.rmtree(path)
                removed.append(path)
        elif path.name.startswith(".partial-" + PREFIX) and time.time() - path.stat().st_mtime > 86400:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def read_manifest(folder):
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} không phải bản sao lưu (thiếu {MANIFEST}).")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Không đọc được bản sao lưu định dạng {manifest.get('format')}.")
    return manifest


def verify(folder, manifest):
    """Every file of the backup against its checksum; raises BackupError on the first mismatch."""
    for name, entry in manifest["files"].items():
        path = Path(folder) / name
        if not path.is_file():
            raise BackupError(f"Bản sao lưu thiếu tệp {name}.")
        if path.stat().st_size != entry["size"] or sha256_file(path) != entry["sha256"]:
            raise BackupError(f"Tệp {name} của bản sao lưu bị hỏng (mã kiểm tra không khớp).")


def restore(folder, database, media_root, private_root, force=False, log=print):
    """Check, then restore a backup; returns {"tables", "rows", "files", "timings"}."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    timings = {}
    started = time.monotonic()
    verify(folder, manifest)
    timings["verify"] = time.monotonic() - started
    log(f"  Mã kiểm tra của {len(manifest['files'])} tệp: khớp ({timings['verify']:.1f} s)")
    targets = {"media": media_root, "private": private_root}
    # Refuse before anything is written: the folders are checked again as they are filled.
    for root in targets.values():
        if _folder_has_files(root) and not force:
            raise BackupError(f"Thư mục {root} đã có tệp; dùng --force nếu thật sự muốn ghi đè.")
    started = time.monotonic()
    counts = restore_database(manifest, folder, database, force)
    timings["database"] = time.monotonic() - started
    expected = manifest["database"]["row_counts"]
    differ = sorted(name for name in expected if counts.get(name) != expected[name])
    if differ:
        raise BackupError("Số dòng sau khi khôi phục khác bản sao lưu ở các bảng: " + ", ".join(differ))
    extra = sorted(set(counts) - set(expected))
    if extra:
        log(f"  Lưu ý: cơ sở dữ liệu đích còn {len(extra)} bảng không có trong bản sao lưu: "
            + ", ".join(extra[:5]))
    log(f"  Cơ sở dữ liệu: {len(counts)} bảng, {sum(counts.values())} dòng, khớp bản sao lưu "
        f"({timings['database']:.1f} s)")
    files = 0
    for key, root in targets.items():
        entry = manifest["folders"][key]
        started = time.monotonic()
        files += restore_folder(folder / entry["file"], root, entry["contents"], force)
        timings[key] = time.monotonic() - started
        log(f"  Thư mục {root}: {len(entry['contents'])} tệp, khớp mã kiểm tra ({timings[key]:.1f} s)")
    return {"tables": len(counts), "rows": sum(counts.values()), "files": files, "timings": timings}

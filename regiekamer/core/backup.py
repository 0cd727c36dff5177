"""Backup and restore of the whole database, checked by counts and a checksum (docs/deployment.md).

A backup is a folder: the dump (`database.dump` from `pg_dump --format=custom` for PostgreSQL,
`database.sqlite3` from SQLite's backup API), `media.tar` (the uploaded files under MEDIA_ROOT, such as
the photos of meldingen, when there are any) and `manifest.json`: the engine, the sha256 and size of
each file, the row count of every table and the applied migrations, taken from the same snapshot as
the dump. Restore checks the checksums and the engine before it touches anything, and compares the
row counts and the number of files with the manifest afterwards.

The commands `regiekamer backup PATH` and `regiekamer restore PATH` call `backup` and `restore`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings as django_settings
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar"
FORMAT_VERSION = 1
DUMP_FILE = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# Keys of Django's OPTIONS for PostgreSQL that are not libpq connection parameters.
_DJANGO_ONLY_OPTIONS = {"isolation_level", "pool", "server_side_binding", "assume_role", "cursor_factory"}
_PG_ENV = {"NAME": "PGDATABASE", "USER": "PGUSER", "PASSWORD": "PGPASSWORD", "HOST": "PGHOST", "PORT": "PGPORT"}

# progress(done, total, unit): pages for SQLite, tables for PostgreSQL.
Progress = Callable[[int, int, str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (Dutch / English)."""


def _no_progress(done: int, total: int, unit: str) -> None:
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _count_rows(cursor: Any, tables: Iterable[str], quote: Callable[[str], str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(cursor: Any) -> list[str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


# --- SQLite: the backup API copies a consistent snapshot page by page, also of a live database.

def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_state(db: sqlite3.Connection) -> tuple[dict[str, int], list[str]]:
    cursor = db.cursor()
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    tables = [name for (name,) in cursor.fetchall()]
    return _count_rows(cursor, tables, _sqlite_quote), _migrations(cursor)


def _sqlite_backup(connection: BaseDatabaseWrapper, dump: Path, progress: Progress) -> tuple[dict, list]:
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        connection.connection.backup(
            target, pages=256, progress=lambda status, remaining, total: progress(total - remaining, total, "pagina's/pages")
        )
        # One self-contained file: the copy takes over the live database's WAL mode otherwise.
        target.execute("PRAGMA journal_mode=DELETE")
        return _sqlite_state(target)
    finally:
        target.close()


def _sqlite_restore(connection: BaseDatabaseWrapper, dump: Path, progress: Progress) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        source.backup(
            connection.connection, pages=256,
            progress=lambda status, remaining, total: progress(total - remaining, total, "pagina's/pages"),
        )
    finally:
        source.close()


# --- PostgreSQL: pg_dump / pg_restore, connection settings in PG* variables (never the password on a
# command line, where `ps` shows it).

def pg_binary(name: str) -> str:
    """The newest installed PostgreSQL's own binary (it reads dumps of every older server), else PATH."""
    if folder := os.environ.get("REGIEKAMER_PG_BIN"):
        return str(Path(folder) / name)
    installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                       key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.parent.name)] or [0])
    if installed:
        return str(installed[-1])
    if found := shutil.which(name):
        return found
    raise BackupError(f"{name} niet gevonden; installeer de PostgreSQL-clientprogramma's / "
                      f"{name} not found; install the PostgreSQL client programs (or set REGIEKAMER_PG_BIN).")


def _pg_env(settings: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in _PG_ENV.items():
        if settings.get(key):
            env[var] = str(settings[key])
    if sslmode := settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return env


def _pg_connect(settings: dict) -> psycopg.Connection:
    options = {k: v for k, v in settings.get("OPTIONS", {}).items() if k not in _DJANGO_ONLY_OPTIONS}
    params = {"dbname": settings["NAME"], "user": settings.get("USER") or None,
              "password": settings.get("PASSWORD") or None, "host": settings.get("HOST") or None,
              "port": settings.get("PORT") or None, **options}
    return psycopg.connect(**{k: v for k, v in params.items() if v is not None})


def _pg_state(cursor: Any) -> tuple[dict[str, int], list[str]]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    tables = [name for (name,) in cursor.fetchall()]
    return _count_rows(cursor, tables, lambda t: '"' + t.replace('"', '""') + '"'), _migrations(cursor)


def _run_verbose(command: list[str], env: dict, marker: re.Pattern, total: int, progress: Progress) -> None:
    """Run pg_dump / pg_restore --verbose, counting the tables it reports as progress."""
    done, lines = 0, []
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    for line in process.stderr:
        lines.append(line)
        if marker.search(line):
            done = min(done + 1, total)
            progress(done, total, "tabellen/tables")
    if process.wait() != 0:
        errors = [line.strip() for line in lines if "error" in line.lower() or "fout" in line.lower()]
        raise BackupError(f"{Path(command[0]).name} mislukt / failed (exit {process.returncode}): "
                          + " | ".join(errors[-5:] or [line.strip() for line in lines[-5:]]))
    progress(total, total, "tabellen/tables")


def _pg_backup(connection: BaseDatabaseWrapper, dump: Path, progress: Progress) -> tuple[dict, list]:
    settings = connection.settings_dict
    # Counts and dump from one snapshot: this transaction exports it and pg_dump reads the same data.
    with _pg_connect(settings) as snapshot:
        snapshot.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        snapshot.read_only = True
        with snapshot.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot_id,) = cursor.fetchone()
            counts, migrations = _pg_state(cursor)
            command = [pg_binary("pg_dump"), "--format=custom", "--verbose", f"--snapshot={snapshot_id}",
                       f"--file={dump}"]
            _run_verbose(command, _pg_env(settings), re.compile(r"dumping contents of table"), len(counts), progress)
    return counts, migrations


def _pg_restore(connection: BaseDatabaseWrapper, dump: Path, progress: Progress) -> None:
    settings = connection.settings_dict
    connection.close()  # our own session must hold no lock on the tables pg_restore drops
    # One transaction: a restore that fails half-way leaves the database as it was.
    command = [pg_binary("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction",
               "--exit-on-error", "--verbose", f"--dbname={settings['NAME']}", str(dump)]
    tables = _pg_tables_in_dump(dump, _pg_env(settings))
    _run_verbose(command, _pg_env(settings), re.compile(r"processing data for table"), tables, progress)
    # pg_restore brings no planner statistics and autovacuum may take a long while to analyse the
    # restored tables: until then PostgreSQL guesses row counts (the load test saw parallel scans for
    # six-row lookups and dossiers twice as slow). ANALYZE gives it the statistics straight away.
    with _pg_connect(settings) as analysed:
        analysed.execute("ANALYZE")


def _pg_tables_in_dump(dump: Path, env: dict) -> int:
    listing = subprocess.run([pg_binary("pg_restore"), "--list", str(dump)], env=env, capture_output=True, text=True)
    if listing.returncode != 0:
        raise BackupError(f"pg_restore kan de dump niet lezen / cannot read the dump: {listing.stderr.strip()}")
    return sum(1 for line in listing.stdout.splitlines() if " TABLE DATA " in line)


def _pg_state_now(connection: BaseDatabaseWrapper) -> tuple[dict[str, int], list[str]]:
    with connection.cursor() as cursor:
        return _pg_state(cursor)


ENGINES: dict[str, tuple[Callable, Callable, Callable]] = {
    # vendor: (back up to a file -> (counts, migrations), restore from a file, counts and migrations now)
    "sqlite": (_sqlite_backup, _sqlite_restore, lambda c: _sqlite_state(c.connection)),
    "postgresql": (_pg_backup, _pg_restore, lambda c: _pg_state_now(c)),
}


def _engine(connection: BaseDatabaseWrapper) -> tuple[Callable, Callable, Callable]:
    if connection.vendor not in ENGINES:
        raise BackupError(f"Geen backup voor database {connection.vendor} / no backup for {connection.vendor}.")
    return ENGINES[connection.vendor]


def backup(target: Path, *, connection: BaseDatabaseWrapper = default_connection,
           progress: Progress = _no_progress) -> dict:
    """Write the dump and its manifest into the folder `target` (new or empty); returns the manifest."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} bestaat al en is niet leeg / already exists and is not empty.")
    write, _, _ = _engine(connection)
    target.mkdir(parents=True, exist_ok=True)
    dump = target / DUMP_FILE[connection.vendor]
    started = dt.datetime.now(dt.UTC)
    counts, migrations = write(connection, dump, progress)
    media = _archive_media(Path(django_settings.MEDIA_ROOT), target / MEDIA_ARCHIVE)
    manifest = {
        "format": FORMAT_VERSION,
        "engine": connection.vendor,
        "created": started.isoformat(timespec="seconds"),
        "dump": dump.name,
        "sha256": sha256(dump),
        "size": dump.stat().st_size,
        "tables": counts,
        "migrations": migrations,
        "media": media,
    }
    # Written last: a folder without a manifest is an unfinished backup, and restore refuses it.
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def _archive_media(media_root: Path, archive: Path) -> dict | None:
    """The uploaded files as one tar beside the dump; None when nothing was ever uploaded."""
    files = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
    if not files:
        return None
    with tarfile.open(archive, "w") as tar:
        for path in files:
            tar.add(path, arcname=path.relative_to(media_root).as_posix(), recursive=False)
    return {"file": archive.name, "sha256": sha256(archive), "files": len(files)}


def _restore_media(archive: Path, media_root: Path, expected: int) -> None:
    """Unpack beside MEDIA_ROOT, count, then swap the folders: a failure leaves the old files in place."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    unpacked = media_root.with_name(f".{media_root.name}.restoring")
    previous = media_root.with_name(f".{media_root.name}.before-restore")
    for leftover in (unpacked, previous):
        shutil.rmtree(leftover, ignore_errors=True)
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")  # no absolute paths, links out or devices
    found = sum(1 for p in unpacked.rglob("*") if p.is_file())
    if found != expected:
        shutil.rmtree(unpacked)
        raise BackupError(f"{archive}: {found} bestanden, manifest zegt {expected} / {found} files, manifest says "
                          f"{expected}; bestanden niet hersteld / files not restored.")
    if media_root.exists():
        media_root.rename(previous)
    unpacked.rename(media_root)
    shutil.rmtree(previous, ignore_errors=True)


def read_manifest(source: Path, *, engine: str | None = None) -> dict:
    """The manifest of a backup folder, refused for another engine, its files checked by checksum."""
    path = Path(source) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError:
        raise BackupError(f"Geen {MANIFEST} in {source}: geen (volledige) backup / not a (complete) backup.")
    except json.JSONDecodeError as error:
        raise BackupError(f"{path} is beschadigd / is damaged: {error}")
    if manifest.get("format") != FORMAT_VERSION or manifest.get("engine") not in DUMP_FILE:
        raise BackupError(f"{path}: onbekend formaat / unknown format.")
    if engine and manifest["engine"] != engine:
        raise BackupError(
            f"Deze backup is van {manifest['engine']}, de database is {engine}; niets hersteld / "
            f"this backup is of {manifest['engine']}, the database is {engine}; nothing restored."
        )
    # The file names are ours, not the manifest's: a manifest cannot point restore elsewhere.
    files = [(Path(source) / DUMP_FILE[manifest["engine"]], manifest["sha256"])]
    if manifest.get("media"):
        files.append((Path(source) / MEDIA_ARCHIVE, manifest["media"]["sha256"]))
    for path, expected in files:
        if not path.is_file() or sha256(path) != expected:
            raise BackupError(f"Controlegetal klopt niet, {path} ontbreekt, is beschadigd of gewijzigd; niets "
                              "hersteld / checksum mismatch, the file is missing, damaged or changed; nothing restored.")
    return manifest


def restore(source: Path, *, connection: BaseDatabaseWrapper = default_connection,
            progress: Progress = _no_progress) -> dict:
    """Replace the database by the backup in `source`; returns its manifest once the counts agree."""
    manifest = read_manifest(source, engine=connection.vendor)
    _, write, state = _engine(connection)
    write(connection, Path(source) / DUMP_FILE[manifest["engine"]], progress)
    counts, migrations = state(connection)
    differences = {table: (expected, counts.get(table)) for table, expected in manifest["tables"].items()
                   if counts.get(table) != expected}
    if differences or migrations != manifest["migrations"]:
        detail = ", ".join(f"{t}: {e} verwacht/expected, {g} gevonden/found" for t, (e, g) in sorted(differences.items()))
        raise BackupError("Na het herstel klopt de database niet met het manifest / after the restore the "
                          f"database does not match the manifest: {detail or 'migraties/migrations'}")
    if manifest.get("media"):
        _restore_media(Path(source) / MEDIA_ARCHIVE, Path(django_settings.MEDIA_ROOT),
                       manifest["media"]["files"])
    return manifest


def pending_migrations(connection: BaseDatabaseWrapper = default_connection) -> list[str]:
    """Migrations of this code that the (restored) database lacks: run `regiekamer migrate`."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]

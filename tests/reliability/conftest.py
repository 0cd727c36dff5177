"""Fault drills: real `regiekamer` commands in subprocesses, killed half-way, on a database of their own.

A killed process must not leave half a job behind, and that can only be seen in a database that the
subprocess and the test share, with committed data. Each drill gets a scratch database: a copy of
pytest-django's freshly migrated test database (SQLite: a file made with the backup API from the
in-memory test database; PostgreSQL: CREATE DATABASE ... TEMPLATE the test database). The test reads it
through a connection alias of its own and drops it afterwards, so nothing it commits reaches other tests.

The drills start processes and share nothing but the machine. Each module asks for one xdist group
("reliability") so that they do not compete for the two cores; they do not depend on it: every wait
is for a state (a row, a lock, a line of output), never a fixed time.
"""

from __future__ import annotations

import copy
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection, connections

REGIEKAMER = Path(sys.executable).with_name("regiekamer")
DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


@dataclass
class Process:
    """A running command whose stdout and stderr are collected as they come."""

    popen: subprocess.Popen
    output: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for chunk in iter(lambda: self.popen.stdout.read1(4096), b""):
            self.output.append(chunk.decode(errors="replace"))

    @property
    def text(self) -> str:
        return "".join(self.output)

    def kill(self) -> None:
        """SIGKILL: no handler, no finally, no rollback by the process itself; the database must cope."""
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=30)
        self._reader.join(timeout=5)
        assert self.popen.returncode == -signal.SIGKILL


@dataclass
class Scratch:
    """A database of one test: its URL for subprocesses and an alias for the test's own queries."""

    vendor: str
    url: str
    alias: str
    name: str

    def env(self) -> dict[str, str]:
        return {**os.environ, "DATABASE_URL": self.url, "PYTHONUNBUFFERED": "1",
                "REGIEKAMER_FAST_PASSWORD_HASHER": "true"}

    def run(self, *args: str, timeout: float = 300) -> str:
        """Run a command to its end; its output (stdout and stderr), or a failure naming it."""
        done = subprocess.run([str(REGIEKAMER), *args], env=self.env(), capture_output=True, text=True,
                              timeout=timeout, check=False)
        assert done.returncode == 0, f"regiekamer {' '.join(args)}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
        return done.stdout + done.stderr

    def start(self, *args: str) -> Process:
        return Process(subprocess.Popen([str(REGIEKAMER), *args], env=self.env(), stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT))

    def writing(self) -> bool:
        """Is another process in the middle of a write transaction on this database right now?

        PostgreSQL: a session whose open transaction has written (it holds a transaction id).
        SQLite: the write lock is taken (the application begins its transactions IMMEDIATE)."""
        if self.vendor == "postgresql":
            with connections[self.alias].cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_xid IS NOT NULL "
                               "AND pid <> pg_backend_pid()", [self.name])
                return cursor.fetchone()[0] > 0
        probe = sqlite3.connect(self.name, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as error:
            assert "locked" in str(error), error
            return True
        finally:
            probe.close()


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str, interval: float = 0.01,
             process: Process | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process is not None and process.popen.poll() is not None:
            pytest.fail(f"the process ended (exit {process.popen.returncode}) before {what}:\n{process.text[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}" + (f":\n{process.text[-3000:]}" if process else ""))
        time.sleep(interval)


def checksum(rows: list[tuple]) -> str:
    """SHA-256 of the rows in a canonical order: equal content, equal checksum, whatever the primary keys."""
    digest = hashlib.sha256()
    for row in sorted(repr(row) for row in rows):
        digest.update(row.encode() + b"\n")
    return digest.hexdigest()


@pytest.fixture
def db(django_db_setup, django_db_blocker):
    """This directory's own `db` (pytest-django sets up the test database for tests that ask for one of
    this name): the test database in autocommit, not in a rolled-back transaction. The drills only
    copy it; they never write to it."""
    with django_db_blocker.unblock():
        # Never a real database: pytest-django has switched the connection to the test one.
        name = str(connection.settings_dict["NAME"])
        assert "test" in name or "memorydb" in name, name
        yield


@pytest.fixture
def scratch_factory(db, django_db_blocker, tmp_path) -> Iterator[Callable[[], Scratch]]:
    """Makes scratch databases (copies of the migrated test database); drops them all afterwards."""
    made: list[Scratch] = []

    def make() -> Scratch:
        alias = f"scratch{len(made)}"
        with django_db_blocker.unblock():
            source = connection.settings_dict
            settings = copy.deepcopy(connections.settings["default"])
            if connection.vendor == "sqlite":
                path = tmp_path / f"{alias}.sqlite3"
                connection.ensure_connection()
                with sqlite3.connect(path) as target:
                    connection.connection.backup(target)
                settings["NAME"] = name = str(path)
                url = f"sqlite:///{path}"
            else:
                name = f"faults_{uuid.uuid4().hex[:12]}"
                connection.close()  # a template database must have no other sessions
                with _maintenance(source) as cursor:
                    cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source["NAME"]}"')
                settings.update({key: source[key] for key in ("USER", "PASSWORD", "HOST", "PORT")}, NAME=name)
                url = f"postgres://{source['USER']}@{source['HOST']}:{source['PORT']}/{name}"
            connections.settings[alias] = settings
            made.append(Scratch(vendor=connection.vendor, url=url, alias=alias, name=name))
        return made[-1]

    with django_db_blocker.unblock():
        try:
            yield make
        finally:
            for scratch in made:
                connections[scratch.alias].close()
                del connections[scratch.alias]
                del connections.settings[scratch.alias]
                if scratch.vendor == "postgresql":
                    with _maintenance(connection.settings_dict) as cursor:
                        cursor.execute(f'DROP DATABASE IF EXISTS "{scratch.name}" WITH (FORCE)')


class _maintenance:
    """A cursor on the server's `postgres` database, in autocommit (CREATE/DROP DATABASE)."""

    def __init__(self, settings: dict) -> None:
        self.settings = settings

    def __enter__(self):
        import psycopg

        self.conn = psycopg.connect(dbname="postgres", user=self.settings["USER"], host=self.settings["HOST"],
                                    port=self.settings["PORT"], password=self.settings["PASSWORD"] or None,
                                    autocommit=True)
        return self.conn.cursor()

    def __exit__(self, *exc) -> None:
        self.conn.close()

"""PostgreSQL stopped and started again while the application serves (issue 8, "Faults").

gunicorn with deploy/gunicorn.conf.py and the production environment (DEBUG off, kept connections:
REGIEKAMER_CONN_MAX_AGE=60) serves a public page and the API from a PostgreSQL server of this test's
own: a throwaway cluster in a temporary folder, loaded with a dump of the migrated test database. It
cannot be the cluster of scripts/with-postgres, whose other test databases are in use by the other
xdist workers while this one stops its server.

While PostgreSQL is stopped (`pg_ctl stop -m fast`), people get a Dutch 503 page and the API a JSON
503, never a stack trace. Once it is started again, the very same gunicorn worker processes serve
the next requests: nothing is restarted (core/unavailable.py, CONN_HEALTH_CHECKS in settings).
"""

from __future__ import annotations

import datetime as dt
import glob
import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.db.utils import OperationalError
from django.test import RequestFactory
from django.utils import timezone

from regiekamer.accounts.api_tokens import PREFIX as PERSONAL_PREFIX
from regiekamer.accounts.models import PersonalApiToken
from regiekamer.core.unavailable import DatabaseUnavailableMiddleware
from regiekamer.organisations.api_clients import new_token
from tests import gunicorn as gunicorn_server

pytestmark = pytest.mark.xdist_group("reliability")

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOST = "regiekamer.example.nl"
PAGE, API = "/meldpunt/nl/", "/api/v1/addresses/"



@dataclass
class Cluster:
    """A PostgreSQL server in a temporary folder, stopped and started with pg_ctl as its user."""

    bin: Path
    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def pg(self, tool: str, *args: str) -> None:
        # As root the server runs as the postgres user (PostgreSQL refuses root), from its own folder.
        as_pg = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        subprocess.run([*as_pg, str(self.bin / tool), *args], cwd=self.folder, check=True, capture_output=True,
                       timeout=120)

    def start(self) -> None:
        self.pg("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w", "-t", "60", "start",
                "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off "
                      "-c synchronous_commit=off -c full_page_writes=off")

    def stop(self) -> None:
        self.pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database: str = "regiekamer") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


@pytest.fixture
def db(django_db_setup, django_db_blocker):
    """The test database in autocommit (pytest-django sets it up for a fixture of this name): only
    dumped, never written."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("stops and starts a PostgreSQL server: PostgreSQL only (CI runs it in its PostgreSQL leg)")
        yield


@pytest.fixture
def cluster(db) -> Iterator[Cluster]:
    """Our own server, with the migrated test database dumped into its database `regiekamer`."""
    initdb = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    assert initdb, "PostgreSQL is not installed"
    folder = Path(tempfile.mkdtemp(prefix="regiekamer-drill-"))
    if os.getuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    server = Cluster(bin=Path(initdb[-1]).parent, folder=folder, port=gunicorn_server.free_port())
    try:
        server.pg("initdb", "-D", str(server.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C.UTF-8")
        server.start()
        server.pg("createdb", "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres", "regiekamer")
        source = connection.settings_dict
        dump = subprocess.run(
            [str(server.bin / "pg_dump"), "-Fc", "-h", source["HOST"], "-p", str(source["PORT"]), "-U",
             source["USER"], source["NAME"]], check=True, capture_output=True, timeout=120).stdout
        subprocess.run([str(server.bin / "pg_restore"), "--no-owner", "-d", server.url()], input=dump, check=True,
                       capture_output=True, timeout=120)
        yield server
    finally:
        if (server.data / "postmaster.pid").exists():
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Gunicorn:
    process: subprocess.Popen
    port: int
    token: str

    def get(self, path: str, *, api: bool = False) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
        if api:
            headers |= {"Authorization": f"Token {self.token}", "Accept": "application/json"}
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode()
        finally:
            conn.close()

    def workers(self) -> set[int]:
        """The worker processes under gunicorn's master (a crashed or restarted worker has a new pid)."""
        pid = self.process.pid
        return {int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


@pytest.fixture
def gunicorn(cluster, tmp_path) -> Iterator[Gunicorn]:
    """Two gunicorn workers in the production environment on our own server; one user with an API token."""
    alias = "drill"
    connections.settings[alias] = {**connections.settings["default"], "NAME": "regiekamer", "HOST": "127.0.0.1",
                                   "PORT": cluster.port, "USER": "postgres", "PASSWORD": ""}
    try:
        user = User.objects.db_manager(alias).create_user("storingsoefening")
        token, token_hash = new_token(PERSONAL_PREFIX)  # a personal API key, as its user makes one
        PersonalApiToken.objects.using(alias).create(user=user, token_hash=token_hash, created_at=timezone.now(),
                                                     expires_at=timezone.now() + dt.timedelta(days=1))
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REGIEKAMER_", "DJANGO_", "DATABASE_URL"))}
    env |= {"REGIEKAMER_DEBUG": "false", "REGIEKAMER_HTTPS": "true", "REGIEKAMER_SECRET_KEY": secrets.token_urlsafe(50),
            "REGIEKAMER_ALLOWED_HOSTS": HOST, "DATABASE_URL": cluster.url(), "REGIEKAMER_WORKERS": "2",
            "REGIEKAMER_CONN_MAX_AGE": "60"}
    log_path = tmp_path / "gunicorn.log"
    try:
        with gunicorn_server.started(env, log_path, wait_seconds=90) as (process, port):
            yield Gunicorn(process, port, token)
    finally:
        print(log_path.read_text()[-4000:])


def test_postgres_restart_gives_a_dutch_503_and_the_same_workers_recover(cluster, gunicorn):
    # Both workers busy with a kept connection each: several rounds, so that each has served requests.
    for _ in range(4):
        assert gunicorn.get(PAGE)[0] == 200
        status, headers, body = gunicorn.get(API, api=True)
        assert status == 200 and json.loads(body)["count"] == 0, body
    workers = gunicorn.workers()
    assert len(workers) == 2

    cluster.stop()
    for _ in range(4):
        status, headers, body = gunicorn.get(PAGE)
        assert status == 503, body[:2000]
        assert headers["retry-after"] == "30" and headers["content-type"].startswith("text/html")
        assert "<h1 class=\"utrecht-heading-1\">Tijdelijk niet beschikbaar</h1>" in body
        assert "Probeer het over een minuut opnieuw" in body
        assert not re.search(r"Traceback|OperationalError|psycopg|Server Error|connection refused", body, re.I)
        status, headers, body = gunicorn.get(API, api=True)
        assert status == 503 and headers["content-type"] == "application/json", body[:2000]
        assert json.loads(body) == {
            "detail": "Tijdelijk niet beschikbaar: de database is niet bereikbaar. Probeer het over een minuut opnieuw.",
            "code": "database_unavailable"}

    cluster.start()
    # The first requests after the restart are served: a kept connection is checked before reuse.
    for _ in range(4):
        status, _headers, body = gunicorn.get(PAGE)
        assert status == 200 and "Tijdelijk niet beschikbaar" not in body
        status, _headers, body = gunicorn.get(API, api=True)
        assert status == 200 and json.loads(body)["count"] == 0, body
    # By the same processes: no worker was restarted, the master never stopped.
    assert gunicorn.process.poll() is None
    assert gunicorn.workers() == workers


def test_an_unreachable_database_is_a_503_not_a_500():
    """The same answer in-process (every leg): a page in Dutch and JSON for the API, with Retry-After."""
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    refused = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    page = middleware.process_exception(RequestFactory().get("/zaken/"), refused)
    assert (page.status_code, page["Retry-After"], page["Cache-Control"]) == (503, "30", "no-store")
    assert "Tijdelijk niet beschikbaar" in page.content.decode()
    assert "Connection refused" not in page.content.decode()

    api = middleware.process_exception(RequestFactory().get("/api/v1/addresses/"), refused)
    assert api.status_code == 503 and api["Content-Type"] == "application/json"
    assert json.loads(api.content)["code"] == "database_unavailable"

    assert middleware.process_exception(RequestFactory().get("/zaken/"), ValueError("iets anders")) is None


def refuse_like_a_stopped_database(get_response):
    """Stands where the session guard reads the session of a logged-in user: before any view."""
    def middleware(request):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    return middleware


@pytest.mark.parametrize("path, content_type", [("/zaken/", "text/html; charset=utf-8"),
                                                ("/api/v1/addresses/", "application/json")])
def test_the_database_gone_inside_a_middleware_is_a_503_too(settings, path, content_type):
    """Django turns what a middleware raises into a 500 before DatabaseUnavailableMiddleware sees it;
    handler500 (core/unavailable.server_error) answers 503 for the database's errors all the same."""
    from django.test import Client

    settings.MIDDLEWARE = [*settings.MIDDLEWARE[:-1], f"{__name__}.refuse_like_a_stopped_database"]
    response = Client(raise_request_exception=False).get(path)
    assert (response.status_code, response["Retry-After"], response["Content-Type"]) == (503, "30", content_type)
    assert "Connection refused" not in response.content.decode()

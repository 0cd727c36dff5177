"""Browser tests: Playwright drives Debian's chromium against a real server process.

The server runs in its own process on its own database (a fresh SQLite file, or a separate
PostgreSQL database beside the test run's), migrated and filled by `regiekamer demo-data`, exactly
as `make demo` does. pytest-django's live_server is not used: it needs transactional_db, whose flush
between tests fails on the append-only processing log (see docs/adr/0003). Tests therefore share
one seeded database for the whole session; a test that changes data must not rely on another
test's changes, and looks data up through `e2e_server.run_django(...)` rather than hard-coding it.

Fixtures: `e2e_server` (session), `browser` (session) and `page` (per test, fresh context with
base_url set, so `page.goto("/inloggen/")` works). Every test in this folder is marked `e2e`.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import psycopg
import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise refuse
# to run in tests that also touch the database in-process.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEMO_ADDRESSES = 400
DEMO_SEED = 11
STARTUP_TIMEOUT_S = 30
RESULTS_DIR = REPO_ROOT / "test-results"

E2E_DIR = Path(__file__).resolve().parent


# tryfirst: pytest-xdist reads the xdist_group marks in its own pytest_collection_modifyitems, so
# they must be on the items before that hook runs, whatever order the plugins were registered in.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("e2e"))  # one worker, one seeded server


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item, so `page` can save a screenshot when a test failed.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@dataclass
class E2EServer:
    """A running `regiekamer runserver` on its own database."""

    base_url: str
    database_url: str
    log_path: Path
    env: dict[str, str] = field(repr=False)

    def command(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """Run `regiekamer ARGS` against the e2e database; fail the test with its output on error."""
        return _regiekamer(args, self.env, timeout=timeout)

    def run_django(self, code: str) -> str:
        """Run Python in `regiekamer shell` (models auto-imported) on the e2e database; return stdout."""
        return self.command("shell", "--verbosity", "0", "-c", code, timeout=60).stdout


def _regiekamer(args, env, timeout: float) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).parent / "regiekamer"
    try:
        result = subprocess.run(
            [str(executable), *args], env=env, cwd=REPO_ROOT, capture_output=True, text=True,
            timeout=timeout, stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`regiekamer {' '.join(args)}` took more than {timeout:.0f} s", pytrace=False)
    if result.returncode != 0:
        pytest.fail(
            f"`regiekamer {' '.join(args)}` exited {result.returncode}\n"
            f"--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}",
            pytrace=False,
        )
    return result


class _E2EDatabase:
    """A database of its own for the server: a SQLite file, or a PostgreSQL database beside ours."""

    def __init__(self, folder: Path):
        self.test_url = os.environ.get("DATABASE_URL", "")
        self.is_postgres = bool(self.test_url) and dj_database_url.parse(self.test_url)["ENGINE"] in {
            "django.db.backends.postgresql",
            "django.contrib.gis.db.backends.postgis",
        }
        if self.is_postgres:
            parts = urlsplit(self.test_url)
            base = parts.path.lstrip("/") or "regiekamer"
            self.name = f"{base}_e2e_{secrets.token_hex(4)}"
            self.url = urlunsplit(parts._replace(path="/" + self.name))
            # The maintenance database to CREATE/DROP from.
            self._admin_url = urlunsplit(parts._replace(path="/postgres"))
        else:
            self.name = str(folder / "e2e.sqlite3")
            self.url = f"sqlite:///{self.name}"

    def _admin(self, sql: str) -> None:
        with psycopg.connect(self._admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def create(self) -> None:
        if self.is_postgres:
            self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.is_postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def e2e_server(tmp_path_factory) -> Iterator[E2EServer]:
    """Migrate and seed a database of its own, serve it with runserver, yield where it listens."""
    folder = tmp_path_factory.mktemp("e2e")
    database = _E2EDatabase(folder)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database.url,
        "REGIEKAMER_MAP_TILE_URL": "",  # no basemap: the tests must not reach out to the internet
        # As users see it: our own error pages, not Django's debug pages (static files are served
        # by runserver --insecure, as `make demo` does).
        "REGIEKAMER_DEBUG": "false",
        "REGIEKAMER_SECRET_KEY": secrets.token_urlsafe(40),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the server should behave as in production

    database.create()
    process = None
    log_path = folder / "server.log"
    try:
        _regiekamer(["migrate", "--no-input"], env, timeout=300)
        _regiekamer(
            ["demo-data", "--addresses", str(DEMO_ADDRESSES), "--seed", str(DEMO_SEED)], env, timeout=600
        )
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [str(Path(sys.executable).parent / "regiekamer"), "runserver", f"127.0.0.1:{port}",
                 "--noreload", "--skip-checks", "--insecure"],
                env=env, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        _wait_until_serving(process, f"{base_url}/inloggen/", log_path)
        yield E2EServer(base_url=base_url, database_url=database.url, log_path=log_path, env=env)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        database.drop()


def _wait_until_serving(process: subprocess.Popen, url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"runserver exited with {process.returncode} before serving:\n{_tail(log_path)}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError as exc:
            # The server answers; the page itself is for the tests to judge.
            if exc.code < 500:
                return
            pytest.fail(f"GET {url} answered {exc.code}:\n{_tail(log_path)}", pytrace=False)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"runserver did not answer {url} within {STARTUP_TIMEOUT_S} s:\n{_tail(log_path)}", pytrace=False)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, driven by Playwright (never Playwright's own browser download)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
            "(apt-get install chromium; .ci/run installs it).",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(request, browser, e2e_server):
    """A page in a fresh browser context (Dutch, 1280x800) whose base_url is the e2e server."""
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 1280, "height": 800}, base_url=e2e_server.base_url
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        RESULTS_DIR.mkdir(exist_ok=True)
        path = RESULTS_DIR / f"{request.node.name}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
            print(f"screenshot of the failing page: {path}")
        except Exception as exc:  # the page may have crashed; the failure itself is what matters
            print(f"no screenshot: {exc}")
    context.close()


@pytest.fixture
def start_worker(e2e_server, tmp_path):
    """Start `regiekamer db_worker` on the e2e database when the test says so; stop it afterwards."""
    processes: list[subprocess.Popen] = []
    log_path = tmp_path / "worker.log"

    def start() -> subprocess.Popen:
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [str(Path(sys.executable).parent / "regiekamer"), "db_worker", "--interval", "0.2",
                 "--no-startup-delay", "--no-reload"],
                env=e2e_server.env, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        processes.append(process)
        return process

    yield start
    for process in processes:
        process.terminate()  # the worker finishes its task and stops on SIGTERM
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if log_path.exists():
        print(f"--- db_worker log ---\n{log_path.read_text(errors='replace')[-4000:]}")

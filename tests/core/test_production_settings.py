"""The production settings (REGIEKAMER_HTTPS and friends, docs/adr/0010) as a server really runs them.

Each test starts real processes with the production environment: `regiekamer check --deploy`, and
gunicorn with deploy/gunicorn.conf.py on a migrated SQLite file, asked over plain http the way a
TLS-terminating proxy asks it (X-Forwarded-Proto: https).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import re
import secrets
import shlex
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.test import override_settings

from tests import gunicorn as gunicorn_server

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOST = "regiekamer.example.nl"
PASSWORD = "Een-lang-wachtwoord-2026"


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of docs/deployment.md, on a SQLite file, without any test switch."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REGIEKAMER_", "DJANGO_", "DATABASE_URL"))}
    env.update({
        "REGIEKAMER_DEBUG": "false",
        "REGIEKAMER_HTTPS": "true",
        "REGIEKAMER_SECRET_KEY": secrets.token_urlsafe(50),
        "REGIEKAMER_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'regiekamer.sqlite3'}",
        **extra,
    })
    return env


def regiekamer(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "regiekamer"), *args], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
    )


def _documented_env(tmp_path: Path) -> dict[str, str]:
    """deploy/regiekamer.env.example as the guide tells to fill it in (keys, database)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REGIEKAMER_", "DJANGO_", "DATABASE_URL"))}
    for line in (REPO_ROOT / "deploy" / "regiekamer.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key] = secrets.token_urlsafe(50) if key.endswith("_KEY") else value
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'regiekamer.sqlite3'}"
    return env


@pytest.mark.parametrize("environment", [production_env, _documented_env], ids=["minimal", "documented"])
def test_check_deploy_reports_nothing_with_the_production_environment(tmp_path, environment):
    result = regiekamer(environment(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert not re.search(r"\((security|[a-z_]+)\.[WE]\d+\)", output)
    assert not settings.SILENCED_SYSTEM_CHECKS


def test_check_deploy_does_warn_without_the_https_switch(tmp_path):
    """The check above can fail: plain http (the demo's setup) is reported."""
    result = regiekamer(production_env(tmp_path, REGIEKAMER_HTTPS="false"), "check", "--deploy")
    output = result.stdout + result.stderr
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in output


def test_the_production_hasher_is_argon2id():
    assert settings.PRODUCTION_PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=settings.PRODUCTION_PASSWORD_HASHERS):
        encoded = make_password(PASSWORD)
        assert encoded.startswith("argon2$argon2id$")
        assert check_password(PASSWORD, encoded)
        assert not check_password(PASSWORD + "x", encoded)


def test_password_rules_length_common_and_a_local_breach_list(tmp_path):
    breached = tmp_path / "breached.txt"
    breached.write_text("nog-een-gelekt-wachtwoord\nZOMER-in-Venlo-2026\n\n")  # mixed case, as corpora are
    script = (
        "from django.conf import settings\n"
        "from django.contrib.auth.password_validation import validate_password\n"
        "from django.core.exceptions import ValidationError\n"
        "print('hasher', settings.PASSWORD_HASHERS[0])\n"
        "for pw in ['kort-2026', 'elf-tekens1', 'password1234', 'Zomer-in-Venlo-2026', 'Verder-dan-twaalf-9']:\n"
        "    try:\n"
        "        validate_password(pw)\n"
        "        print(pw, 'ok')\n"
        "    except ValidationError as e:\n"
        "        print(pw, 'refused', '|'.join(x.code for x in e.error_list))\n"
    )
    result = regiekamer(
        production_env(tmp_path, REGIEKAMER_BREACHED_PASSWORDS_FILE=str(breached)), "shell", "--no-imports", "-c", script
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.strip().splitlines())
    assert lines["hasher"] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert lines["kort-2026"] == "refused password_too_short"
    assert lines["elf-tekens1"] == "refused password_too_short"  # 11 characters
    assert lines["password1234"] == "refused password_too_common"
    assert lines["Zomer-in-Venlo-2026"] == "refused password_breached"  # only on the local list
    assert lines["Verder-dan-twaalf-9"] == "ok"



class Server:
    def __init__(self, port: int, database: Path, env: dict[str, str]):
        self.port = port
        self.database = database
        self.env = env

    def request(self, method: str, path: str, *, https: bool = True, headers: dict | None = None, body: str = ""):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        all_headers = {"Host": HOST, **({"X-Forwarded-Proto": "https"} if https else {}), **(headers or {})}
        conn.request(method, path, body=body or None, headers=all_headers)
        response = conn.getresponse()
        response.read()
        conn.close()
        return response


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory) -> Iterator[Server]:
    """gunicorn with deploy/gunicorn.conf.py and the production environment on a fresh SQLite file."""
    tmp_path = tmp_path_factory.mktemp("production")
    env = production_env(tmp_path, REGIEKAMER_WORKERS="1")
    for args in (["migrate", "--no-input", "-v0"], ["shell", "--no-imports", "-c", (
        "from django.contrib.auth import get_user_model\n"
        f"get_user_model().objects.create_user('beheerder', password='{PASSWORD}')"
    )]):
        result = regiekamer(env, *args)
        assert result.returncode == 0, result.stderr
    with gunicorn_server.started(env, tmp_path / "gunicorn.log") as (_process, port):
        yield Server(port, tmp_path / "regiekamer.sqlite3", env)


def _cookies(response) -> dict[str, list[str]]:
    """Each Set-Cookie by name, with its attributes as written (lower-cased, without values)."""
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name = header.split("=", 1)[0]
        found[name] = [part.strip().split("=")[0].lower() if not part.strip().lower().startswith(("path", "samesite"))
                       else part.strip().lower() for part in header.split(";")[1:]]
    return found


def test_plain_http_is_redirected_to_https(gunicorn):
    response = gunicorn.request("GET", "/inloggen/", https=False)
    assert response.status == 301
    assert response.headers["Location"] == f"https://{HOST}/inloggen/"


def test_html_pages_carry_the_security_headers(gunicorn):
    response = gunicorn.request("GET", "/inloggen/")
    assert response.status == 200
    headers = response.headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = {d.strip().split(" ")[0]: d.strip().split(" ")[1:] for d in headers["Content-Security-Policy"].split(";")}
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    nonce = [s for s in csp["script-src"] if s.startswith("'nonce-")]
    assert len(nonce) == 1 and "'unsafe-inline'" not in csp["script-src"]
    # A fresh nonce for every response.
    again = gunicorn.request("GET", "/inloggen/").headers["Content-Security-Policy"]
    assert nonce[0] not in again


def test_csrf_and_session_cookies_are_host_prefixed_secure_httponly_samesite(gunicorn):
    page = http.client.HTTPConnection("127.0.0.1", gunicorn.port, timeout=30)
    page.request("GET", "/inloggen/", headers={"Host": HOST, "X-Forwarded-Proto": "https"})
    response = page.getresponse()
    html = response.read().decode()
    page.close()
    cookies = _cookies(response)
    assert set(cookies) == {"__Host-csrftoken"}
    csrf = cookies["__Host-csrftoken"]
    assert {"secure", "httponly", "path=/", "samesite=lax"} <= set(csrf)
    assert "domain" not in csrf

    jar = SimpleCookie()
    jar.load(response.headers["Set-Cookie"])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    login = gunicorn.request(
        "POST", "/inloggen/",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"__Host-csrftoken={jar['__Host-csrftoken'].value}",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}/inloggen/",
        },
        body=f"username=beheerder&password={PASSWORD}&csrfmiddlewaretoken={token}",
    )
    assert login.status == 302, login.status
    cookies = _cookies(login)
    session = cookies["__Host-sessionid"]
    assert {"secure", "httponly", "path=/", "samesite=lax"} <= set(session)
    assert "domain" not in session
    assert "sessionid" not in cookies and "csrftoken" not in cookies


def test_a_password_set_under_production_settings_is_stored_as_argon2id(gunicorn):
    with sqlite3.connect(gunicorn.database) as db:
        (encoded,) = db.execute("SELECT password FROM auth_user WHERE username = 'beheerder'").fetchone()
    assert encoded.startswith("argon2$argon2id$")


UNITS = REPO_ROOT / "deploy" / "systemd"


def _installed_units(tmp_path: Path) -> list[Path]:
    """The unit files as installed from this checkout (the guide installs the code in /opt/regiekamer)."""
    paths = []
    for unit in sorted(UNITS.iterdir()):
        path = tmp_path / unit.name
        path.write_text(unit.read_text().replace("/opt/regiekamer", str(REPO_ROOT)))
        paths.append(path)
    return paths


def test_systemd_units_verify_cleanly(tmp_path):
    units = _installed_units(tmp_path)
    assert {u.name for u in units} == {"regiekamer-web.service", "regiekamer-worker.service",
                                       "regiekamer-backup.service", "regiekamer-backup.timer"}
    result = subprocess.run(["systemd-analyze", "verify", *map(str, units)], capture_output=True, text=True, cwd=tmp_path)
    # verify exits 0 even on a line it ignores; any message at all is a fault here.
    assert result.returncode == 0 and not result.stdout.strip() and not result.stderr.strip(), result.stderr


def _systemd_command(line: str) -> list[str]:
    """An Exec line's words after systemd's own escapes ($$, %%, \\\\) are undone."""
    return [w.replace("$$", "$").replace("%%", "%").replace("\\\\", "\\") for w in shlex.split(line)]


def test_the_backup_unit_makes_a_dated_backup_and_removes_only_old_complete_ones(gunicorn, tmp_path):
    unit = (UNITS / "regiekamer-backup.service").read_text().replace("/opt/regiekamer", str(REPO_ROOT))
    keys = dict(line.split("=", 1) for line in unit.splitlines() if re.match(r"^(ExecStart|ExecStartPost|Environment)=", line))
    environment = dict(pair.split("=", 1) for pair in shlex.split(keys["Environment"]))
    assert environment["KEEP_DAYS"] == "14"
    backups = tmp_path / "backups"
    old, recent, unfinished = backups / "20250101-023000", backups / "20261120-023000", backups / "20250102-023000"
    for folder in (old, recent, unfinished):
        folder.mkdir(parents=True)
    for folder in (old, recent):
        (folder / "manifest.json").write_text("{}")
    twenty_days_ago = (dt.datetime.now() - dt.timedelta(days=20)).timestamp()
    os.utime(old / "manifest.json", (twenty_days_ago, twenty_days_ago))
    env = {**gunicorn.env, **environment, "BACKUP_DIR": str(backups)}

    for key in ("ExecStart", "ExecStartPost"):
        result = subprocess.run(_systemd_command(keys[key]), env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr

    made = [f for f in backups.iterdir() if re.fullmatch(r"\d{8}-\d{6}", f.name) and f not in (old, recent, unfinished)]
    assert len(made) == 1
    manifest = json.loads((made[0] / "manifest.json").read_text())
    assert manifest["engine"] == "sqlite" and manifest["tables"]["auth_user"] == 1
    assert not old.exists()  # complete and older than KEEP_DAYS
    assert recent.exists() and unfinished.exists()

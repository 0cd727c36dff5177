"""Every cookie the application writes, and its pages, under the production settings (ASVS 3.3, 13.3.1, 13.4.2).

test_production_settings.py proves the session and CSRF cookies against gunicorn; this adds the third
cookie (the language choice) and the error page, through Django's test client inside a process that
runs with the production environment (no database needed for these pages).
"""

import json

import pytest

from .test_production_settings import HOST, production_env, regiekamer

SCRIPT = f"""
import json
from django.conf import settings
from django.test import Client

client = Client(HTTP_HOST={HOST!r})
language = client.post("/i18n/setlang/", {{"language": "en", "next": "/inloggen/"}}, secure=True)
login = Client(HTTP_HOST={HOST!r}).get("/inloggen/", secure=True)
missing = Client(HTTP_HOST={HOST!r}).get("/bestaat/niet/", secure=True)
print(json.dumps({{
    "debug": settings.DEBUG,
    "cookies": {{m.key: m.output(header="").strip() for r in (language, login) for m in r.cookies.values()}},
    "missing": [missing.status_code, missing.content.decode()],
}}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    result = regiekamer(production_env(tmp_path_factory.mktemp("cookies")), "shell", "--no-imports", "-c", SCRIPT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _attributes(cookie: str) -> set[str]:
    return {part.strip().lower() for part in cookie.split(";")[1:]}


def test_every_cookie_is_host_prefixed_secure_and_samesite(production):
    cookies = production["cookies"]
    assert set(cookies) == {"__Host-language", "__Host-csrftoken"}
    for name, cookie in cookies.items():
        attributes = _attributes(cookie)
        assert {"secure", "path=/", "samesite=lax"} <= attributes, name
        assert not any(a.startswith("domain") for a in attributes), name


def test_no_script_reads_any_cookie(production):
    for name, cookie in production["cookies"].items():
        assert "httponly" in _attributes(cookie), name


def test_the_production_error_page_shows_no_debug_information(production):
    assert production["debug"] is False
    status, page = production["missing"]
    assert status == 404
    for leak in ("Traceback", "urlpatterns", "URLconf", "DEBUG = True", "config.urls"):
        assert leak not in page, leak


def test_without_its_own_secret_key_production_does_not_start(tmp_path):
    env = production_env(tmp_path)
    del env["REGIEKAMER_SECRET_KEY"]
    result = regiekamer(env, "check")
    assert result.returncode != 0
    assert "Set REGIEKAMER_SECRET_KEY when REGIEKAMER_DEBUG is off." in result.stderr


@pytest.mark.parametrize("key", ["REGIEKAMER_PSEUDONYM_KEY", "REGIEKAMER_AUDIT_KEY"])
def test_a_placeholder_key_from_the_example_file_fails_the_deploy_check(tmp_path, key):
    placeholder = {"REGIEKAMER_PSEUDONYM_KEY": "change-me-too", "REGIEKAMER_AUDIT_KEY": "change-me-as-well"}[key]
    result = regiekamer(production_env(tmp_path, **{key: placeholder}), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "regiekamer.W001" in result.stdout + result.stderr and key.removeprefix("REGIEKAMER_") in result.stderr

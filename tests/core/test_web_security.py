"""Browser-facing security of the web application, in process (docs/security/asvs.md lists what each proves).

Headers on every kind of response, the content security policy's origins, CORS, CSRF, methods,
redirects, sessions (creation, rotation, logout, disabled accounts), the login form, password
rules, error pages, and what the pages leave in the browser. The production-only parts (HSTS,
__Host- cookies, Secure) are proven against gunicorn in test_production_settings.py.
"""

import json
import logging
import re
import string
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from regiekamer.accounts import mfa
from regiekamer.meldingen.models import Melding
from regiekamer.organisations.models import Role
from tests.factories import AddressFactory, CaseFactory, MembershipFactory, api_token_header

from .urls_failing import SECRET_DETAIL

pytestmark = pytest.mark.django_db
REPO_ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Een heel lang wachtwoord voor de regiekamer"


@pytest.fixture
def handler():
    membership = MembershipFactory(role=Role.COORDINATOR)
    membership.user.set_password(PASSWORD)
    membership.user.save()
    return membership.user


def _login(client: Client, username: str, password: str = PASSWORD, next_: str = ""):
    """Both login steps: the password, then (when it was right) the code of the user's app; the
    last response. The app is linked beforehand, as at an earlier login (tests/accounts covers linking)."""
    response = client.post(f"/inloggen/?next={next_}" if next_ else "/inloggen/",
                           {"username": username, "password": password})
    if response.status_code != 302 or not response["Location"].startswith("/inloggen/"):
        return response
    user = User.objects.get(username=username)
    device = mfa.confirmed_device(user) or TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    device.last_t = -1  # these tests log in several times within one 30-second step
    device.save(update_fields=["last_t"])
    return client.post("/inloggen/verificatie/", {"code": mfa.code_for(device)})


def _policy(response) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in response["Content-Security-Policy"].split(";") if d.strip()}


# --- Headers on every kind of response (ASVS 3.4.3-3.4.6, 3.7.1, 14.2.3) --------------------------------

def _responses(handler) -> dict[str, object]:
    token = api_token_header(handler)
    signed_in = Client()
    signed_in.force_login(handler)
    return {
        "html page": Client().get("/inloggen/"),
        "signed-in page": signed_in.get("/zoeken/"),
        "not found": Client().get("/bestaat-niet/"),
        "redirect": Client().get("/zoeken/"),
        "json": Client().get("/api/v1/addresses/", HTTP_AUTHORIZATION=token),
        "json error": Client().get("/api/v1/addresses/"),
        "method not allowed": Client().generic("TRACE", "/zoeken/"),
    }


def test_every_kind_of_response_carries_the_browser_security_headers(handler):
    for kind, response in _responses(handler).items():
        policy = _policy(response)
        assert policy["frame-ancestors"] == ["'none'"], kind
        assert policy["object-src"] == ["'none'"], kind  # no plugins (Flash, Java applets) can run
        assert policy["base-uri"] == ["'none'"], kind
        assert response["X-Content-Type-Options"] == "nosniff", kind
        assert response["Referrer-Policy"] == "same-origin", kind


def test_the_policy_lets_no_third_party_script_connection_or_form_in(handler):
    responses = _responses(handler)
    for kind, response in responses.items():
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"], kind
        scripts = policy["script-src"]
        assert scripts[0] == "'self'" and all(s.startswith("'nonce-") for s in scripts[1:]), kind
        assert policy["connect-src"] == ["'self'"] and policy["form-action"] == ["'self'"], kind
        assert policy["style-src"] == ["'self'"] and policy["font-src"] == ["'self'"], kind
        # Images: our own, inline data, and the basemap's tile server (only tile coordinates go there).
        assert policy["img-src"] == ["'self'", "data:", "https://service.pdok.nl"], kind
    page = responses["signed-in page"].content.decode()
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', page)


# --- Cross-origin requests (ASVS 3.4.2, 3.5.1, 3.5.3, 3.7.2) ----------------------------------------

def test_no_foreign_origin_is_allowed_to_read_the_api(handler):
    token = api_token_header(handler)
    origin = "https://kwaadwillend.example"
    read = Client().get("/api/v1/addresses/", HTTP_ORIGIN=origin, HTTP_AUTHORIZATION=token)
    preflight = Client().options("/api/v1/meldingen/", HTTP_ORIGIN=origin,
                                 HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
                                 HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization")
    assert read.status_code == 200
    for response in (read, preflight):
        assert not [h for h in response.headers if h.lower().startswith("access-control-")]


def test_a_post_without_the_csrf_token_is_refused_on_pages_and_on_the_session_api(handler):
    case = CaseFactory(address=AddressFactory(), responsible=handler.membership.organisation)
    client = Client(enforce_csrf_checks=True)
    client.force_login(handler)
    status_url = f"/zaken/{case.pk}/status/"
    version = case.version
    assert client.post(status_url, {"to": "in_behandeling", "version": version}).status_code == 403
    case.refresh_from_db()
    assert case.version == version
    refused = client.post("/api/v1/meldingen/", {"category": "overbewoning", "description": "x"},
                          content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert not Melding.objects.exists()
    # With the token the same post gets past the check (and is judged on its content).
    page = client.get(f"/zaken/{case.pk}/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post(status_url, {"csrfmiddlewaretoken": token}).status_code != 403


def test_changes_refuse_get(handler):
    case = CaseFactory(address=AddressFactory(), responsible=handler.membership.organisation)
    client = Client()
    client.force_login(handler)
    for url in ("/uitloggen/", f"/zaken/{case.pk}/status/", f"/zaken/{case.pk}/afsluiten/"):
        assert client.get(url).status_code == 405, url
    assert client.get("/zoeken/").status_code == 200  # still signed in: the GET to log out did nothing


@pytest.mark.parametrize("target", ["https://kwaadwillend.example/", "//kwaadwillend.example/",
                                    "https:/kwaadwillend.example", "javascript:alert(1)"])
def test_redirects_after_login_and_language_switch_stay_inside_the_application(handler, target):
    login = _login(Client(), handler.username, next_=target)
    assert login.status_code == 302 and login["Location"] == "/"
    language = Client().post("/i18n/setlang/", {"language": "en", "next": target})
    assert language.status_code == 302 and language["Location"] == "/"


def test_a_redirect_inside_the_application_is_followed(handler):
    login = _login(Client(), handler.username, next_="/zaken/")
    assert login["Location"] == "/zaken/"


# --- Methods and information leakage (ASVS 13.4.4, 13.4.1, 13.4.3, 16.5.1, 16.3.4) ----------------

@pytest.mark.parametrize("path", ["/zoeken/", "/meldpunt/", "/inloggen/", "/api/v1/addresses/"])
@pytest.mark.parametrize("method", ["TRACE", "CONNECT"])
def test_trace_and_connect_are_refused(handler, path, method):
    client = Client()
    client.force_login(handler)
    response = client.generic(method, path)
    assert response.status_code == 405
    assert method not in response["Allow"]


def test_no_source_control_metadata_or_folder_listing_is_served():
    for path in ("/.git/HEAD", "/.git/config", "/static/", "/static/regiekamer/", "/media/", "/.env"):
        assert Client().get(path).status_code == 404, path
    # The shipped nginx configuration serves only collectstatic's folder itself, without listings.
    nginx = (REPO_ROOT / "deploy" / "nginx" / "regiekamer.conf").read_text()
    served = re.findall(r"^\s*(?:alias|root)\s+(\S+);", nginx, re.M)
    assert served == ["/var/lib/regiekamer/static/"]
    assert "autoindex on" not in nginx


@pytest.mark.urls("tests.core.urls_failing")
def test_an_unexpected_error_shows_a_generic_page_and_is_logged(caplog):
    assert not settings.DEBUG
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = Client(raise_request_exception=False).get("/kapot/")
    body = response.content.decode()
    assert response.status_code == 500
    for leak in (SECRET_DETAIL, "SELECT", "auth_user", "Traceback", "RuntimeError", "urls_failing", settings.SECRET_KEY):
        assert leak not in body, leak
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR and record.exc_info[0] is RuntimeError
    assert str(record.exc_info[1]) == SECRET_DETAIL  # the detail goes to the log, not to the visitor


# --- Sessions (ASVS 7.2.1, 7.2.3, 7.2.4, 7.4.1, 7.4.2, 7.4.4) -------------------------------------

def test_a_made_up_session_cookie_is_no_session(handler):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32
    response = client.get("/zoeken/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_session_ids_are_long_random_and_kept_on_the_server(handler):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    keys = set()
    for _ in range(5):
        client = Client()
        assert _login(client, handler.username).status_code == 302
        key = client.cookies[settings.SESSION_COOKIE_NAME].value
        # 32 symbols of 36 (a-z, 0-9) from the secrets module: 165 bits.
        assert len(key) == 32 and set(key) <= set(string.ascii_lowercase + string.digits)
        assert SessionStore(session_key=key).get("_auth_user_id") == str(handler.pk)  # the cookie holds only the id
        keys.add(key)
    assert len(keys) == 5


def test_login_issues_a_new_session_id_and_ends_the_old_one(handler):
    before = SessionStore()
    before["django_language"] = "nl"
    before.create()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = before.session_key
    assert _login(client, handler.username).status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before.session_key
    assert not SessionStore().exists(before.session_key)
    planted = Client()
    planted.cookies[settings.SESSION_COOKIE_NAME] = before.session_key
    assert planted.get("/zoeken/").status_code == 302  # the id an attacker planted is worth nothing


def test_logout_ends_the_session_on_the_server(handler):
    client = Client()
    _login(client, handler.username)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/zoeken/").status_code == 200
    assert client.post("/uitloggen/").status_code == 302
    assert not SessionStore().exists(key)
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key  # a copy of the old cookie, or the back button
    response = replay.get("/zoeken/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_a_disabled_account_loses_its_sessions_at_once(handler):
    client = Client()
    _login(client, handler.username)
    assert client.get("/zoeken/").status_code == 200
    handler.is_active = False
    handler.save()
    response = client.get("/zoeken/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")
    assert client.get("/api/v1/addresses/").status_code in (401, 403)


def test_every_page_of_the_menu_offers_logout(handler):
    client = Client()
    client.force_login(handler)
    start = client.get("/").content.decode()
    menu = re.search(r'<nav class="rk-nav".*?</nav>', start, re.S).group(0)
    links = re.findall(r'href="([^"]+)"', menu)
    assert len(links) >= 8
    for href in links:
        page = client.get(href)
        assert page.status_code == 200, href
        assert re.search(r'<form[^>]*method="post"[^>]*action="/uitloggen/"', page.content.decode()), href


# --- The login form and password rules (ASVS 6.2.1, 6.2.5-6.2.9) ----------------------------------

def test_the_password_field_is_masked_and_password_managers_may_fill_it():
    page = Client().get("/inloggen/").content.decode()
    [field] = re.findall(r"<input[^>]*name=\"password\"[^>]*>", page)
    assert 'type="password"' in field and 'autocomplete="current-password"' in field
    assert not re.search(r"on(paste|copy|drop)=|autocomplete=\"off\"", page)


def test_the_password_is_checked_exactly_as_typed(handler):
    wrongs = (PASSWORD.upper(), PASSWORD.lower(), PASSWORD + " ", " " + PASSWORD, PASSWORD[:-1], PASSWORD[:12])
    for n, wrong in enumerate(wrongs):  # each from its own address: six from one would be a lockout
        response = _login(Client(REMOTE_ADDR=f"192.0.2.{n + 1}"), handler.username, wrong)
        assert response.status_code == 200, repr(wrong)  # the form again, with its message
    assert _login(Client(), handler.username).status_code == 302


@pytest.mark.parametrize("password", [
    "alleen kleine letters en spaties",  # no capital, digit or sign required
    "ŁÓDŹ-świnoujście-ĆMA-Ærø",  # any characters
    "correct paard batterij nietje " * 3,  # 90 characters
    "x" * 7 + "-" + "y" * 120,  # 128 characters
])
def test_passphrases_of_any_composition_and_length_are_accepted(handler, password):
    validate_password(password, user=handler)
    handler.set_password(password)
    handler.save()
    assert _login(Client(), handler.username, password).status_code == 302


def test_a_short_password_is_refused():
    with pytest.raises(Exception) as refused:
        validate_password("elf-tekens1")  # 11 characters
    assert [e.code for e in refused.value.error_list] == ["password_too_short"]


# --- Nothing left in the browser's storage (ASVS 14.3.3) ------------------------------------------

def _htmx_config(page: str) -> dict:
    return json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", page).group(1))


def test_htmx_keeps_no_copy_of_any_page_in_browser_storage(handler):
    client = Client()
    client.force_login(handler)
    for url in ("/zoeken/", "/inloggen/", "/meldpunt/nl/"):
        response = Client().get(url) if url != "/zoeken/" else client.get(url)
        assert response.status_code == 200, url
        config = _htmx_config(response.content.decode())
        assert config["historyCacheSize"] == 0 and config["refreshOnHistoryMiss"] is True, url


def _our_scripts() -> dict[Path, str]:
    """Our own scripts (not the vendored libraries), without their comments."""
    paths = [p for p in (REPO_ROOT / "regiekamer").rglob("static/**/*.js") if "vendor" not in p.parts]
    assert len(paths) >= 4
    uncommented = {p: re.sub(r"/\*.*?\*/", "", p.read_text(), flags=re.S) for p in paths}
    return {p: re.sub(r"^\s*//.*$", "", text, flags=re.M) for p, text in uncommented.items()}


def test_our_scripts_do_not_use_browser_storage():
    for script, text in _our_scripts().items():
        for api in ("localStorage", "sessionStorage", "indexedDB", "document.cookie", "openDatabase"):
            assert api not in text, f"{script.relative_to(REPO_ROOT)} uses {api}"


def test_our_scripts_write_text_not_markup():
    """Data reaches the page through textContent; no script of ours parses a string as HTML or code."""
    for script, text in _our_scripts().items():
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in text, f"{script.relative_to(REPO_ROOT)}: {sink}"


# --- Outbound connections (ASVS 13.2.4) --------------------------------------------------------------

# The server talks to its database and, when configured, to the local ClamAV daemon and to the
# municipality's own OIDC provider; it fetches nothing else from the internet (browsers fetch the
# basemap tiles, allowed by the policy above). The allowlist: module -> the one host it may reach.
ALLOWED_OUTBOUND = {"regiekamer/core/oidc.py: requests": "the OIDC provider of REGIEKAMER_OIDC_ISSUER, when set"}
OUTBOUND_CLIENTS = re.compile(
    r"^\s*(?:import|from)\s+(requests|httpx|aiohttp|urllib3|urllib\.request|http\.client|smtplib|ftplib|"
    r"xmlrpc\.client|django\.core\.mail)\b", re.M)


def test_the_application_sends_no_requests_to_other_hosts():
    sources = [p for root in ("regiekamer", "riskengine", "config") for p in (REPO_ROOT / root).rglob("*.py")]
    assert len(sources) > 100
    found = [f"{p.relative_to(REPO_ROOT)}: {m.group(1)}" for p in sources for m in OUTBOUND_CLIENTS.finditer(p.read_text())]
    assert set(found) <= set(ALLOWED_OUTBOUND), sorted(set(found) - set(ALLOWED_OUTBOUND))

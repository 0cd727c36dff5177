"""The optional OIDC login (regiekamer/core/oidc.py): off by default without routes; on, a login maps
the provider's claims to an existing account and refuses unknown users, tokens without MFA, tokens of
another issuer or client. The whole code flow runs against a small provider on 127.0.0.1 (token and
userinfo endpoints in a thread; the ID token signed with HS256 and the client secret), no network."""

import importlib
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, Resolver404, clear_url_caches, resolve, reverse

from regiekamer.accounts.models import SecurityEvent, SecurityEventKind
from regiekamer.core import oidc, oidc_settings

ISSUER = "https://login.gemeente-venlo.nl/realms/medewerkers"
ENVIRONMENT = {
    "REGIEKAMER_OIDC_ISSUER": ISSUER,
    "REGIEKAMER_OIDC_CLIENT_ID": "regiekamer",
    "REGIEKAMER_OIDC_CLIENT_SECRET": "a-client-secret-of-at-least-32-bytes!",
    "REGIEKAMER_OIDC_AUTHORIZATION_ENDPOINT": f"{ISSUER}/protocol/openid-connect/auth",
    "REGIEKAMER_OIDC_TOKEN_ENDPOINT": f"{ISSUER}/protocol/openid-connect/token",
    "REGIEKAMER_OIDC_USERINFO_ENDPOINT": f"{ISSUER}/protocol/openid-connect/userinfo",
    "REGIEKAMER_OIDC_JWKS_ENDPOINT": f"{ISSUER}/protocol/openid-connect/certs",
}

pytestmark = pytest.mark.django_db


# --- off by default

def test_off_by_default_there_are_no_oidc_routes_and_no_backend():
    assert django_settings.OIDC_ENABLED is False
    for path in ("/oidc/authenticate/", "/oidc/callback/", "/oidc/logout/"):
        with pytest.raises(Resolver404):
            resolve(path)
    with pytest.raises(NoReverseMatch):
        reverse("oidc_authentication_init")
    assert oidc_settings.BACKEND not in django_settings.AUTHENTICATION_BACKENDS
    assert Client().get("/oidc/authenticate/").status_code == 404


def test_the_environment_turns_it_on():
    assert oidc_settings.from_environment({}) == {"OIDC_ENABLED": False}
    values = oidc_settings.from_environment(ENVIRONMENT)
    assert values["OIDC_ENABLED"] is True and values["OIDC_ISSUER"] == ISSUER
    assert (values["OIDC_RP_CLIENT_ID"], values["OIDC_OP_USER_ENDPOINT"]) == (
        "regiekamer", f"{ISSUER}/protocol/openid-connect/userinfo")
    assert (values["OIDC_CREATE_USER"], values["OIDC_USE_PKCE"], values["OIDC_RP_SIGN_ALGO"]) == (False, True, "RS256")
    assert (values["OIDC_MATCH_CLAIM"], values["OIDC_MFA_AMR"], values["OIDC_MFA_ACR"]) == ("email", ["mfa"], [])
    assert values["OIDC_AUTH_REQUEST_EXTRA_PARAMS"] == {}
    tuned = oidc_settings.from_environment({**ENVIRONMENT, "REGIEKAMER_OIDC_MFA_AMR": "mfa, hwk",
                                            "REGIEKAMER_OIDC_MFA_ACR": "urn:gemeente:loa:substantieel",
                                            "REGIEKAMER_OIDC_REQUEST_ACR": "urn:gemeente:loa:substantieel"})
    assert (tuned["OIDC_MFA_AMR"], tuned["OIDC_MFA_ACR"]) == (["mfa", "hwk"], ["urn:gemeente:loa:substantieel"])
    assert tuned["OIDC_AUTH_REQUEST_EXTRA_PARAMS"] == {"acr_values": "urn:gemeente:loa:substantieel"}


def test_an_issuer_without_the_rest_stops_the_start():
    with pytest.raises(RuntimeError, match="REGIEKAMER_OIDC_TOKEN_ENDPOINT, REGIEKAMER_OIDC_USERINFO_ENDPOINT"):
        oidc_settings.from_environment({key: value for key, value in ENVIRONMENT.items()
                                        if key not in {"REGIEKAMER_OIDC_TOKEN_ENDPOINT",
                                                       "REGIEKAMER_OIDC_USERINFO_ENDPOINT"}})


# --- on

def _reload_urls():
    import mozilla_django_oidc.urls

    import config.urls
    import regiekamer.core.oidc_urls

    for module in (mozilla_django_oidc.urls, regiekamer.core.oidc_urls, config.urls):
        importlib.reload(module)
    clear_url_caches()


@pytest.fixture
def oidc_on(settings):
    for name, value in oidc_settings.from_environment(ENVIRONMENT).items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend", oidc_settings.BACKEND]
    _reload_urls()
    yield settings
    settings.OIDC_ENABLED = False  # the routes go again, for the tests after this one
    _reload_urls()


@pytest.fixture
def anna(db):
    return User.objects.create_user("anna", email="Anna.de.Vries@venlo.nl")


def claims(**changes) -> dict:
    """An ID token's claims as Keycloak or Entra ID send them after a login with a second factor."""
    return {"iss": ISSUER, "aud": "regiekamer", "sub": "f3a1c2d4-5b6e", "email": "anna.de.vries@venlo.nl",
            "email_verified": True, "amr": ["pwd", "mfa"], **changes}


def test_on_the_three_routes_exist(oidc_on):
    assert [resolve(path).url_name for path in ("/oidc/authenticate/", "/oidc/callback/", "/oidc/logout/")] == [
        "oidc_authentication_init", "oidc_authentication_callback", "oidc_logout"]
    assert resolve("/oidc/callback/").func.view_class is oidc.CallbackView


def test_the_login_starts_at_the_provider_with_pkce_state_and_nonce(oidc_on, client):
    response = client.get("/oidc/authenticate/?next=/zaken/")

    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == ENVIRONMENT["REGIEKAMER_OIDC_AUTHORIZATION_ENDPOINT"]
    query = {key: values[0] for key, values in parse_qs(target.query).items()}
    assert (query["response_type"], query["client_id"], query["scope"]) == ("code", "regiekamer", "openid email profile")
    assert query["redirect_uri"] == "http://testserver/oidc/callback/"
    assert query["code_challenge_method"] == "S256" and len(query["state"]) == 32 and len(query["nonce"]) == 32
    assert client.session["oidc_states"][query["state"]]["nonce"] == query["nonce"]


def test_claims_map_to_the_account_with_that_email_address(oidc_on, anna):
    assert oidc.user_for(claims()) == anna  # case-insensitive
    backend = oidc.OIDCBackend()
    assert list(backend.filter_users_by_claims(claims())) == [anna]
    assert backend.verify_claims(claims()) is True


def test_claims_map_by_sub_to_the_user_name_when_so_configured(oidc_on, anna):
    oidc_on.OIDC_MATCH_CLAIM = "sub"
    robin = User.objects.create_user("f3a1c2d4-5b6e", email="anna.de.vries@venlo.nl")
    assert oidc.user_for(claims()) == robin


@pytest.mark.parametrize("changes, reason", [
    ({"email": "onbekend@venlo.nl"}, "no Regiekamer account matches the email claim"),
    ({"email": None}, "the claim email is missing"),
    ({"email_verified": False}, "the provider has not verified the e-mail address"),
])
def test_unknown_users_are_refused_and_never_created(oidc_on, anna, changes, reason):
    with pytest.raises(oidc.Refused, match=reason):
        oidc.user_for(claims(**changes))
    backend = oidc.OIDCBackend()
    assert list(backend.filter_users_by_claims(claims(**changes))) == []
    with pytest.raises(oidc.Refused):
        backend.create_user(claims(**changes))
    assert User.objects.count() == 1


def test_the_login_page_offers_the_provider_only_when_configured(db, client, request):
    assert "/oidc/" not in client.get("/inloggen/").content.decode()
    request.getfixturevalue("oidc_on")
    page = client.get("/inloggen/?next=/zaken/").content.decode()
    assert 'href="/oidc/authenticate/?next=/zaken/"' in page


def test_two_accounts_with_one_address_and_a_disabled_account_are_refused(oidc_on, anna):
    twin = User.objects.create_user("anna2", email="anna.de.vries@VENLO.nl")
    with pytest.raises(oidc.Refused, match="more than one Regiekamer account"):
        oidc.user_for(claims())
    twin.delete()
    anna.is_active = False
    anna.save()
    with pytest.raises(oidc.Refused, match="disabled"):
        oidc.user_for(claims())


@pytest.mark.parametrize("changes, accepted", [
    ({}, True),
    ({"amr": ["pwd"]}, False),  # a password alone
    ({"amr": []}, False),
    ({"amr": None}, False),
    ({"amr": "mfa"}, True),  # a single string, as some providers send it
    ({"amr": ["pwd", "otp"]}, False),  # not in REGIEKAMER_OIDC_MFA_AMR's default
    ({"amr": None, "acr": "urn:gemeente:loa:substantieel"}, False),
])
def test_a_token_without_mfa_is_refused(oidc_on, changes, accepted):
    assert oidc.mfa_asserted(claims(**changes)) is accepted
    assert oidc.OIDCBackend().verify_claims(claims(**changes)) is accepted


def test_the_mfa_values_are_configurable(oidc_on):
    oidc_on.OIDC_MFA_AMR = ["mfa", "otp"]
    oidc_on.OIDC_MFA_ACR = ["urn:gemeente:loa:substantieel"]
    assert oidc.mfa_asserted(claims(amr=["pwd", "otp"]))
    assert oidc.mfa_asserted(claims(amr=["pwd"], acr="urn:gemeente:loa:substantieel"))
    assert not oidc.mfa_asserted(claims(amr=["pwd"], acr="urn:gemeente:loa:laag"))


@pytest.mark.parametrize("changes, reason", [
    ({"iss": "https://evil.example/realms/medewerkers"}, "issuer"),
    ({"aud": "another-application"}, "not meant for this client"),
    ({"aud": ["another-application", "regiekamer"]}, None),
])
def test_tokens_of_another_issuer_or_client_are_refused(oidc_on, changes, reason):
    if reason is None:
        oidc.check_token(claims(**changes))
    else:
        with pytest.raises(oidc.Refused, match=reason):
            oidc.check_token(claims(**changes))


def test_userinfo_about_another_subject_is_refused(oidc_on):
    with pytest.raises(oidc.Refused, match="another subject"):
        oidc.merged_claims(claims(), {"sub": "someone-else", "email": "anna.de.vries@venlo.nl"})
    merged = oidc.merged_claims(claims(), {"sub": "f3a1c2d4-5b6e", "name": "Anna", "amr": ["pwd"]})
    assert merged["name"] == "Anna" and merged["amr"] == ["pwd", "mfa"]  # the signed ID token wins


def test_a_password_login_is_not_this_backends(oidc_on, rf):
    request = rf.get("/inloggen/?code=abc&state=def")
    assert oidc.OIDCBackend().authenticate(request, username="anna", password="geheim") is None


# --- the whole code flow against a provider on 127.0.0.1

class _Provider(BaseHTTPRequestHandler):
    def _json(self, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):  # the token endpoint
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.server.token_requests.append({key: values[0] for key, values in form.items()})
        self._json({"access_token": "access-1", "token_type": "Bearer", "id_token": self.server.id_token})

    def do_GET(self):  # the userinfo endpoint
        self.server.userinfo_requests.append(self.headers["Authorization"])
        self._json(self.server.userinfo)

    def log_message(self, *args):
        pass


@pytest.fixture
def provider(oidc_on):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Provider)
    server.token_requests, server.userinfo_requests = [], []
    base = "http://127.0.0.1:%d" % server.server_address[1]
    oidc_on.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token"
    oidc_on.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
    oidc_on.OIDC_RP_SIGN_ALGO = "HS256"  # signed with the client secret: no key pair needed here
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _log_in(client, provider, id_claims: dict, userinfo: dict | None = None, *,
            key: str = ENVIRONMENT["REGIEKAMER_OIDC_CLIENT_SECRET"], lifetime: int = 300):
    start = client.get("/oidc/authenticate/?next=/zaken/")
    query = {key: values[0] for key, values in parse_qs(urlsplit(start["Location"]).query).items()}
    now = int(time.time())
    provider.id_token = jwt.encode({**id_claims, "nonce": query["nonce"], "iat": now, "exp": now + lifetime},
                                   key, algorithm="HS256")
    provider.userinfo = userinfo or {"sub": id_claims["sub"], "email": id_claims.get("email")}
    return client.get(f"/oidc/callback/?code=code-1&state={query['state']}")


def test_a_login_through_the_provider_with_mfa_logs_the_account_in(provider, client, anna):
    response = _log_in(client, provider, claims())

    assert response.status_code == 302 and response["Location"] == "/zaken/"
    assert client.session[SESSION_KEY] == str(anna.pk)
    assert client.session[oidc.SESSION_KEY] == {"sub": "f3a1c2d4-5b6e", "amr": ["pwd", "mfa"], "acr": None}
    [token_request] = provider.token_requests
    assert (token_request["grant_type"], token_request["code"]) == ("authorization_code", "code-1")
    assert token_request["redirect_uri"] == "http://testserver/oidc/callback/" and "code_verifier" in token_request
    assert provider.userinfo_requests == ["Bearer access-1"]
    # The provider's second factor counts as ours: the session is verified, and the login is an event.
    assert client.session["regiekamer.login"]["verified"] is True
    assert client.get("/").status_code == 200  # not sent to the verification step
    [event] = SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_SUCCESS)
    assert (event.user_id, event.path) == (anna.pk, "/oidc/callback/")


def test_a_session_through_the_provider_ends_when_the_account_is_disabled(provider, client, anna):
    _log_in(client, provider, claims())
    assert client.get("/").wsgi_request.user == anna
    anna.is_active = False
    anna.save()
    assert client.get("/").wsgi_request.user.is_anonymous


@pytest.mark.parametrize("id_claims, log", [
    (claims(amr=["pwd"]), "OIDC login refused: the provider asserted no second factor (amr ['pwd'], acr None)"),
    (claims(email="onbekend@venlo.nl"), "OIDC login refused: no Regiekamer account matches the email claim"),
    (claims(iss="https://evil.example"), "OIDC login refused: issuer 'https://evil.example' is not the configured one"),
])
def test_a_refused_login_lands_on_the_login_page_logged_out(provider, client, anna, caplog, id_claims, log):
    with caplog.at_level(logging.WARNING, "regiekamer.security"):
        response = _log_in(client, provider, id_claims)

    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert SESSION_KEY not in client.session and oidc.SESSION_KEY not in client.session
    assert log in caplog.text and "onbekend@venlo.nl" not in caplog.text
    page = client.get(response["Location"]).content.decode()
    assert "Inloggen via de identiteitsprovider van de gemeente is niet gelukt." in page
    assert User.objects.count() == 1
    [event] = SecurityEvent.objects.all()
    assert (event.kind, event.user_id, event.username) == (SecurityEventKind.LOGIN_FAILURE, None, "(OIDC)")


@pytest.mark.parametrize("key, lifetime", [
    ("a-key-the-provider-does-not-have-00000000", 300),  # signed by someone else
    (ENVIRONMENT["REGIEKAMER_OIDC_CLIENT_SECRET"], -600),  # rightly signed, but expired
])
def test_an_id_token_with_a_wrong_signature_or_expired_logs_no_one_in(provider, client, anna, key, lifetime, caplog):
    with caplog.at_level(logging.WARNING, "regiekamer.security"):
        response = _log_in(client, provider, claims(), key=key, lifetime=lifetime)

    assert "OIDC login refused: the ID token is not valid" in caplog.text

    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert SESSION_KEY not in client.session and oidc.SESSION_KEY not in client.session
    assert client.get("/").status_code == 302


def test_logout_at_the_provider_carries_the_id_token_as_hint(oidc_on):
    oidc_on.OIDC_LOGOUT_ENDPOINT = f"{ISSUER}/protocol/openid-connect/logout"
    request = RequestFactory().post("/oidc/logout/")
    request.session = {"oidc_id_token": "eyJ.token.sig"}
    target = urlsplit(oidc.provider_logout_url(request))
    assert f"{target.scheme}://{target.netloc}{target.path}" == oidc_on.OIDC_LOGOUT_ENDPOINT
    assert parse_qs(target.query) == {"id_token_hint": ["eyJ.token.sig"], "client_id": ["regiekamer"],
                                      "post_logout_redirect_uri": ["http://testserver/inloggen/"]}
    oidc_on.OIDC_LOGOUT_ENDPOINT = ""
    assert oidc.provider_logout_url(request) == "http://testserver/inloggen/"


def test_check_deploy_reports_nothing_with_oidc_on(tmp_path):
    # The production settings with the OIDC login configured: a real process, Django 6.1's checks.
    from tests.core.test_production_settings import production_env, regiekamer

    result = regiekamer(production_env(tmp_path, **ENVIRONMENT), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout + result.stderr
    routes = regiekamer(production_env(tmp_path, **ENVIRONMENT), "shell", "-c",
                        "from django.urls import reverse; print(reverse('oidc_authentication_callback'))")
    assert routes.stdout.strip().splitlines()[-1] == "/oidc/callback/", routes.stderr

"""Personal API keys ("API-sleutels"): made only by the user in a session past the second factor, shown
once, stored as a hash, expiring, revocable, with security events; DRF's plain tokens are gone, so no
key opens the API without the second factor having been passed once."""

import datetime as dt
import hashlib
import re

from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.utils import timezone

from regiekamer.accounts.api_tokens import create_token
from regiekamer.accounts.models import PersonalApiToken, SecurityEvent
from regiekamer.accounts.services import deactivate_user

from .conftest import browser, device_of, log_in, post_password

PAGE = "/account/api-sleutels/"
API = "/api/v1/addresses/"


def _api(token: str):
    return Client().get(API, HTTP_AUTHORIZATION=f"Token {token}")


def _made_on_the_page(client: Client, name: str = "rapportage") -> str:
    response = client.post(PAGE, {"name": name})
    assert response.status_code == 200
    [token] = re.findall(r'<code id="new-token-value">(rkp_[\w-]+)</code>', response.content.decode())
    return token


def test_a_user_makes_a_key_sees_it_once_and_the_api_takes_it(handler):
    client = browser()
    log_in(client, handler, device_of(handler))
    response = client.post(PAGE, {"name": "rapportage"})
    assert response["Cache-Control"].startswith("no-store")
    [token] = re.findall(r'<code id="new-token-value">(rkp_[\w-]+)</code>', response.content.decode())
    assert len(token) == 4 + 43
    row = PersonalApiToken.objects.get()
    assert row.user == handler and row.name == "rapportage"
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(v) for v in row.__dict__.values()}
    assert token not in client.get(PAGE).content.decode()  # shown once
    assert "rapportage" in client.get(PAGE).content.decode()
    assert _api(token).status_code == 200
    assert SecurityEvent.objects.filter(user=handler, kind="api_token_created").count() == 1


def test_only_a_session_past_the_second_factor_makes_a_key(handler):
    assert Client().get(PAGE).url == f"/inloggen/?next={PAGE}"
    halfway = browser()
    device_of(handler)
    post_password(halfway, handler.username)
    assert halfway.get(PAGE).url.startswith("/inloggen/verificatie/")
    assert halfway.post(PAGE, {"name": "poging"}).status_code == 302
    assert not PersonalApiToken.objects.exists()


def test_a_key_expires_after_its_days(handler, settings):
    assert settings.REGIEKAMER_API_TOKEN_DAYS == 90
    row, token = create_token(user=handler)
    assert row.expires_at - row.created_at == dt.timedelta(days=90)
    assert _api(token).status_code == 200
    PersonalApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _api(token).status_code == 401
    settings.REGIEKAMER_API_TOKEN_DAYS = 7
    shorter, _ = create_token(user=handler)
    assert shorter.expires_at - shorter.created_at == dt.timedelta(days=7)


def test_a_revoked_key_stops_working_at_once_and_only_its_owner_revokes_it(handler, colleague):
    client = browser()
    log_in(client, handler, device_of(handler))
    token = _made_on_the_page(client)
    theirs, their_token = create_token(user=colleague)
    assert client.post(f"/account/api-sleutels/{theirs.pk}/intrekken/").status_code == 404
    assert _api(their_token).status_code == 200
    mine = PersonalApiToken.objects.get(user=handler)
    assert client.get(f"/account/api-sleutels/{mine.pk}/intrekken/").status_code == 405
    response = client.post(f"/account/api-sleutels/{mine.pk}/intrekken/")
    assert response.status_code == 302 and response.url == PAGE
    assert _api(token).status_code == 401
    assert "Ingetrokken" in client.get(PAGE).content.decode()
    assert SecurityEvent.objects.filter(user=handler, kind="api_token_revoked").count() == 1


def test_a_disabled_accounts_keys_stop_working(handler):
    _, token = create_token(user=handler)
    deactivate_user(user=handler)
    assert _api(token).status_code == 401


def test_drf_plain_tokens_are_gone_and_no_one_makes_a_key_for_someone_else(db):
    assert "rest_framework.authtoken" not in settings.INSTALLED_APPS
    classes = settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]
    assert "rest_framework.authentication.TokenAuthentication" not in classes
    assert "regiekamer.accounts.api_tokens.PersonalTokenAuthentication" in classes
    assert _api("9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b").status_code == 401  # a DRF token's form
    assert not admin.site.is_registered(PersonalApiToken)
    schema = Client().get("/api/schema/").content.decode()
    assert "personalToken" in schema and "tokenAuth" not in schema

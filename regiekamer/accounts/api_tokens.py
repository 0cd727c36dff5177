"""Persons' own API keys: made by the person on "API-sleutels" (a session past the second factor),
shown once, stored as a SHA-256 only, expiring, revocable; checked here for the API.

A key reads `rkp_` followed by 43 random URL-safe characters (256 bits), made and hashed as the
partner systems' tokens are (organisations.api_clients), and is sent as `Authorization: Token <key>`.
No one else can make a key for a person (no admin page, no command): it is derived from a login with
the second factor, so the API asks no less than the pages do. Making and revoking one are security
events; a disabled account's keys stop working with it.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from regiekamer.organisations.api_clients import digest, new_token

from .models import PersonalApiToken, SecurityEventKind
from .services import record_event

PREFIX = "rkp_"
INVALID = _("Ongeldige, verlopen of ingetrokken API-sleutel.")


def lifetime_days() -> int:
    return settings.REGIEKAMER_API_TOKEN_DAYS


def state(row: PersonalApiToken, now: dt.datetime | None = None) -> str:
    """"active", "expired" or "revoked", as the authentication below judges it."""
    if row.revoked_at is not None:
        return "revoked"
    return "active" if row.expires_at > (now or timezone.now()) else "expired"


@transaction.atomic
def create_token(*, user: User, request: HttpRequest | None = None, name: str = "") -> tuple[PersonalApiToken, str]:
    """A new key for `user` (on the page: the request's own user); returns the row and the key, which
    is not kept."""
    token, token_hash = new_token(PREFIX)
    now = timezone.now()
    row = PersonalApiToken.objects.create(user=user, name=(name or "").strip()[:80], token_hash=token_hash,
                                          created_at=now, expires_at=now + dt.timedelta(days=lifetime_days()))
    record_event(request, SecurityEventKind.API_TOKEN_CREATED, user=user)
    return row, token


@transaction.atomic
def revoke_token(request: HttpRequest, row: PersonalApiToken) -> PersonalApiToken:
    """The key stops working at once (a row of selectors.api_tokens_of: the user's own)."""
    if row.revoked_at is None:
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
        record_event(request, SecurityEventKind.API_TOKEN_REVOKED)
    return row


class PersonalTokenAuthentication(TokenAuthentication):
    """`Authorization: Token rkp_...`: a person's own key, by its hash, while valid."""

    keyword = "Token"

    def authenticate_credentials(self, key: str):
        row = (PersonalApiToken.objects.select_related("user")
               .filter(token_hash=digest(key), revoked_at__isnull=True, expires_at__gt=timezone.now()).first())
        if row is None or not row.user.is_active:
            raise exceptions.AuthenticationFailed(INVALID)
        return row.user, row


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    """Documents the personal key in the OpenAPI schema (instead of DRF's plain token)."""

    target_class = "regiekamer.accounts.api_tokens.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Persoonlijke API-sleutel als `Token rkp_<43 tekens>`; maak hem aan op "
                               "/account/api-sleutels/ (na inloggen met de tweede factor)."}

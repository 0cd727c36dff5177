"""Partner systems' own API tokens: made, checked and revoked here (models.ApiClient explains why).

A token reads `rk_` followed by 43 random URL-safe characters (256 bits). It is sent as
`Authorization: Bearer <token>`; the database holds only its SHA-256, so a copy of the database
gives no working token.
"""

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import ApiClient, Membership, Organisation, Role

PREFIX = "rk_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(prefix: str = PREFIX) -> tuple[str, str]:
    """A fresh token (256 random bits after its prefix) and the digest to store in its place; also
    used for persons' own API keys (accounts/api_tokens.py)."""
    token = prefix + secrets.token_urlsafe(32)
    return token, digest(token)


@transaction.atomic
def create_client(*, organisation: Organisation, name: str, actor_name: str) -> tuple[ApiClient, str]:
    """A client with its service account (a handler of the organisation: it may register meldingen,
    and reads what the organisation reads). Returns the client and the token, which is not kept."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Geef het systeem een naam.")})
    if ApiClient.objects.filter(organisation=organisation, name=name).exists():
        raise ValidationError({"name": _("Deze organisatie heeft al een koppeling met deze naam.")})
    User = get_user_model()
    base = f"systeem.{slugify(organisation.name)[:60]}.{slugify(name)[:60]}"
    username, n = base[:150], 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base[:140]}.{n}"
    user = User(username=username, first_name=name[:150])
    user.set_unusable_password()  # a system never logs in to the pages
    user.save()
    Membership.objects.create(user=user, organisation=organisation, role=Role.HANDLER)
    token, token_hash = new_token()
    client = ApiClient.objects.create(organisation=organisation, name=name, user=user, token_hash=token_hash,
                                      created_by_name=actor_name)
    return client, token


@transaction.atomic
def revoke_client(client: ApiClient) -> ApiClient:
    """The token stops working at once; the service account is disabled, never deleted."""
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        client.user.is_active = False
        client.user.save(update_fields=["is_active"])
    return client


class ApiClientAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer rk_...`: the partner system's own token."""

    keyword = b"bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Ongeldige Authorization-header: verwacht 'Bearer <token>'."))
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Ongeldige of ingetrokken token.")) from None
        client = (ApiClient.objects.select_related("user", "organisation")
                  .filter(token_hash=digest(token), revoked_at__isnull=True).first())
        if client is None or not client.user.is_active:
            raise exceptions.AuthenticationFailed(_("Ongeldige of ingetrokken token."))
        return client.user, client

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class ApiClientScheme(OpenApiAuthenticationExtension):
    """Documents the partner token in the OpenAPI schema."""

    target_class = "regiekamer.organisations.api_clients.ApiClientAuthentication"
    name = "partnerToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "rk_<43 tekens>",
                "description": "Token van een partnersysteem (`regiekamer api-clients create`)."}

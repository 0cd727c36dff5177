"""Optional login through the municipality's OpenID Connect provider (mozilla-django-oidc).

Off by default; regiekamer/core/oidc_settings.py turns it on from the environment and
docs/deployment.md ("Inloggen via OIDC") tells the IT department what to register. The rules:

- Access is granted in Regiekamer, not by the provider: a login finds an existing, active account
  by one claim (settings.OIDC_MATCH_CLAIM: "email" against User.email, or e.g. "sub" or
  "preferred_username" against User.username) and never creates one. No match, or more than one,
  is refused.
- The provider must say that it checked a second factor: the ID token's amr (RFC 8176) holds one
  of settings.OIDC_MFA_AMR ("mfa" by default) or its acr is one of settings.OIDC_MFA_ACR. Password
  logins need a TOTP code (regiekamer/accounts); a login through the provider counts as passing
  that step only because of this check, so a token without it is refused.
- The ID token must come from the configured issuer and be meant for this client (mozilla-django-oidc
  checks the signature and the nonce, not iss and aud), and the userinfo must be about the same
  subject as the ID token (OpenID Connect Core 1.0, 5.3.2).
"""

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from regiekamer.accounts import sessions
from regiekamer.accounts.models import SecurityEventKind
from regiekamer.accounts.services import record_event, session_started

logger = logging.getLogger("regiekamer.security")

SESSION_KEY = "regiekamer.oidc"  # what the provider said about this login: sub, amr, acr


class Refused(SuspiciousOperation):
    """A login the provider vouched for that Regiekamer does not accept; the reason is logged."""


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(item) for item in value]


def mfa_asserted(claims: dict) -> bool:
    """Whether the ID token says the provider checked more than a password."""
    amr = set(_as_list(claims.get("amr")))
    return bool(amr & set(settings.OIDC_MFA_AMR)) or claims.get("acr") in set(settings.OIDC_MFA_ACR)


def check_token(claims: dict) -> None:
    """Raise Refused unless the ID token is from our issuer, for our client, and asserts MFA."""
    if claims.get("iss", "").rstrip("/") != settings.OIDC_ISSUER.rstrip("/"):
        raise Refused("issuer %r is not the configured one" % claims.get("iss"))
    if settings.OIDC_RP_CLIENT_ID not in _as_list(claims.get("aud")):
        raise Refused("the ID token is not meant for this client")
    if not mfa_asserted(claims):
        raise Refused("the provider asserted no second factor (amr %r, acr %r)"
                      % (_as_list(claims.get("amr")), claims.get("acr")))


def merged_claims(id_token: dict, userinfo: dict) -> dict:
    """The userinfo with the (signed) ID token's claims over it; both must be about one subject."""
    if not id_token.get("sub") or userinfo.get("sub") != id_token.get("sub"):
        raise Refused("the userinfo is about another subject than the ID token")
    return {**userinfo, **id_token}


def user_for(claims: dict) -> User:
    """The one active Regiekamer account the claims point to; Refused when there is not exactly one."""
    claim = settings.OIDC_MATCH_CLAIM
    value = claims.get(claim)
    if not isinstance(value, str) or not value.strip():
        raise Refused(f"the claim {claim} is missing")
    if claim == "email":
        if claims.get("email_verified") is False:  # absent: the provider does not say (Entra ID)
            raise Refused("the provider has not verified the e-mail address")
        users = User.objects.filter(email__iexact=value.strip())
    else:
        users = User.objects.filter(username=value)
    found = list(users[:2])
    if len(found) != 1:
        raise Refused("no Regiekamer account matches the %s claim" % claim if not found
                      else "more than one Regiekamer account matches the %s claim" % claim)
    if not found[0].is_active:
        raise Refused("the matching Regiekamer account is disabled")
    return found[0]


class OIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, with Regiekamer's rules for who may log in."""

    def authenticate(self, request, **kwargs):
        if "username" in kwargs or "password" in kwargs:
            return None  # a password login is not this backend's (nor one with ?code= in its URL)
        return super().authenticate(request, **kwargs)

    def get_or_create_user(self, access_token, id_token, payload):
        try:
            check_token(payload)
            claims = merged_claims(payload, self.get_userinfo(access_token, id_token, payload))
            user = user_for(claims)
        except Refused as refusal:
            # No claim values in the log: an e-mail address or name is personal data.
            logger.warning("OIDC login refused: %s", refusal)
            raise
        self.request.oidc_login = {"sub": claims["sub"], "amr": _as_list(claims.get("amr")),
                                   "acr": claims.get("acr")}
        return user

    def get_user(self, user_id):
        # As Django's ModelBackend: a disabled account's session is over at its next request
        # (mozilla-django-oidc's own get_user would still return it).
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def create_user(self, claims):
        raise Refused("accounts are created in Regiekamer, not by a login")

    def filter_users_by_claims(self, claims):
        try:
            return User.objects.filter(pk=user_for(claims).pk)
        except Refused:
            return User.objects.none()

    def verify_claims(self, claims):
        try:
            check_token(claims)
        except Refused:
            return False
        return True


def _pass_second_factor(request) -> None:
    """Tell the login steps of regiekamer/accounts (MFA for password logins) that this session's
    second factor was checked by the provider (check_token refused the login otherwise)."""
    sessions.start(request.session)
    sessions.mark_verified(request.session)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code; a refusal goes to the login page."""

    def get(self, request):
        try:
            return super().get(request)
        except requests.RequestException as error:  # the provider's token, userinfo or keys endpoint
            logger.error("OIDC login failed: the provider did not answer (%s)", type(error).__name__)
            return self.login_failure()
        except (SuspiciousOperation, jwt.InvalidTokenError) as error:
            # An ID token with a bad signature (SuspiciousOperation from the library) or expired
            # (PyJWT): a refused login on the login page, not a 400 or 500 page (ASVS V6.8.2).
            logger.warning("OIDC login refused: the ID token is not valid (%s)", type(error).__name__)
            return self.login_failure()

    @property
    def failure_url(self):
        return resolve_url(settings.LOGIN_URL)

    def login_success(self):
        response = super().login_success()  # logs in: a new session key
        self.request.session[SESSION_KEY] = getattr(self.request, "oidc_login", {})
        _pass_second_factor(self.request)
        record_event(self.request, SecurityEventKind.LOGIN_SUCCESS)
        session_started(self.request)  # its row in "Mijn sessies", and the limit on concurrent sessions
        return response

    def login_failure(self):
        record_event(self.request, SecurityEventKind.LOGIN_FAILURE, user=None, username="(OIDC)")
        messages.error(self.request, _(
            "Inloggen via de identiteitsprovider van de gemeente is niet gelukt. Misschien is uw account niet "
            "bekend in Regiekamer, of bevestigde de provider geen tweede factor. Neem contact op met de "
            "beheerder van Regiekamer in uw organisatie."))
        return super().login_failure()


def logged_in_through_provider(request) -> bool:
    """Whether this session began with a login through the provider (which asserted MFA)."""
    return SESSION_KEY in request.session


def provider_logout_url(request) -> str:
    """Where /oidc/logout/ sends the browser: the provider's end-session endpoint (RP-Initiated
    Logout 1.0) with the ID token as hint, so that the login at the provider ends too; without that
    endpoint, Regiekamer's own login page."""
    back = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
    endpoint = settings.OIDC_LOGOUT_ENDPOINT
    id_token = request.session.get("oidc_id_token")
    if not endpoint or not id_token:
        return back
    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": back,
                       "client_id": settings.OIDC_RP_CLIENT_ID})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

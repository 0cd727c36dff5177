"""Writes of the login: security events, and ending an account's sessions."""

import ipaddress
import json
import logging
import re

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from regiekamer.organisations.models import Membership

from .lockout import client_address
from .models import SecurityEvent, SecurityEventKind

logger = logging.getLogger("regiekamer.security")

# Someone may type a citizen service number (or another long number) as their user name; no such
# number goes into the log or the table. User names here are letters and dots, never 8+ digits.
_LONG_NUMBER = re.compile(r"\d{8,}")


def _safe_username(username: str) -> str:
    return _LONG_NUMBER.sub(lambda m: "#" * len(m.group()), username.strip())[:150]


def _ip_or_none(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


_REQUEST_USER = object()  # "the user of the request", as opposed to None: "no (known) user"


def record_event(request: HttpRequest | None, kind: SecurityEventKind, *,
                 user: User | AnonymousUser | None | object = _REQUEST_USER, username: str = "",
                 status: int | None = None) -> SecurityEvent:
    """Append one security event to the table and to the `regiekamer.security` log. A failed login
    passes the account it was aimed at (or None), never whoever the session belongs to."""
    if user is _REQUEST_USER:
        user = getattr(request, "user", None) if request is not None else None
    known = user if user is not None and user.is_authenticated else None
    membership = Membership.objects.select_related("organisation").filter(user=known).first() if known else None
    organisation = membership.organisation if membership else None
    event = SecurityEvent.objects.create(
        at=timezone.now(), kind=kind, user=known,
        organisation=organisation, municipality_id=organisation.municipality_id if organisation else None,
        username=_safe_username(username or (known.get_username() if known else "")),
        ip_address=_ip_or_none(client_address(request)) if request is not None else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:200] if request is not None else "",
        path=request.path[:200] if request is not None else "",
        status=status,
    )
    # What a client typed or asked for (the user name, the path) is quoted and escaped: a newline in
    # it cannot start a forged line of its own in the log (ASVS 5.0 V16.4.1).
    logger.info("security event=%s user=%s user_id=%s ip=%s status=%s path=%s", event.kind, _quoted(event.username),
                event.user_id, event.ip_address, event.status, _quoted(event.path))
    return event


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def end_sessions_of(user: User) -> int:
    """Delete every server-side session of the user; returns how many there were.

    Sessions are not indexed by user, so the live ones are decoded; there are as many as people
    logged in (hundreds), and disabling an account is rare.
    """
    ended = [session.pk for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
             if session.get_decoded().get("_auth_user_id") == str(user.pk)]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@transaction.atomic
def account_disabled(*, user: User, request: HttpRequest | None = None) -> None:
    """An account was switched off (is_active=False): its sessions end now, not at their next request."""
    end_sessions_of(user)
    record_event(request, SecurityEventKind.ACCOUNT_DISABLED, user=user)


@transaction.atomic
def deactivate_user(*, user: User, request: HttpRequest | None = None) -> User:
    """Switch an account off (someone left): no login, no session, no API token works any more."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    account_disabled(user=user, request=request)
    return user

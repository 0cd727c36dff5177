"""Writes of the login: security events, a user's sessions and their rows in "Mijn sessies", the
limit on concurrent sessions, a password confirmed again or changed, and ending sessions."""

import datetime as dt
import ipaddress
import json
import logging
import re
from collections.abc import Collection
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from regiekamer.organisations.models import Membership

from . import devices, lockout, selectors, sessions
from .lockout import client_address
from .models import SecurityEvent, SecurityEventKind, UserSession

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


def _live_sessions_of(user: User) -> list[Session]:
    """The user's server-side sessions. Sessions are not indexed by user, so the live ones are
    decoded; there are as many as people logged in (hundreds), and this runs only when sessions are
    ended (disabling an account, a password change, the page, the limit at login), never per request."""
    return [session for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
            if session.get_decoded().get("_auth_user_id") == str(user.pk)]


def end_sessions_of(user: User, *, except_key: str | None = None, digests: Collection[str] | None = None) -> int:
    """Delete the user's server-side sessions and their rows: all of them, all but the session
    `except_key` (the one in use), or those whose key hashes are `digests`. Returns how many ended."""
    ended = [session.pk for session in _live_sessions_of(user)
             if session.pk != except_key and (digests is None or sessions.key_digest(session.pk) in digests)]
    Session.objects.filter(pk__in=ended).delete()
    rows = UserSession.objects.filter(user=user)
    if except_key is not None:
        rows = rows.exclude(key_hash=sessions.key_digest(except_key))
    if digests is not None:
        rows = rows.filter(key_hash__in=list(digests))
    rows.delete()
    return len(ended)


# --- The rows of "Mijn sessies" ---------------------------------------------------------------------

def _register(request: HttpRequest, *, replaces: str | None, now: dt.datetime) -> None:
    """The row of the request's session under its current key: the row of its previous key moves
    along (a rotated id is the same session), else a new row."""
    session = request.session
    digest = sessions.key_digest(session.session_key)
    fields = {"key_hash": digest, "last_seen_at": now, "ip_address": _ip_or_none(client_address(request)),
              "device": devices.describe(request.META.get("HTTP_USER_AGENT", ""))[:60]}
    if not (replaces and UserSession.objects.filter(key_hash=replaces, user=request.user).update(**fields)):
        UserSession.objects.update_or_create(
            key_hash=digest, defaults={**fields, "user": request.user, "created_at": sessions.login_at(session)})
    sessions.mark_tracked(session, digest)


def track_session(request: HttpRequest, *, touched: bool) -> None:
    """Keep the row of a verified session up to date, from the middleware. The session holds the
    hash its row was made under: an ordinary request (same key, idle clock not moved) costs no query;
    a new key writes the row once, the idle clock (once a minute) moves its "last seen"."""
    session = request.session
    digest = sessions.key_digest(session.session_key)
    tracked = sessions.tracked_as(session)
    if tracked == digest and not touched:
        return
    now = timezone.now()
    if tracked == digest and UserSession.objects.filter(key_hash=digest).update(last_seen_at=now):
        return
    _register(request, replaces=tracked, now=now)


def forget_session(request: HttpRequest) -> None:
    """The request's session ends (logout, expiry, lockout): its row goes with it."""
    if request.session.session_key:
        UserSession.objects.filter(key_hash=sessions.key_digest(request.session.session_key)).delete()


def _purge_run_out(user: User, now: dt.datetime) -> None:
    """Rows of the user's sessions that ran out without a request to notice (a closed browser)."""
    UserSession.objects.filter(user=user).filter(selectors.run_out(now)).delete()


@transaction.atomic
def session_started(request: HttpRequest) -> int:
    """A login is complete (our second factor, or the municipality's provider): the session gets its
    row, and when the user now has more than REGIEKAMER_MAX_SESSIONS sessions the oldest beyond that
    end, each with a security event. Returns how many ended."""
    user, now = request.user, timezone.now()
    _purge_run_out(user, now)
    _register(request, replaces=sessions.tracked_as(request.session), now=now)
    over = list(UserSession.objects.filter(user=user).order_by("-created_at", "-id")[settings.REGIEKAMER_MAX_SESSIONS:])
    if over:
        end_sessions_of(user, digests={row.key_hash for row in over})
        for _row in over:
            record_event(request, SecurityEventKind.SESSION_LIMIT)
    return len(over)


# --- Confirming the password, changing it, ending sessions ----------------------------------------

class Recheck(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"  # too many failures: the caller ends the session


def recheck_password(request: HttpRequest, password: str) -> Recheck:
    """A logged-in user confirms an action with their password (changing it, ending sessions). A wrong
    one counts towards the login lockout of the same (user name, address, browser), so a session left
    open on someone's desk cannot be used to guess the password."""
    user = request.user
    username = user.get_username()
    if lockout.locked(request, username):
        record_event(request, SecurityEventKind.LOCKED_REFUSED)
        return Recheck.LOCKED
    if user.check_password(password):
        lockout.succeed(request, username)
        return Recheck.OK
    record_event(request, SecurityEventKind.REAUTH_FAILURE)
    if lockout.fail(request, username):
        record_event(request, SecurityEventKind.LOCKOUT)
        return Recheck.LOCKED
    return Recheck.WRONG


# Django's own password validators speak English in this version (its Dutch catalogue has not caught
# up with their reworded messages): the interface says the same in Dutch, by the error's code.
PASSWORD_RULE_MESSAGES = {
    "password_too_short": gettext_lazy("Dit wachtwoord is te kort: gebruik minstens %(min_length)d tekens."),
    "password_too_common": gettext_lazy("Dit wachtwoord komt te vaak voor; aanvallers proberen het als eerste."),
    "password_entirely_numeric": gettext_lazy("Dit wachtwoord bestaat alleen uit cijfers."),
    "password_too_similar": gettext_lazy("Dit wachtwoord lijkt te veel op uw gebruikersnaam, naam of e-mailadres."),
}


def _in_dutch(error: ValidationError) -> str:
    template = PASSWORD_RULE_MESSAGES.get(error.code)
    if template is None:  # our own validators speak Dutch already
        return error.messages[0]
    return str(template) % (error.params or {})


@transaction.atomic
def change_password(request: HttpRequest, *, new_password: str, repeat: str) -> int:
    """The user's new password (the current one was confirmed by recheck_password): judged by
    AUTH_PASSWORD_VALIDATORS; this session gets a new id and stays, every other session of the user
    ends on the server. Returns how many other sessions ended."""
    user = request.user
    if new_password != repeat:
        raise ValidationError({"new_password_again": _("De twee nieuwe wachtwoorden zijn niet gelijk.")})
    try:
        validate_password(new_password, user)
    except ValidationError as error:
        raise ValidationError({"new_password": [_in_dutch(e) for e in error.error_list]}) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    replaces = sessions.tracked_as(request.session)
    update_session_auth_hash(request, user)  # a new session id (cycle_key); this session stays logged in
    _register(request, replaces=replaces, now=timezone.now())
    ended = end_sessions_of(user, except_key=request.session.session_key)
    record_event(request, SecurityEventKind.PASSWORD_CHANGED)
    return ended


@transaction.atomic
def end_session(request: HttpRequest, row: UserSession) -> None:
    """End one other session of the user (a row of selectors.sessions_of, never the one in use)."""
    end_sessions_of(request.user, digests={row.key_hash})
    record_event(request, SecurityEventKind.SESSION_ENDED)


@transaction.atomic
def end_other_sessions(request: HttpRequest) -> int:
    ended = end_sessions_of(request.user, except_key=request.session.session_key)
    record_event(request, SecurityEventKind.SESSION_ENDED)
    return ended


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

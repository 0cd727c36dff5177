"""What a session knows about its login: when it began, when it was last used, whether the second
factor was passed. Kept in the session itself (server side), as epoch seconds."""

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

KEY = "regiekamer.login"
# Writing the session on every request would cost a database write per page; the idle clock
# moves on at most once a minute, which is precise enough for a 30-minute timeout.
TOUCH_EVERY_SECONDS = 60


def _epoch(now: dt.datetime | None) -> int:
    return int((now or timezone.now()).timestamp())


def start(session: SessionBase, *, now: dt.datetime | None = None) -> None:
    """The password was right: the session begins, the second factor still to come."""
    session[KEY] = {"login_at": _epoch(now), "seen_at": _epoch(now), "verified": False}


def mark_verified(session: SessionBase, *, now: dt.datetime | None = None) -> None:
    state = session.get(KEY) or {"login_at": _epoch(now), "seen_at": _epoch(now)}
    session[KEY] = {**state, "verified": True, "seen_at": _epoch(now)}


def is_verified(session: SessionBase) -> bool:
    return bool((session.get(KEY) or {}).get("verified"))


def expiry_reason(session: SessionBase, *, now: dt.datetime | None = None) -> str | None:
    """"idle" or "absolute" when the session has run out, else None. A login session without our
    state (made by another login path) has run out too: it never passed our login."""
    state = session.get(KEY)
    if not state:
        return "unknown"
    current = _epoch(now)
    if current - state["login_at"] > settings.REGIEKAMER_SESSION_ABSOLUTE_HOURS * 3600:
        return "absolute"
    if current - state["seen_at"] > settings.REGIEKAMER_SESSION_IDLE_MINUTES * 60:
        return "idle"
    return None


def touch(session: SessionBase, *, now: dt.datetime | None = None) -> bool:
    """Move the idle clock on (at most once a minute); True when it moved, so that the session is
    written on this request anyway and its row in "Mijn sessies" may follow."""
    state = session.get(KEY)
    current = _epoch(now)
    if state and current - state["seen_at"] >= TOUCH_EVERY_SECONDS:
        session[KEY] = {**state, "seen_at": current}
        return True
    return False


def login_at(session: SessionBase) -> dt.datetime:
    state = session.get(KEY) or {}
    return dt.datetime.fromtimestamp(state.get("login_at") or _epoch(None), tz=dt.UTC)


# --- The session's row in "Mijn sessies" (models.UserSession) -------------------------------------
# The session remembers the hash its row was made under. Comparing it with the hash of the current
# key costs no query, so an ordinary request knows without the database that its row exists; only a
# new or rotated key (login, password change) or the once-a-minute idle clock writes the row.

def key_digest(session_key: str | None) -> str:
    return hashlib.sha256((session_key or "").encode()).hexdigest()


def tracked_as(session: SessionBase) -> str | None:
    """The key hash under which this session's row was made (None: no row yet)."""
    return (session.get(KEY) or {}).get("row")


def mark_tracked(session: SessionBase, digest: str) -> None:
    state = session.get(KEY)
    if state is not None:
        session[KEY] = {**state, "row": digest}

"""The login lockout: 5 failed passwords or codes within 15 minutes lock one (user name, client
address, browser) out until the oldest of them leaves the window.

The key is the three together, so that an attacker who tries passwords from one proxy address
(the whole municipality's) locks out only their own attempts at one name from one browser, never
colleagues behind the same address, nor the same user on another device. What it does not stop,
an attacker rotating addresses or browsers, the password rules and the second factor do; the TOTP
device adds its own growing delay after each wrong code whatever the address (django-otp).
Counting is core/throttle.py: keyed hashes in the database, safe across processes and servers.
"""

import datetime as dt

from django.http import HttpRequest

from regiekamer.core.throttle import Rule, Throttle

from .models import LoginFailure

BUCKET = "login"
RULES = {BUCKET: Rule(5, dt.timedelta(minutes=15))}
THROTTLE = Throttle(LoginFailure, RULES, "regiekamer.accounts.lockout")


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR, set by the WSGI server from the proxy (docs/deployment.md), never a header a
    # client can forge.
    return (request.META.get("REMOTE_ADDR") or "").strip()[:64]


def user_agent(request: HttpRequest) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:1000]


def key(request: HttpRequest, username: str) -> str:
    return "\n".join((username.strip().casefold(), client_address(request), user_agent(request)))


def locked(request: HttpRequest, username: str) -> bool:
    return THROTTLE.over(BUCKET, key(request, username))


def fail(request: HttpRequest, username: str) -> bool:
    """Count one failure; True when this failure locked the key."""
    THROTTLE.take(BUCKET, key(request, username))
    return locked(request, username)


def succeed(request: HttpRequest, username: str) -> None:
    THROTTLE.clear(BUCKET, key(request, username))

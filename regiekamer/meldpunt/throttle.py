"""Rate limits that hold across processes and servers: counted rows in the database.

A client is counted by a keyed hash (HMAC with the pseudonym key) of its address and, separately,
of its network (/24 for IPv4, /64 for IPv6, where one household or one provider's customer
usually sits), never by the address itself. Each rule counts the events of one bucket within a
sliding window. Every counted request first deletes the rows of every rule that have left their
window, so a hash outlives its window (at most an hour) only until the next request comes in.

The client address is REMOTE_ADDR: behind a reverse proxy the proxy must pass the real address
there (for example uvicorn/gunicorn with their forwarded-allow-ips setting), never a header a
client can forge.

take() first writes its row (committed on its own) and then counts, so two processes that arrive
at the same time both see each other and never let more through than the limit.
"""

import datetime as dt
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import ThrottleEvent


@dataclass(frozen=True)
class Rule:
    limit: int
    window: dt.timedelta


# The limits are part of what the meldpunt promises (a household may report a few times an hour;
# a flood is refused); the tests count against these numbers.
RULES: dict[str, Rule] = {
    "post-ip": Rule(30, dt.timedelta(minutes=10)),  # any form post, also a refused one
    "report-ip": Rule(5, dt.timedelta(hours=1)),  # stored reports per client address
    "report-net": Rule(20, dt.timedelta(hours=1)),  # stored reports per network
    "status-ip": Rule(20, dt.timedelta(minutes=10)),  # status look-ups per client address
    "status-code": Rule(10, dt.timedelta(hours=1)),  # look-ups of one code (right or wrong)
}


def client_address(request: HttpRequest) -> str:
    return (request.META.get("REMOTE_ADDR") or "").strip()[:64] or "unknown"


def network_of(address: str) -> str:
    """The /24 (IPv4) or /64 (IPv6) network of an address; the text itself when it is no address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 64
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def _digest(bucket: str, value: str) -> str:
    return salted_hmac(f"regiekamer.meldpunt.throttle.{bucket}", value, secret=settings.PSEUDONYM_KEY,
                       algorithm="sha256").hexdigest()


def _count(bucket: str, digest: str, since: dt.datetime) -> int:
    return ThrottleEvent.objects.filter(bucket=bucket, digest=digest, at__gt=since).count()


def over(bucket: str, value: str) -> bool:
    """Has this value used up its rule already (without counting this request)?"""
    rule = RULES[bucket]
    return _count(bucket, _digest(bucket, value), timezone.now() - rule.window) >= rule.limit


def take(bucket: str, value: str) -> int | None:
    """Count one event; its id, or None (and nothing counted) when the limit was reached."""
    rule = RULES[bucket]
    now = timezone.now()
    digest = _digest(bucket, value)
    with transaction.atomic():
        for name, other in RULES.items():
            ThrottleEvent.objects.filter(bucket=name, at__lte=now - other.window).delete()
        event = ThrottleEvent.objects.create(bucket=bucket, digest=digest, at=now)
    if _count(bucket, digest, now - rule.window) > rule.limit:
        ThrottleEvent.objects.filter(pk=event.pk).delete()
        return None
    return event.pk


def release(event_ids: list[int | None]) -> None:
    """Give back events taken for work that did not happen (a report that was refused after all)."""
    ThrottleEvent.objects.filter(pk__in=[pk for pk in event_ids if pk is not None]).delete()

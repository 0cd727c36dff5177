"""Rate limits that hold across processes and servers: counted rows in the database.

A client is counted by a keyed hash (HMAC with the pseudonym key) of its address and, separately,
of its network (/24 for IPv4, /64 for IPv6, where one household or one provider's customer
usually sits), never by the address itself. Each rule counts the events of one bucket within a
sliding window. Every counted request first deletes the rows of every rule that have left their
window, so a hash outlives its window (at most an hour) only until the next request comes in.

The client address is REMOTE_ADDR: behind a reverse proxy the proxy must pass the real address
there (for example uvicorn/gunicorn with their forwarded-allow-ips setting), never a header a
client can forge.

The counting itself (rows, keyed hashes, sliding windows, safe across processes) is
regiekamer/core/throttle.py, shared with the login lockout.
"""

import datetime as dt
import ipaddress

from django.http import HttpRequest

from regiekamer.core.throttle import Rule, Throttle

from .models import ThrottleEvent

# The limits are part of what the meldpunt promises (a household may report a few times an hour;
# a flood is refused); the tests count against these numbers.
RULES: dict[str, Rule] = {
    "post-ip": Rule(30, dt.timedelta(minutes=10)),  # any form post, also a refused one
    "report-ip": Rule(5, dt.timedelta(hours=1)),  # stored reports per client address
    "report-net": Rule(20, dt.timedelta(hours=1)),  # stored reports per network
    "status-ip": Rule(20, dt.timedelta(minutes=10)),  # status look-ups per client address
    "status-code": Rule(10, dt.timedelta(hours=1)),  # look-ups of one code (right or wrong)
}

# The namespace keeps the salt the digests had before the counting moved to core/throttle.py.
THROTTLE = Throttle(ThrottleEvent, RULES, "regiekamer.meldpunt.throttle")
over = THROTTLE.over
take = THROTTLE.take
release = THROTTLE.release


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

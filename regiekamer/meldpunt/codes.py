"""Reference codes: random, unguessable, easy to read aloud and to type.

Twelve characters from an alphabet without 0/O and 1/I, which are easily mixed up:
32 symbols, so 60 random bits, shown in three groups (7KQM-4WXA-P9ZD). Only a keyed digest is
stored, so the database alone does not give anyone a code.
"""

import re
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols, no 0/O/1/I
LENGTH = 12
GROUP = 4
_SEPARATORS = re.compile(r"[\s\-–—_.]+")


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i:i + GROUP] for i in range(0, LENGTH, GROUP))


def normalise(text: str) -> str | None:
    """The code as stored (twelve symbols, no separators), or None when it cannot be a code."""
    raw = _SEPARATORS.sub("", (text or "")[:100]).upper()
    if len(raw) != LENGTH or any(c not in ALPHABET for c in raw):
        return None
    return raw


def digest(raw: str) -> str:
    return salted_hmac("regiekamer.meldpunt.code", raw, secret=settings.PSEUDONYM_KEY,
                       algorithm="sha256").hexdigest()

"""The steering figures of a municipality, kept for a few minutes (docs/adr/0013-figures-cache.md).

The municipal dashboard counts three years of meldingen, inspections, cases and care in some thirty
queries (0.3 s of database and 0.1 s of Python at 500,000 addresses); everyone of a municipality's
departments sees the same counts, so they are computed once per municipality, period and language
and kept in the "figures" cache (PostgreSQL or SQLite: shared by every worker and application server,
no other service to run) for REGIEKAMER_FIGURES_CACHE_SECONDS (300 by default; 0 computes every time).

Only counts are kept, never a record or a person: the lists behind the figures are read from the
reader's own scope on every request (views.drill_list), and who may read a municipality's figures is
checked before the cache is asked (views._municipality). The page says when its figures were computed.
"""

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import get_language

CACHE = "figures"
T = TypeVar("T")


def remembered(name: str, parts: tuple, compute: Callable[[], T]) -> tuple[T, dt.datetime]:
    """`compute()`'s value for these parts, and when it was computed: from the cache while fresh.
    The language is part of the key: the figures carry translated labels."""
    seconds = settings.REGIEKAMER_FIGURES_CACHE_SECONDS
    if seconds <= 0:
        return compute(), timezone.now()
    key = ":".join(["steering", name, get_language() or "", *(str(part) for part in parts)])
    cache = caches[CACHE]
    kept = cache.get(key)
    if kept is not None:
        computed_at, value = kept
        return value, computed_at
    computed_at = timezone.now()
    value = compute()
    cache.set(key, (computed_at, value), timeout=seconds)
    return value, computed_at

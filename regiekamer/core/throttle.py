"""Counters that hold across processes and servers: one database row per counted event.

A throttle counts events per (bucket, keyed hash of a value) within each bucket's sliding window.
The value (a client address, a reference code, a user name with address and browser) is never
stored, only its HMAC with the pseudonym key. Every counted event first deletes the rows of every
bucket that have left their window, so a hash outlives its window only until the next event.

take() first writes its row (committed on its own) and then counts, so two processes that arrive
at the same time both see each other and never let more through than the limit.

Used by the public meldpunt (meldpunt/throttle.py) and by the login lockout (accounts/lockout.py),
each with its own table (a model with the fields bucket, digest and at) and its own rules.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac


@dataclass(frozen=True)
class Rule:
    limit: int
    window: dt.timedelta


@dataclass(frozen=True)
class Throttle:
    model: type[models.Model]  # fields: bucket (str), digest (str), at (datetime)
    rules: dict[str, Rule]
    namespace: str  # salt of the keyed hash; changing it forgets every count

    def digest(self, bucket: str, value: str) -> str:
        return salted_hmac(f"{self.namespace}.{bucket}", value, secret=settings.PSEUDONYM_KEY,
                           algorithm="sha256").hexdigest()

    def count(self, bucket: str, value: str, *, now: dt.datetime | None = None) -> int:
        """Events of this value within its bucket's window."""
        since = (now or timezone.now()) - self.rules[bucket].window
        return self._count(bucket, self.digest(bucket, value), since)

    def _count(self, bucket: str, digest: str, since: dt.datetime) -> int:
        return self.model.objects.filter(bucket=bucket, digest=digest, at__gt=since).count()

    def over(self, bucket: str, value: str) -> bool:
        """Has this value used up its rule already (without counting this request)?"""
        return self.count(bucket, value) >= self.rules[bucket].limit

    def take(self, bucket: str, value: str) -> int | None:
        """Count one event; its id, or None (and nothing counted) when the limit was reached."""
        rule = self.rules[bucket]
        now = timezone.now()
        digest = self.digest(bucket, value)
        with transaction.atomic():
            for name, other in self.rules.items():
                self.model.objects.filter(bucket=name, at__lte=now - other.window).delete()
            event = self.model.objects.create(bucket=bucket, digest=digest, at=now)
        if self._count(bucket, digest, now - rule.window) > rule.limit:
            self.model.objects.filter(pk=event.pk).delete()
            return None
        return event.pk

    def release(self, event_ids: list[int | None]) -> None:
        """Give back events taken for work that did not happen (a report that was refused after all)."""
        self.model.objects.filter(pk__in=[pk for pk in event_ids if pk is not None]).delete()

    def clear(self, bucket: str, value: str) -> None:
        """Forget every counted event of this value (a login that succeeded after a few typos)."""
        self.model.objects.filter(bucket=bucket, digest=self.digest(bucket, value)).delete()

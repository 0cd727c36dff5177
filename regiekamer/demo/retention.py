"""Records in the demo region whose retention period has passed or passes next month, so that the
privacy officer (venlo.privacy) finds a non-empty forecast and a draft destruction list."""

import datetime as dt
import hashlib

from regiekamer.privacy import services
from regiekamer.privacy.models import RetentionRun
from regiekamer.registry.models import Address, Registration, Registry


def _person(n: int) -> str:
    return hashlib.sha256(f"demo-bewaren-{n}".encode()).hexdigest()[:32]


def _years_ago(today: dt.date, years: int, days: int) -> dt.date:
    day = today.replace(year=today.year - years) if not (today.month == 2 and today.day == 29) \
        else today.replace(year=today.year - years, day=28)
    return day + dt.timedelta(days=days)


def seed_retention(*, today: dt.date) -> int:
    """Old registrations in Venlo (ended over 5 years ago, and some that pass their 5 years next
    month); then the retention task drafts its lists as of today. The history already holds rejected
    meldingen over a year old (anonymised by the daily task without a list)."""
    addresses = list(Address.objects.filter(municipality__code="GM0983").order_by("pk")[:7])
    if not addresses:
        return 0
    registrations = []
    for n, address in enumerate(addresses):
        # Four ended 5 years and 10-40 days ago (expired), three pass their 5 years next month.
        ended = _years_ago(today, 5, -10 - 10 * n) if n < 4 else _years_ago(today, 5, 3 + 3 * n)
        registrations.append(Registration(address=address, person_ref=_person(n), registry=Registry.RNI,
                                          start_date=ended - dt.timedelta(days=200), end_date=ended))
    Registration.objects.bulk_create(registrations)
    run = RetentionRun.objects.create(on=today, started_by="demo", status="klaar")
    services.draft_lists(run, today)
    return len(registrations)

"""Records in the demo region whose retention period has passed or passes next month, so that the
privacy officer (venlo.privacy) finds a non-empty forecast and a draft destruction list."""

import datetime as dt
import hashlib

from regiekamer.meldingen.models import Melding, MeldingCategory, MeldingSource, MeldingStatus
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
    """Old registrations (ended over 5 years ago, and some that pass their 5 years next month) and
    rejected meldingen a year old in Venlo; then the retention task drafts its lists as of today."""
    addresses = list(Address.objects.filter(municipality__code="GM0983").order_by("pk")[:12])
    if not addresses:
        return 0
    registrations = []
    for n, address in enumerate(addresses[:7]):
        # Four ended 5 years and 10-40 days ago (expired), three pass their 5 years next month.
        ended = _years_ago(today, 5, -10 - 10 * n) if n < 4 else _years_ago(today, 5, 3 + 3 * n)
        registrations.append(Registration(address=address, person_ref=_person(n), registry=Registry.RNI,
                                          start_date=ended - dt.timedelta(days=200), end_date=ended))
    Registration.objects.bulk_create(registrations)
    meldingen = [
        Melding(address=address, municipality=address.municipality, category=MeldingCategory.NUISANCE,
                source=MeldingSource.CITIZEN, received_on=_years_ago(today, 1, 5 + n) - dt.timedelta(days=14),
                description="Geluidsoverlast, geen huisvesting van arbeidsmigranten.", status=MeldingStatus.REJECTED,
                rejection_reason="Geen aanwijzing voor overbewoning.", handled_on=_years_ago(today, 1, 5 + n))
        for n, address in enumerate(addresses[7:10])
    ]
    Melding.objects.bulk_create(meldingen)
    run = RetentionRun.objects.create(on=today, started_by="demo", status="klaar")
    services.draft_lists(run, today)
    return len(registrations) + len(meldingen)

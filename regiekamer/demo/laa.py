"""LAA signals in the demo region: the demo's recent LAA meldingen, with RvIG's number and a status.

The plan already holds LAA meldingen (events.py); this gives those of the last RECENT_DAYS their
LaaSignal and a status history drawn from the seed, so that the LAA list shows open, overdue and
closed signals, and a hit rate near RvIG's 50%.
"""

import datetime as dt
import random

from regiekamer.meldingen.models import (
    LaaIndicator, LaaSignal, LaaStatus, LaaStatusChange, Melding, MeldingCategory, MeldingSource,
)

RECENT_DAYS = 240  # about 8 months: some results overdue, most signals still within their terms
ACTOR_NAME = "demo (burgerzaken)"


def _day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def attach_laa_signals(*, seed: int, today: dt.date) -> int:
    """Make the signals and their histories; returns the number of signals."""
    rng = random.Random(f"laa-{seed}")
    meldingen = list(Melding.objects.filter(source=MeldingSource.LAA, received_on__gte=today - dt.timedelta(
        days=RECENT_DAYS)).order_by("pk").values_list("pk", "municipality_id", "category", "received_on"))
    signals = LaaSignal.objects.bulk_create([
        LaaSignal(melding_id=pk, municipality_id=municipality, received_on=received_on,
                  signal_number=f"RvIG-{received_on:%Y%m}-{pk:06d}",
                  indicator=(LaaIndicator.MANY_RESIDENTS if category == MeldingCategory.OVERCROWDING
                             else LaaIndicator.FREQUENT_MOVERS))
        for pk, municipality, category, received_on in meldingen
    ])
    changes = []
    for signal in LaaSignal.objects.filter(melding_id__in=[m[0] for m in meldingen]).order_by("pk"):
        age = (today - signal.received_on).days
        # Most municipalities answer within the 4 weeks; a few are late, the newest not yet due.
        if age < 7 or rng.random() < 0.15:
            continue
        on = _day_between(rng, signal.received_on, min(today, signal.received_on + dt.timedelta(days=35)))
        if age > 60 and rng.random() < 0.75:
            status = LaaStatus.CLOSED_WITH_CHANGE if rng.random() < 0.5 else LaaStatus.CLOSED_WITHOUT_CHANGE
            if rng.random() < 0.5:  # first an investigation, the result later
                changes.append(LaaStatusChange(signal=signal, status=LaaStatus.INVESTIGATING, on=on,
                                               actor_name=ACTOR_NAME))
                on = _day_between(rng, on, min(today, signal.received_on + dt.timedelta(days=180)))
            note = ("Bewoners uitgeschreven of op het juiste adres ingeschreven." if status == LaaStatus.CLOSED_WITH_CHANGE
                    else "Huisbezoek: de inschrijvingen klopten.")
            changes.append(LaaStatusChange(signal=signal, status=status, on=on, note=note, actor_name=ACTOR_NAME))
        else:
            changes.append(LaaStatusChange(signal=signal, status=LaaStatus.INVESTIGATING, on=on,
                                           actor_name=ACTOR_NAME))
    LaaStatusChange.objects.bulk_create(changes)
    return len(signals)

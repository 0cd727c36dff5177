"""The waterbed monitor: does the problem move next door when one municipality acts?

For every municipality of a region: the addresses it holds of landlords (owners) against whom
another municipality of the region took an intervention, and per quarter the meldingen at those
addresses, the registrations that started there, and how many of them were over the floor-area
norm at the quarter's end. A rise after the first intervention elsewhere is displacement showing
up. Counts only; a count below packages' smallest published cell is shown as "fewer than".

It reads this installation's own registrations (owners are not in the aggregate packages), so it
covers the municipalities run here.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Min, Q
from django.db.models.functions import TruncMonth

from regiekamer.enforcement.models import Intervention
from regiekamer.meldingen.models import Melding
from regiekamer.norms.models import NormKey
from regiekamer.norms.selectors import norm_in_force
from regiekamer.registry.models import Address, Municipality, Ownership, Region, Registration
from regiekamer.registry.selectors import current_registrations

from .measures import Bucket, buckets, quarter_of
from .suppression import MIN_CELL


@dataclass(frozen=True)
class Cell:
    value: int

    @property
    def suppressed(self) -> bool:
        return 0 < self.value < MIN_CELL

    def __str__(self) -> str:
        return f"< {MIN_CELL}" if self.suppressed else str(self.value)


@dataclass
class Row:
    municipality: Municipality
    landlords: int
    addresses: int
    first_action_elsewhere: dt.date | None
    meldingen: list[Cell]
    registrations: list[Cell]
    over_norm: list[Cell]


@dataclass
class Monitor:
    region: Region
    quarters: list[Bucket]
    rows: list[Row]


def _acted_against(region: Region, end: dt.date) -> dict[int, dict[int, dt.date]]:
    """owner id -> {municipality id where an intervention was taken at one of its addresses: first day}."""
    firsts = (
        Intervention.objects.filter(case__address__municipality__region=region, decided_on__lte=end)
        .values("case__address_id", "case__address__municipality_id").annotate(first=Min("decided_on")).order_by()
    )
    by_address = {row["case__address_id"]: (row["case__address__municipality_id"], row["first"]) for row in firsts}
    acted: dict[int, dict[int, dt.date]] = defaultdict(dict)
    for address_id, owner_id in Ownership.objects.filter(address_id__in=list(by_address)).values_list(
            "address_id", "owner_id"):
        municipality_id, first = by_address[address_id]
        known = acted[owner_id].get(municipality_id)
        acted[owner_id][municipality_id] = min(first, known) if known else first
    return acted


def monitor(region: Region, start: dt.date, end: dt.date) -> Monitor:
    quarters = buckets(start, end, "quarter")
    acted = _acted_against(region, end)
    holdings = (
        Ownership.objects.filter(owner_id__in=list(acted), address__municipality__region=region)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .values_list("owner_id", "address_id", "address__municipality_id")
    )
    addresses: dict[int, set[int]] = defaultdict(set)
    landlords: dict[int, set[int]] = defaultdict(set)
    first_elsewhere: dict[int, dt.date] = {}
    for owner_id, address_id, municipality_id in holdings:
        elsewhere = [day for m, day in acted[owner_id].items() if m != municipality_id]
        if not elsewhere:
            continue
        addresses[municipality_id].add(address_id)
        landlords[municipality_id].add(owner_id)
        day = min(elsewhere)
        first_elsewhere[municipality_id] = min(day, first_elsewhere.get(municipality_id, day))
    rows = []
    for municipality in Municipality.objects.filter(region=region).order_by("name"):
        ids = sorted(addresses.get(municipality.pk, ()))
        rows.append(Row(
            municipality, len(landlords.get(municipality.pk, ())), len(ids), first_elsewhere.get(municipality.pk),
            _per_quarter(Melding.objects.filter(address_id__in=ids), "received_on", start, end, quarters),
            _per_quarter(Registration.objects.filter(address_id__in=ids), "start_date", start, end, quarters),
            [Cell(_over_norm(municipality, ids, min(q.last, end))) for q in quarters],
        ))
    return Monitor(region, quarters, rows)


def _per_quarter(queryset, day: str, start: dt.date, end: dt.date, quarters: list[Bucket]) -> list[Cell]:
    months = (
        queryset.filter(**{f"{day}__gte": start, f"{day}__lte": end})
        .annotate(month=TruncMonth(day)).values("month").annotate(n=Count("pk")).order_by()
    )
    totals: dict[str, int] = defaultdict(int)
    for row in months:
        month = row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]
        totals[quarter_of(month).key] += row["n"]
    return [Cell(totals.get(q.key, 0)) for q in quarters]


def _over_norm(municipality: Municipality, address_ids: list[int], on: dt.date) -> int:
    """Of these addresses, how many had more persons registered than the norm allowed on that day."""
    if not address_ids:
        return 0
    norm = norm_in_force(key=NormKey.FLOOR_AREA_PER_PERSON, municipality_id=municipality.pk, on=on)
    if not norm:
        return 0
    persons = dict(
        Registration.objects.filter(current_registrations(on), address_id__in=address_ids)
        .values("address_id").annotate(n=Count("pk")).values_list("address_id", "n").order_by()
    )
    floor = dict(Address.objects.filter(pk__in=list(persons), floor_area_m2__isnull=False)
                 .values_list("pk", "floor_area_m2"))
    return sum(1 for pk, n in persons.items() if pk in floor and n > int(Decimal(floor[pk]) // norm))

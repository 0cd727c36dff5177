"""Occupancy snapshots: per neighbourhood, the addresses over the floor-area norm on one day.

A snapshot is taken at every month's end and, for the running month, again every day (tasks.py):
the running month's snapshot moves along with today and is replaced each time; once the month has
ended its month-end snapshot is final and is never taken again. The counts come from one GROUP BY
over the municipality's addresses (persons in force per address as a correlated subquery), so a
200,000-address municipality takes one query, not a loop over addresses.

Over the norm is what registry.selectors.occupancy says: persons > floor(floor area / norm). For
whole persons that is persons * norm > floor area, which is compared in whole hundredths (the norm
has two decimals) so that no rounding can move an address across the line.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import (
    Avg,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from regiekamer.norms.models import NormKey
from regiekamer.norms.selectors import norm_in_force
from regiekamer.registry.models import Address, Municipality, Registration
from regiekamer.registry.selectors import current_registrations

from .measures import month_of
from .models import OccupancySnapshot


def _hundredths(norm: Decimal) -> int:
    return int((norm * 100).to_integral_value())


def counts(municipality: Municipality, on: dt.date) -> list[dict]:
    """Per neighbourhood: area_code, addresses (with registrations in force), over_norm, persons,
    latitude and longitude (the average of all its addresses); sorted by area code."""
    norm = norm_in_force(key=NormKey.FLOOR_AREA_PER_PERSON, municipality_id=municipality.pk, on=on)
    persons_here = (
        Registration.objects.filter(current_registrations(on), address=OuterRef("pk"))
        .order_by().values("address").annotate(n=Count("pk")).values("n")
    )
    rows = (
        Address.objects.filter(municipality=municipality)
        .annotate(p=Coalesce(Subquery(persons_here, output_field=IntegerField()), Value(0)),
                  area=Coalesce(F("area_code"), Value(""), output_field=CharField()))
        .values("area")
    )
    over = Value(0)
    if norm:
        over = Count("pk", filter=Q(floor_area_m2__gt=0) & Q(GreaterThan(
            F("p") * Value(_hundredths(norm)), F("floor_area_m2") * Value(100))))
    rows = rows.annotate(
        addresses=Count("pk", filter=Q(p__gt=0)), persons=Sum("p"), over_norm=over,
        latitude=Avg("latitude"), longitude=Avg("longitude"),
    ).order_by("area")
    return [
        {"area_code": row["area"], "addresses": row["addresses"], "over_norm": row["over_norm"] or 0,
         "persons": row["persons"] or 0, "latitude": row["latitude"], "longitude": row["longitude"]}
        for row in rows
    ]


def take(municipality: Municipality, on: dt.date, *, now: dt.datetime) -> int:
    """Take the snapshot of one day; returns the number of neighbourhood rows written.

    A day in the running month (that of `now`) replaces the running month's snapshot, whatever
    day it was taken on. A day in a past month is written only if that day was not yet taken (it
    then replaces a provisional snapshot of the same month); a taken past day is final and 0 is
    returned. A day after today is refused.
    """
    today = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    if on > today:
        raise ValueError(f"a snapshot of {on} cannot be taken on {today}")
    month = month_of(on)
    mine = OccupancySnapshot.objects.filter(municipality=municipality)
    past = month.last < month_of(today).first
    if past and mine.filter(on=on).exists():
        return 0
    rows = counts(municipality, on)
    with transaction.atomic():
        # The month's other snapshots were provisional (the running month, taken on an earlier day).
        mine.filter(on__gte=month.first, on__lte=month.last).delete()
        OccupancySnapshot.objects.bulk_create([
            OccupancySnapshot(municipality=municipality, on=on, taken_at=now, **row) for row in rows
        ])
    return len(rows)


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The last days of the months that end within start..end."""
    days, day = [], month_of(start).last
    while day <= end:
        if day >= start:
            days.append(day)
        day = month_of(day + dt.timedelta(days=1)).last
    return days


def take_month_ends(municipality: Municipality, start: dt.date, end: dt.date, *, today: dt.date,
                    now: dt.datetime | None = None, on_day=None) -> int:
    """Take every month end from start to end that has passed, and today for the running month if
    end reaches into it; returns the rows written. `on_day(day)` is called after each day (progress)."""
    now = now or dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC)
    days = [day for day in month_ends(start, min(end, today)) if day < today]
    if end >= month_of(today).first and today not in days:
        days.append(today)
    written = 0
    for day in days:
        written += take(municipality, day, now=now)
        if on_day is not None:
            on_day(day)
    return written

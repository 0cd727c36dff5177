"""Occupancy snapshots: per neighbourhood, the addresses over the floor-area norm on one day.

A snapshot is taken at every month's end and, for the running month, again every day (tasks.py):
the running month's snapshot moves along with today and is replaced each time; once the month has
ended its month-end snapshot is final and is never taken again. The counts come from one statement
(persons in force per address, grouped by neighbourhood), so a 200,000-address municipality takes
one query, not a loop over addresses.

Over the norm is what registry.selectors.occupancy says: persons > floor(floor area / norm). For
whole persons that is persons * norm > floor area, which is compared in whole hundredths (the norm
has two decimals) so that no rounding can move an address across the line.
"""

import datetime as dt
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count
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
    latitude and longitude (the average of all its addresses); sorted by area code.

    One statement: the registrations in force (registry.selectors.current_registrations) are counted
    per address in a derived table built by the ORM, which is joined to the municipality's addresses
    and grouped by neighbourhood. The outer query is SQL because the ORM cannot join a derived table
    (as a correlated subquery it would be repeated in every aggregate that uses it).
    """
    norm = norm_in_force(key=NormKey.FLOOR_AREA_PER_PERSON, municipality_id=municipality.pk, on=on)
    persons = (
        Registration.objects.filter(current_registrations(on), address__municipality=municipality)
        .values("address_id").annotate(n=Count("pk")).values("address_id", "n").order_by()
    )
    inner, inner_params = persons.query.sql_with_params()
    q = connection.ops.quote_name
    meta = Address._meta
    a = {name: q(meta.get_field(name).column) for name in (
        "id", "area_code", "floor_area_m2", "latitude", "longitude", "municipality")}
    # persons > floor(floor area / norm)  <=>  persons * norm > floor area, here in whole hundredths.
    over = (f"SUM(CASE WHEN a.{a['floor_area_m2']} > 0 AND r.n * %s > a.{a['floor_area_m2']} * 100 "
            f"THEN 1 ELSE 0 END)") if norm else "0"
    sql = f"""
        SELECT COALESCE(a.{a['area_code']}, '') AS area, COUNT(r.n) AS addresses, COALESCE(SUM(r.n), 0) AS persons,
               {over} AS over_norm, AVG(a.{a['latitude']}) AS latitude, AVG(a.{a['longitude']}) AS longitude
        FROM {q(meta.db_table)} a LEFT JOIN ({inner}) r ON r.{q("address_id")} = a.{a['id']}
        WHERE a.{a['municipality']} = %s
        GROUP BY COALESCE(a.{a['area_code']}, '')
        ORDER BY 1
    """
    params = ([_hundredths(norm)] if norm else []) + list(inner_params) + [municipality.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        {"area_code": area, "addresses": int(addresses), "over_norm": int(over_norm or 0), "persons": int(persons),
         "latitude": latitude, "longitude": longitude}
        for area, addresses, persons, over_norm, latitude, longitude in rows
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

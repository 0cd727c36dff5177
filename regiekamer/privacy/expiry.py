"""When a retention period ends: pure date arithmetic, no database.

A period of years and months is counted in calendar months: a record closed on 14 March 2021 with a
period of 5 years expires on 14 March 2026. When the end day does not exist in the end month (29
February plus one year, 31 August plus six months), the period ends on the first day of the month
after: only then has the whole period passed (a year after 29 February 2024 is 1 March 2025).
Days are added after the months.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Sequence


@dataclass(frozen=True, order=True)
class Period:
    """One dated retention period: in force for start events from `valid_from` on."""

    valid_from: dt.date
    years: int = 0
    months: int = 0
    days: int = 0


def add_period(start: dt.date, period: Period) -> dt.date:
    """The day the period that began on `start` has fully passed (the expiry day)."""
    year, month = divmod(start.month - 1 + period.years * 12 + period.months, 12)
    year, month = start.year + year, month + 1
    last = calendar.monthrange(year, month)[1]
    end = dt.date(year, month, last) + dt.timedelta(days=1) if start.day > last else dt.date(year, month, start.day)
    return end + dt.timedelta(days=period.days)


def in_force(periods: Sequence[Period], on: dt.date) -> Period | None:
    """The period in force for a start event on `on`: the latest from that day or before. Before
    the first one, the first one holds (records older than the schedule are not kept for ever)."""
    ordered = sorted(periods)
    if not ordered:
        return None
    current = ordered[0]
    for period in ordered:
        if period.valid_from <= on:
            current = period
    return current


def expires_on(start: dt.date, periods: Sequence[Period]) -> dt.date | None:
    period = in_force(periods, start)
    return add_period(start, period) if period else None


def latest_start(on: dt.date, period: Period) -> dt.date:
    """The latest start day whose period has passed by `on` (add_period is monotone, so every
    earlier start has passed too)."""
    guess = on - dt.timedelta(days=period.years * 366 + period.months * 31 + period.days)
    while add_period(guess + dt.timedelta(days=1), period) <= on:
        guess += dt.timedelta(days=1)
    while add_period(guess, period) > on:
        guess -= dt.timedelta(days=1)
    return guess


def segments(periods: Sequence[Period], on: dt.date) -> list[tuple[dt.date | None, dt.date | None, dt.date]]:
    """Per period: (first start day or None, first start day of the next period or None, latest
    start day that has expired by `on`). A record has expired when its start lies in a segment
    and on or before that segment's latest start day."""
    ordered = sorted(periods)
    result = []
    for index, period in enumerate(ordered):
        first = None if index == 0 else period.valid_from
        after = ordered[index + 1].valid_from if index + 1 < len(ordered) else None
        result.append((first, after, latest_start(on, period)))
    return result

"""Occupancy snapshots against hand-counted addresses, norms and registrations."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from regiekamer.norms.models import Norm, NormKey
from regiekamer.steering import snapshots
from regiekamer.steering.models import OccupancySnapshot
from regiekamer.steering.tasks import take_snapshots
from tests.factories import AddressFactory, RegistrationFactory, municipality

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 31)
AFTER = dt.datetime(2026, 4, 15, 12, tzinfo=dt.UTC)
AREA_1, AREA_2, AREA_3 = "BU09830001", "BU09830002", "BU09830003"


def register(address, n: int, start: dt.date, end: dt.date | None = None) -> None:
    for _ in range(n):
        RegistrationFactory(address=address, start_date=start, end_date=end)


@pytest.fixture
def venlo():
    venlo = municipality("GM0983")
    # Venlo's own norm from 2026 (10 m2 per person) wins over the national 12 m2.
    Norm.objects.create(key=NormKey.FLOOR_AREA_PER_PERSON, municipality=venlo, value=Decimal(10),
                        valid_from=dt.date(2026, 1, 1), source="test")
    return venlo


@pytest.fixture
def addresses(venlo):
    a1 = AddressFactory(area_code=AREA_1, floor_area_m2=40, latitude=51.0, longitude=6.0)  # at most 4
    a2 = AddressFactory(area_code=AREA_1, floor_area_m2=35, latitude=51.2, longitude=6.2)  # at most 3
    a3 = AddressFactory(area_code=AREA_2, floor_area_m2=100, latitude=51.4, longitude=6.4)  # at most 10
    a4 = AddressFactory(area_code=AREA_2, floor_area_m2=None, latitude=51.6, longitude=6.6)  # no norm possible
    AddressFactory(area_code=AREA_3, latitude=51.8, longitude=6.8)  # nobody registered
    register(a1, 5, dt.date(2026, 1, 1))  # 5 > 4: over the norm
    register(a1, 1, dt.date(2025, 6, 1), end=DAY)  # ended on the day itself: no longer there
    register(a1, 1, DAY + dt.timedelta(days=1))  # arrives the day after
    register(a2, 2, dt.date(2025, 1, 1))
    register(a2, 1, DAY)  # arrived on the day itself: counts; 3 is not more than 3
    register(a3, 2, dt.date(2024, 5, 1))
    register(a4, 3, dt.date(2024, 5, 1))
    # Horst aan de Maas is another municipality: never in Venlo's snapshot.
    register(AddressFactory(municipality=municipality("GM1507"), area_code=AREA_1, floor_area_m2=20), 9,
             dt.date(2025, 1, 1))
    return a1, a2, a3, a4


def rows(venlo, on: dt.date) -> dict[str, tuple]:
    return {
        s.area_code: (s.addresses, s.over_norm, s.persons, round(s.latitude, 6), round(s.longitude, 6))
        for s in OccupancySnapshot.objects.filter(municipality=venlo, on=on)
    }


def test_counts_per_neighbourhood_on_the_day(venlo, addresses):
    assert snapshots.take(venlo, DAY, now=AFTER) == 3
    assert rows(venlo, DAY) == {
        AREA_1: (2, 1, 8, 51.1, 6.1),
        AREA_2: (2, 0, 5, 51.5, 6.5),
        AREA_3: (0, 0, 0, 51.8, 6.8),
    }
    assert set(OccupancySnapshot.objects.values_list("taken_at", flat=True)) == {AFTER}


def test_the_norm_in_force_on_the_day_counts(venlo):
    address = AddressFactory(area_code=AREA_1, floor_area_m2=30)
    register(address, 3, dt.date(2025, 1, 1))
    # 2025: the national 12 m2, at most 2 persons in 30 m2; 2026: Venlo's 10 m2, at most 3.
    snapshots.take(venlo, dt.date(2025, 12, 31), now=AFTER)
    snapshots.take(venlo, dt.date(2026, 1, 31), now=AFTER)
    assert rows(venlo, dt.date(2025, 12, 31))[AREA_1][:3] == (1, 1, 3)
    assert rows(venlo, dt.date(2026, 1, 31))[AREA_1][:3] == (1, 0, 3)


def test_a_norm_with_decimals_is_exact_at_the_line(venlo):
    Norm.objects.create(key=NormKey.FLOOR_AREA_PER_PERSON, municipality=venlo, value=Decimal("10.50"),
                        valid_from=dt.date(2026, 2, 1), source="test")
    register(AddressFactory(area_code=AREA_1, floor_area_m2=42), 4, dt.date(2025, 1, 1))  # 42 / 10.5 = 4
    register(AddressFactory(area_code=AREA_2, floor_area_m2=42), 5, dt.date(2025, 1, 1))
    register(AddressFactory(area_code=AREA_3, floor_area_m2=227), 20, dt.date(2025, 1, 1))  # 227/11.35=20
    Norm.objects.create(key=NormKey.FLOOR_AREA_PER_PERSON, municipality=venlo, value=Decimal("11.35"),
                        valid_from=dt.date(2026, 3, 1), source="test")
    snapshots.take(venlo, dt.date(2026, 2, 28), now=AFTER)
    assert {k: v[1] for k, v in rows(venlo, dt.date(2026, 2, 28)).items()} == {AREA_1: 0, AREA_2: 1, AREA_3: 0}
    snapshots.take(venlo, DAY, now=AFTER)
    # At 11.35 m2: 42 m2 holds 3 (4 and 5 are over), 227 m2 holds exactly 20.
    assert {k: v[1] for k, v in rows(venlo, DAY).items()} == {AREA_1: 1, AREA_2: 1, AREA_3: 0}


def test_a_past_months_snapshot_is_final(venlo, addresses):
    snapshots.take(venlo, DAY, now=AFTER)
    register(addresses[2], 20, dt.date(2026, 1, 1))  # a late correction in the registers
    assert snapshots.take(venlo, DAY, now=AFTER + dt.timedelta(days=3)) == 0
    assert rows(venlo, DAY)[AREA_2] == (2, 0, 5, 51.5, 6.5)
    assert set(OccupancySnapshot.objects.values_list("taken_at", flat=True)) == {AFTER}


def test_the_running_months_snapshot_moves_along_and_is_replaced(venlo, addresses):
    first = dt.datetime(2026, 4, 10, 3, tzinfo=dt.UTC)
    snapshots.take(venlo, dt.date(2026, 4, 10), now=first)
    register(addresses[2], 20, dt.date(2026, 4, 11))  # 22 in 100 m2
    assert snapshots.take(venlo, dt.date(2026, 4, 11), now=first + dt.timedelta(days=1)) == 3
    assert set(OccupancySnapshot.objects.values_list("on", flat=True)) == {dt.date(2026, 4, 11)}
    assert rows(venlo, dt.date(2026, 4, 11))[AREA_2][:3] == (2, 1, 25)
    # Taken again the same day: replaced, not doubled.
    snapshots.take(venlo, dt.date(2026, 4, 11), now=first + dt.timedelta(days=1, hours=2))
    assert OccupancySnapshot.objects.count() == 3


def test_the_month_end_replaces_a_provisional_snapshot_of_that_month(venlo, addresses):
    snapshots.take(venlo, dt.date(2026, 3, 30), now=dt.datetime(2026, 3, 30, 3, tzinfo=dt.UTC))
    snapshots.take(venlo, DAY, now=AFTER)
    assert set(OccupancySnapshot.objects.values_list("on", flat=True)) == {DAY}


def test_a_day_after_today_is_refused(venlo):
    with pytest.raises(ValueError):
        snapshots.take(venlo, dt.date(2026, 4, 16), now=AFTER)


def test_month_ends_and_today(venlo, addresses):
    written = snapshots.take_month_ends(venlo, dt.date(2026, 1, 1), dt.date(2026, 4, 20), today=dt.date(2026, 4, 20))
    assert written == 4 * 3
    assert sorted(set(OccupancySnapshot.objects.values_list("on", flat=True))) == [
        dt.date(2026, 1, 31), dt.date(2026, 2, 28), DAY, dt.date(2026, 4, 20)]
    # In January and February only a1's five (from 1 January), a2's two, a3 and a4 were registered.
    assert rows(venlo, dt.date(2026, 1, 31))[AREA_1][:3] == (2, 1, 8)
    assert snapshots.month_ends(dt.date(2025, 12, 31), dt.date(2026, 2, 27)) == [
        dt.date(2025, 12, 31), dt.date(2026, 1, 31)]


def test_the_daily_task_takes_today_and_the_last_month_end_of_every_municipality_with_addresses(venlo):
    today = timezone.localdate()
    last_month_end = today.replace(day=1) - dt.timedelta(days=1)
    address = AddressFactory(area_code=AREA_1, floor_area_m2=20)
    register(address, 3, last_month_end - dt.timedelta(days=40))
    register(address, 1, today)  # arrived today: not yet there at the last month's end
    result = take_snapshots.enqueue().return_value
    assert result == {"GM0983": 2}
    snapshot = {s.on: (s.addresses, s.persons) for s in OccupancySnapshot.objects.filter(municipality=venlo)}
    assert snapshot == {last_month_end: (1, 3), today: (1, 4)}
    # The next day's run leaves the final month end alone and replaces today's.
    assert take_snapshots.enqueue().return_value == {"GM0983": 1}

"""The daily round: snapshots, packages and planner statistics, in one task."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from regiekamer.steering.models import FigurePackage, OccupancySnapshot
from regiekamer.steering.tasks import daily
from tests.factories import AddressFactory, MeldingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_the_daily_round_snapshots_publishes_and_refreshes_statistics():
    address = AddressFactory(area_code="BU09830101", floor_area_m2=24)
    for _ in range(3):  # three people on 24 m2 against the national norm of 12 m2 per person
        RegistrationFactory(address=address, start_date=dt.date(2024, 1, 1))
    MeldingFactory(address=address, received_on=timezone.localdate() - dt.timedelta(days=3))
    counts = daily.call()
    today = timezone.localdate()
    snapshot = OccupancySnapshot.objects.get(on=today)
    assert (snapshot.area_code, snapshot.addresses, snapshot.over_norm, snapshot.persons) == ("BU09830101", 1, 1, 3)
    assert counts["packages"] == FigurePackage.objects.count() == 1
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cursor.fetchone()[0] == 1

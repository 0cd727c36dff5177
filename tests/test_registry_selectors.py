"""Search parsing, occupancy against the dated norm, and the map's signals, with hand-computed cases."""

import datetime as dt
from decimal import Decimal

import pytest

from regiekamer.norms.models import Norm, NormKey
from regiekamer.norms.selectors import norm_in_force
from regiekamer.organisations.access import scope_for
from regiekamer.organisations.models import Role
from regiekamer.registry.models import Registry
from regiekamer.registry.selectors import (
    SearchQuery, map_points, occupancy, parse_search, search_addresses, timeline,
)
from tests.factories import (
    AddressFactory, InspectionFactory, MeldingFactory, MembershipFactory, RegistrationFactory, municipality,
)

TODAY = dt.date(2026, 11, 27)


@pytest.mark.parametrize("text, expected", [
    ("5911 AB 12", SearchQuery(postcode="5911AB", house_number=12)),
    ("5911ab12a", SearchQuery(postcode="5911AB", house_number=12, house_letter="A")),
    ("5911AB 12-2", SearchQuery(postcode="5911AB", house_number=12, addition="2")),
    ("5911 ab", SearchQuery(postcode="5911AB")),
    ("Kaldenkerkerweg 12", SearchQuery(street="Kaldenkerkerweg", house_number=12)),
    ("Burgemeester van Rijnsingel 3 b", SearchQuery(street="Burgemeester van Rijnsingel", house_number=3, house_letter="B")),
    ("  parade  ", SearchQuery(street="parade")),
    ("12", None),
    ("ab", None),
    ("", None),
    ("5911 AB twaalf", None),
])
def test_parse_search(text, expected):
    assert parse_search(text) == expected


@pytest.mark.django_db
def test_norm_in_force_prefers_the_municipality_and_respects_dates():
    venlo = municipality("GM0983")
    key = NormKey.FLOOR_AREA_PER_PERSON
    assert norm_in_force(key=key, municipality_id=venlo.pk, on=TODAY) == Decimal("12")
    assert norm_in_force(key=key, municipality_id=venlo.pk, on=dt.date(2023, 12, 31)) is None
    Norm.objects.create(key=key, municipality=venlo, value=Decimal("15"), valid_from=dt.date(2026, 7, 1), source="test")
    assert norm_in_force(key=key, municipality_id=venlo.pk, on=dt.date(2026, 6, 30)) == Decimal("12")
    assert norm_in_force(key=key, municipality_id=venlo.pk, on=dt.date(2026, 7, 1)) == Decimal("15")
    assert norm_in_force(key=key, municipality_id=municipality("GM1507").pk, on=TODAY) == Decimal("12")


@pytest.mark.django_db
@pytest.mark.parametrize("from_list", [False, True], ids=["counted by the database", "counted from the dossier's list"])
def test_occupancy_counts_registrations_in_force_against_the_norm(from_list):
    address = AddressFactory(floor_area_m2=80)  # 80 m2 / 12 = 6.67 -> at most 6 persons
    for n in range(6):
        RegistrationFactory(address=address, start_date=dt.date(2025, 1, 1))
    RegistrationFactory(address=address, start_date=dt.date(2026, 3, 1), registry=Registry.RNI)  # 7th, this year
    RegistrationFactory(address=address, start_date=dt.date(2024, 1, 1), end_date=dt.date(2026, 11, 27))  # ended today
    RegistrationFactory(address=address, start_date=dt.date(2026, 11, 28))  # starts tomorrow
    RegistrationFactory(address=address, start_date=dt.date(2025, 11, 27))  # 365 days ago: in force, not "started in the last year"
    RegistrationFactory(address=AddressFactory(), start_date=dt.date(2026, 3, 1))  # another address
    listed = list(address.registrations.all()) if from_list else None
    result = occupancy(address, on=TODAY, registrations=listed)
    assert (result.persons, result.brp, result.rni) == (8, 7, 1)
    assert result.max_persons == 6
    assert result.over_norm is True
    assert result.m2_per_person == Decimal("10.0")  # 80 / 8
    assert result.started_last_year == 1  # only the RNI registration of 2026-03-01


@pytest.mark.django_db
def test_occupancy_uses_a_stricter_municipal_norm():
    venlo = municipality("GM0983")
    Norm.objects.create(key=NormKey.FLOOR_AREA_PER_PERSON, municipality=venlo, value=Decimal("15"),
                        valid_from=dt.date(2026, 1, 1), source="Huisvestingsverordening Venlo (test)")
    address = AddressFactory(floor_area_m2=80)  # 80 / 15 = 5.33 -> at most 5
    for _ in range(6):
        RegistrationFactory(address=address, start_date=dt.date(2025, 1, 1))
    result = occupancy(address, on=TODAY)
    assert result.max_persons == 5 and result.over_norm


@pytest.mark.django_db
def test_no_floor_area_means_no_judgement():
    address = AddressFactory(floor_area_m2=None)
    RegistrationFactory(address=address)
    result = occupancy(address, on=TODAY)
    assert result.max_persons is None and result.over_norm is False and result.m2_per_person is None


@pytest.mark.django_db
def test_search_is_scoped_and_exact_on_house_number():
    handler = MembershipFactory(role=Role.HANDLER).user
    a12 = AddressFactory(postcode="5911AB", house_number=12)
    AddressFactory(postcode="5911AB", house_number=120)
    AddressFactory(postcode="5961AB", house_number=12, municipality=municipality("GM1507"))
    scope = scope_for(handler)
    assert search_addresses(scope, SearchQuery(postcode="5911AB", house_number=12)) == [a12]
    assert len(search_addresses(scope, SearchQuery(postcode="5911AB"))) == 2
    assert search_addresses(scope, SearchQuery(postcode="5961AB")) == []


@pytest.mark.django_db
def test_map_points_are_addresses_over_the_norm_or_with_a_recent_melding():
    handler = MembershipFactory(role=Role.HANDLER).user
    crowded = AddressFactory(floor_area_m2=24)  # at most 2
    for _ in range(3):
        RegistrationFactory(address=crowded, start_date=dt.date(2025, 1, 1))
    within = AddressFactory(floor_area_m2=24)
    RegistrationFactory(address=within, start_date=dt.date(2025, 1, 1))
    reported = AddressFactory()
    MeldingFactory(address=reported, received_on=dt.date(2026, 1, 10))
    old_report = AddressFactory()
    MeldingFactory(address=old_report, received_on=dt.date(2025, 11, 27))  # exactly a year before: outside
    points = {p.address: p for p in map_points(scope_for(handler), municipality("GM0983").pk, on=TODAY)}
    assert set(points) == {crowded, reported}
    assert points[crowded].persons == 3 and points[crowded].max_persons == 2 and points[crowded].over_norm
    assert points[reported].meldingen_last_year == 1 and not points[reported].over_norm


@pytest.mark.django_db
def test_dossier_timeline_shows_recorded_inspections_not_planned_ones():
    handler = MembershipFactory(role=Role.HANDLER).user
    address = AddressFactory()
    InspectionFactory(address=address, inspected_on=dt.date(2026, 4, 1), outcome="violation", severity="serious")
    InspectionFactory(address=address, inspected_on=dt.date(2026, 12, 1), outcome="", status="planned")
    entries = [e for e in timeline(scope_for(handler), address) if e.kind == "inspection"]
    assert [(e.date, e.title) for e in entries] == [(dt.date(2026, 4, 1), "Pandcontrole: Overtreding (ernstig)")]

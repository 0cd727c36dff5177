"""A small Venlo for risk runs: ten addresses of 80 m2, two of them overcrowded, and users of the
Venlo enforcement department (coordinator, handler), of Venlo civil affairs and of the police.

With the national norm (12 m2 per person) an 80 m2 address has room for floor(80/12) = 6 persons.
The engine's persons_over_norm feature is ln(1 + persons above the norm), its expert weight 2.0; no
other indicator has a value here (no meldingen, inspections or owners; the registrations started
more than 12 months before the as-of date), so:
  crowded (12 persons):   2 x ln(7) = 3.891820   rank 1
  busy (8 persons):       2 x ln(3) = 2.197225   rank 2
  the other eight:        0                      ranks 3..10
"""

import datetime as dt

import pytest

from regiekamer.organisations.models import OrganisationKind, Role
from tests.factories import AddressFactory, MembershipFactory, OrganisationFactory, RegistrationFactory, municipality

AS_OF = dt.date(2026, 1, 1)


@pytest.fixture
def venlo():
    return municipality("GM0983")


@pytest.fixture
def addresses(venlo):
    crowded = AddressFactory(bag_id="0983010000000101", street="Parade", house_number=1, area_code="BU09830101")
    busy = AddressFactory(bag_id="0983010000000102", street="Parade", house_number=2, area_code="BU09830101")
    quiet = [AddressFactory(bag_id=f"0983010000000{110 + n}", street="Laan", house_number=10 + n,
                            area_code="BU09830102" if n % 2 else "BU09830101") for n in range(8)]
    for n in range(12):
        RegistrationFactory(address=crowded, start_date=dt.date(2024, 1, 1))
    for n in range(8):
        RegistrationFactory(address=busy, start_date=dt.date(2024, 1, 1))
    return {"crowded": crowded, "busy": busy, "quiet": quiet}


def _member(kind: str, role: str, organisation_name: str, code: str = "GM0983"):
    organisation = OrganisationFactory(name=organisation_name, kind=kind, municipality=municipality(code))
    return MembershipFactory(organisation=organisation, role=role).user


@pytest.fixture
def enforcement(db):
    return OrganisationFactory(name="Venlo handhaving", kind=OrganisationKind.MUNICIPAL_ENFORCEMENT,
                               municipality=municipality("GM0983"))


@pytest.fixture
def coordinator(enforcement):
    return MembershipFactory(organisation=enforcement, role=Role.COORDINATOR).user


@pytest.fixture
def handler(enforcement):
    return MembershipFactory(organisation=enforcement, role=Role.HANDLER).user


@pytest.fixture
def civil_affairs(db):
    return _member(OrganisationKind.MUNICIPAL_CIVIL_AFFAIRS, Role.COORDINATOR, "Venlo burgerzaken")


@pytest.fixture
def horst_coordinator(db):
    return _member(OrganisationKind.MUNICIPAL_ENFORCEMENT, Role.COORDINATOR, "Horst handhaving", "GM1507")


@pytest.fixture
def police(db):
    organisation = OrganisationFactory(name="Politie Limburg", kind=OrganisationKind.POLICE, municipality=None)
    return MembershipFactory(organisation=organisation, role=Role.COORDINATOR).user

"""A Venlo enforcement department with its people, the fire service, and one open case."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from regiekamer.cases.models import Case, CaseType
from regiekamer.cases.services import open_case
from regiekamer.organisations.models import Organisation, OrganisationKind as K, Role
from regiekamer.registry.models import Address
from tests.factories import AddressFactory, MembershipFactory, OrganisationFactory, RegionFactory, municipality


@dataclass
class Cast:
    enforcement: Organisation
    civil_affairs: Organisation
    fire: Organisation
    police: Organisation
    handler: User
    coordinator: User
    colleague: User
    viewer: User
    civil_handler: User
    fire_handler: User
    fire_viewer: User
    police_handler: User
    analyst: User
    privacy: User
    address: Address
    case: Case


def _user(organisation, role, name):
    return MembershipFactory(organisation=organisation, role=role, user__username=name).user


@pytest.fixture
def cast(db) -> Cast:
    region = RegionFactory()
    venlo = municipality("GM0983")
    venlo.region = region
    venlo.save()
    enforcement = OrganisationFactory(name="Venlo handhaving", municipality=venlo)
    civil_affairs = OrganisationFactory(name="Venlo burgerzaken", kind=K.MUNICIPAL_CIVIL_AFFAIRS, municipality=venlo)
    fire = OrganisationFactory(name="Brandweer Limburg-Noord", kind=K.FIRE_SERVICE, municipality=None, region=region)
    police = OrganisationFactory(name="Politie Limburg", kind=K.POLICE, municipality=None, region=region)
    analyst_org = OrganisationFactory(name="Regioprogramma", kind=K.REGIONAL_PROGRAMME, municipality=None,
                                      region=region)
    handler = _user(enforcement, Role.HANDLER, "anna")
    address = AddressFactory(postcode="5911AA", house_number=7, street="Parade")
    case = open_case(actor=handler, address=address, case_type=CaseType.OVERCROWDING, responsible=enforcement,
                     handler=handler)
    return Cast(
        enforcement=enforcement, civil_affairs=civil_affairs, fire=fire, police=police,
        handler=handler,
        coordinator=_user(enforcement, Role.COORDINATOR, "cor"),
        colleague=_user(enforcement, Role.HANDLER, "bert"),
        viewer=_user(enforcement, Role.VIEWER, "vera"),
        civil_handler=_user(civil_affairs, Role.HANDLER, "bz"),
        fire_handler=_user(fire, Role.HANDLER, "brandweer"),
        fire_viewer=_user(fire, Role.VIEWER, "brandweer-lezer"),
        police_handler=_user(police, Role.HANDLER, "politie"),
        analyst=_user(analyst_org, Role.VIEWER, "analist"),
        privacy=_user(enforcement, Role.PRIVACY_OFFICER, "fg"),
        address=address, case=case,
    )


@pytest.fixture
def today() -> dt.date:
    return dt.date.today()

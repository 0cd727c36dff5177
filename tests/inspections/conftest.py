"""A Venlo case at an address of 96 m2 in status 'controle gepland', with the fire service taking part."""

import datetime as dt

import pytest

from regiekamer.cases.models import CaseStatus, CaseType
from regiekamer.cases.services import add_participant, change_status, open_case
from regiekamer.inspections.models import ChecklistTemplate
from regiekamer.inspections.services import plan_inspection
from regiekamer.organisations.models import OrganisationKind as K, Role
from tests.factories import AddressFactory, MembershipFactory, OrganisationFactory


@pytest.fixture
def enforcement():
    return OrganisationFactory(name="Venlo handhaving", kind=K.MUNICIPAL_ENFORCEMENT)


@pytest.fixture
def fire_service():
    return OrganisationFactory(name="Brandweer Limburg-Noord", kind=K.FIRE_SERVICE, municipality=None)


@pytest.fixture
def handler(enforcement):
    return MembershipFactory(organisation=enforcement, role=Role.HANDLER).user


@pytest.fixture
def inspector(fire_service):
    return MembershipFactory(organisation=fire_service, role=Role.HANDLER).user


@pytest.fixture
def address():
    return AddressFactory(floor_area_m2=96, street="Parade", house_number=7)


@pytest.fixture
def case(handler, address, fire_service):
    case = open_case(actor=handler, address=address, case_type=CaseType.OVERCROWDING,
                     responsible=handler.membership.organisation)
    case = change_status(actor=handler, case=case, to=CaseStatus.INVESTIGATING, expected_version=case.version)
    case = change_status(actor=handler, case=case, to=CaseStatus.INSPECTION_PLANNED, expected_version=case.version)
    add_participant(actor=handler, case=case, organisation=fire_service, reason="gezamenlijke controle")
    return case


@pytest.fixture
def checklist():
    return ChecklistTemplate.objects.get(name="Pandcontrole huisvesting arbeidsmigranten", version=1)


@pytest.fixture
def inspection(handler, address, case, checklist, fire_service):
    return plan_inspection(actor=handler, address=address, planned_on=dt.date.today(), checklist=checklist,
                           team=[fire_service], case=case)

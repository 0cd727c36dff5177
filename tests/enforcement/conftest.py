import datetime as dt

import pytest

from regiekamer.cases.models import CaseType
from regiekamer.cases.services import open_case
from regiekamer.organisations.models import Role
from tests.factories import AddressFactory, MembershipFactory, OwnerFactory, OwnershipFactory


@pytest.fixture
def handler():
    return MembershipFactory(role=Role.HANDLER).user


@pytest.fixture
def case(handler):
    address = AddressFactory(street="Parade", house_number=7, postcode="5911AA", city="Venlo")
    OwnershipFactory(address=address, owner=OwnerFactory(name="Huisjesmelker B.V.", kvk_number="12345678"),
                     start_date=dt.date(2020, 1, 1))
    return open_case(actor=handler, address=address, case_type=CaseType.OVERCROWDING,
                     responsible=handler.membership.organisation)

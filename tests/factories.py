"""factory_boy factories shared by the test suite."""

import datetime as dt

import factory
from django.contrib.auth.models import User

from regiekamer.cases.models import Case, CaseParticipant, CaseType
from regiekamer.inspections.models import Inspection, Outcome
from regiekamer.meldingen.models import Melding, MeldingCategory, MeldingSource
from regiekamer.organisations.models import Membership, Organisation, OrganisationKind, Role
from regiekamer.registry.models import (
    Address, Building, Employer, Municipality, Owner, OwnerKind, Ownership, Region, Registration, Registry,
)


def municipality(code: str) -> Municipality:
    """Municipalities are reference data loaded by a migration; tests pick them by CBS code."""
    return Municipality.objects.get(code=code)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "noord-limburg"
    name = "Noord-Limburg"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.MUNICIPAL_ENFORCEMENT
    municipality = factory.LazyFunction(lambda: municipality("GM0983"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    password = factory.django.Password("correct-horse-battery")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.HANDLER


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    bag_id = factory.Sequence(lambda n: f"0983100{n:09d}")
    municipality = factory.LazyFunction(lambda: municipality("GM0983"))
    building_year = 1965


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    bag_id = factory.Sequence(lambda n: f"0983010{n:09d}")
    address_number_id = factory.Sequence(lambda n: f"0983200{n:09d}")
    municipality = factory.LazyFunction(lambda: municipality("GM0983"))
    building = factory.SubFactory(BuildingFactory)
    street = "Kaldenkerkerweg"
    house_number = factory.Sequence(lambda n: n + 1)
    postcode = "5913AB"
    city = "Venlo"
    usage = factory.LazyFunction(lambda: ["woonfunctie"])
    floor_area_m2 = 80
    building_year = 1965
    status = "Verblijfsobject in gebruik"
    rd_x = 209000.0
    rd_y = 376000.0
    latitude = 51.37
    longitude = 6.17


class OwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Owner

    kind = OwnerKind.COMPANY
    kvk_number = factory.Sequence(lambda n: f"{60000000 + n}")
    name = factory.Sequence(lambda n: f"Vastgoed {n} B.V.")


class OwnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ownership

    address = factory.SubFactory(AddressFactory)
    owner = factory.SubFactory(OwnerFactory)
    start_date = dt.date(2020, 1, 1)


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    kvk_number = factory.Sequence(lambda n: f"{70000000 + n}")
    name = factory.Sequence(lambda n: f"Flex {n} Uitzendbureau B.V.")
    is_agency = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    address = factory.SubFactory(AddressFactory)
    person_ref = factory.Sequence(lambda n: f"{n:032x}")
    registry = Registry.BRP
    start_date = dt.date(2024, 1, 1)


class MeldingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Melding

    address = factory.SubFactory(AddressFactory)
    municipality = factory.LazyAttribute(lambda o: o.address.municipality if o.address else None)
    category = MeldingCategory.OVERCROWDING
    source = MeldingSource.CITIZEN
    received_on = dt.date(2025, 3, 1)


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    address = factory.SubFactory(AddressFactory)
    municipality = factory.LazyAttribute(lambda o: o.address.municipality if o.address else None)
    inspected_on = dt.date(2025, 4, 1)
    outcome = Outcome.NO_VIOLATION


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    address = factory.SubFactory(AddressFactory)
    municipality = factory.LazyAttribute(lambda o: o.address.municipality if o.address else None)
    case_type = CaseType.OVERCROWDING
    responsible = factory.SubFactory(OrganisationFactory)
    opened_on = dt.date(2025, 5, 1)


class CaseParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseParticipant

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    since = dt.date(2025, 5, 2)


def api_token_header(user) -> str:
    """The Authorization header of a personal API key of `user` (accounts/api_tokens.py), as the
    user makes one on "API-sleutels"."""
    from regiekamer.accounts.api_tokens import create_token

    return f"Token {create_token(user=user, name='test')[1]}"

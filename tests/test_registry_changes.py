"""Recording registrations and owners: validation in Dutch, nothing stored on refusal, pseudonyms
only, and every change of personal data in the processing log."""

import datetime as dt

import pytest

from regiekamer.audit.models import Operation, ProcessingLogEntry, SubjectType
from regiekamer.audit.services import decrypt_subject
from regiekamer.organisations.models import OrganisationKind, Role
from regiekamer.registry.models import Owner, Ownership, Registration
from regiekamer.registry.services import pseudonymise_bsn
from tests.factories import (
    AddressFactory, EmployerFactory, MembershipFactory, OrganisationFactory, OwnerFactory, OwnershipFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db
VALID_BSN = "123456782"
OTHER_VALID_BSN = "111222333"


@pytest.fixture
def clerk(client):
    user = MembershipFactory(role=Role.HANDLER,
                             organisation=OrganisationFactory(kind=OrganisationKind.MUNICIPAL_CIVIL_AFFAIRS)).user
    client.force_login(user)
    return user


@pytest.fixture
def enforcement(client):
    user = MembershipFactory(role=Role.HANDLER).user
    client.force_login(user)
    return user


def _register(client, address, **data):
    form = {"bsn": VALID_BSN, "registry": "RNI", "start_date": "2026-10-01", "employer_kvk": ""} | data
    return client.post(f"/adressen/{address.bag_id}/inschrijvingen/nieuw/", form)


def test_clerk_registers_a_person_as_a_pseudonym_and_it_is_logged(client, clerk):
    address = AddressFactory()
    employer = EmployerFactory(kvk_number="70001234")
    response = _register(client, address, employer_kvk="70001234")
    assert response.status_code == 302 and response["Location"] == f"/adressen/{address.bag_id}/"
    registration = Registration.objects.get()
    assert registration.person_ref == pseudonymise_bsn(VALID_BSN)
    assert VALID_BSN not in registration.person_ref
    assert (registration.registry, registration.start_date, registration.employer) == ("RNI", dt.date(2026, 10, 1), employer)
    entry = ProcessingLogEntry.objects.get()
    assert (entry.operation, entry.data_subject_type) == (Operation.CREATE, SubjectType.PERSON)
    assert decrypt_subject(entry) == registration.person_ref


@pytest.mark.parametrize("data, field, message", [
    ({"bsn": "123456789"}, "bsn", "elfproef"),
    ({"bsn": "12345678a"}, "bsn", "elfproef"),
    ({"bsn": ""}, "bsn", "Vul het BSN in"),
    ({"start_date": "31-02-2026"}, "start_date", "geldige datum"),
    ({"start_date": "2999-01-01"}, "start_date", "toekomst"),
    ({"registry": "XYZ"}, "registry", "XYZ"),
    ({"employer_kvk": "123"}, "employer_kvk", "8 cijfers"),
    ({"employer_kvk": "99999999"}, "employer_kvk", "geen werkgever"),
])
def test_bad_registration_input_is_explained_and_stores_nothing(client, clerk, data, field, message):
    address = AddressFactory()
    response = _register(client, address, **data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert 'id="error-summary"' in response.content.decode()
    assert not Registration.objects.exists()
    assert not ProcessingLogEntry.objects.exists()


def test_a_person_registered_elsewhere_must_be_deregistered_first(client, clerk):
    elsewhere = AddressFactory(street="Parade", house_number=9)
    RegistrationFactory(address=elsewhere, person_ref=pseudonymise_bsn(VALID_BSN), start_date=dt.date(2025, 5, 1))
    response = _register(client, AddressFactory())
    assert response.status_code == 400
    assert "Parade 9" in response.context["form"].errors["bsn"][0]
    assert Registration.objects.count() == 1


def test_end_registration_then_register_elsewhere(client, clerk):
    first = AddressFactory()
    _register(client, first, start_date="2025-01-01")
    registration = Registration.objects.get()
    url = f"/adressen/{first.bag_id}/inschrijvingen/{registration.pk}/beeindigen/"
    assert client.post(url, {"end_date": "2024-12-31"}).status_code == 400  # before the start
    assert client.post(url, {"end_date": "2026-09-30"}).status_code == 302
    registration.refresh_from_db()
    assert registration.end_date == dt.date(2026, 9, 30)
    assert client.post(url, {"end_date": "2026-10-01"}).status_code == 400  # already ended
    assert _register(client, AddressFactory(), start_date="2026-10-01").status_code == 302
    assert Registration.objects.count() == 2
    assert [e.operation for e in ProcessingLogEntry.objects.order_by("id")] == ["create", "update", "create"]


def test_enforcement_may_not_register_persons(client, enforcement):
    address = AddressFactory()
    assert _register(client, address).status_code == 404
    assert not Registration.objects.exists()


def _owner(client, address, **data):
    form = {"kvk_number": "", "company_name": "", "bsn": "", "start_date": "2026-01-01"} | data
    return client.post(f"/adressen/{address.bag_id}/eigenaren/nieuw/", form)


def test_record_a_new_company_owner_replacing_the_current_one(client, enforcement):
    address = AddressFactory()
    old = OwnershipFactory(address=address, start_date=dt.date(2020, 1, 1))
    response = _owner(client, address, kvk_number="12345678", company_name="Maasvastgoed B.V.",
                      start_date="2026-03-01", replaces_current="on")
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.end_date == dt.date(2026, 2, 28)
    new = Ownership.objects.get(end_date__isnull=True)
    assert (new.owner.kvk_number, new.owner.name, new.start_date) == ("12345678", "Maasvastgoed B.V.", dt.date(2026, 3, 1))
    assert not ProcessingLogEntry.objects.exists()  # a company is not personal data


def test_record_a_natural_person_owner_is_pseudonymised_and_logged(client, enforcement):
    address = AddressFactory()
    assert _owner(client, address, bsn=OTHER_VALID_BSN).status_code == 302
    owner = Owner.objects.get()
    assert owner.pseudonym == pseudonymise_bsn(OTHER_VALID_BSN) and owner.name == "" and owner.kvk_number == ""
    assert decrypt_subject(ProcessingLogEntry.objects.get()) == owner.pseudonym


@pytest.mark.parametrize("data, field, message", [
    ({}, None, "niet allebei"),
    ({"kvk_number": "12345678", "bsn": VALID_BSN}, None, "niet allebei"),
    ({"kvk_number": "1234"}, "kvk_number", "8 cijfers"),
    ({"kvk_number": "12345678"}, "company_name", "naam"),
    ({"bsn": "123456789"}, "bsn", "elfproef"),
    ({"bsn": VALID_BSN, "start_date": "2999-12-31"}, "start_date", "toekomst"),
])
def test_bad_owner_input_is_explained_and_stores_nothing(client, enforcement, data, field, message):
    address = AddressFactory()
    response = _owner(client, address, **data)
    assert response.status_code == 400
    errors = response.context["form"].errors.get(field or "__all__", [])
    assert message in " ".join(errors)
    assert not Owner.objects.exists() and not Ownership.objects.exists()


def test_replacing_with_a_date_before_the_current_owner_changes_nothing(client, enforcement):
    address = AddressFactory()
    current = OwnershipFactory(address=address, owner=OwnerFactory(), start_date=dt.date(2026, 6, 1))
    response = _owner(client, address, kvk_number="12345678", company_name="Nieuw B.V.", start_date="2026-05-01",
                      replaces_current="on")
    assert response.status_code == 400
    current.refresh_from_db()
    assert current.end_date is None
    assert Ownership.objects.count() == 1 and not Owner.objects.filter(kvk_number="12345678").exists()


def test_the_same_owner_twice_is_refused(client, enforcement):
    address = AddressFactory()
    OwnershipFactory(address=address, owner=OwnerFactory(kvk_number="12345678"))
    response = _owner(client, address, kvk_number="12345678")
    assert response.status_code == 400
    assert Ownership.objects.count() == 1

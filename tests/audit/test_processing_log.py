"""The processing log: shape, encryption, scoping, and that nothing can change or remove a row."""

import datetime as dt

import pytest
from django.contrib import admin
from django.db import DatabaseError, IntegrityError, transaction
from django.test import RequestFactory

from regiekamer.audit.models import Operation, ProcessingActivity, ProcessingLogEntry, SubjectType
from regiekamer.audit.services import Subject, decrypt_subject, record, subject_digest
from regiekamer.organisations.models import OrganisationKind, Role
from tests.factories import (
    AddressFactory, MembershipFactory, OrganisationFactory, OwnerFactory, OwnershipFactory, RegistrationFactory,
    municipality,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler():
    return MembershipFactory(role=Role.HANDLER).user


def _record(user, subject_id="abc123", **kwargs):
    return record(actor=user, name="adresdossier inzien", operation=Operation.READ,
                  activity=ProcessingActivity.DOSSIER,
                  subjects=[Subject(subject_id, SubjectType.PERSON, municipality("GM0983").pk)], **kwargs)


def test_record_has_the_logboek_shape(handler):
    [entry] = _record(handler, trace_id="0af7651916cd43dd8448eb211c80319c")
    entry.refresh_from_db()
    assert entry.trace_id == "0af7651916cd43dd8448eb211c80319c"
    assert len(entry.span_id) == 16 and int(entry.span_id, 16) >= 0
    assert entry.start_time <= entry.end_time
    assert entry.status == "OK"
    assert entry.processing_activity.startswith("https://")
    assert entry.actor_name == handler.username
    assert entry.organisation == handler.membership.organisation
    assert entry.organisation_name == handler.membership.organisation.name
    assert entry.data_subject_type == SubjectType.PERSON
    assert entry.municipality.code == "GM0983"


def test_data_subject_is_encrypted_but_findable(handler):
    [entry] = _record(handler, subject_id="feedface0000")
    assert "feedface0000" not in entry.data_subject_id_encrypted
    assert decrypt_subject(entry) == "feedface0000"
    assert ProcessingLogEntry.objects.get(data_subject_digest=subject_digest("feedface0000")) == entry


def test_rows_cannot_be_updated(handler):
    [entry] = _record(handler)
    entry.name = "iets anders"
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        entry.save()
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        ProcessingLogEntry.objects.filter(pk=entry.pk).update(name="iets anders")
    entry.refresh_from_db()
    assert entry.name == "adresdossier inzien"


def test_rows_cannot_be_deleted(handler):
    [entry] = _record(handler)
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        entry.delete()
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        ProcessingLogEntry.objects.all().delete()
    assert ProcessingLogEntry.objects.filter(pk=entry.pk).exists()


def test_admin_offers_no_add_change_or_delete(handler):
    model_admin = admin.site._registry[ProcessingLogEntry]
    request = RequestFactory().get("/")
    request.user = handler
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_dossier_view_logs_the_address_every_person_and_natural_person_owner(client, handler):
    address = AddressFactory()
    RegistrationFactory(address=address, person_ref="p" * 32)
    RegistrationFactory(address=address, person_ref="q" * 32, end_date=dt.date(2024, 6, 1))
    OwnershipFactory(address=address, owner=OwnerFactory(kind="person", kvk_number="", name="", pseudonym="o" * 32))
    client.force_login(handler)
    response = client.get(f"/adressen/{address.bag_id}/")
    assert response.status_code == 200
    entries = ProcessingLogEntry.objects.all()
    assert sorted((e.data_subject_type, decrypt_subject(e)) for e in entries) == sorted([
        (SubjectType.ADDRESS, address.bag_id),
        (SubjectType.PERSON, "p" * 32),
        (SubjectType.PERSON, "q" * 32),
        (SubjectType.OWNER, "o" * 32),
    ])
    assert len({e.trace_id for e in entries}) == 1, "one request is one trace"
    assert {e.actor_id for e in entries} == {handler.pk}
    assert "no-store" in response["Cache-Control"]


def test_dossier_view_takes_the_trace_id_from_traceparent(client, handler):
    address = AddressFactory()
    client.force_login(handler)
    client.get(f"/adressen/{address.bag_id}/",
               HTTP_TRACEPARENT="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
    assert ProcessingLogEntry.objects.get().trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"


def test_refused_dossier_logs_nothing(client):
    corporation = MembershipFactory(
        role=Role.VIEWER, organisation=OrganisationFactory(kind=OrganisationKind.HOUSING_CORPORATION, municipality=None)
    ).user
    address = AddressFactory()
    RegistrationFactory(address=address)
    client.force_login(corporation)
    assert client.get(f"/adressen/{address.bag_id}/").status_code == 404
    assert not ProcessingLogEntry.objects.exists()


def test_api_registration_counts_are_logged(client, handler):
    address = AddressFactory()
    client.force_login(handler)
    assert client.get(f"/api/v1/addresses/{address.bag_id}/registrations/").status_code == 200
    entry = ProcessingLogEntry.objects.get()
    assert entry.processing_activity == ProcessingActivity.API
    assert decrypt_subject(entry) == address.bag_id


def test_privacy_officer_sees_own_municipality_and_filters(client, handler):
    venlo_officer = MembershipFactory(role=Role.PRIVACY_OFFICER).user
    horst_handler = MembershipFactory(organisation=OrganisationFactory(municipality=municipality("GM1507"))).user
    _record(handler, subject_id="venlo-person")
    record(actor=horst_handler, name="adresdossier inzien", operation=Operation.READ,
           activity=ProcessingActivity.DOSSIER,
           subjects=[Subject("horst-person", SubjectType.PERSON, municipality("GM1507").pk)])
    client.force_login(venlo_officer)
    page = client.get("/privacy/verwerkingslog/")
    assert page.status_code == 200
    assert handler.username in page.content.decode()
    assert horst_handler.username not in page.content.decode()
    assert list(page.context["page"]) == list(ProcessingLogEntry.objects.filter(actor=handler))
    by_subject = client.get("/privacy/verwerkingslog/", {"subject": "venlo-person"})
    assert by_subject.context["page"].paginator.count == 1
    nobody = client.get("/privacy/verwerkingslog/", {"subject": "someone-else"})
    assert nobody.context["page"].paginator.count == 0


def test_log_filter_refuses_bad_dates_with_a_dutch_message(client):
    officer = MembershipFactory(role=Role.PRIVACY_OFFICER).user
    client.force_login(officer)
    response = client.get("/privacy/verwerkingslog/", {"date_from": "2026-13-40"})
    assert response.status_code == 400
    assert "geldige datum" in response.content.decode()
    reversed_range = client.get("/privacy/verwerkingslog/", {"date_from": "2026-11-02", "date_to": "2026-11-01"})
    assert "voor de begindatum" in reversed_range.content.decode()

"""Registering meldingen, duplicates, linking and promoting to cases, rejecting, attachments."""

import datetime as dt
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from regiekamer.cases.models import CaseEvent, CaseStatus, EventKind
from regiekamer.meldingen import services
from regiekamer.meldingen.models import Melding, MeldingAttachment, MeldingStatus
from regiekamer.meldingen.selectors import duplicates
from regiekamer.organisations.access import scope_for
from tests.factories import (
    AddressFactory, BuildingFactory, CaseFactory, CaseParticipantFactory, MeldingFactory, municipality,
)

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
PDF = b"%PDF-1.7\n" + b"%" * 100
ZIP = b"PK\x03\x04" + b"\x00" * 100
EXE = b"MZ\x90\x00" + b"\x00" * 100
TODAY = dt.date.today()


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def files_on_disk(root) -> list[str]:
    return [f for _dirs, _sub, names in os.walk(root) for f in names]


def register(actor, **overrides):
    data = {"category": "overbewoning", "source": "burger", "description": "Veel fietsen en matrassen.",
            "received_on": TODAY - dt.timedelta(days=1)}
    return services.register_melding(actor=actor, **{**data, **overrides})


@pytest.fixture
def building_world(orgs):
    """Two addresses in one building, a third in another building, and one in Horst."""
    building = BuildingFactory()
    a1, a2 = AddressFactory(building=building), AddressFactory(building=building)
    a3 = AddressFactory()
    horst = AddressFactory(municipality=municipality("GM1507"), building=BuildingFactory(municipality=municipality("GM1507")))
    return a1, a2, a3, horst


def test_duplicates_are_on_the_same_address_and_building_only(handler, orgs, building_world):
    a1, a2, a3, horst = building_world
    m1 = MeldingFactory(address=a1)
    m2 = MeldingFactory(address=a2)
    MeldingFactory(address=a1, status=MeldingStatus.REJECTED, rejection_reason="Geen aanwijzingen gevonden.")
    MeldingFactory(address=a3)
    MeldingFactory(address=horst)
    c2 = CaseFactory(address=a2, responsible=orgs["handhaving"])
    CaseFactory(address=a1, responsible=orgs["handhaving"], status=CaseStatus.CLOSED, closed_on=TODAY)
    CaseFactory(address=a3, responsible=orgs["handhaving"])
    found = duplicates(scope_for(handler), a1)
    assert {m.pk for m in found.meldingen} == {m1.pk, m2.pk}
    assert [c.pk for c in found.cases] == [c2.pk]
    # From the other building, none of these.
    assert {m.pk for m in duplicates(scope_for(handler), a3).meldingen} == {Melding.objects.get(address=a3).pk}


def test_partners_see_duplicates_only_within_their_own_reach(fire_handler, orgs, building_world):
    a1, a2, _a3, _horst = building_world
    own = MeldingFactory(address=a1, organisation=orgs["brandweer"])
    MeldingFactory(address=a1)  # a citizen's melding at an address of no case of theirs
    other_case = CaseFactory(address=a2, responsible=orgs["handhaving"])
    found = duplicates(scope_for(fire_handler), a1)
    assert [m.pk for m in found.meldingen] == [own.pk] and found.cases == []
    CaseParticipantFactory(case=other_case, organisation=orgs["brandweer"])
    found = duplicates(scope_for(fire_handler), a1)
    assert [c.pk for c in found.cases] == [other_case.pk]
    # Through the case they now reach building address a2 (not a1): the citizen's melding at a1 stays hidden.
    assert [m.pk for m in found.meldingen] == [own.pk]


def test_register_records_organisation_and_status(handler, orgs, building_world):
    melding = register(handler, address=building_world[0])
    assert (melding.status, melding.organisation, melding.created_by, melding.case) == (
        MeldingStatus.NEW, orgs["handhaving"], handler, None)


def test_link_appends_a_melding_event_without_the_description(handler, orgs, building_world):
    case = CaseFactory(address=building_world[1], responsible=orgs["handhaving"])
    melding = register(handler, address=building_world[0], received_on=dt.date(2026, 1, 5))
    melding = services.link_melding(actor=handler, melding=melding, case=case)
    assert (melding.status, melding.case, melding.handled_by, melding.handled_on) == (
        MeldingStatus.LINKED, case, handler, TODAY)
    [event] = CaseEvent.objects.filter(case=case)
    assert event.kind == EventKind.MELDING and event.data == {"melding": melding.pk}
    assert event.text == f"Melding {melding.reference} gekoppeld: Overbewoning, ontvangen 05-01-2026 (Burger)"
    assert "matrassen" not in event.text
    with pytest.raises(ValidationError, match="al verwerkt"):
        services.link_melding(actor=handler, melding=melding, case=case)
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_link_to_a_closed_case_is_refused(handler, orgs, building_world):
    case = CaseFactory(address=building_world[0], responsible=orgs["handhaving"], status=CaseStatus.CLOSED,
                       closed_on=TODAY)
    melding = register(handler, address=building_world[0])
    with pytest.raises(ValidationError) as error:
        services.link_melding(actor=handler, melding=melding, case=case)
    assert "case" in error.value.message_dict
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.NEW and not CaseEvent.objects.exists()


def test_promote_opens_a_case_and_links(handler, orgs, building_world):
    melding = register(handler, address=building_world[0], category="brandonveiligheid")
    melding = services.promote_melding(actor=handler, melding=melding, case_type="brandveiligheid",
                                       responsible=orgs["brandweer"])
    case = melding.case
    assert melding.status == MeldingStatus.LINKED
    assert (case.address, case.case_type, case.responsible, case.status) == (
        building_world[0], "brandveiligheid", orgs["brandweer"], CaseStatus.NEW)
    assert case.due_on == TODAY + dt.timedelta(days=2)  # brandveiligheid: 2 days in status nieuw
    assert [e.kind for e in case.events.all()] == [EventKind.OPENED, EventKind.MELDING]
    assert case.events.first().text == f"Zaak geopend naar aanleiding van melding {melding.reference}: Brandveiligheid"


def test_register_and_promote_at_once_or_refuse_everything(handler, orgs, building_world, _media):
    melding = register(handler, address=building_world[0], attachments=[upload("a.jpg", JPEG)],
                       promote_to=("overbewoning", orgs["handhaving"]))
    assert melding.status == MeldingStatus.LINKED and melding.case.events.count() == 2
    # A point melding cannot become a case (a case is about an address): nothing is stored.
    before = (Melding.objects.count(), MeldingAttachment.objects.count(), len(files_on_disk(_media)))
    with pytest.raises(ValidationError):
        register(handler, latitude=51.37, longitude=6.17, municipality=municipality("GM0983"),
                 attachments=[upload("b.png", PNG, "image/png")], promote_to=("overbewoning", orgs["handhaving"]))
    assert (Melding.objects.count(), MeldingAttachment.objects.count(), len(files_on_disk(_media))) == before


def test_reject_needs_a_reason(handler, building_world):
    melding = register(handler, address=building_world[0])
    with pytest.raises(ValidationError) as error:
        services.reject_melding(actor=handler, melding=melding, reason="nee")
    assert error.value.message_dict == {"reason": ["Geef in een zin de reden van afwijzing."]}
    melding = services.reject_melding(actor=handler, melding=melding, reason="Dubbele melding van dezelfde buurman.")
    assert (melding.status, melding.rejection_reason) == (MeldingStatus.REJECTED, "Dubbele melding van dezelfde buurman.")


def test_a_point_without_address_needs_coordinates_in_the_netherlands_and_a_municipality(handler):
    with pytest.raises(ValidationError) as error:
        register(handler, latitude=48.85, longitude=None)
    assert error.value.message_dict == {
        "latitude": ["Deze breedtegraad ligt niet in Nederland (tussen 50,6 en 53,7)."],
        "longitude": ["Vul de lengtegraad in."],
        "municipality": ["Kies de gemeente waarin het punt ligt."],
    }
    melding = register(handler, latitude=51.3704, longitude=6.1724, municipality=municipality("GM0983"))
    assert (melding.address, melding.latitude, melding.place) == (None, 51.3704, "51.37040, 6.17240")


def test_every_field_is_checked(handler, building_world):
    with pytest.raises(ValidationError) as error:
        services.register_melding(actor=handler, address=building_world[0], category="onzin", source="fax",
                                  description="   ", received_on=TODAY + dt.timedelta(days=1))
    assert error.value.message_dict == {
        "category": ["Kies een categorie."], "source": ["Kies een bron."],
        "description": ["Beschrijf wat er is gemeld."],
        "received_on": ["De datum van ontvangst ligt in de toekomst."],
    }
    with pytest.raises(ValidationError) as error:
        register(handler, address=building_world[0], received_on=dt.date(1999, 12, 31), description="x" * 5001)
    assert error.value.message_dict == {
        "description": ["Een omschrijving is ten hoogste 5000 tekens."],
        "received_on": ["De datum van ontvangst ligt voor 2000."],
    }
    assert not Melding.objects.exists()


def test_attachment_type_comes_from_the_bytes_not_the_name(handler, building_world, _media):
    melding = register(handler, address=building_world[0], attachments=[
        upload("foto.jpg", PDF), upload("plattegrond.png", PNG, "image/png"), upload("../../etc/passwd.jpeg", JPEG)])
    stored = list(melding.attachments.order_by("id"))
    assert [(a.original_name, a.content_type, a.size) for a in stored] == [
        ("foto.pdf", "application/pdf", len(PDF)), ("plattegrond.png", "image/png", len(PNG)),
        ("passwd.jpg", "image/jpeg", len(JPEG))]
    assert all(a.file.name.startswith(f"meldingen/{melding.pk}/") for a in stored)
    assert stored[0].file.read() == PDF
    assert len(files_on_disk(_media)) == 3


@pytest.mark.parametrize("files, message", [
    ([("setup.exe", EXE)], "setup.exe is geen foto (JPEG of PNG) of PDF-document."),
    ([("archief.zip", ZIP)], "archief.zip is geen foto (JPEG of PNG) of PDF-document."),
    ([("foto.jpg", ZIP)], "foto.jpg is geen foto (JPEG of PNG) of PDF-document."),
    ([("leeg.jpg", b"")], "leeg.jpg is leeg."),
    ([("groot.jpg", JPEG[:3] + b"\x00" * (10 * 1024 * 1024 - 2))], "groot.jpg is groter dan 10 MB."),
    ([(f"f{i}.jpg", JPEG) for i in range(6)], "Voeg ten hoogste 5 bijlagen toe."),
])
def test_refused_attachments_store_nothing(handler, building_world, _media, files, message):
    with pytest.raises(ValidationError) as error:
        register(handler, address=building_world[0],
                 attachments=[upload("ok.jpg", JPEG)][: 6 - len(files)] + [upload(n, c) for n, c in files])
    assert message in error.value.message_dict["attachments"]
    assert not Melding.objects.exists() and not MeldingAttachment.objects.exists()
    assert files_on_disk(_media) == []


def test_exactly_the_limits_are_accepted(handler, building_world):
    big = JPEG[:3] + b"\x00" * (10 * 1024 * 1024 - 3)  # exactly 10 MB
    melding = register(handler, address=building_world[0],
                       attachments=[upload("groot.jpg", big)] + [upload(f"f{i}.jpg", JPEG) for i in range(4)])
    assert melding.attachments.count() == 5


def test_the_database_refuses_a_melding_without_address_or_point(building_world):
    from django.db import IntegrityError, transaction
    with pytest.raises(IntegrityError), transaction.atomic():
        Melding.objects.create(category="overbewoning", source="burger", received_on=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeldingFactory(address=building_world[0], status=MeldingStatus.LINKED)

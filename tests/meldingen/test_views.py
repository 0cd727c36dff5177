"""The intake pages: register with duplicates shown, queue, detail, actions, downloads, bad input, scope."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from regiekamer.audit.models import ProcessingLogEntry
from regiekamer.cases.models import Case, CaseEvent, CaseStatus, EventKind
from regiekamer.meldingen.models import Melding, MeldingAttachment, MeldingStatus
from tests.factories import AddressFactory, BuildingFactory, CaseFactory, CaseParticipantFactory, MeldingFactory, municipality
from tests.meldingen.test_services import JPEG, PDF, files_on_disk

pytestmark = pytest.mark.django_db
YESTERDAY = dt.date.today() - dt.timedelta(days=1)


def form(**overrides):
    data = {"category": "overbewoning", "source": "burger", "description": "Zes matrassen op zolder.",
            "received_on": YESTERDAY.isoformat(), "next_step": "queue"}
    return {**data, **overrides}


@pytest.fixture
def building(orgs):
    building = BuildingFactory()
    return AddressFactory(building=building, street="Parade", house_number=1), \
        AddressFactory(building=building, street="Parade", house_number=3)


def test_intake_shows_duplicates_in_the_building_and_the_proposal(client, handler, orgs, building):
    a1, a2 = building
    other = MeldingFactory(address=a2)
    case = CaseFactory(address=a1, responsible=orgs["handhaving"])
    MeldingFactory(address=AddressFactory())  # another building
    client.force_login(handler)
    response = client.get(f"/meldingen/nieuw/?adres={a1.bag_id}")
    html = response.content.decode()
    assert response.status_code == 200
    assert other.reference in html and case.reference in html and html.count("zelfde pand") == 1
    assert f'value="case-{case.pk}"' in html
    proposal = client.get(f"/meldingen/voorstel/?adres={a1.bag_id}&category=brandonveiligheid&source=burger")
    assert "Voorgesteld:</strong> Brandweer Noord-Limburg, Venlo handhaving" in proposal.content.decode()


def test_register_and_link_to_a_case_in_the_same_building(client, handler, orgs, building):
    a1, a2 = building
    case = CaseFactory(address=a2, responsible=orgs["handhaving"])
    client.force_login(handler)
    response = client.post(f"/meldingen/nieuw/?adres={a1.bag_id}", form(next_step=f"case-{case.pk}"))
    melding = Melding.objects.get()
    assert response.status_code == 302 and response.url == f"/meldingen/{melding.pk}/"
    assert (melding.address, melding.status, melding.case) == (a1, MeldingStatus.LINKED, case)
    assert list(case.events.values_list("kind", flat=True)) == [EventKind.MELDING]


def test_register_and_promote(client, handler, orgs, building):
    client.force_login(handler)
    client.post(f"/meldingen/nieuw/?adres={building[0].bag_id}", form(category="uitbuiting", next_step="promote"))
    melding = Melding.objects.get()
    # uitbuiting: case type uitbuiting, the first proposal (the labour inspectorate) leads.
    assert (melding.case.case_type, melding.case.responsible) == ("uitbuiting", orgs["arbeidsinspectie"])
    assert [e.kind for e in melding.case.events.all()] == [EventKind.OPENED, EventKind.MELDING]


def test_register_with_attachments_then_download(client, handler, building):
    client.force_login(handler)
    client.post(f"/meldingen/nieuw/?adres={building[0].bag_id}", form(attachments=[
        SimpleUploadedFile("foto.jpg", PDF, "image/jpeg"), SimpleUploadedFile("b.jpg", JPEG, "image/jpeg")]))
    melding = Melding.objects.get()
    first = melding.attachments.order_by("id").first()
    assert (first.original_name, first.content_type) == ("foto.pdf", "application/pdf")
    response = client.get(f"/meldingen/{melding.pk}/bijlagen/{first.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="foto.pdf"'
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("overrides, field, message", [
    ({"category": ""}, "category", "Kies een categorie."),
    ({"category": "brand"}, "category", "Kies een van de mogelijkheden."),
    ({"source": "fax"}, "source", "Kies een van de mogelijkheden."),
    ({"description": ""}, "description", "Beschrijf wat er is gemeld."),
    ({"description": "   "}, "description", "Beschrijf wat er is gemeld."),
    ({"received_on": "31-02-2026"}, "received_on", "Vul een geldige datum in (dag-maand-jaar)."),
    ({"received_on": ""}, "received_on", "Vul de datum van ontvangst in."),
    ({"received_on": (dt.date.today() + dt.timedelta(days=2)).isoformat()}, "received_on",
     "De datum van ontvangst ligt in de toekomst."),
    ({"next_step": "case-999999"}, "next_step", "Kies een van de mogelijkheden."),
    ({"attachments": [SimpleUploadedFile("setup.exe", b"MZ\x90\x00rest", "application/octet-stream")]},
     "attachments", "setup.exe is geen foto (JPEG of PNG) of PDF-document."),
    ({"attachments": [SimpleUploadedFile("foto.jpg", b"PK\x03\x04zip", "image/jpeg")]},
     "attachments", "foto.jpg is geen foto (JPEG of PNG) of PDF-document."),
])
def test_bad_input_is_explained_and_nothing_is_stored(client, handler, building, _media, overrides, field, message):
    client.force_login(handler)
    response = client.post(f"/meldingen/nieuw/?adres={building[0].bag_id}", form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    if field != "next_step":  # a radio group has no single input to link to
        assert f'href="#id_{field}' in response.content.decode()  # the error summary links to the field
    assert not Melding.objects.exists() and not MeldingAttachment.objects.exists()
    assert files_on_disk(_media) == []


@pytest.mark.parametrize("overrides, message", [
    ({"latitude": "abc", "longitude": "6.17"}, "Vul een getal in, bijvoorbeeld 51.3704."),
    ({"latitude": "40.1", "longitude": "6.17"}, "Deze breedtegraad ligt niet in Nederland (tussen 50,6 en 53,7)."),
    ({"latitude": "51.37", "longitude": "9.5"}, "Deze lengtegraad ligt niet in Nederland (tussen 3,2 en 7,3)."),
    ({"latitude": "51.37", "longitude": ""}, "Vul een adres of een punt op de kaart in."),
])
def test_a_point_melding_checks_its_coordinates(client, handler, overrides, message):
    client.force_login(handler)
    response = client.post("/meldingen/nieuw/", form(municipality=str(municipality("GM0983").pk), **overrides))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Melding.objects.exists()


def test_a_point_melding_is_registered_in_the_users_municipality(client, handler):
    client.force_login(handler)
    response = client.post("/meldingen/nieuw/", form(latitude="51.3704", longitude="6.1724",
                                                     municipality=str(municipality("GM0983").pk)))
    melding = Melding.objects.get()
    assert response.status_code == 302 and (melding.address, melding.municipality.code) == (None, "GM0983")
    # Horst is not the Venlo handler's to choose.
    response = client.post("/meldingen/nieuw/", form(latitude="51.3704", longitude="6.1724",
                                                     municipality=str(municipality("GM1507").pk)))
    assert response.status_code == 400 and Melding.objects.count() == 1


def test_detail_is_logged_and_shows_actions_to_handlers(client, handler, viewer, building):
    melding = MeldingFactory(address=building[0], description="Buurman meldt acht bewoners.")
    client.force_login(handler)
    html = client.get(f"/meldingen/{melding.pk}/").content.decode()
    assert "Buurman meldt acht bewoners." in html and "Voorgesteld" in html and "Afwijzen" in html
    entry = ProcessingLogEntry.objects.get()
    assert (entry.name, entry.operation, entry.actor) == ("melding inzien", "read", handler)
    client.force_login(viewer)
    html = client.get(f"/meldingen/{melding.pk}/").content.decode()
    assert "Buurman meldt acht bewoners." in html and "Afwijzen" not in html
    assert client.post(f"/meldingen/{melding.pk}/afwijzen/", {"reason": "Geen grond voor een zaak."}).status_code == 404


def test_reject_needs_a_reason_and_link_a_case_in_scope(client, handler, orgs, building):
    melding = MeldingFactory(address=building[0])
    horst_case = CaseFactory(address=AddressFactory(municipality=municipality("GM1507")), responsible=orgs["horst"])
    client.force_login(handler)
    response = client.post(f"/meldingen/{melding.pk}/afwijzen/", {"reason": "nee"})
    assert response.status_code == 400 and "Geef in een zin de reden van afwijzing." in response.content.decode()
    response = client.post(f"/meldingen/{melding.pk}/koppelen/", {"case": horst_case.pk})
    assert response.status_code == 400 and "Kies een open zaak binnen uw bereik." in response.content.decode()
    response = client.post(f"/meldingen/{melding.pk}/zaak-maken/", {"case_type": "onzin", "responsible": orgs["horst"].pk})
    assert response.status_code == 400 and "Kies een van de mogelijkheden." in response.content.decode()
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.NEW and not CaseEvent.objects.exists() and not Case.objects.exclude(pk=horst_case.pk).exists()
    response = client.post(f"/meldingen/{melding.pk}/afwijzen/", {"reason": "Dubbel gemeld door dezelfde buurman."})
    melding.refresh_from_db()
    assert response.status_code == 302 and melding.status == MeldingStatus.REJECTED


def test_promote_from_the_detail_page(client, handler, orgs, building):
    melding = MeldingFactory(address=building[0], category="brandonveiligheid")
    client.force_login(handler)
    response = client.post(f"/meldingen/{melding.pk}/zaak-maken/",
                           {"case_type": "brandveiligheid", "responsible": orgs["brandweer"].pk})
    melding.refresh_from_db()
    assert response.status_code == 302 and melding.status == MeldingStatus.LINKED
    assert (melding.case.responsible, melding.case.status) == (orgs["brandweer"], CaseStatus.NEW)


def test_queue_lists_new_meldingen_first_and_only_in_scope(client, handler, orgs, building):
    linked = MeldingFactory(address=building[0], received_on=dt.date(2026, 2, 1), status=MeldingStatus.LINKED,
                            case=CaseFactory(address=building[0], responsible=orgs["handhaving"]))
    new = MeldingFactory(address=building[1], received_on=dt.date(2025, 1, 1))
    horst = MeldingFactory(address=AddressFactory(municipality=municipality("GM1507")))
    client.force_login(handler)
    html = client.get("/meldingen/").content.decode()
    assert html.index(new.reference) < html.index(linked.reference) and horst.reference not in html
    assert "Venlo handhaving" in html  # the proposal
    html = client.get("/meldingen/?status=gekoppeld").content.decode()
    assert linked.reference in html and new.reference not in html


def test_scope_another_municipality_and_partners(client, handler, horst_handler, fire_handler, police_handler, orgs,
                                                building):
    venlo = MeldingFactory(address=building[0], description="Bewoner noemt namen van buren.")
    client.force_login(horst_handler)
    assert client.get(f"/meldingen/{venlo.pk}/").status_code == 404
    assert client.get(f"/meldingen/nieuw/?adres={building[0].bag_id}").status_code == 404
    # A partner registers at an address of a case it takes part in, and sees only its own melding there.
    case = CaseFactory(address=building[0], responsible=orgs["handhaving"])
    CaseParticipantFactory(case=case, organisation=orgs["brandweer"])
    client.force_login(fire_handler)
    response = client.post(f"/meldingen/nieuw/?adres={building[0].bag_id}", form(description="Rookmelder ontbreekt."))
    own = Melding.objects.get(organisation=orgs["brandweer"])
    assert response.status_code == 302 and own.created_by == fire_handler
    html = client.get(f"/meldingen/{venlo.pk}/").content.decode()  # on their case's address: facts only
    assert venlo.description not in html and "alleen zichtbaar voor de gemeente" in html
    # The police do not take part in this case: neither melding is theirs to see.
    client.force_login(police_handler)
    assert client.get(f"/meldingen/{own.pk}/").status_code == 404
    assert client.get(f"/meldingen/{venlo.pk}/").status_code == 404
    assert own.reference not in client.get("/meldingen/").content.decode()


def test_partners_may_not_link_promote_or_reject(client, fire_handler, orgs, building):
    case = CaseFactory(address=building[0], responsible=orgs["handhaving"])
    CaseParticipantFactory(case=case, organisation=orgs["brandweer"])
    melding = MeldingFactory(address=building[0], organisation=orgs["brandweer"])
    client.force_login(fire_handler)
    assert client.post(f"/meldingen/{melding.pk}/koppelen/", {"case": case.pk}).status_code == 404
    assert client.post(f"/meldingen/{melding.pk}/afwijzen/", {"reason": "Geen grond voor een zaak."}).status_code == 404
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.NEW


def test_dossier_links_to_the_intake_for_those_who_may(client, handler, viewer, building):
    client.force_login(handler)
    link = f"/meldingen/nieuw/?adres={building[0].bag_id}"
    assert link in client.get(f"/adressen/{building[0].bag_id}/").content.decode()
    client.force_login(viewer)
    assert link not in client.get(f"/adressen/{building[0].bag_id}/").content.decode()


def test_the_form_offers_only_sources_a_person_registers_by_hand(client, handler):
    """The meldpunt, partner systems and exchange deliveries mark their own meldingen."""
    client.force_login(handler)
    address = AddressFactory()
    page = client.get(f"/meldingen/nieuw/?adres={address.bag_id}").content.decode()
    assert 'value="burger"' in page and 'value="laa"' in page
    for channel in ("meldpunt", "partnersysteem", "uitwisseling"):
        assert f'value="{channel}"' not in page
    response = client.post(f"/meldingen/nieuw/?adres={address.bag_id}", form(source="meldpunt"))
    assert response.status_code == 400 and not Melding.objects.exists()

"""The meldingen API: create with field-level Dutch errors, read under the same scope as the pages."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from regiekamer.audit.models import ProcessingLogEntry
from regiekamer.meldingen.models import Melding
from regiekamer.organisations.models import Role
from tests.factories import AddressFactory, CaseFactory, CaseParticipantFactory, MeldingFactory, MembershipFactory, api_token_header, municipality

pytestmark = pytest.mark.django_db
YESTERDAY = dt.date.today() - dt.timedelta(days=1)
UNKNOWN = "Onbekend adres: geen verblijfsobject met deze BAG-identificatie binnen uw bereik."


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=api_token_header(user))
    return client


def body(**overrides):
    data = {"category": "overbewoning", "source": "partner", "description": "Acht bedden in één kamer.",
            "received_on": YESTERDAY.isoformat()}
    return {**data, **overrides}


def test_create_on_an_address_records_the_organisation(handler, orgs):
    address = AddressFactory()
    response = api(handler).post("/api/v1/meldingen/", body(address=address.bag_id), format="json")
    assert response.status_code == 201, response.json()
    melding = Melding.objects.get()
    assert (melding.address, melding.organisation, melding.created_by) == (address, orgs["handhaving"], handler)
    data = response.json()
    assert (data["id"], data["address"], data["municipality"], data["status"], data["organisation"], data["proposed"]) == (
        melding.pk, address.bag_id, "GM0983", "nieuw", "Venlo handhaving", ["Venlo handhaving"])
    assert ProcessingLogEntry.objects.get().operation == "create"


def test_create_on_a_map_point(handler):
    response = api(handler).post("/api/v1/meldingen/", body(latitude=51.3704, longitude=6.1724), format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["address"], response.json()["municipality"]) == (None, "GM0983")


@pytest.mark.parametrize("overrides, field, message", [
    ({"category": "brand"}, "category", "Onbekende categorie."),
    ({"category": None}, "category", None),
    ({"source": "fax"}, "source", "Onbekende bron."),
    ({"description": ""}, "description", "Beschrijf wat er is gemeld."),
    ({"description": "x" * 5001}, "description", "Een omschrijving is ten hoogste 5000 tekens."),
    ({"received_on": "gisteren"}, "received_on", "Vul een geldige datum in (JJJJ-MM-DD)."),
    ({"received_on": "2999-01-01"}, "received_on", "De datum van ontvangst ligt in de toekomst."),
    ({"address": "0983010999999999"}, "address", UNKNOWN),
    ({"address": "abc"}, "address", UNKNOWN),
    ({"latitude": "noord", "longitude": 6.17}, "latitude", "Vul een getal in, bijvoorbeeld 51.3704."),
    ({"latitude": 51.37, "longitude": 60}, "longitude", "Deze lengtegraad ligt niet in Nederland (tussen 3,2 en 7,3)."),
    ({"latitude": 51.37}, "longitude", "Vul de lengtegraad in."),
    ({}, "latitude", "Vul een adres of een punt op de kaart (breedte- en lengtegraad) in."),
    ({"latitude": 51.37, "longitude": 6.17, "municipality": "GM1507"}, "municipality",
     "Onbekende gemeente binnen uw bereik."),
])
def test_bad_input_names_the_field(handler, overrides, field, message):
    data = body(**{"address": AddressFactory().bag_id, **overrides}) if field not in (
        "latitude", "longitude", "municipality") else body(**overrides)
    if field == "category" and message is None:
        data.pop("category")
        message = "Kies een categorie."
    response = api(handler).post("/api/v1/meldingen/", data, format="json")
    assert response.status_code == 400
    assert message in response.json()[field]
    assert not Melding.objects.exists()


def test_an_address_out_of_scope_answers_like_a_missing_one(handler, orgs):
    horst = AddressFactory(municipality=municipality("GM1507"))
    response = api(handler).post("/api/v1/meldingen/", body(address=horst.bag_id), format="json")
    assert response.status_code == 400 and response.json() == {"address": [UNKNOWN]}


def test_viewers_may_not_create(viewer):
    response = api(viewer).post("/api/v1/meldingen/", body(address=AddressFactory().bag_id), format="json")
    assert response.status_code == 403 and not Melding.objects.exists()


def test_read_under_scope(handler, horst_handler, fire_handler, orgs):
    address = AddressFactory()
    venlo = MeldingFactory(address=address, description="Namen van bewoners.")
    horst = MeldingFactory(address=AddressFactory(municipality=municipality("GM1507")))
    assert [m["id"] for m in api(handler).get("/api/v1/meldingen/").json()["results"]] == [venlo.pk]
    assert api(handler).get(f"/api/v1/meldingen/{venlo.pk}/").json()["description"] == "Namen van bewoners."
    assert api(horst_handler).get(f"/api/v1/meldingen/{venlo.pk}/").status_code == 404
    assert api(handler).get(f"/api/v1/meldingen/{horst.pk}/").status_code == 404
    # A partner: its own melding (with description) and, through its case, the facts of the others.
    fire = api(fire_handler)
    assert fire.get("/api/v1/meldingen/").json()["results"] == []
    case = CaseFactory(address=address, responsible=orgs["handhaving"])
    CaseParticipantFactory(case=case, organisation=orgs["brandweer"])
    response = fire.post("/api/v1/meldingen/", body(address=address.bag_id, description="Geen rookmelders."), format="json")
    assert response.status_code == 201 and response.json()["organisation"] == "Brandweer Noord-Limburg"
    results = {m["id"]: m["description"] for m in fire.get("/api/v1/meldingen/").json()["results"]}
    assert results == {venlo.pk: None, response.json()["id"]: "Geen rookmelders."}


def test_every_read_is_logged(handler):
    melding = MeldingFactory(address=AddressFactory())
    api(handler).get(f"/api/v1/meldingen/{melding.pk}/")
    api(handler).get("/api/v1/meldingen/")
    assert list(ProcessingLogEntry.objects.order_by("id").values_list("name", flat=True)) == [
        "melding opvragen", "meldingen opvragen"]


def test_regional_analysts_see_nothing():
    from regiekamer.organisations.models import OrganisationKind as K
    from tests.factories import OrganisationFactory
    analyst = MembershipFactory(role=Role.VIEWER, organisation=OrganisationFactory(kind=K.REGIONAL_PROGRAMME)).user
    MeldingFactory(address=AddressFactory())
    assert api(analyst).get("/api/v1/meldingen/").json()["results"] == []

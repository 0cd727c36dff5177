"""Partner systems deliver meldingen through the API with their own token (issue 6)."""

import datetime as dt
import hashlib
import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from rest_framework.test import APIClient

from regiekamer.audit.models import ProcessingLogEntry
from regiekamer.meldingen.models import Melding
from regiekamer.organisations import api_clients
from regiekamer.organisations.models import ApiClient
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db
YESTERDAY = dt.date.today() - dt.timedelta(days=1)


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def body(**overrides):
    data = {"category": "uitbuiting", "source": "partnersysteem", "description": "Signaal uit BVH: 14 bedden.",
            "received_on": YESTERDAY.isoformat(), "external_reference": "BVH-2026-000123"}
    return {**data, **overrides}


@pytest.fixture
def police(orgs):
    client, token = api_clients.create_client(organisation=orgs["politie"], name="BVH-koppeling", actor_name="beheer")
    return client, token


def test_a_partner_system_registers_a_melding_with_its_own_token(police, orgs):
    client, token = police
    address = AddressFactory()  # in Venlo, the police's region
    response = bearer(token).post("/api/v1/meldingen/", body(address=address.bag_id), format="json")
    assert response.status_code == 201, response.json()
    melding = Melding.objects.get()
    assert (melding.organisation, melding.created_by, melding.source, melding.external_reference) == (
        orgs["politie"], client.user, "partnersysteem", "BVH-2026-000123")
    assert melding.municipality == address.municipality
    assert response.json()["external_reference"] == "BVH-2026-000123"
    entry = ProcessingLogEntry.objects.get()
    assert (entry.operation, entry.actor) == ("create", client.user)


def test_only_the_hash_of_the_token_is_stored_and_the_account_cannot_log_in(police):
    client, token = police
    assert token.startswith("rk_") and len(token) == 3 + 43
    assert client.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not ApiClient.objects.filter(token_hash=token).exists()
    assert not client.user.has_usable_password()
    assert authenticate(username=client.user.username, password="") is None


def test_a_retry_with_the_same_reference_returns_the_first_melding(police):
    _, token = police
    address = AddressFactory()
    first = bearer(token).post("/api/v1/meldingen/", body(address=address.bag_id), format="json")
    again = bearer(token).post("/api/v1/meldingen/", body(address=address.bag_id), format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Melding.objects.count() == 1


def test_the_same_reference_with_other_content_is_refused_and_changes_nothing(police):
    _, token = police
    address = AddressFactory()
    bearer(token).post("/api/v1/meldingen/", body(address=address.bag_id), format="json")
    response = bearer(token).post("/api/v1/meldingen/", body(address=address.bag_id, category="overlast"),
                                  format="json")
    assert response.status_code == 409
    melding = Melding.objects.get()
    assert response.json() == {"external_reference": [
        f"Dit kenmerk is al gebruikt voor een andere melding ({melding.reference}). Gebruik een nieuw kenmerk."]}
    assert melding.category == "uitbuiting"


def test_references_are_per_organisation(police, orgs):
    _, police_token = police
    _, fire_token = api_clients.create_client(organisation=orgs["brandweer"], name="Brandweer-RMS", actor_name="b")
    address = AddressFactory()
    assert bearer(police_token).post("/api/v1/meldingen/", body(address=address.bag_id), format="json").status_code == 201
    assert bearer(fire_token).post("/api/v1/meldingen/", body(address=address.bag_id), format="json").status_code == 201
    assert Melding.objects.count() == 2


@pytest.mark.parametrize("header", ["Bearer rk_wrong", "Bearer", "Bearer a b", "Bearer \u00e9\u00e9"])
def test_a_wrong_token_is_refused(police, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header.encode("utf-8").decode("latin-1"))
    response = client.post("/api/v1/meldingen/", body(), format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert Melding.objects.count() == 0


def test_a_revoked_token_stops_working_at_once(police):
    client, token = police
    api_clients.revoke_client(client)
    assert bearer(token).get("/api/v1/meldingen/").status_code == 401
    client.user.refresh_from_db()
    assert not client.user.is_active


def test_a_partner_system_reads_only_what_its_organisation_reads(police, orgs):
    _, token = police
    own = bearer(token).post("/api/v1/meldingen/", body(address=AddressFactory().bag_id), format="json").json()
    Melding.objects.create(address=(other := AddressFactory()), municipality=other.municipality, category="overlast",
                           source="burger", received_on=YESTERDAY)  # registered by nobody in the police
    listed = bearer(token).get("/api/v1/meldingen/").json()
    assert [row["id"] for row in listed["results"]] == [own["id"]]


def test_the_command_line_makes_lists_and_revokes_clients(orgs):
    out = io.StringIO()
    call_command("api_clients", "create", "--organisation", "Politie Limburg", "--name", "BVH", stdout=out)
    token = next(line.split(": ")[-1] for line in out.getvalue().splitlines() if line.startswith("Token"))
    client = ApiClient.objects.get()
    assert client.token_hash == hashlib.sha256(token.encode()).hexdigest()
    listing = io.StringIO()
    call_command("api_clients", "list", stdout=listing)
    assert f"{client.pk:>4}  Politie Limburg  BVH  (actief)" in listing.getvalue()
    call_command("api_clients", "revoke", str(client.pk), stdout=io.StringIO())
    client.refresh_from_db()
    assert client.revoked_at is not None


def test_the_openapi_schema_documents_the_partner_token_and_the_reference(admin_client):
    schema = admin_client.get("/api/schema/").content.decode()
    assert "partnerToken" in schema and "bearer" in schema
    assert "external_reference" in schema and "'409'" in schema

"""Malformed input gets a clear Dutch message (pages) or a 400 naming the field (API), and changes nothing."""

import pytest

from regiekamer.audit.models import ProcessingLogEntry
from regiekamer.organisations.models import Role
from tests.factories import AddressFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler_client(client):
    client.force_login(MembershipFactory(role=Role.HANDLER).user)
    return client


@pytest.mark.parametrize("query", ["12", "x", "5911 AB twaalf"])
def test_search_explains_in_dutch(handler_client, query):
    response = handler_client.get("/zoeken/", {"q": query})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Vul een postcode" in body
    assert 'id="error-summary"' in body and 'aria-invalid="true"' in body


@pytest.mark.parametrize("params, field, message", [
    ({"postcode": "12"}, "postcode", "Geen geldige postcode"),
    ({"house_number": "twaalf"}, "house_number", "geheel getal"),
    ({"house_number": "0"}, "house_number", "ten minste 1"),
    ({"municipality": "Venlo"}, "municipality", "GM gevolgd door vier cijfers"),
    ({"building": "0983010000000001"}, "building", "pand"),
])
def test_api_names_the_field(handler_client, params, field, message):
    AddressFactory()
    response = handler_client.get("/api/v1/addresses/", params)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert message in response.json()[field][0]


def test_api_filters_work_when_valid(handler_client):
    address = AddressFactory(postcode="5913AB", house_number=7)
    AddressFactory(postcode="5913AB", house_number=8)
    response = handler_client.get("/api/v1/addresses/", {"postcode": "5913 ab", "house_number": "7"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [address.bag_id]


def test_malformed_bag_id_in_url_is_not_found_and_logs_nothing(handler_client):
    assert handler_client.get("/adressen/12345/").status_code == 404
    assert handler_client.get("/api/v1/addresses/09830100000000xx/").status_code == 404
    assert not ProcessingLogEntry.objects.exists()

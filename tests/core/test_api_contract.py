"""The API refuses what its schema does not describe: unknown query parameters and body fields get a
400 naming them, before the view runs (nothing stored, nothing read, nothing logged)."""

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient
from rest_framework.views import APIView

from regiekamer.audit.models import ProcessingLogEntry
from regiekamer.core.api_contract import FollowsSchema
from regiekamer.meldingen.models import Melding
from regiekamer.organisations.models import Role
from tests.factories import AddressFactory, MembershipFactory, api_token_header

pytestmark = pytest.mark.django_db
YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()


@pytest.fixture
def api():
    client = APIClient()
    user = MembershipFactory(role=Role.HANDLER).user
    client.credentials(HTTP_AUTHORIZATION=api_token_header(user))
    return client


def test_a_misspelt_filter_is_refused_not_ignored(api):
    AddressFactory(postcode="5913AB")
    response = api.get("/api/v1/addresses/", {"postcod": "5913AB"})
    assert response.status_code == 400
    assert response.json() == {"postcod": [
        "Onbekende parameter; deze bewerking kent: building, house_number, limit, municipality, offset, postcode."]}
    assert not ProcessingLogEntry.objects.exists()  # the view never ran: nothing was read


def test_an_operation_without_parameters_names_none(api):
    address = AddressFactory()
    response = api.get(f"/api/v1/addresses/{address.bag_id}/", {"format": "json"})
    assert response.status_code == 400
    assert response.json() == {"format": ["Onbekende parameter; deze bewerking kent: geen."]}


def test_documented_parameters_still_work(api):
    address = AddressFactory(postcode="5913AB", house_number=7)
    response = api.get("/api/v1/addresses/", {"postcode": "5913AB", "limit": "5", "offset": "0"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [address.bag_id]


@pytest.mark.parametrize("content_type", ["json", "multipart"])
def test_an_unknown_body_field_is_refused_and_nothing_stored(api, content_type):
    address = AddressFactory()
    body = {"address": address.bag_id, "category": "overbewoning", "source": "partner",
            "description": "Acht bedden in één kamer.", "received_on": YESTERDAY, "status": "afgehandeld"}
    response = api.post("/api/v1/meldingen/", body, format=content_type)
    assert response.status_code == 400
    assert response.json() == {"status": [
        "Onbekend veld; toegestaan zijn: address, category, description, external_reference, latitude, "
        "longitude, municipality, received_on, source."]}
    assert Melding.objects.count() == 0
    del body["status"]
    assert api.post("/api/v1/meldingen/", body, format=content_type).status_code == 201
    assert Melding.objects.count() == 1


def test_an_anonymous_caller_hears_401_before_anything_about_parameters():
    response = APIClient().get("/api/v1/addresses/", {"postcod": "5913AB"})
    assert response.status_code == 401


def test_the_published_schema_closes_request_bodies(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    for name in ("MeldingCreate", "Decision"):
        assert schema["components"]["schemas"][name]["additionalProperties"] is False


def _api_views(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _api_views(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and (prefix + str(entry.pattern)).startswith("api/v1/"):
            yield prefix + str(entry.pattern), entry.callback.cls


def test_every_api_view_enforces_the_schema():
    views = dict(_api_views())
    assert len(views) >= 15  # the API's routes were found at all
    for route, view in views.items():
        assert issubclass(view, APIView), route
        assert FollowsSchema in view.permission_classes, f"{route}: {view.__name__} drops FollowsSchema"

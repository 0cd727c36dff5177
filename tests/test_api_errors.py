"""The API's refusals as its schema documents them (found by `make fuzz`, tests/test_api_fuzz.py): paging
parameters of the wrong form are a 400 naming the parameter instead of a silent first page, a URL under
/api/ that no route matches is a JSON 404, and every operation's schema lists its 400/401/403/404."""

import pytest

from regiekamer.organisations.models import OrganisationKind as K, Role
from tests.factories import AddressFactory, MembershipFactory, OrganisationFactory, api_token_header, municipality


@pytest.fixture
def api(client, db):
    venlo = municipality("GM0983")
    organisation = OrganisationFactory(kind=K.MUNICIPAL_ENFORCEMENT, municipality=venlo)
    user = MembershipFactory(organisation=organisation, role=Role.HANDLER).user
    for n in range(3):
        AddressFactory(municipality=venlo, house_number=n + 1)
    client.defaults["HTTP_AUTHORIZATION"] = api_token_header(user)
    return client


@pytest.mark.parametrize("query, field", [
    ("limit=abc", "limit"), ("limit=0", "limit"), ("limit=501", "limit"), ("limit=-1", "limit"),
    ("limit=%D9%A3", "limit"),  # an Arabic-Indic three: int() takes it, the schema's integer does not
    ("limit=%205", "limit"), ("limit=", "limit"), ("offset=-5", "offset"), ("offset=x", "offset"),
    ("offset=1e3", "offset"), ("offset=1000000001", "offset"), ("offset=2963320154067348538523648", "offset"),
    ("postcode=", "postcode"), ("house_number=", "house_number"), ("municipality=%20", "municipality"),
])
def test_malformed_paging_is_refused_naming_the_parameter(api, query, field):
    response = api.get(f"/api/v1/addresses/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_well_formed_paging_pages(api):
    response = api.get("/api/v1/addresses/?limit=2&offset=1")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and len(body["results"]) == 2
    assert api.get("/api/v1/addresses/?limit=500&offset=0").status_code == 200
    assert api.get("/api/v1/addresses/?offset=1000000000").json()["results"] == []  # the largest offset


def test_an_api_url_no_route_matches_is_a_json_404(api, client):
    for url in ("/api/v1/addresses/12/", "/api/v1/cases/abc/", "/api/v1/nothing-here/"):
        response = api.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Niet gevonden."}
    page = client.get("/bestaat-niet/")  # outside the API: the HTML page, as before
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_every_operation_documents_its_refusals(api):
    schema = api.get("/api/schema/?format=json").json()
    operations = [(path, method, op) for path, ops in schema["paths"].items() for method, op in ops.items()]
    assert len(operations) >= 10
    for path, method, op in operations:
        responses = set(op["responses"])
        assert {"401", "403"} <= responses, (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)
        if op.get("requestBody") or any(p["in"] == "query" for p in op.get("parameters", [])):
            assert "400" in responses, (method, path)
    answer = schema["paths"]["/api/v1/partner-requests/{id}/answer/"]["post"]
    assert [p["name"] for p in answer["parameters"]] == ["id"]  # no second, unused "pk"
    limit = next(p for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"] == {"type": "integer", "minimum": 1, "maximum": 500}
    offset = next(p for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"] if p["name"] == "offset")
    assert offset["schema"] == {"type": "integer", "minimum": 0, "maximum": 1_000_000_000}

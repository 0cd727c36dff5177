"""The inspections API (read): findings and the checks against the stored norms, within scope."""

import datetime as dt

import pytest

from regiekamer.inspections.services import record_inspection
from regiekamer.organisations.models import OrganisationKind as K
from tests.factories import MembershipFactory, OrganisationFactory, api_token_header

pytestmark = pytest.mark.django_db


def _get(client, user, path):
    return client.get(path, HTTP_AUTHORIZATION=api_token_header(user))


def test_detail_has_findings_parameters_and_checks(client, inspector, inspection):
    record_inspection(actor=inspector, inspection=inspection, expected_version=1, inspected_on=dt.date(2025, 6, 1),
                      answers={"persons_present": "14", "floor_area_m2": "80"}, notes={}, outcome="violation",
                      severity="other")
    response = _get(client, inspector, f"/api/v1/inspections/{inspection.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["outcome"], body["severity"]) == ("recorded", "violation", "other")
    assert {f["item_code"]: f["value"] for f in body["findings"]} == {"persons_present": "14", "floor_area_m2": "80"}
    assert body["parameters"]["floor_area_m2_per_person"] == "12.00"
    assert body["checks"] == [{
        "rule": "floor_area", "title": "Gebruiksoppervlakte per persoon", "legal": True, "broken": True,
        "explanation": "14 personen op 80 m²: 5,7 m² per persoon, norm 12 m² (ten hoogste 6 personen)"}]
    assert sorted(body["team"]) == ["Brandweer Limburg-Noord", "Venlo handhaving"]


def test_list_is_scoped(client, inspector, inspection):
    assert [row["id"] for row in _get(client, inspector, "/api/v1/inspections/").json()["results"]] == [inspection.pk]
    outsider = MembershipFactory(organisation=OrganisationFactory(kind=K.POLICE, municipality=None)).user
    assert _get(client, outsider, "/api/v1/inspections/").json()["results"] == []
    assert _get(client, outsider, f"/api/v1/inspections/{inspection.pk}/").status_code == 404

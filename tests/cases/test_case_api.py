"""The case API: the same scope as the pages."""

import datetime as dt

import pytest

from regiekamer.cases.services import add_participant, change_status
from tests.factories import AddressFactory, CaseFactory, api_token_header

pytestmark = pytest.mark.django_db


def _auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": api_token_header(user)}


def test_cases_list_and_detail_per_scope(client, cast, today):
    other = CaseFactory(address=AddressFactory(), responsible=cast.civil_affairs)
    change_status(actor=cast.handler, case=cast.case, to="in_onderzoek", expected_version=1)
    add_participant(actor=cast.handler, case=cast.case, organisation=cast.fire, reason="gezamenlijke controle")

    municipal = client.get("/api/v1/cases/", **_auth(cast.viewer)).json()
    assert [c["id"] for c in municipal["results"]] == [cast.case.pk, other.pk]  # newest opened first
    fire = client.get("/api/v1/cases/", **_auth(cast.fire_viewer)).json()
    assert [c["id"] for c in fire["results"]] == [cast.case.pk]
    detail = client.get(f"/api/v1/cases/{cast.case.pk}/", **_auth(cast.fire_handler)).json()
    assert (detail["status"], detail["participants"], detail["responsible"]) == (
        "in_onderzoek", ["Brandweer Limburg-Noord"], "Venlo handhaving")
    assert detail["due_on"] == (today + dt.timedelta(days=28)).isoformat()  # overbewoning: 28 days in onderzoek
    assert [e["kind"] for e in detail["events"]] == ["partner_answer", "status", "opened"]
    assert client.get(f"/api/v1/cases/{other.pk}/", **_auth(cast.fire_handler)).status_code == 404
    assert client.get("/api/v1/cases/", **_auth(cast.analyst)).json()["results"] == []
    assert client.get("/api/v1/cases/").status_code == 401

"""Partner requests: the only door into a case for an organisation that does not take part yet."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from regiekamer.cases.models import CaseParticipant, PartnerRequest, RequestKind, RequestStatus
from regiekamer.cases.services import decide_request, request_partner
from tests.factories import api_token_header

pytestmark = pytest.mark.django_db


def _ask(cast, kind=RequestKind.JOINT_INSPECTION, to=None) -> PartnerRequest:
    return request_partner(actor=cast.handler, case=cast.case, to_organisation=to or cast.fire, kind=kind,
                           message="Graag samen controleren: signalen van brandonveiligheid.")


def test_request_from_the_case_page_lands_in_the_partners_queue(client, cast, today):
    client.force_login(cast.handler)
    response = client.post(f"/zaken/{cast.case.pk}/verzoeken/nieuw/", {
        "to_organisation": cast.fire.pk, "kind": RequestKind.JOINT_INSPECTION,
        "message": "Graag samen controleren: signalen van brandonveiligheid.",
        "due_on": (today + dt.timedelta(days=7)).isoformat(),
    })
    assert response.status_code == 302
    partner_request = PartnerRequest.objects.get()
    assert (partner_request.from_organisation, partner_request.to_organisation, partner_request.status) == (
        cast.enforcement, cast.fire, RequestStatus.OPEN)
    assert cast.case.events.latest("at", "id").text == "Verzoek (gezamenlijke controle) aan Brandweer Limburg-Noord"

    client.force_login(cast.fire_handler)
    queue = client.get("/zaken/")
    assert list(queue.context["requests"]) == [partner_request] and list(queue.context["cases"]) == []
    page = client.get(f"/zaken/verzoeken/{partner_request.pk}/")
    assert page.status_code == 200 and "Parade 7" in page.content.decode()
    assert page.context["sees_case"] is False
    assert client.get(f"/adressen/{cast.address.bag_id}/").status_code == 404
    assert client.get(f"/zaken/{cast.case.pk}/").status_code == 404
    # The police was not asked: it sees nothing.
    client.force_login(cast.police_handler)
    assert client.get(f"/zaken/verzoeken/{partner_request.pk}/").status_code == 404


def test_bad_request_input_is_refused_in_dutch_and_stores_nothing(client, cast, today):
    client.force_login(cast.handler)
    response = client.post(f"/zaken/{cast.case.pk}/verzoeken/nieuw/", {
        "to_organisation": cast.enforcement.pk, "kind": RequestKind.INFORMATION, "message": "kort",
        "due_on": (today - dt.timedelta(days=1)).isoformat(),
    })
    assert response.status_code == 400
    assert "Kies een organisatie uit de lijst." in response.content.decode()
    assert not PartnerRequest.objects.exists() and cast.case.events.count() == 1
    client.force_login(cast.fire_handler)  # not the responsible organisation
    assert client.post(f"/zaken/{cast.case.pk}/verzoeken/nieuw/", {}).status_code == 404


def test_accept_opens_the_dossier(client, cast):
    partner_request = _ask(cast)
    client.force_login(cast.fire_handler)
    assert client.get(f"/adressen/{cast.address.bag_id}/").status_code == 404
    response = client.post(f"/zaken/verzoeken/{partner_request.pk}/", {"decision": "accept"})
    assert response.status_code == 302
    partner_request.refresh_from_db()
    assert (partner_request.status, partner_request.decided_by) == (RequestStatus.ACCEPTED, cast.fire_handler)
    assert CaseParticipant.objects.filter(case=cast.case, organisation=cast.fire).exists()
    assert client.get(f"/adressen/{cast.address.bag_id}/").status_code == 200
    assert client.get(f"/zaken/{cast.case.pk}/").status_code == 200
    assert cast.case.events.latest("at", "id").text == (
        "Brandweer Limburg-Noord neemt deel aan de zaak: verzoek (gezamenlijke controle) geaccepteerd")
    # Decided once: a second answer is refused.
    again = client.post(f"/zaken/verzoeken/{partner_request.pk}/", {"decision": "decline", "text": "toch niet"})
    assert again.status_code == 400 and "Dit verzoek is al afgehandeld (geaccepteerd)." in again.content.decode()


def test_decline_needs_a_reason_and_gives_no_access(client, cast):
    partner_request = _ask(cast)
    client.force_login(cast.fire_handler)
    no_reason = client.post(f"/zaken/verzoeken/{partner_request.pk}/", {"decision": "decline", "text": ""})
    assert no_reason.status_code == 400
    assert "Geef een reden waarom u het verzoek afwijst." in no_reason.content.decode()
    assert client.post(f"/zaken/verzoeken/{partner_request.pk}/",
                       {"decision": "decline", "text": "Geen capaciteit deze maand."}).status_code == 302
    partner_request.refresh_from_db()
    assert (partner_request.status, partner_request.answer) == (RequestStatus.DECLINED, "Geen capaciteit deze maand.")
    assert client.get(f"/adressen/{cast.address.bag_id}/").status_code == 404
    assert not CaseParticipant.objects.filter(organisation=cast.fire).exists()
    assert cast.case.events.latest("at", "id").text == (
        "Brandweer Limburg-Noord heeft het verzoek (gezamenlijke controle) afgewezen: Geen capaciteit deze maand.")


def test_a_viewer_of_the_partner_reads_but_does_not_decide(client, cast):
    partner_request = _ask(cast)
    client.force_login(cast.fire_viewer)
    assert client.get(f"/zaken/verzoeken/{partner_request.pk}/").context["may_decide"] is False
    assert client.post(f"/zaken/verzoeken/{partner_request.pk}/", {"decision": "accept"}).status_code == 403
    assert PartnerRequest.objects.get().status == RequestStatus.OPEN


def test_answer_via_the_api(client, cast):
    information = _ask(cast, kind=RequestKind.INFORMATION, to=cast.police)
    inspection = _ask(cast, kind=RequestKind.JOINT_INSPECTION, to=cast.police)
    auth = {"HTTP_AUTHORIZATION": api_token_header(cast.police_handler)}
    listed = client.get("/api/v1/partner-requests/", **auth).json()
    assert [r["id"] for r in listed["results"]] == [inspection.pk, information.pk]  # open, newest first

    url = f"/api/v1/partner-requests/{information.pk}/answer/"
    bad = client.post(url, {"decision": "maybe"}, content_type="application/json", **auth)
    assert bad.status_code == 400 and list(bad.json()) == ["decision"]
    empty = client.post(url, {"decision": "answer", "text": ""}, content_type="application/json", **auth)
    assert empty.status_code == 400 and empty.json() == {"text": ["Vul het antwoord in."]}
    wrong_kind = client.post(f"/api/v1/partner-requests/{inspection.pk}/answer/",
                             {"decision": "answer", "text": "Zie bijlage."}, content_type="application/json", **auth)
    assert wrong_kind.status_code == 400 and list(wrong_kind.json()) == ["decision"]
    ok = client.post(url, {"decision": "answer", "text": "Bekend adres: drie meldingen in 2025."},
                     content_type="application/json", **auth)
    assert ok.status_code == 200 and ok.json()["status"] == "beantwoord"
    information.refresh_from_db()
    assert information.answer == "Bekend adres: drie meldingen in 2025."
    # Answering does not make the police a participant, and the answer stays off the shared timeline.
    assert client.get(f"/api/v1/cases/{cast.case.pk}/", **auth).status_code == 404
    last = cast.case.events.latest("at", "id")
    assert last.text == "Politie Limburg heeft het informatieverzoek beantwoord" and "drie meldingen" not in last.text
    # Another organisation cannot reach the request.
    fire_token = api_token_header(cast.fire_handler)
    assert client.post(url, {"decision": "accept"}, content_type="application/json",
                       HTTP_AUTHORIZATION=fire_token).status_code == 404


def test_service_refuses_a_request_to_itself_and_duplicates(cast):
    with pytest.raises(ValidationError) as error:
        _ask(cast, to=cast.enforcement)
    assert error.value.message_dict == {"to_organisation": ["Kies een andere organisatie dan de verantwoordelijke."]}
    _ask(cast)
    with pytest.raises(ValidationError) as error:
        _ask(cast)
    assert error.value.message_dict == {
        "to_organisation": ["Er staat al een open verzoek van deze soort bij deze organisatie."]}
    assert PartnerRequest.objects.count() == 1


def test_accept_when_already_taking_part_still_appends(cast):
    CaseParticipant.objects.create(case=cast.case, organisation=cast.fire, since=dt.date(2025, 1, 1))
    partner_request = _ask(cast)
    decide_request(actor=cast.fire_handler, partner_request=partner_request, decision="accept")
    assert cast.case.events.latest("at", "id").text == (
        "Brandweer Limburg-Noord heeft het verzoek (gezamenlijke controle) geaccepteerd")

"""The work queue and the case page: who sees what, status changes, conflicts, handler, closing."""

import datetime as dt

import pytest

from regiekamer.cases.models import Case, CaseEvent, CaseStatus as S, CaseType as T
from regiekamer.cases.services import add_participant, open_case
from tests.factories import AddressFactory, CaseFactory, OrganisationFactory, municipality

pytestmark = pytest.mark.django_db


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def _post(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


def _queue_refs(response) -> list[str]:
    return [c.reference for c in response.context["cases"]]


def test_queue_per_scope_overdue_first(client, cast, today):
    colleague_case = open_case(actor=cast.colleague, address=AddressFactory(), case_type=T.LANDLORD,
                               responsible=cast.enforcement, handler=cast.colleague)
    # Overdue: due yesterday. It must come before the handler's fresh case (due in 5 days).
    overdue = CaseFactory(address=AddressFactory(), responsible=cast.enforcement, handler=cast.handler,
                          status=S.INVESTIGATING, due_on=today - dt.timedelta(days=1))
    civil_case = CaseFactory(address=AddressFactory(), responsible=cast.civil_affairs, due_on=today)
    CaseFactory(address=AddressFactory(), responsible=cast.enforcement, status=S.CLOSED, closed_on=today)
    horst_case = CaseFactory(address=AddressFactory(municipality=municipality("GM1507")),
                             responsible=OrganisationFactory(municipality=municipality("GM1507")))

    mine = _get(client, cast.handler, "/zaken/?filter=mine")
    assert _queue_refs(mine) == [overdue.reference, cast.case.reference]
    assert "Te laat" in mine.content.decode()
    organisation = _get(client, cast.handler, "/zaken/")  # default: my organisation
    assert _queue_refs(organisation) == [overdue.reference, cast.case.reference, colleague_case.reference]
    everything = _get(client, cast.handler, "/zaken/?filter=all")
    assert _queue_refs(everything) == [overdue.reference, civil_case.reference, cast.case.reference,
                                       colleague_case.reference]
    assert horst_case.reference not in everything.content.decode()

    # The fire service takes part only in the first case.
    assert _queue_refs(_get(client, cast.fire_handler, "/zaken/")) == []
    add_participant(actor=cast.handler, case=cast.case, organisation=cast.fire, reason="test")
    assert _queue_refs(_get(client, cast.fire_handler, "/zaken/?filter=all")) == [cast.case.reference]

    assert _get(client, cast.analyst, "/zaken/").status_code == 404
    assert _get(client, cast.privacy, "/zaken/").status_code == 404
    assert _get(client, cast.handler, "/zaken/?filter=everything").status_code == 400


def test_case_page_shows_the_facts_and_offers_only_allowed_transitions(client, cast):
    response = _get(client, cast.handler, f"/zaken/{cast.case.pk}/")
    assert response.status_code == 200
    offered = [value for value, _ in response.context["status_form"].fields["to"].widget.choices]
    assert offered == [S.INVESTIGATING, S.REFERRED]  # from nieuw; closing has its own form
    assert response.context["close_form"] is not None
    html = response.content.decode()
    assert f'/adressen/{cast.address.bag_id}/' in html and "Venlo handhaving" in html


def test_reading_and_changing_rights(client, cast):
    url = f"/zaken/{cast.case.pk}/"
    assert _get(client, cast.viewer, url).context["may_change"] is False
    assert _get(client, cast.civil_handler, url).context["may_change"] is False  # same municipality, not responsible
    assert _get(client, cast.fire_handler, url).status_code == 404  # not taking part
    add_participant(actor=cast.handler, case=cast.case, organisation=cast.fire, reason="test")
    assert _get(client, cast.fire_handler, url).context["may_change"] is False
    for user in (cast.viewer, cast.civil_handler, cast.fire_handler):
        response = _post(client, user, f"{url}status/", {"to": S.INVESTIGATING, "expected_version": 1})
        assert response.status_code == 403
    assert _post(client, cast.police_handler, f"{url}status/", {"to": S.INVESTIGATING,
                                                                "expected_version": 1}).status_code == 404
    assert Case.objects.get(pk=cast.case.pk).status == S.NEW


def test_status_change_via_the_page(client, cast, today):
    response = _post(client, cast.handler, f"/zaken/{cast.case.pk}/status/",
                     {"to": S.INVESTIGATING, "reason": "eerste gesprek", "expected_version": 1})
    assert response.status_code == 302
    case = Case.objects.get(pk=cast.case.pk)
    assert (case.status, case.version, case.status_since) == (S.INVESTIGATING, 2, today)
    assert case.due_on == today + dt.timedelta(days=28)  # overbewoning: 28 days in onderzoek
    event = case.events.latest("at", "id")
    assert event.kind == "status" and event.text == "Status: Nieuw → In onderzoek. eerste gesprek"


def test_disallowed_status_posted_by_hand_is_refused(client, cast):
    response = _post(client, cast.handler, f"/zaken/{cast.case.pk}/status/",
                     {"to": S.REINSPECTION, "expected_version": 1})  # nieuw → hercontrole is not in the table
    assert response.status_code == 400
    assert "Van Nieuw naar Hercontrole is niet toegestaan." in response.content.decode()
    case = Case.objects.get(pk=cast.case.pk)
    assert (case.status, case.version, case.events.count()) == (S.NEW, 1, 1)


def test_stale_version_shows_the_conflict_and_saves_nothing(client, cast):
    _post(client, cast.colleague, f"/zaken/{cast.case.pk}/status/", {"to": S.INVESTIGATING, "expected_version": 1})
    response = _post(client, cast.handler, f"/zaken/{cast.case.pk}/status/", {"to": S.REFERRED, "expected_version": 1})
    assert response.status_code == 400
    assert "Iemand anders heeft deze zaak intussen gewijzigd" in response.content.decode()
    # The form shown again carries the current version and the choices from the current status.
    form = response.context["status_form"]
    assert form["expected_version"].value() == 2 and not form.is_bound
    assert [value for value, _ in form.fields["to"].widget.choices] == [S.INSPECTION_PLANNED, S.ENFORCEMENT, S.REFERRED]
    case = Case.objects.get(pk=cast.case.pk)
    assert (case.status, case.version, case.events.count()) == (S.INVESTIGATING, 2, 2)


def test_assign_handler_only_from_the_responsible_organisation(client, cast):
    url = f"/zaken/{cast.case.pk}/behandelaar/"
    refused = _post(client, cast.handler, url, {"handler": cast.civil_handler.pk, "expected_version": 1})
    assert refused.status_code == 400 and "Kies een behandelaar uit de lijst." in refused.content.decode()
    assert _post(client, cast.handler, url, {"handler": cast.colleague.pk, "expected_version": 1}).status_code == 302
    case = Case.objects.get(pk=cast.case.pk)
    assert (case.handler, case.version) == (cast.colleague, 2)
    assert case.events.latest("at", "id").text == "Behandelaar: bert"


def test_close_with_result_and_lesson(client, cast, today):
    url = f"/zaken/{cast.case.pk}/afsluiten/"
    too_short = _post(client, cast.handler, url, {"result": "gelegaliseerd", "lesson": "kort", "expected_version": 1})
    assert too_short.status_code == 400
    assert "Beschrijf in een zin wat we van deze zaak leren." in too_short.content.decode()
    assert Case.objects.get(pk=cast.case.pk).status == S.NEW
    done = _post(client, cast.handler, url, {"result": "gelegaliseerd",
                                             "lesson": "Eerder de verhuurder bellen scheelt weken.",
                                             "expected_version": 1})
    assert done.status_code == 302
    case = Case.objects.get(pk=cast.case.pk)
    assert (case.status, case.closed_on, case.result, case.lesson) == (
        S.CLOSED, today, "gelegaliseerd", "Eerder de verhuurder bellen scheelt weken.")
    page = _get(client, cast.handler, f"/zaken/{case.pk}/")
    assert page.context["close_form"] is None and page.context["status_form"] is None
    assert "Zaak gesloten: Situatie gelegaliseerd" in page.content.decode()


def test_open_case_from_the_dossier(client, cast, today):
    address = AddressFactory(postcode="5912CC", house_number=9)
    url = f"/zaken/nieuw/?adres={address.bag_id}"
    assert _get(client, cast.viewer, url).status_code == 404
    assert _get(client, cast.fire_handler, url).status_code == 404
    assert _post(client, cast.handler, url, {"case_type": "onbekend"}).status_code == 400
    response = _post(client, cast.civil_handler, url, {"case_type": T.BRP_INVESTIGATION})
    case = Case.objects.get(address=address)
    assert response.status_code == 302 and response["Location"] == f"/zaken/{case.pk}/"
    assert (case.responsible, case.handler, case.due_on) == (cast.civil_affairs, cast.civil_handler,
                                                             today + dt.timedelta(days=28))
    dossier = _get(client, cast.handler, f"/adressen/{address.bag_id}/").content.decode()
    assert case.reference in dossier


def test_case_timeline_newest_first(client, cast):
    _post(client, cast.handler, f"/zaken/{cast.case.pk}/status/", {"to": S.INVESTIGATING, "expected_version": 1})
    events = list(_get(client, cast.handler, f"/zaken/{cast.case.pk}/").context["events"])
    assert [e.kind for e in events] == ["status", "opened"]
    assert events[0].organisation_name == "Venlo handhaving" and events[0].actor_name == "anna"
    assert CaseEvent.objects.filter(case=cast.case).count() == 2

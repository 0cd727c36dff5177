"""Case consultation (casusoverleg): planned and recorded by municipal coordinators; a decision
lands on the case's timeline."""

import datetime as dt

import pytest

from regiekamer.cases.models import CaseEvent, Consultation, ConsultationItem
from regiekamer.cases.services import add_participant

pytestmark = pytest.mark.django_db


def _plan(client, cast, held_on: dt.date) -> Consultation:
    client.force_login(cast.coordinator)
    response = client.post("/zaken/overleg/", {
        "held_on": held_on.isoformat(), "title": "Casusoverleg arbeidsmigranten Venlo",
        "organisations": [cast.fire.pk, cast.police.pk],
    })
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/zaken/overleg/{consultation.pk}/"
    return consultation


def test_only_coordinators_plan(client, cast, today):
    client.force_login(cast.handler)
    assert client.get("/zaken/overleg/").context["form"] is None
    assert client.post("/zaken/overleg/", {"title": "x"}).status_code == 403
    client.force_login(cast.coordinator)
    bad = client.post("/zaken/overleg/", {"held_on": "31-02-2026", "title": "Overleg"})
    assert bad.status_code == 400
    assert "Vul een geldige datum in (dag-maand-jaar)." in bad.content.decode()
    assert "Kies ten minste één deelnemende organisatie." in bad.content.decode()
    assert not Consultation.objects.exists()
    client.force_login(cast.analyst)
    assert client.get("/zaken/overleg/").status_code == 404


def test_agenda_and_decision_append_to_the_case(client, cast, today):
    consultation = _plan(client, cast, today)
    assert set(consultation.organisations.all()) == {cast.enforcement, cast.fire, cast.police}
    url = f"/zaken/overleg/{consultation.pk}/"
    assert client.post(url, {"case": cast.case.pk}).status_code == 302
    item = ConsultationItem.objects.get()
    again = client.post(url, {"case": cast.case.pk})
    assert again.status_code == 400 and "Deze zaak staat al op de agenda." in again.content.decode()

    decide = f"{url}punten/{item.pk}/besluit/"
    prefix = f"item{item.pk}"
    outsider = client.post(decide, {f"{prefix}-decision": "Politie gaat langs",
                                    f"{prefix}-acting_organisation": cast.civil_affairs.pk,
                                    f"{prefix}-action_on": today.isoformat()})
    assert outsider.status_code == 400 and "Kies een organisatie uit de lijst." in outsider.content.decode()
    action_on = today + dt.timedelta(days=14)
    ok = client.post(decide, {f"{prefix}-decision": "Gezamenlijke controle met de politie",
                              f"{prefix}-acting_organisation": cast.police.pk,
                              f"{prefix}-action_on": action_on.isoformat()})
    assert ok.status_code == 302
    event = CaseEvent.objects.filter(case=cast.case).latest("at", "id")
    assert event.kind == "consultation"
    assert event.text == (f"Casusoverleg Casusoverleg arbeidsmigranten Venlo ({today:%d-%m-%Y}): Gezamenlijke "
                          f"controle met de politie. Actie: Politie Limburg vóór {action_on:%d-%m-%Y}")
    # Recorded once; history is not rewritten.
    twice = client.post(decide, {f"{prefix}-decision": "Toch anders", f"{prefix}-acting_organisation": cast.fire.pk,
                                 f"{prefix}-action_on": action_on.isoformat()})
    assert twice.status_code == 400 and "Het besluit over dit agendapunt is al vastgelegd." in twice.content.decode()
    assert CaseEvent.objects.filter(case=cast.case, kind="consultation").count() == 1


def test_partners_see_the_meeting_but_only_their_cases(client, cast, today):
    consultation = _plan(client, cast, today)
    client.post(f"/zaken/overleg/{consultation.pk}/", {"case": cast.case.pk})
    client.force_login(cast.fire_handler)
    assert list(client.get("/zaken/overleg/").context["consultations"]) == [consultation]
    page = client.get(f"/zaken/overleg/{consultation.pk}/")
    assert page.status_code == 200 and page.context["rows"] == [] and page.context["may_record"] is False
    add_participant(actor=cast.handler, case=cast.case, organisation=cast.fire, reason="test")
    assert [item.case for item, _ in client.get(f"/zaken/overleg/{consultation.pk}/").context["rows"]] == [cast.case]
    item = ConsultationItem.objects.get()
    assert client.post(f"/zaken/overleg/{consultation.pk}/punten/{item.pk}/besluit/", {}).status_code == 403
    client.force_login(cast.viewer)  # the municipality's own meeting
    assert client.get(f"/zaken/overleg/{consultation.pk}/").status_code == 200

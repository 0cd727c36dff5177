"""The pages: planning, the phone page for recording (check, then save), bad input and conflicts."""

import datetime as dt

import pytest

from regiekamer.cases.models import EventKind
from regiekamer.inspections.models import Inspection, InspectionStatus
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today().isoformat()


def _post(client, inspection, action, **answers):
    data = {"version": inspection.version, "inspected_on": TODAY, "action": action, **answers}
    return client.post(f"/controles/{inspection.pk}/vastleggen/", data)


def test_plan_page_plans_with_the_fire_service(client, handler, address, case, checklist, fire_service):
    client.force_login(handler)
    page = client.get(f"/controles/nieuw/?adres={address.bag_id}&zaak={case.pk}")
    assert page.status_code == 200 and "Brandweer Limburg-Noord" in page.content.decode()
    response = client.post(f"/controles/nieuw/?adres={address.bag_id}", {
        "planned_on": TODAY, "checklist": checklist.pk, "case": case.pk, "team": [fire_service.pk]})
    inspection = Inspection.objects.get(address=address)
    assert response.status_code == 302 and response.url == f"/controles/{inspection.pk}/"
    assert inspection.status == InspectionStatus.PLANNED and inspection.team.count() == 2
    listing = client.get("/controles/").content.decode()
    assert "Parade 7" in listing


def test_plan_page_refuses_a_date_in_the_past_in_dutch(client, handler, address, checklist):
    client.force_login(handler)
    response = client.post(f"/controles/nieuw/?adres={address.bag_id}", {
        "planned_on": "2020-01-01", "checklist": checklist.pk})
    assert response.status_code == 400
    assert "Plan een controle op vandaag of later." in response.content.decode()
    assert not Inspection.objects.exists()


def test_the_fire_service_cannot_plan_but_records_on_its_case(client, inspector, address, inspection):
    client.force_login(inspector)
    assert client.get(f"/controles/nieuw/?adres={address.bag_id}").status_code == 404
    page = client.get(f"/controles/{inspection.pk}/vastleggen/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'inputmode="numeric"' in html and 'inputmode="decimal"' in html
    assert 'value="96"' in html  # the floor area prefilled from the BAG


def test_registered_persons_are_prefilled_from_the_registry(client, handler, address, inspection):
    RegistrationFactory.create_batch(3, address=address, start_date=dt.date(2024, 1, 1))
    client.force_login(handler)
    html = client.get(f"/controles/{inspection.pk}/vastleggen/").content.decode()
    assert 'name="persons_registered" value="3"' in html


def test_check_shows_the_broken_norms_and_the_proposal_and_stores_nothing(client, inspector, inspection):
    client.force_login(inspector)
    response = _post(client, inspection, "check", persons_present="14", floor_area_m2="80", toilets="1")
    html = response.content.decode()
    assert response.status_code == 200
    assert "14 personen op 80 m²: 5,7 m² per persoon, norm 12 m² (ten hoogste 6 personen)" in html
    assert "14 personen en 1 toilet: ten minste 2 nodig (1 per 8 personen)" in html
    assert 'id="proposal"><strong>Voorstel:</strong> Overtreding (overig)</p>' in html
    # The proposal is preselected; the recorder may still choose otherwise.
    assert '<input type="radio" name="outcome" value="violation" id="id_outcome_0" checked>' in html
    assert '<input type="radio" name="severity" value="other" id="id_severity_1" checked>' in html
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PLANNED and not inspection.findings.exists()


def test_save_records_and_appends_to_the_case(client, inspector, inspection, case):
    client.force_login(inspector)
    response = _post(client, inspection, "save", persons_present="14", floor_area_m2="80",
                     outcome="violation", severity="other")
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert (inspection.status, inspection.outcome, inspection.recorded_by) == ("recorded", "violation", inspector)
    assert case.events.filter(kind=EventKind.INSPECTION, text__startswith="Pandcontrole vastgelegd").exists()
    detail = client.get(f"/controles/{inspection.pk}/").content.decode()
    assert "ten hoogste 6 personen" in detail and "Overtreding (overig)" in detail
    # Recorded is final: the recording page sends the user back to the detail.
    assert client.get(f"/controles/{inspection.pk}/vastleggen/").status_code == 302


@pytest.mark.parametrize(("answers", "message"), [
    ({"persons_present": "-2"}, "Vul een getal in van 0 of meer."),
    ({"persons_present": "veel"}, "Vul een getal in, bijvoorbeeld 12 of 12,5."),
    ({"floor_area_m2": "80 m2"}, "Vul een getal in, bijvoorbeeld 12 of 12,5."),
])
def test_bad_numbers_are_refused_in_dutch_and_nothing_is_stored(client, inspector, inspection, answers, message):
    client.force_login(inspector)
    response = _post(client, inspection, "save", outcome="no_violation", **answers)
    assert response.status_code == 400 and message in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PLANNED and not inspection.findings.exists()


def test_a_deviation_without_reason_is_refused_on_the_page(client, inspector, inspection):
    client.force_login(inspector)
    response = _post(client, inspection, "save", persons_present="14", floor_area_m2="80", outcome="no_violation")
    assert response.status_code == 400
    assert "U wijkt af van de voorgestelde uitkomst: geef de reden." in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PLANNED


def test_two_recorders_the_second_gets_a_clear_conflict(client, inspector, handler, inspection):
    client.force_login(inspector)
    assert _post(client, inspection, "save", persons_present="4", floor_area_m2="80",
                 outcome="no_violation").status_code == 302
    client.force_login(handler)  # loaded the page with the same version before the first one saved
    response = client.post(f"/controles/{inspection.pk}/vastleggen/", {
        "version": 1, "inspected_on": TODAY, "action": "save", "persons_present": "20", "outcome": "no_violation"})
    # The page sees the inspection is recorded and says so; the service refuses the stale version too.
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.persons_present == 4 and inspection.recorded_by == inspector


def test_a_stale_version_gets_the_conflict_message(client, inspector, inspection):
    client.force_login(inspector)
    response = client.post(f"/controles/{inspection.pk}/vastleggen/", {
        "version": inspection.version - 1, "inspected_on": TODAY, "action": "save", "outcome": "no_access"})
    assert response.status_code == 400
    assert "Iemand anders heeft deze controle intussen vastgelegd." in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PLANNED

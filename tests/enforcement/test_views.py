"""The enforcement pages and API through the test client: the flow, bad input, scope."""

import datetime as dt

import pytest

from regiekamer.cases.models import EventKind
from regiekamer.enforcement.models import Intervention, Letter, LetterTemplate, ProcedureStep
from regiekamer.organisations.models import Role
from tests.factories import MembershipFactory, api_token_header

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, handler):
    client.force_login(handler)
    return client


def _create(client, case, **extra):
    data = {"behaviour": "B", "consequence": "2", "intervention_type": "dwangsom",
            "reasons": "Twaalf personen op 80 m2.", "decided_on": "2026-04-01",
            "measures": "Terugbrengen tot 6 bewoners.", "compliance_period_days": "28", "amount_eur": "500",
            "amount_basis": "per_dag", "maximum_eur": "10000"} | extra
    return client.post(f"/handhaving/zaken/{case.pk}/interventie/", data)


def test_create_page_shows_the_matrix(logged_in, case):
    response = logged_in.get(f"/handhaving/zaken/{case.pk}/interventie/")
    assert response.status_code == 200
    assert "Interventiematrix (LHSO)" in response.content.decode() and "Proces-verbaal" in response.content.decode()


def test_whole_flow_create_step_letter_download(logged_in, case):
    response = _create(logged_in, case)
    intervention = Intervention.objects.get()
    assert response.status_code == 302 and response.url == f"/handhaving/interventies/{intervention.pk}/"
    response = logged_in.post(f"/handhaving/interventies/{intervention.pk}/stap/",
                              {"kind": "besluit", "on": "2026-04-01"})
    assert response.status_code == 302
    page = logged_in.get(f"/handhaving/interventies/{intervention.pk}/").content.decode()
    assert "29-4-2026" in page and "13-5-2026" in page  # compliance end and objection deadline
    assert logged_in.post(f"/handhaving/interventies/{intervention.pk}/brief/", {"kind": "dwangsom"}).status_code == 302
    letter = Letter.objects.get()
    download = logged_in.get(f"/handhaving/brieven/{letter.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{case.reference}-dwangsom-v1.pdf"'
    assert download.content.startswith(b"%PDF")
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [EventKind.OPENED, EventKind.INTERVENTION, EventKind.INTERVENTION, EventKind.LETTER]


def test_bad_input_is_explained_in_dutch_and_stores_nothing(logged_in, case):
    response = _create(logged_in, case, intervention_type="sluiting", amount_eur="veel")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vul een bedrag in euro in" in page
    response = _create(logged_in, case, intervention_type="sluiting", amount_eur="", maximum_eur="", measures="",
                       compliance_period_days="", amount_basis="")
    assert response.status_code == 400 and "niet voorgesteld" in response.content.decode()
    assert not Intervention.objects.exists()


def test_step_out_of_order_is_refused_with_400(logged_in, case):
    _create(logged_in, case)
    intervention = Intervention.objects.get()
    response = logged_in.post(f"/handhaving/interventies/{intervention.pk}/stap/", {"kind": "verbeurd", "on": "2026-04-02"})
    assert response.status_code == 400 and "kan nu niet worden vastgelegd" in response.content.decode()
    assert not ProcedureStep.objects.exists()


def test_readers_of_the_case_read_but_do_not_change(client, logged_in, case, handler):
    _create(logged_in, case)
    intervention = Intervention.objects.get()
    viewer = MembershipFactory(role=Role.VIEWER, organisation=handler.membership.organisation).user
    client.force_login(viewer)
    page = client.get(f"/handhaving/interventies/{intervention.pk}/")
    assert page.status_code == 200 and "Stap vastleggen" not in page.content.decode()
    assert client.post(f"/handhaving/interventies/{intervention.pk}/stap/",
                       {"kind": "besluit", "on": "2026-04-01"}).status_code == 404
    assert client.get(f"/handhaving/zaken/{case.pk}/interventie/").status_code == 404


def test_broken_template_edit_is_a_400_with_a_dutch_message(client, handler):
    coordinator = MembershipFactory(role=Role.COORDINATOR, organisation=handler.membership.organisation).user
    client.force_login(coordinator)
    assert client.get("/handhaving/briefsjablonen/").status_code == 200
    response = client.post("/handhaving/briefsjablonen/waarschuwing/", {"title": "Titel", "body": "{% if %}"})
    assert response.status_code == 400 and "Het sjabloon bevat een fout" in response.content.decode()
    response = client.post("/handhaving/briefsjablonen/waarschuwing/",
                           {"title": "Titel", "body": "Beste {{ owner.name }}"})
    assert response.status_code == 302
    assert LetterTemplate.objects.get(municipality__isnull=False).body == "Beste {{ owner.name }}"
    assert client.get("/handhaving/briefsjablonen/bestaatniet/").status_code == 404


def test_overdue_page_lists_the_late_step(logged_in, case):
    _create(logged_in, case, decided_on="2026-03-01")
    intervention = Intervention.objects.get()
    logged_in.post(f"/handhaving/interventies/{intervention.pk}/stap/", {"kind": "voornemen_verzonden", "on": "2026-03-02"})
    page = logged_in.get("/handhaving/termijnen/").content.decode()
    assert "zienswijzetermijn is verstreken" in page and "16-3-2026" in page
    # The handler's work queue shows the same late step.
    queue = logged_in.get("/zaken/").content.decode()
    assert 'id="overdue-steps"' in queue and "uiterlijk 16-3-2026" in queue
    assert f"/handhaving/interventies/{intervention.pk}/" in queue


def test_api_lists_only_interventions_in_scope(client, logged_in, case):
    _create(logged_in, case)
    intervention = Intervention.objects.get()
    handler = case.events.first().actor
    response = client.get("/api/v1/interventions/", HTTP_AUTHORIZATION=api_token_header(handler))
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert (row["id"], row["cell"], row["intervention_type"], row["compliance_period_days"]) == (
        intervention.pk, "B2", "dwangsom", 28)
    outsider = MembershipFactory(role=Role.HANDLER, organisation__municipality=None,
                                 organisation__kind="brandweer").user
    token = api_token_header(outsider)
    assert client.get("/api/v1/interventions/", HTTP_AUTHORIZATION=token).json()["results"] == []
    assert client.get(f"/api/v1/interventions/{intervention.pk}/",
                      HTTP_AUTHORIZATION=token).status_code == 404


def test_dossier_lists_the_interventions_of_the_address(logged_in, case):
    _create(logged_in, case)
    page = logged_in.get(f"/adressen/{case.address.bag_id}/").content.decode()
    assert 'id="enforcement-heading"' in page and "Last onder dwangsom" in page

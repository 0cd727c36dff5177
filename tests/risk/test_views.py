"""The risk pages and the dossier's risk score: who sees what, what the pages show, and what is logged."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from regiekamer.audit.models import Operation, ProcessingLogEntry
from regiekamer.risk import services
from regiekamer.risk.models import RiskRun, RiskSetting, RunStatus
from tests.factories import AddressFactory, municipality

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(venlo, addresses):
    return services.compute_run(municipality=venlo, as_of=AS_OF)


@pytest.fixture
def horst_run(db):
    horst = municipality("GM1507")
    AddressFactory(bag_id="1507010000000001", municipality=horst)
    return services.compute_run(municipality=horst, as_of=AS_OF)


def _get(client, user, url, **extra):
    client.force_login(user)
    return client.get(url, **extra)


def _post(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


# --- the overview and starting a run -------------------------------------------------------------


def test_the_coordinator_sees_the_runs_the_setting_and_the_start_form(client, coordinator, run):
    response = _get(client, coordinator, "/risico/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="start-run-form"' in page and "Berekening starten" in page
    assert reverse("risk:run", args=[run.pk]) in page
    assert "Standaardinstelling (nooit gewijzigd)" in page and "Expertgewichten" in page


def test_a_handler_sees_the_runs_but_may_not_start_one(client, handler, run):
    response = _get(client, handler, "/risico/")
    assert response.status_code == 200
    assert reverse("risk:run", args=[run.pk]) in response.content.decode()
    assert 'id="start-run-form"' not in response.content.decode()
    assert _post(client, handler, "/risico/", {"as_of": "2026-01-01"}).status_code == 403
    assert RiskRun.objects.count() == 1


def test_the_coordinator_starts_a_run_and_lands_on_its_page(client, coordinator, addresses,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, coordinator, "/risico/", {"as_of": "2026-01-01"})
    run = RiskRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("risk:run", args=[run.pk])
    assert (run.status, run.requested_by, str(run.as_of)) == (RunStatus.DONE, coordinator, "2026-01-01")


def test_starting_a_run_when_the_model_is_off_says_why_and_changes_nothing(client, coordinator, venlo):
    RiskSetting.objects.create(municipality=venlo, enabled=False, reason="Uit", changed_by=coordinator)
    page = _get(client, coordinator, "/risico/").content.decode()
    assert "Het risicomodel is uitgeschakeld voor deze gemeente" in page and 'id="start-run-form"' not in page
    response = _post(client, coordinator, "/risico/", {"as_of": "2026-01-01"})
    assert response.status_code == 400
    assert "Het risicomodel is voor Venlo uitgeschakeld" in response.content.decode()
    assert not RiskRun.objects.exists()


def test_a_bad_date_is_refused_in_dutch(client, coordinator, venlo):
    response = _post(client, coordinator, "/risico/", {"as_of": "morgen"})
    assert response.status_code == 400 and "Geef een geldige datum op." in response.content.decode()
    assert not RiskRun.objects.exists()


def test_others_get_404(client, civil_affairs, police, horst_coordinator, run):
    for user in (civil_affairs, police):
        for url in ("/risico/", "/risico/instellingen/", f"/risico/berekeningen/{run.pk}/"):
            assert _get(client, user, url).status_code == 404, (user, url)
    # Horst's coordinator has risk pages of Horst, not Venlo's run.
    assert _get(client, horst_coordinator, "/risico/").status_code == 200
    for suffix in ("", "voortgang/", "rangorde.csv"):
        assert _get(client, horst_coordinator, f"/risico/berekeningen/{run.pk}/{suffix}").status_code == 404


# --- the run page -----------------------------------------------------------------------------


def test_the_run_page_ranks_explains_and_reports(client, handler, run, addresses):
    response = _get(client, handler, f"/risico/berekeningen/{run.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    crowded = addresses["crowded"]
    assert reverse("registry:dossier", args=[crowded.bag_id]) in page
    assert "12 personen ingeschreven op 80 m2, norm 6 personen" in page
    assert "3,89" in page  # the score, in Dutch notation
    # The weights with their source, what was skipped, the fairness tables.
    assert 'id="risk-weights"' in page and "Bron: expertgewichten" in page
    assert 'id="risk-skipped"' in page
    assert 'id="fairness-municipality"' in page and 'id="fairness-area"' in page
    assert 'id="fairness-correlations"' in page and "BU09830102" in page
    # The engine's warning that no clean inspections were delivered is shown prominently.
    assert 'id="risk-warnings"' in page and "trefkans per controle is niet te meten" in page
    # The ten addresses shown are logged as read.
    logged = ProcessingLogEntry.objects.filter(name="risicorangorde inzien", operation=Operation.READ)
    assert logged.count() == 10


def test_the_ranking_filters_by_decile_and_area(client, handler, run, addresses):
    page = _get(client, handler, f"/risico/berekeningen/{run.pk}/?deciel=2").content.decode()
    assert "Parade 2" in page and "Parade 1<" not in page and "Laan" not in page
    page = _get(client, handler, f"/risico/berekeningen/{run.pk}/?gebied=BU09830102").content.decode()
    rows = page.split('id="risk-scores"')[1].split("</table>")[0]
    assert rows.count("Laan ") == 4 and "Parade" not in rows


def test_a_running_run_polls_and_a_finished_one_reloads_the_page(client, handler, coordinator, venlo, run):
    queued = RiskRun.objects.create(municipality=venlo, as_of=AS_OF, status=RunStatus.RUNNING, progress=42,
                                    step="indicatoren berekenen")
    page = _get(client, handler, f"/risico/berekeningen/{queued.pk}/").content.decode()
    assert f'hx-get="/risico/berekeningen/{queued.pk}/voortgang/"' in page
    assert "42% · indicatoren berekenen" in page and 'id="risk-scores"' not in page
    partial = _get(client, handler, f"/risico/berekeningen/{queued.pk}/voortgang/", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and partial.content.decode().lstrip().startswith('<section id="risk-progress"')
    done = _get(client, handler, f"/risico/berekeningen/{run.pk}/voortgang/", HTTP_HX_REQUEST="true")
    assert done.status_code == 200 and done["HX-Refresh"] == "true"


def test_a_failed_run_shows_its_error(client, handler, venlo):
    failed = RiskRun.objects.create(municipality=venlo, as_of=AS_OF, status=RunStatus.FAILED,
                                    error="Venlo heeft geen adressen; er is niets te berekenen.")
    page = _get(client, handler, f"/risico/berekeningen/{failed.pk}/").content.decode()
    assert "De berekening is mislukt; er zijn geen scores opgeslagen." in page
    assert "Venlo heeft geen adressen" in page
    assert _get(client, handler, f"/risico/berekeningen/{failed.pk}/rangorde.csv").status_code == 404


def test_the_csv_holds_the_whole_ranking_and_is_logged_as_an_export(client, handler, run, addresses):
    response = _get(client, handler, f"/risico/berekeningen/{run.pk}/rangorde.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["rang", "deciel", "score", "bag_id", "adres", "postcode", "woonplaats", "buurt", "toelichting"]
    assert rows[1] == ["1", "1", "3.891820", addresses["crowded"].bag_id, "Parade 1", "5913AB", "Venlo", "BU09830101",
                       "12 personen ingeschreven op 80 m2, norm 6 personen"]
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, 11)]
    exported = ProcessingLogEntry.objects.filter(name="risicorangorde exporteren", operation=Operation.EXPORT)
    assert exported.count() == 10


# --- settings ---------------------------------------------------------------------------------


def test_the_coordinator_changes_the_setting_with_a_reason(client, coordinator, venlo):
    data = {"enabled": "on", "weights_mode": "fitted", "random_share": "15", "reason": "Genoeg controles",
            "gewicht_persons_over_norm": "2.5", "gewicht_signals_12m_overlast": ""}
    response = _post(client, coordinator, "/risico/instellingen/", data)
    assert response.status_code == 302
    setting = RiskSetting.objects.get()
    assert (setting.enabled, setting.weights_mode, setting.random_share) == (True, "fitted", Decimal("0.15"))
    assert setting.expert_weights == {"persons_over_norm": 2.5}
    assert (setting.reason, setting.changed_by) == ("Genoeg controles", coordinator)
    page = _get(client, coordinator, "/risico/instellingen/").content.decode()
    assert 'id="setting-history"' in page and "Genoeg controles" in page and "15%" in page


def test_a_setting_without_a_reason_is_refused_and_changes_nothing(client, coordinator):
    response = _post(client, coordinator, "/risico/instellingen/",
                     {"weights_mode": "expert", "random_share": "10", "reason": ""})
    assert response.status_code == 400
    assert "Geef de reden van de wijziging op." in response.content.decode()
    response = _post(client, coordinator, "/risico/instellingen/",
                     {"weights_mode": "expert", "random_share": "10", "reason": "x", "gewicht_turnover_12m": "veel"})
    assert response.status_code == 400 and "Geef een getal op, of laat het veld leeg." in response.content.decode()
    assert not RiskSetting.objects.exists()


def test_a_handler_reads_the_settings_but_may_not_change_them(client, handler):
    response = _get(client, handler, "/risico/instellingen/")
    assert response.status_code == 200 and 'id="setting-form"' not in response.content.decode()
    response = _post(client, handler, "/risico/instellingen/",
                     {"weights_mode": "expert", "random_share": "10", "reason": "Waarom niet"})
    assert response.status_code == 403 and not RiskSetting.objects.exists()


# --- the dossier --------------------------------------------------------------------------------


def test_the_dossier_shows_the_score_to_the_enforcement_department_only(client, handler, civil_affairs, run,
                                                                       addresses):
    url = reverse("registry:dossier", args=[addresses["crowded"].bag_id])
    page = _get(client, handler, url).content.decode()
    assert 'id="dossier-risk"' in page and "12 personen ingeschreven op 80 m2, norm 6 personen" in page
    assert "1 van 10 adressen" in page
    assert ProcessingLogEntry.objects.filter(name="risicoscore van een adres inzien").count() == 1
    # Civil affairs reads the dossier, not the score.
    page = _get(client, civil_affairs, url).content.decode()
    assert 'id="dossier-risk"' not in page and "norm 6 personen" not in page
    assert ProcessingLogEntry.objects.filter(name="risicoscore van een adres inzien").count() == 1


def test_the_dossier_shows_no_score_when_the_model_is_switched_off(client, coordinator, run, addresses, venlo):
    url = reverse("registry:dossier", args=[addresses["crowded"].bag_id])
    assert 'id="dossier-risk"' in _get(client, coordinator, url).content.decode()
    services.change_setting(user=coordinator, municipality=venlo, enabled=False, weights_mode="expert",
                            expert_weights={}, random_share="0.10", reason="Gemeenteraad besloot te stoppen")
    assert 'id="dossier-risk"' not in _get(client, coordinator, url).content.decode()


def test_the_menu_shows_risk_to_the_enforcement_department(client, handler, civil_affairs):
    assert 'href="/risico/"' in _get(client, handler, "/").content.decode()
    assert 'href="/risico/"' not in _get(client, civil_affairs, "/").content.decode()

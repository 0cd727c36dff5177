"""Risk services: settings appended, runs requested, run by the task and stored whole or not at all.

The expected scores are worked out by hand in conftest.py.
"""

import datetime as dt
import math
from decimal import Decimal

import pytest
import riskengine
from django.core.exceptions import PermissionDenied, ValidationError

from regiekamer.norms.models import Norm, NormKey
from regiekamer.risk import services
from regiekamer.risk.models import RiskRun, RiskScore, RiskSetting, RunStatus
from regiekamer.risk.runs import decile
from tests.factories import municipality

from .conftest import AS_OF

pytestmark = pytest.mark.django_db

CROWDED = round(2 * math.log(7), 6)
BUSY = round(2 * math.log(3), 6)


def _run(user, venlo, capture, as_of=AS_OF) -> RiskRun:
    with capture(execute=True):
        run = services.request_run(user=user, municipality=venlo, as_of=as_of)
    run.refresh_from_db()
    return run


def _setting(user, venlo, **changes) -> RiskSetting:
    values = {"enabled": True, "weights_mode": "expert", "expert_weights": {}, "random_share": Decimal("0.10"),
              "reason": "Afgesproken in het driehoeksoverleg"}
    return services.change_setting(user=user, municipality=venlo, **{**values, **changes})


def test_a_run_stores_every_score_with_rank_decile_and_reasons(venlo, addresses, coordinator,
                                                              django_capture_on_commit_callbacks):
    run = _run(coordinator, venlo, django_capture_on_commit_callbacks)

    assert (run.status, run.progress, run.error) == (RunStatus.DONE, 100, "")
    assert run.address_count == 10 and run.scores.count() == 10
    assert run.engine_version == riskengine.VERSION
    assert run.finished_at is not None and run.requested_by == coordinator
    crowded = run.scores.get(address=addresses["crowded"])
    busy = run.scores.get(address=addresses["busy"])
    assert (crowded.rank, crowded.decile, crowded.score) == (1, 1, pytest.approx(CROWDED, abs=1e-6))
    assert (busy.rank, busy.decile, busy.score) == (2, 2, pytest.approx(BUSY, abs=1e-6))
    assert crowded.explanation == "12 personen ingeschreven op 80 m2, norm 6 personen"
    assert [c["indicator"] for c in crowded.contributions] == ["persons_over_norm"]
    assert crowded.contributions[0]["contribution"] == pytest.approx(CROWDED, abs=1e-6)
    # Ten addresses: each tenth is one address, so the decile is the rank.
    assert sorted(run.scores.values_list("rank", "decile")) == [(n, n) for n in range(1, 11)]
    assert set(run.scores.exclude(rank__lte=2).values_list("score", flat=True)) == {0.0}
    # What the engine ran with and reported.
    assert run.weights["persons_over_norm"] == 2.0
    assert run.configuration["weights_source"] == "expert"
    assert run.configuration["floor_area_per_person"] == 12.0
    assert any("permits" in reason or "vergunning" in reason.lower() for reason in run.skipped)
    fairness = run.fairness
    assert fairness["selection_share"] == 0.05
    assert [(row["code"], row["addresses"], row["selected"]) for row in fairness["by_municipality"]] == [
        ("GM0983", 10, 1)]
    # The one selected address (5% of 10, rounded up) is the crowded one, in BU09830101.
    assert {row["code"]: (row["addresses"], row["selected"]) for row in fairness["by_area"]} == {
        "BU09830101": (6, 1), "BU09830102": (4, 0)}
    assert "persons_over_norm" in fairness["correlations"]


def test_the_norm_in_force_for_the_municipality_and_its_own_weights_are_used(
        venlo, addresses, coordinator, django_capture_on_commit_callbacks):
    # Venlo's own, stricter norm: 40 m2 per person, so 80 m2 has room for 2.
    Norm.objects.create(key=NormKey.FLOOR_AREA_PER_PERSON, municipality=venlo, value=Decimal("40"),
                        valid_from=dt.date(2025, 1, 1), source="APV Venlo")
    _setting(coordinator, venlo, expert_weights={"persons_over_norm": 1.0})

    run = _run(coordinator, venlo, django_capture_on_commit_callbacks)

    assert run.configuration["floor_area_per_person"] == 40.0
    assert run.configuration["expert_weights"] == {"persons_over_norm": 1.0}
    assert run.weights["persons_over_norm"] == 1.0
    crowded = run.scores.get(address=addresses["crowded"])
    busy = run.scores.get(address=addresses["busy"])
    assert crowded.score == pytest.approx(math.log(11), abs=1e-6)  # 12 persons, room for 2: 10 above
    assert busy.score == pytest.approx(math.log(7), abs=1e-6)  # 8 persons: 6 above
    assert crowded.explanation == "12 personen ingeschreven op 80 m2, norm 2 personen"
    assert run.setting == RiskSetting.objects.get()


def test_a_switched_off_municipality_is_refused_and_nothing_is_queued(venlo, addresses, coordinator,
                                                                      django_capture_on_commit_callbacks):
    _setting(coordinator, venlo, enabled=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationError) as refused:
            services.request_run(user=coordinator, municipality=venlo, as_of=AS_OF)
    assert "Het risicomodel is voor Venlo uitgeschakeld" in refused.value.messages[0]
    assert not callbacks and not RiskRun.objects.exists()


def test_a_run_that_fails_stores_the_error_and_no_score(venlo, addresses, coordinator,
                                                        django_capture_on_commit_callbacks):
    # The model is switched off after the run was asked for, before the task ran it.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = services.request_run(user=coordinator, municipality=venlo, as_of=AS_OF)
    _setting(coordinator, venlo, enabled=False, reason="Stop na bezwaar")
    for callback in callbacks:
        callback()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == "Het risicomodel is intussen uitgeschakeld voor Venlo; er is niets berekend."
    assert run.finished_at is not None and not RiskScore.objects.exists()


def test_a_municipality_without_addresses_fails_with_a_dutch_error(horst_coordinator,
                                                                   django_capture_on_commit_callbacks):
    run = _run(horst_coordinator, municipality("GM1507"), django_capture_on_commit_callbacks)
    assert run.status == RunStatus.FAILED
    assert run.error == "Horst aan de Maas heeft geen adressen; er is niets te berekenen."


def test_a_run_is_never_run_twice(venlo, addresses, coordinator, django_capture_on_commit_callbacks):
    from regiekamer.risk.runs import execute_run

    run = _run(coordinator, venlo, django_capture_on_commit_callbacks)
    assert execute_run(run.pk) == "skipped"
    assert RiskScore.objects.filter(run=run).count() == 10


def test_only_the_coordinator_of_the_municipality_starts_a_run(venlo, addresses, handler, horst_coordinator,
                                                              civil_affairs, police):
    for user in (handler, horst_coordinator, civil_affairs, police):
        with pytest.raises(PermissionDenied):
            services.request_run(user=user, municipality=venlo, as_of=AS_OF)
    assert not RiskRun.objects.exists()


def test_a_future_date_is_refused(venlo, coordinator):
    with pytest.raises(ValidationError, match="toekomst"):
        services.request_run(user=coordinator, municipality=venlo, as_of=dt.date.today() + dt.timedelta(days=1))


def test_compute_run_scores_synchronously(venlo, addresses):
    run = services.compute_run(municipality=venlo, as_of=AS_OF)
    assert run.status == RunStatus.DONE and run.requested_by is None
    assert run.scores.get(rank=1).address == addresses["crowded"]


def test_settings_are_appended_and_the_latest_is_in_force(venlo, coordinator):
    default = services.current_setting(venlo)
    assert default.pk is None and default.enabled and default.weights_mode == "expert"

    first = _setting(coordinator, venlo, weights_mode="fitted", random_share=Decimal("0.2"))
    second = _setting(coordinator, venlo, enabled=False, reason="Proefperiode voorbij")

    assert RiskSetting.objects.count() == 2
    assert services.current_setting(venlo) == second
    first.refresh_from_db()
    assert (first.weights_mode, first.random_share, first.enabled) == ("fitted", Decimal("0.20"), True)
    assert (second.changed_by, second.reason) == (coordinator, "Proefperiode voorbij")


def test_a_bad_setting_changes_nothing(venlo, coordinator, handler):
    cases = [
        ({"reason": "  "}, "reason", "Geef de reden van de wijziging op."),
        ({"expert_weights": {"nationality": 3}}, "expert_weights",
         "„nationality” is geen indicator van het risicomodel."),
        ({"expert_weights": {"persons_over_norm": "veel"}}, "expert_weights",
         "Het gewicht voor „persons_over_norm” is geen getal."),
        ({"random_share": Decimal("1.5")}, "random_share",
         "Het aandeel willekeurige adressen ligt tussen 0 en 100 procent."),
        ({"weights_mode": "auto"}, "weights_mode", "Kies expertgewichten of geschatte gewichten."),
    ]
    for changes, field, message in cases:
        with pytest.raises(ValidationError) as refused:
            _setting(coordinator, venlo, **changes)
        assert refused.value.message_dict[field] == [message]
    with pytest.raises(PermissionDenied):
        _setting(handler, venlo)
    assert not RiskSetting.objects.exists()


def test_deciles_from_ranks():
    # 25 addresses: ranks 1-3 are the first tenth (2.5 addresses), rank 25 the last.
    assert [decile(rank, 25) for rank in (1, 2, 3, 4, 5, 6, 25)] == [1, 1, 1, 2, 2, 3, 10]
    assert [decile(rank, 3) for rank in (1, 2, 3)] == [1, 4, 7]


def test_progress_is_saved_on_a_new_step_or_after_a_second(venlo, monkeypatch):
    from regiekamer.risk import runs

    run = RiskRun.objects.create(municipality=venlo, as_of=AS_OF, status=RunStatus.RUNNING)
    now = [100.0]
    monkeypatch.setattr(runs, "_clock", lambda: now[0])
    progress = runs.Progress(run.pk)

    def saved():
        run.refresh_from_db()
        return run.progress, run.step

    progress(5, "gegevens voorbereiden")
    assert saved() == (5, "gegevens voorbereiden")
    now[0] += 0.5
    progress(7, "gegevens voorbereiden")  # same step within the second: not saved
    assert saved() == (5, "gegevens voorbereiden")
    progress(8, "indicatoren berekenen")  # a new step: saved at once
    assert saved() == (8, "indicatoren berekenen")
    now[0] += 1.0
    progress.engine(50, "indicatoren berekenen")  # a second later; the engine's 50% is 10 + 40 of the run
    assert saved() == (50, "indicatoren berekenen")


def test_every_engine_indicator_has_a_translatable_label():
    from regiekamer.risk.indicators import INDICATORS, LABELS

    assert set(INDICATORS) == set(LABELS)

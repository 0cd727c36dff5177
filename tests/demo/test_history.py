"""The demo region's handling history: believable, consistent with the plan, and from its own stream."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import F

from regiekamer.care.models import CareReferral, Trajectory
from regiekamer.cases.models import Case, CaseStatus
from regiekamer.demo.accounts import ORGANISATIONS
from regiekamer.demo.generator import plan_region
from regiekamer.demo.history import ACTING, MATRIX, plan_history
from regiekamer.demo.occupancy import WINDOW_DAYS
from regiekamer.demo.places import PLACES
from regiekamer.enforcement.models import Intervention, ProcedureStep
from regiekamer.enforcement.procedure import NEXT
from regiekamer.inspections.models import Inspection
from regiekamer.meldingen.models import Melding, MeldingStatus
from regiekamer.steering.measures import HANDLING_TERM_DAYS
from regiekamer.steering.models import FigurePackage, OccupancySnapshot, Project

TODAY = dt.date(2026, 11, 27)
N = 3000


@pytest.fixture(scope="module")
def planned():
    plan = plan_region(addresses=N, seed=5, today=TODAY)
    before = (list(plan.meldingen), list(plan.inspections), len(plan.cases))
    return plan, plan_history(plan=plan), before


def test_the_plans_own_draws_are_untouched(planned):
    plan, _, (meldingen, inspections, cases) = planned
    again = plan_region(addresses=N, seed=5, today=TODAY)
    assert again.meldingen == meldingen and again.inspections == inspections and len(again.cases) == cases
    # The history only adds after what was planned.
    assert plan.meldingen[:len(meldingen)] == meldingen and plan.inspections[:len(inspections)] == inspections


def test_the_same_seed_gives_the_same_history(planned):
    plan, history, _ = planned
    again = plan_region(addresses=N, seed=5, today=TODAY)
    assert plan_history(plan=again) == history
    assert again.registrations == plan.registrations and again.ownerships == plan.ownerships


def test_meldingen_are_handled_after_they_came_in_and_some_late(planned):
    plan, history, _ = planned
    assert len(history.meldingen) == len(plan.meldingen)
    days = []
    for melding, fate in zip(plan.meldingen, history.meldingen, strict=True):
        if fate.status == MeldingStatus.NEW:
            assert fate.handled_on is None and fate.case is None
            assert (TODAY - melding.received_on).days <= 120  # only recent ones wait in the queue
            continue
        assert melding.received_on <= fate.handled_on <= TODAY
        days.append((fate.handled_on - melding.received_on).days)
        if fate.status == MeldingStatus.LINKED:
            case = plan.cases[fate.case]
            assert case.address == melding.address and (case.closed_on is None or fate.handled_on <= case.closed_on)
        else:
            assert fate.status == MeldingStatus.REJECTED and fate.rejection_reason and fate.case is None
    statuses = Counter(f.status for f in history.meldingen)
    assert statuses[MeldingStatus.LINKED] > 0 and statuses[MeldingStatus.REJECTED] > 0
    assert 0 < statuses[MeldingStatus.NEW] < 0.1 * len(plan.meldingen)
    late = sum(d > HANDLING_TERM_DAYS for d in days) / len(days)
    assert 0.03 < late < 0.2


def test_closed_cases_have_a_result_and_open_ones_a_status(planned):
    plan, history, _ = planned
    assert len(history.cases) == len(plan.cases)
    results = Counter()
    for case, fate in zip(plan.cases, history.cases, strict=True):
        assert case.opened_on <= fate.status_since <= TODAY
        if case.closed_on:
            assert fate.status == CaseStatus.CLOSED and fate.result and fate.status_since == case.closed_on
            results[fate.result] += 1
        else:
            assert fate.status != CaseStatus.CLOSED and fate.result == ""
    assert {"gelegaliseerd", "herhuisvest", "beeindigd", "geen_overtreding"} <= set(results)
    assert any(f.due_on and f.due_on < TODAY for f in history.cases)  # some are overdue


def test_interventions_follow_the_matrix_and_the_procedure(planned):
    plan, history, _ = planned
    assert history.interventions
    kinds = Counter()
    for intervention in history.interventions:
        case = plan.cases[intervention.case]
        until = case.closed_on or TODAY
        assert case.opened_on <= intervention.decided_on <= until
        assert (intervention.behaviour, intervention.consequence) in MATRIX
        assert intervention.intervention_type in intervention.proposed_types  # never a deviation
        previous = None
        for step in intervention.steps:
            assert step.kind in NEXT[previous]
            assert intervention.decided_on <= step.on <= until
            previous = step.kind
            kinds[step.kind] += 1
        if intervention.intervention_type == "dwangsom":
            assert intervention.amount_eur and intervention.maximum_eur >= intervention.amount_eur
            assert intervention.measures and intervention.compliance_period_days
    assert kinds["verbeurd"] > 0 and kinds["invordering"] > 0 and kinds["hercontrole_nageleefd"] > 0


def test_people_are_referred_to_care_and_followed_up(planned):
    plan, history, _ = planned
    keys = {spec.key: spec for spec in ORGANISATIONS}
    assert history.referrals and history.trajectories
    for referral in history.referrals:
        code = plan.addresses[plan.cases[referral.case].address].municipality_code
        receiving = keys[referral.organisation]
        assert receiving.regional or receiving.municipality_code == code
        if referral.status == "gesloten":
            assert referral.outcome and referral.closed_on and referral.on <= referral.closed_on <= TODAY
            assert referral.follow_up_on is None
        else:
            assert referral.follow_up_on is not None and not referral.outcome
    assert sum(r.status == "gesloten" for r in history.referrals) > len(history.referrals) / 2


def test_registrations_stay_within_the_window(planned):
    plan, _, _ = planned
    window_start = TODAY - dt.timedelta(days=WINDOW_DAYS)
    for r in plan.registrations:
        assert r.start_date <= TODAY
        assert r.end_date is None or window_start <= r.end_date <= TODAY and r.end_date >= r.start_date


def test_some_addresses_draw_meldingen_again_after_their_case_was_closed(planned):
    plan, _, _ = planned
    closed = [(c.address, c.closed_on) for c in plan.cases if c.closed_on]
    repeats = [m for m in plan.meldingen
               if any(a == m.address and 0 < (m.received_on - day).days <= 365 for a, day in closed)]
    assert len(repeats) >= 5


def test_the_waterbed_landlords_tenants_and_meldingen_move_to_a_neighbour(planned):
    plan, history, _ = planned
    assert history.waterbed
    for w in history.waterbed:
        assert all(plan.addresses[plan.cases[c].address].municipality_code == ACTING for c in w.cases)
        # Acted against in Venlo: a penalty or coercion order on the landlord's first case.
        assert any(i.case in w.cases and i.decided_on == w.acted_on and i.intervention_type in {"dwangsom", "bestuursdwang"}
                   for i in history.interventions)
        assert w.addresses and all(plan.addresses[a].municipality_code != ACTING for a in w.addresses)
        for address in w.bought:
            owners = [(o.owner, o.start_date, o.end_date) for o in plan.ownerships if o.address == address]
            assert (w.owner, max(start for _, start, _ in owners), None) in owners
            assert max(start for _, start, _ in owners) > w.acted_on
        year_before = (w.acted_on - dt.timedelta(days=365), w.acted_on)
        after = (w.acted_on, w.acted_on + dt.timedelta(days=365))

        arrivals = [r.start_date for r in plan.registrations if r.address in w.addresses]
        received = [m.received_on for m in plan.meldingen if m.address in w.addresses]

        def within(days, span):
            return sum(1 for day in days if span[0] <= day < span[1])

        assert within(arrivals, after) > 2 * within(arrivals, year_before)
        assert within(received, after) > within(received, year_before)


@pytest.mark.django_db
def test_demo_data_writes_the_history_the_plans_and_the_snapshots(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo_data", addresses=600, seed=7, verbosity=0, stdout=io.StringIO())
    # What was written is what was planned.
    plan = plan_region(addresses=600, seed=7, today=dt.date.today())
    history = plan_history(plan=plan)
    assert Intervention.objects.count() == len(history.interventions) > 0
    assert ProcedureStep.objects.count() == sum(len(i.steps) for i in history.interventions) > 0
    assert CareReferral.objects.count() == len(history.referrals)
    assert Trajectory.objects.count() == len(history.trajectories)
    assert Counter(Melding.objects.values_list("status", flat=True)) == Counter(f.status for f in history.meldingen)
    assert Counter(Case.objects.values_list("result", flat=True)) == Counter(f.result for f in history.cases)
    assert Inspection.objects.filter(case__isnull=False).count() == sum(c is not None for c in history.inspections)
    assert not Melding.objects.filter(status=MeldingStatus.LINKED).exclude(case__address=F("address")).exists()
    venlo, region = Project.objects.get(municipality__code="GM0983"), Project.objects.get(region__code="noord-limburg")
    for project in (venlo, region):
        assert project.agreements.count() == 1 and project.organisations.exists()
    assert sorted(venlo.targets.values_list("measure", "kind", "value")) == sorted([
        ("controles_uitgevoerd", "count", 200), ("trefkans", "share", 60), ("meldingen_op_tijd_pct", "share", 90),
        ("adressen_boven_norm", "reduction", 25), ("mensen_opgevolgd", "count", 50)])
    # The regional view has the packages of every demo municipality to add up.
    assert set(FigurePackage.objects.values_list("municipality_code", flat=True)) == {p.code for p in PLACES}
    days = set(OccupancySnapshot.objects.filter(municipality__code="GM0983").values_list("on", flat=True))
    today = dt.date.today()
    assert today in days and len(days) >= 34  # 36 month ends, less those before the national norm (2024)
    assert all(day == today or (day + dt.timedelta(days=1)).day == 1 for day in days)

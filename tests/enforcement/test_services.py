"""Interventions from the LHSO matrix, the deviation rule, dated fine maxima, steps and overdue steps."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from regiekamer.cases.models import CaseEvent, EventKind
from regiekamer.enforcement import selectors, services
from regiekamer.enforcement.models import InterventionType as T, LhsoCell, ProcedureStep, StepKind as S
from regiekamer.norms.models import Norm, NormKey
from regiekamer.organisations.models import Role
from tests.factories import MembershipFactory, municipality

pytestmark = pytest.mark.django_db
D = dt.date


def _intervene(actor, case, **kwargs):
    values = {"intervention_type": T.WARNING, "behaviour": "A", "consequence": "1",
              "reasons": "Twaalf personen op 80 m2, eerste overtreding.", "decided_on": D(2026, 3, 1)} | kwargs
    return services.create_intervention(actor=actor, case=case, **values)


def test_matrix_has_sixteen_national_cells_with_known_types():
    cells = selectors.matrix_for(None)
    assert [f"{c.behaviour}{c.consequence}" for c in cells] == [f"{b}{c}" for b in "ABCD" for c in "1234"]
    for cell in cells:
        assert cell.proposals and set(cell.proposals + cell.aggravated_proposals) <= set(T.values)


def test_cell_proposals_and_aggravation():
    a1 = selectors.cell_for(behaviour="A", consequence="1", municipality_id=None)
    assert selectors.proposals(a1, aggravated=False) == [T.INFORM, T.WARNING]
    assert selectors.proposals(a1, aggravated=True) == [T.INFORM, T.WARNING, T.INTENDED_DECISION, T.PENALTY_ORDER]
    d4 = selectors.cell_for(behaviour="D", consequence="4", municipality_id=None)
    assert T.OFFICIAL_REPORT in d4.proposals and T.WARNING not in d4.proposals


def test_municipal_cell_wins_over_the_national_one():
    venlo = municipality("GM0983")
    LhsoCell.objects.create(behaviour="A", consequence="1", municipality=venlo, proposals=[T.WARNING])
    assert selectors.cell_for(behaviour="A", consequence="1", municipality_id=venlo.pk).proposals == [T.WARNING]
    assert selectors.cell_for(behaviour="A", consequence="1", municipality_id=None).proposals == [T.INFORM, T.WARNING]


def test_proposed_intervention_is_stored_with_its_cell_and_appends_an_event(case, handler):
    intervention = _intervene(handler, case)
    assert intervention.cell_label == "A1" and intervention.proposed_types == [T.INFORM, T.WARNING]
    assert not intervention.deviates and intervention.deviation_reason == ""
    event = case.events.get(kind=EventKind.INTERVENTION)
    assert event.data == {"intervention": intervention.pk, "type": "waarschuwing", "cell": "A1", "deviates": False}


def test_deviation_needs_a_reason(case, handler):
    with pytest.raises(ValidationError) as refused:
        _intervene(handler, case, intervention_type=T.CLOSURE)
    assert "deviation_reason" in refused.value.error_dict
    assert "niet voorgesteld" in refused.value.error_dict["deviation_reason"][0].messages[0]
    assert not case.interventions.exists() and not case.events.filter(kind=EventKind.INTERVENTION).exists()
    closure = _intervene(handler, case, intervention_type=T.CLOSURE,
                         deviation_reason="Acuut brandgevaar: geen vluchtweg, bewoners direct in gevaar.")
    assert closure.deviates and closure.deviation_reason.startswith("Acuut")


def test_aggravating_factor_makes_a_fine_a_proposal_in_b2(case, handler):
    with pytest.raises(ValidationError) as refused:
        _intervene(handler, case, behaviour="B", consequence="2", intervention_type=T.ADMINISTRATIVE_FINE,
                   fine_eur=Decimal("5000"))
    assert "deviation_reason" in refused.value.error_dict
    fine = _intervene(handler, case, behaviour="B", consequence="2", intervention_type=T.ADMINISTRATIVE_FINE,
                      fine_eur=Decimal("5000"), recidivism=True)
    assert not fine.deviates and T.ADMINISTRATIVE_FINE in fine.proposed_types


def test_penalty_order_needs_measures_period_amount_and_maximum(case, handler):
    with pytest.raises(ValidationError) as refused:
        _intervene(handler, case, behaviour="B", consequence="2", intervention_type=T.PENALTY_ORDER,
                   amount_eur=Decimal("1000"), maximum_eur=Decimal("500"))
    assert set(refused.value.error_dict) == {"measures", "compliance_period_days", "amount_basis", "maximum_eur"}
    order = _intervene(handler, case, behaviour="B", consequence="2", intervention_type=T.PENALTY_ORDER,
                       measures="Terugbrengen tot 6 bewoners.", compliance_period_days=28,
                       amount_eur=Decimal("500"), amount_basis="per_dag", maximum_eur=Decimal("10000"))
    assert (order.compliance_period_days, order.amount_eur, order.maximum_eur) == (28, Decimal("500"), Decimal("10000"))


def _fine(handler, case, amount, on, repeat=False):
    return _intervene(handler, case, behaviour="C", consequence="2", intervention_type=T.ADMINISTRATIVE_FINE,
                      fine_eur=Decimal(amount), decided_on=on, repeat=repeat)


def test_fine_over_the_maximum_in_force_on_the_decision_date_is_refused(case, handler):
    # A (fictitious) new national maximum from 1 January 2026; the 2024 value stays for earlier decisions.
    Norm.objects.create(key=NormKey.WGV_FINE_FIRST, value=Decimal("27000"), valid_from=D(2026, 1, 1), source="test")
    with pytest.raises(ValidationError) as refused:
        _fine(handler, case, "26000", D(2025, 12, 31))
    assert refused.value.error_dict["fine_eur"][0].messages[0] == (
        "Het boetebedrag van € 26.000,00 is hoger dan het wettelijk maximum van € 25.750,00 dat op 31-12-2025 gold"
        " (eerste overtreding).")
    assert _fine(handler, case, "25750", D(2025, 12, 31)).fine_eur == Decimal("25750")
    assert _fine(handler, case, "26000", D(2026, 1, 1)).fine_eur == Decimal("26000")
    with pytest.raises(ValidationError):
        _fine(handler, case, "27000.01", D(2026, 1, 1))


def test_repeat_offence_has_the_higher_maximum(case, handler):
    with pytest.raises(ValidationError):
        _fine(handler, case, "103000.01", D(2025, 6, 1), repeat=True)
    assert _fine(handler, case, "103000", D(2025, 6, 1), repeat=True).repeat


def test_fine_amount_only_on_a_fine(case, handler):
    with pytest.raises(ValidationError) as refused:
        _intervene(handler, case, fine_eur=Decimal("100"))
    assert "fine_eur" in refused.value.error_dict


def test_only_handlers_and_coordinators_of_the_responsible_organisation(case, handler):
    viewer = MembershipFactory(role=Role.VIEWER, organisation=handler.membership.organisation).user
    other = MembershipFactory(role=Role.HANDLER).user  # another organisation of the same municipality
    for actor in (viewer, other):
        with pytest.raises(ValidationError, match="verantwoordelijke organisatie"):
            _intervene(actor, case)
    coordinator = MembershipFactory(role=Role.COORDINATOR, organisation=handler.membership.organisation).user
    assert _intervene(coordinator, case).decided_by == coordinator


def test_steps_follow_the_order_and_dates_never_go_back(case, handler):
    order = _intervene(handler, case, behaviour="B", consequence="2", intervention_type=T.PENALTY_ORDER,
                       measures="Terugbrengen tot 6 bewoners.", compliance_period_days=28,
                       amount_eur=Decimal("500"), amount_basis="per_dag", maximum_eur=Decimal("10000"))
    with pytest.raises(ValidationError) as refused:
        services.record_step(actor=handler, intervention=order, kind=S.FORFEITURE, on=D(2026, 3, 2))
    assert "kind" in refused.value.error_dict
    services.record_step(actor=handler, intervention=order, kind=S.INTENDED_DECISION_SENT, on=D(2026, 3, 2))
    with pytest.raises(ValidationError) as refused:
        services.record_step(actor=handler, intervention=order, kind=S.DECISION, on=D(2026, 3, 1))
    assert "on" in refused.value.error_dict
    services.record_step(actor=handler, intervention=order, kind=S.DECISION, on=D(2026, 4, 1))
    dates = selectors.procedure_dates(order)
    assert (dates.response_deadline, dates.compliance_end, dates.objection_deadline) == (
        D(2026, 3, 16), D(2026, 4, 29), D(2026, 5, 13))
    assert case.events.filter(kind=EventKind.INTERVENTION).count() == 3


def test_municipal_response_term_is_a_dated_norm(case, handler):
    Norm.objects.create(key=selectors.RESPONSE_PERIOD_DAYS, municipality=case.address.municipality,
                        value=Decimal("21"), valid_from=D(2026, 3, 1), source="besluit college")
    order = _intervene(handler, case, intervention_type=T.WARNING)
    services.record_step(actor=handler, intervention=order, kind=S.INTENDED_DECISION_SENT, on=D(2026, 3, 2))
    assert selectors.procedure_dates(order).response_deadline == D(2026, 3, 23)


def test_overdue_steps_on_a_given_day(case, handler):
    order = _intervene(handler, case, behaviour="B", consequence="2", intervention_type=T.PENALTY_ORDER,
                       measures="Terugbrengen tot 6 bewoners.", compliance_period_days=28,
                       amount_eur=Decimal("500"), amount_basis="per_dag", maximum_eur=Decimal("10000"))
    services.record_step(actor=handler, intervention=order, kind=S.INTENDED_DECISION_SENT, on=D(2026, 3, 2))
    warning = _intervene(handler, case)  # no steps: nothing due
    from regiekamer.organisations.access import scope_for
    scope = scope_for(handler)
    assert selectors.overdue_steps(scope, D(2026, 3, 16)) == []
    [late] = selectors.overdue_steps(scope, D(2026, 3, 20))
    assert (late.intervention, late.expected, late.due, late.days_late) == (order, S.DECISION, D(2026, 3, 16), 4)
    services.record_step(actor=handler, intervention=order, kind=S.DECISION, on=D(2026, 3, 20))
    assert selectors.overdue_steps(scope, D(2026, 4, 17)) == []
    [late] = selectors.overdue_steps(scope, D(2026, 4, 18))  # 20 March + 28 days = 17 April
    assert (late.expected, late.due) == (S.REINSPECTION_COMPLIANT, D(2026, 4, 17))
    # Another organisation's handler sees none of it; a viewer of the same organisation does.
    assert selectors.overdue_steps(scope_for(MembershipFactory(role=Role.HANDLER).user), D(2026, 4, 18)) == []
    viewer = MembershipFactory(role=Role.VIEWER, organisation=handler.membership.organisation).user
    assert len(selectors.overdue_steps(scope_for(viewer), D(2026, 4, 18))) == 1
    assert warning.pk not in [o.intervention.pk for o in selectors.overdue_steps(scope, D(2026, 4, 18))]


def test_steps_and_interventions_are_append_only(case, handler):
    intervention = _intervene(handler, case)
    step = services.record_step(actor=handler, intervention=intervention, kind=S.DECISION, on=D(2026, 3, 2))
    with pytest.raises(DatabaseError), transaction.atomic():
        ProcedureStep.objects.filter(pk=step.pk).update(on=D(2026, 1, 1))
    with pytest.raises(DatabaseError), transaction.atomic():
        type(intervention).objects.filter(pk=intervention.pk).update(reasons="anders")
    assert CaseEvent.objects.filter(case=case).count() == 3


def test_national_procedure_terms_are_dated_norms():
    from regiekamer.norms.selectors import norm_in_force
    assert norm_in_force(key=selectors.RESPONSE_PERIOD_DAYS, municipality_id=None, on=D(2026, 3, 2)) == 14
    assert norm_in_force(key=selectors.OBJECTION_PERIOD_DAYS, municipality_id=None, on=D(2026, 4, 1)) == 42


def test_admin_refuses_a_cell_with_an_unknown_intervention_type():
    from regiekamer.enforcement.admin import LhsoCellForm
    form = LhsoCellForm(data={"behaviour": "A", "consequence": "1", "municipality": municipality("GM0983").pk,
                              "proposals": '["waarschuwing", "kielhalen"]', "aggravated_proposals": "[]"})
    assert not form.is_valid() and "proposals" in form.errors
    form = LhsoCellForm(data={"behaviour": "A", "consequence": "1", "municipality": municipality("GM0983").pk,
                              "proposals": '["waarschuwing"]', "aggravated_proposals": '["bestuurlijke_boete"]'})
    assert form.is_valid(), form.errors

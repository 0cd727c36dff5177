"""Procedure dates and order: pure functions, hand-computed."""

import datetime as dt

from regiekamer.enforcement import procedure
from regiekamer.enforcement.models import StepKind as S
from regiekamer.enforcement.procedure import Step

D = dt.date


def test_response_deadline_is_two_weeks_after_sending():
    assert procedure.response_deadline(D(2026, 3, 2), 14) == D(2026, 3, 16)


def test_compliance_end_and_objection_deadline():
    assert procedure.compliance_end(D(2026, 4, 1), 28) == D(2026, 4, 29)
    assert procedure.objection_deadline(D(2026, 4, 1), 42) == D(2026, 5, 13)  # Awb 6:7: six weeks


def test_all_dates_of_a_penalty_order():
    steps = [Step(S.INTENDED_DECISION_SENT, D(2026, 3, 2)), Step(S.RESPONSE_RECEIVED, D(2026, 3, 10)),
             Step(S.DECISION, D(2026, 4, 1)), Step(S.REINSPECTION_NOT_COMPLIANT, D(2026, 4, 30)),
             Step(S.FORFEITURE, D(2026, 5, 4))]
    dates = procedure.dates(steps, compliance_period_days=28, response_days=14, objection_days=42)
    assert dates == procedure.Dates(
        intended_decision_sent=D(2026, 3, 2), response_deadline=D(2026, 3, 16), response_received=D(2026, 3, 10),
        decision=D(2026, 4, 1), objection_deadline=D(2026, 5, 13), compliance_end=D(2026, 4, 29),
        reinspection=D(2026, 4, 30), forfeiture=D(2026, 5, 4), collection=None,
    )


def test_no_steps_no_dates():
    dates = procedure.dates([], compliance_period_days=28, response_days=14, objection_days=42)
    assert dates.response_deadline is None and dates.compliance_end is None and dates.objection_deadline is None


def test_order_of_steps():
    assert procedure.allowed_next([]) == {S.INTENDED_DECISION_SENT, S.DECISION}
    assert S.FORFEITURE not in procedure.allowed_next([Step(S.DECISION, D(2026, 4, 1))])
    assert procedure.allowed_next([Step(S.REINSPECTION_COMPLIANT, D(2026, 5, 1))]) == frozenset()
    assert set(procedure.NEXT) - {None} == set(S.values)


def test_next_due_after_each_step():
    sent = [Step(S.INTENDED_DECISION_SENT, D(2026, 3, 2))]
    due = procedure.next_due(sent, compliance_period_days=28, response_days=14)
    assert (due.expected, due.due) == (S.DECISION, D(2026, 3, 16))
    # A received zienswijze does not move the date by which the decision is due.
    due = procedure.next_due(sent + [Step(S.RESPONSE_RECEIVED, D(2026, 3, 9))], compliance_period_days=28,
                             response_days=14)
    assert due.due == D(2026, 3, 16)
    decided = sent + [Step(S.DECISION, D(2026, 4, 1))]
    assert procedure.next_due(decided, compliance_period_days=28, response_days=14).due == D(2026, 4, 29)
    # Without a compliance period (e.g. a warning) nothing is due after the decision.
    assert procedure.next_due(decided, compliance_period_days=None, response_days=14) is None
    broken = decided + [Step(S.REINSPECTION_NOT_COMPLIANT, D(2026, 4, 30))]
    assert procedure.next_due(broken, compliance_period_days=28, response_days=14).expected == S.FORFEITURE
    assert procedure.next_due(decided + [Step(S.REINSPECTION_COMPLIANT, D(2026, 4, 30))],
                              compliance_period_days=28, response_days=14) is None


def test_overdue_only_after_the_due_day():
    due = procedure.Due(S.DECISION, D(2026, 3, 16), "besluit")
    assert not procedure.is_overdue(due, D(2026, 3, 16))
    assert procedure.is_overdue(due, D(2026, 3, 17))
    assert not procedure.is_overdue(None, D(2030, 1, 1))

"""The enforcement procedure's order and dates, as data and pure functions (no database).

Order (domain.md section 3): intended decision (voornemen) -> response (zienswijze, Awb 4:8) ->
decision -> compliance period (begunstigingstermijn) -> re-inspection -> forfeiture (verbeurd)
and collection (invordering, Awb 5:37). Objection within 6 weeks of the decision (Awb 6:7).
The number of days for the response and the objection are dated norms, passed in by the caller.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from django.utils.translation import gettext_lazy as _

from .models import StepKind as S

# Which step may follow which (None: the first step). A decision may be taken without a prior
# intended decision (e.g. urgent coercion); after a re-inspection that finds non-compliance the
# penalty is forfeited, collected, and the address re-inspected again.
NEXT: dict[str | None, frozenset[str]] = {
    None: frozenset({S.INTENDED_DECISION_SENT, S.DECISION}),
    S.INTENDED_DECISION_SENT: frozenset({S.RESPONSE_RECEIVED, S.DECISION}),
    S.RESPONSE_RECEIVED: frozenset({S.DECISION}),
    S.DECISION: frozenset({S.REINSPECTION_COMPLIANT, S.REINSPECTION_NOT_COMPLIANT}),
    S.REINSPECTION_NOT_COMPLIANT: frozenset({S.FORFEITURE, S.REINSPECTION_COMPLIANT, S.REINSPECTION_NOT_COMPLIANT}),
    S.FORFEITURE: frozenset({S.COLLECTION, S.REINSPECTION_COMPLIANT, S.REINSPECTION_NOT_COMPLIANT}),
    S.COLLECTION: frozenset({S.REINSPECTION_COMPLIANT, S.REINSPECTION_NOT_COMPLIANT}),
    S.REINSPECTION_COMPLIANT: frozenset(),
}


@dataclass(frozen=True)
class Step:
    """A step as the pure functions see it."""

    kind: str
    on: dt.date


def allowed_next(steps: Sequence[Step]) -> frozenset[str]:
    return NEXT[steps[-1].kind if steps else None]


def response_deadline(sent_on: dt.date, response_days: int) -> dt.date:
    """Last day for a zienswijze: the municipality's term (a dated norm) after sending the voornemen."""
    return sent_on + dt.timedelta(days=response_days)


def compliance_end(decision_on: dt.date, compliance_period_days: int) -> dt.date:
    return decision_on + dt.timedelta(days=compliance_period_days)


def objection_deadline(decision_on: dt.date, objection_days: int) -> dt.date:
    """Awb 6:7: six weeks (42 days, a dated norm) after the decision is made known."""
    return decision_on + dt.timedelta(days=objection_days)


def _last(steps: Sequence[Step], *kinds: str) -> Step | None:
    found = [step for step in steps if step.kind in kinds]
    return found[-1] if found else None


@dataclass(frozen=True)
class Dates:
    """Every date of one intervention's procedure, recorded or computed; None when not (yet) known."""

    intended_decision_sent: dt.date | None
    response_deadline: dt.date | None
    response_received: dt.date | None
    decision: dt.date | None
    objection_deadline: dt.date | None
    compliance_end: dt.date | None
    reinspection: dt.date | None
    forfeiture: dt.date | None
    collection: dt.date | None


def dates(
    steps: Sequence[Step], *, compliance_period_days: int | None, response_days: int, objection_days: int,
) -> Dates:
    sent = _last(steps, S.INTENDED_DECISION_SENT)
    decision = _last(steps, S.DECISION)
    reinspection = _last(steps, S.REINSPECTION_COMPLIANT, S.REINSPECTION_NOT_COMPLIANT)
    received, forfeiture, collection = (_last(steps, kind) for kind in (S.RESPONSE_RECEIVED, S.FORFEITURE, S.COLLECTION))
    return Dates(
        intended_decision_sent=sent.on if sent else None,
        response_deadline=response_deadline(sent.on, response_days) if sent else None,
        response_received=received.on if received else None,
        decision=decision.on if decision else None,
        objection_deadline=objection_deadline(decision.on, objection_days) if decision else None,
        compliance_end=(compliance_end(decision.on, compliance_period_days)
                        if decision and compliance_period_days else None),
        reinspection=reinspection.on if reinspection else None,
        forfeiture=forfeiture.on if forfeiture else None,
        collection=collection.on if collection else None,
    )


@dataclass(frozen=True)
class Due:
    """The next step the handler owes, and the date by which it was due."""

    expected: str  # a StepKind value
    due: dt.date
    label: str


def next_due(
    steps: Sequence[Step], *, compliance_period_days: int | None, response_days: int,
) -> Due | None:
    """What is due next after the last step, and by when; None when nothing has a deadline.

    After a voornemen the decision is due once the response term has passed (a received zienswijze
    does not move it); after a decision with a compliance period the re-inspection is due at its end;
    after a re-inspection finding non-compliance the forfeiture is to be recorded, then collection.
    """
    if not steps:
        return None
    last = steps[-1]
    sent = _last(steps, S.INTENDED_DECISION_SENT)
    if last.kind in (S.INTENDED_DECISION_SENT, S.RESPONSE_RECEIVED) and sent:
        return Due(S.DECISION, response_deadline(sent.on, response_days),
                   str(_("Besluit nemen: de zienswijzetermijn is verstreken")))
    if last.kind == S.DECISION and compliance_period_days:
        return Due(S.REINSPECTION_COMPLIANT, compliance_end(last.on, compliance_period_days),
                   str(_("Hercontrole: de begunstigingstermijn is verstreken")))
    if last.kind == S.REINSPECTION_NOT_COMPLIANT:
        return Due(S.FORFEITURE, last.on, str(_("Verbeurte vastleggen: de hercontrole vond een overtreding")))
    if last.kind == S.FORFEITURE:
        return Due(S.COLLECTION, last.on, str(_("Invorderen: de dwangsom is verbeurd")))
    return None


def is_overdue(due: Due | None, today: dt.date) -> bool:
    """Overdue: the due date has passed (the due day itself still counts as in time)."""
    return due is not None and today > due.due

"""Reads for enforcement, starting from the user's scope (cases.selectors.cases_for)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from regiekamer.cases.models import Case, CaseStatus
from regiekamer.cases.selectors import cases_for
from regiekamer.norms.selectors import norm_in_force
from regiekamer.organisations.access import ROLES_THAT_CHANGE_DOSSIERS, Scope
from regiekamer.organisations.models import OrganisationKind, Role
from regiekamer.registry.models import Address

from . import procedure
from .models import Intervention, Letter, LetterKind, LetterTemplate, LhsoCell


def may_enforce(scope: Scope, case: Case) -> bool:
    """Handlers and coordinators of the case's responsible organisation decide and record; others read."""
    return scope.role in ROLES_THAT_CHANGE_DOSSIERS and case.responsible_id == scope.organisation_id


def edits_letter_templates(scope: Scope) -> bool:
    """Coordinators of a municipal enforcement department keep their municipality's letter texts."""
    return (scope.role == Role.COORDINATOR and scope.kind == OrganisationKind.MUNICIPAL_ENFORCEMENT
            and scope.municipality_id is not None)


def cell_for(*, behaviour: str, consequence: str, municipality_id: int | None) -> LhsoCell | None:
    """The cell in force for a municipality: its own row wins over the national one."""
    cells = LhsoCell.objects.filter(behaviour=behaviour, consequence=consequence)
    own = cells.filter(municipality_id=municipality_id).first() if municipality_id else None
    return own or cells.filter(municipality__isnull=True).first()


def matrix_for(municipality_id: int | None) -> list[LhsoCell]:
    """All sixteen cells as they apply to a municipality (own rows over national ones)."""
    cells: dict[tuple[str, str], LhsoCell] = {}
    for cell in LhsoCell.objects.filter(municipality__isnull=True):
        cells[(cell.behaviour, cell.consequence)] = cell
    if municipality_id:
        for cell in LhsoCell.objects.filter(municipality_id=municipality_id):
            cells[(cell.behaviour, cell.consequence)] = cell
    return [cells[key] for key in sorted(cells)]


def proposals(cell: LhsoCell, *, aggravated: bool) -> list[str]:
    """The intervention types a cell proposes; aggravating factors add the punitive ones."""
    chosen = list(cell.proposals)
    if aggravated:
        chosen += [kind for kind in cell.aggravated_proposals if kind not in chosen]
    return chosen


def interventions_for(scope: Scope) -> QuerySet[Intervention]:
    """Interventions on the cases the user may see."""
    return Intervention.objects.filter(case__in=cases_for(scope)).select_related(
        "case__address__municipality", "cell"
    )


def intervention_for(scope: Scope, pk: int) -> Intervention:
    """One intervention, or 404 for 'does not exist' and 'not yours' alike."""
    intervention = interventions_for(scope).filter(pk=pk).first()
    if intervention is None:
        raise Http404
    return intervention


def interventions_at(scope: Scope, address: Address, *, cases: list[Case] | None = None) -> list[Intervention]:
    """Interventions on the cases about one address, within the user's reach (for the dossier).

    `cases`: the address's cases as cases.selectors.cases_at() read them from the same scope, when the
    caller has them already: no cases, no query."""
    if cases is None:
        return list(interventions_for(scope).filter(case__address=address).order_by("-decided_on", "-id"))
    if not cases:
        return []
    return list(Intervention.objects.filter(case_id__in=[case.pk for case in cases])
                .select_related("case__address__municipality", "cell").order_by("-decided_on", "-id"))


def letter_for(scope: Scope, pk: int) -> Letter:
    letter = Letter.objects.filter(case__in=cases_for(scope), pk=pk).select_related("case__address").first()
    if letter is None:
        raise Http404
    return letter


def template_for(*, kind: str, municipality_id: int | None) -> LetterTemplate | None:
    """The letter template in force: the municipality's own text wins over the national default."""
    templates = LetterTemplate.objects.filter(kind=kind)
    own = templates.filter(municipality_id=municipality_id).first() if municipality_id else None
    return own or templates.filter(municipality__isnull=True).first()


def templates_for(municipality_id: int | None) -> list[LetterTemplate]:
    return [t for kind in LetterKind.values if (t := template_for(kind=kind, municipality_id=municipality_id))]


# Dated norms (norms.Norm rows) for the procedure's terms; the national rows come from this app's
# migration 0004. TODO when norms' own pending migrations are in: make these NormKey values.
RESPONSE_PERIOD_DAYS = "response_period_days"  # Awb 4:8: a municipal choice, two weeks by default
OBJECTION_PERIOD_DAYS = "objection_period_days"  # Awb 6:7: six weeks


def _days(key: str, municipality_id: int, on: dt.date, default: int) -> int:
    value = norm_in_force(key=key, municipality_id=municipality_id, on=on)
    return int(value) if value is not None else default


def response_days(municipality_id: int, on: dt.date) -> int:
    """The response term in force when the voornemen was sent (two weeks if no norm is stored)."""
    return _days(RESPONSE_PERIOD_DAYS, municipality_id, on, 14)


def objection_days(municipality_id: int, on: dt.date) -> int:
    return _days(OBJECTION_PERIOD_DAYS, municipality_id, on, 42)


def _steps(intervention: Intervention) -> list[procedure.Step]:
    return [procedure.Step(step.kind, step.on) for step in intervention.steps.all()]


def procedure_dates(intervention: Intervention) -> procedure.Dates:
    steps = _steps(intervention)
    municipality_id = intervention.case.address.municipality_id
    # The terms in force on the day of the (last) voornemen and decision apply.
    sent = next((s.on for s in reversed(steps) if s.kind == procedure.S.INTENDED_DECISION_SENT), intervention.decided_on)
    decision = next((s.on for s in reversed(steps) if s.kind == procedure.S.DECISION), intervention.decided_on)
    return procedure.dates(
        steps, compliance_period_days=intervention.compliance_period_days,
        response_days=response_days(municipality_id, sent), objection_days=objection_days(municipality_id, decision),
    )


def next_due(intervention: Intervention) -> procedure.Due | None:
    steps = _steps(intervention)
    sent = next((s.on for s in reversed(steps) if s.kind == procedure.S.INTENDED_DECISION_SENT), None)
    days = response_days(intervention.case.address.municipality_id, sent or intervention.decided_on)
    return procedure.next_due(steps, compliance_period_days=intervention.compliance_period_days, response_days=days)


@dataclass(frozen=True)
class OverdueStep:
    """A step whose date passed without the next step being recorded."""

    intervention: Intervention
    expected: str  # StepKind value
    label: str
    due: dt.date
    days_late: int


def overdue_steps(scope: Scope, today: dt.date) -> list[OverdueStep]:
    """Overdue procedure steps of the interventions on cases the user's organisation is responsible for,
    longest overdue first. For the enforcement page and the case work queue."""
    if not scope.reads_dossiers or scope.organisation_id is None:
        return []
    interventions = (
        interventions_for(scope).filter(case__responsible_id=scope.organisation_id)
        .exclude(case__status=CaseStatus.CLOSED).prefetch_related("steps")
    )
    found = []
    for intervention in interventions:
        due = next_due(intervention)
        if procedure.is_overdue(due, today):
            found.append(OverdueStep(intervention, due.expected, due.label, due.due, (today - due.due).days))
    return sorted(found, key=lambda o: (o.due, o.intervention.pk))

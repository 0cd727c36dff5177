"""Changes to inspections: plan one with a team, and record its findings and outcome."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.cases.models import Case, EventKind
from regiekamer.cases.services import Conflict, append_event
from regiekamer.organisations.models import Organisation
from regiekamer.registry.models import Address

from . import selectors
from .checks import Check, Parameters, Value, evaluate, parse_answers, propose
from .models import ChecklistTemplate, Finding, Inspection, InspectionStatus, InspectionTeamMember, Outcome, Severity


def team_choices(*, actor: User, case: Case | None) -> list[Organisation]:
    """Who may be in the team: the planner's own organisation and the organisations in the case."""
    own = actor.membership.organisation
    choices = {own.pk: own}
    if case is not None:
        choices[case.responsible_id] = case.responsible
        for participant in case.participants.select_related("organisation"):
            choices[participant.organisation_id] = participant.organisation
    return sorted(choices.values(), key=lambda organisation: organisation.name)


@transaction.atomic
def plan_inspection(
    *, actor: User, address: Address, planned_on: dt.date, checklist: ChecklistTemplate,
    team: Iterable[Organisation], case: Case | None = None,
) -> Inspection:
    """Plan an inspection of an address with a team; the planner's organisation is always in it."""
    errors: dict[str, str] = {}
    if planned_on < timezone.localdate():
        errors["planned_on"] = _("Plan een controle op vandaag of later.")
    if case is not None and case.address_id != address.pk:
        errors["case"] = _("Deze zaak gaat over een ander adres.")
    if not checklist.active:
        errors["checklist"] = _("Deze checklist is niet meer in gebruik.")
    allowed = {organisation.pk for organisation in team_choices(actor=actor, case=case)}
    team = list(team)
    if any(organisation.pk not in allowed for organisation in team):
        errors["team"] = _("Kies teamleden uit uw eigen organisatie en de organisaties in de zaak.")
    if errors:
        raise ValidationError(errors)
    own = actor.membership.organisation
    inspection = Inspection.objects.create(
        address=address, municipality_id=address.municipality_id, inspected_on=planned_on, planned_on=planned_on, status=InspectionStatus.PLANNED,
        outcome="", organisation=own, checklist=checklist, case=case,
    )
    InspectionTeamMember.objects.create(inspection=inspection, organisation=own, user=actor)
    for organisation in team:
        if organisation.pk != own.pk:
            InspectionTeamMember.objects.create(inspection=inspection, organisation=organisation)
    if case is not None:
        names = ", ".join(sorted({own.name, *(organisation.name for organisation in team)}))
        append_event(case=case, kind=EventKind.INSPECTION, actor=actor,
                     text=_("Pandcontrole gepland op %(date)s met %(team)s") % {
                         "date": f"{planned_on:%d-%m-%Y}", "team": names},
                     data={"inspection": inspection.pk, "planned_on": planned_on.isoformat()})
    return inspection


@dataclass(frozen=True)
class Assessment:
    """The findings judged against the norms in force: what the page shows before the outcome."""

    values: dict[str, Value]
    parameters: Parameters
    checks: list[Check]
    proposed_outcome: str
    proposed_severity: str

    @property
    def broken(self) -> list[Check]:
        return [check for check in self.checks if check.broken]


def assess(*, inspection: Inspection, inspected_on: dt.date, answers: Mapping[str, str]) -> Assessment:
    """Parse the answers and run the checks against the norms of that date; stores nothing."""
    values = parse_answers(selectors.items(inspection), answers)
    parameters = selectors.parameters_on(inspection.address, inspected_on)
    checks = evaluate(values, parameters)
    answered = any(value not in (None, "") for value in values.values())
    outcome, severity = propose(checks, answered=answered)
    return Assessment(values, parameters, checks, outcome, severity)


@transaction.atomic
def record_inspection(
    *, actor: User, inspection: Inspection, expected_version: int, inspected_on: dt.date,
    answers: Mapping[str, str], notes: Mapping[str, str], outcome: str, severity: str, reason: str = "",
) -> Inspection:
    """Record the findings and the outcome; a deviation from the proposed outcome needs a reason."""
    current = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if current.version != expected_version or current.status != InspectionStatus.PLANNED:
        raise Conflict(_(
            "Iemand anders heeft deze controle intussen vastgelegd. Uw bevindingen zijn niet opgeslagen; "
            "bekijk de controle opnieuw."
        ), code="conflict")
    errors: dict[str, str] = {}
    if inspected_on > timezone.localdate():
        errors["inspected_on"] = _("De datum van de controle kan niet in de toekomst liggen.")
    try:
        assessment = assess(inspection=current, inspected_on=inspected_on, answers=answers)
    except ValidationError as error:
        errors.update({field: messages[0] for field, messages in error.message_dict.items()})
        assessment = None
    if outcome not in Outcome.values:
        errors["outcome"] = _("Kies de uitkomst van de controle.")
    elif outcome == Outcome.VIOLATION and severity not in Severity.values:
        errors["severity"] = _("Kies bij een overtreding of die ernstig is.")
    elif outcome != Outcome.VIOLATION and severity:
        errors["severity"] = _("Alleen een overtreding heeft een ernst.")
    if assessment and not errors:
        deviates = (outcome, severity) != (assessment.proposed_outcome, assessment.proposed_severity)
        if deviates and len(reason.strip()) < 5:
            errors["reason"] = _("U wijkt af van de voorgestelde uitkomst: geef de reden.")
    if errors:
        raise ValidationError(errors)
    persons = assessment.values.get("persons_present")
    Inspection.objects.filter(pk=current.pk).update(
        status=InspectionStatus.RECORDED, inspected_on=inspected_on, outcome=outcome, severity=severity,
        proposed_outcome=assessment.proposed_outcome, deviation_reason=reason.strip() if deviates else "",
        parameters=assessment.parameters.as_json(),
        persons_present=int(persons) if persons is not None else None,
        recorded_by=actor, recorded_at=timezone.now(), version=F("version") + 1,
    )
    Finding.objects.bulk_create([
        Finding(inspection=current, item_code=code, value=(answers.get(code) or "").strip(),
                note=(notes.get(code) or "").strip())
        for code in assessment.values
        if (answers.get(code) or "").strip() or (notes.get(code) or "").strip()
    ])
    current.refresh_from_db()
    if current.case_id:
        label = current.get_outcome_display()
        if severity:
            label += f" ({current.get_severity_display().lower()})"
        broken = [check.title for check in assessment.broken]
        text = _("Pandcontrole vastgelegd: %(outcome)s") % {"outcome": label}
        if broken:
            text += ". " + _("Normen niet gehaald: %(norms)s") % {"norms": ", ".join(broken)}
        append_event(case=current.case, kind=EventKind.INSPECTION, actor=actor, text=text,
                     data={"inspection": current.pk, "outcome": outcome, "severity": severity,
                           "broken": [check.rule for check in assessment.broken]})
    return current

"""Reads of inspections, always starting from the user's scope."""

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from regiekamer.norms.models import NormKey
from regiekamer.norms.selectors import norm_in_force
from regiekamer.organisations.access import ROLES_THAT_CHANGE_DOSSIERS, Scope
from regiekamer.registry.models import Address
from regiekamer.registry.selectors import addresses_for

from .checks import Check, Parameters, evaluate, parse_answers
from .models import ChecklistItem, Inspection, InspectionStatus, InspectionTeamMember


def inspections_for(scope: Scope) -> QuerySet[Inspection]:
    """Inspections at the addresses whose dossier this scope may open."""
    return Inspection.objects.filter(address__in=addresses_for(scope))


def inspection_for(scope: Scope, pk: int) -> Inspection:
    """One inspection, or 404: the same answer for 'does not exist' and 'not yours'."""
    inspection = (
        inspections_for(scope).select_related("address__municipality", "case", "checklist", "organisation",
                                              "recorded_by").filter(pk=pk).first()
    )
    if inspection is None:
        raise Http404
    return inspection


def planned_for(scope: Scope) -> QuerySet[Inspection]:
    """Planned inspections with the user's organisation in the team, soonest first."""
    in_team = InspectionTeamMember.objects.filter(inspection=OuterRef("pk"), organisation_id=scope.organisation_id)
    return (
        inspections_for(scope).filter(Exists(in_team), status=InspectionStatus.PLANNED)
        .select_related("address", "case").order_by("planned_on", "id")
    )


def may_record(scope: Scope, inspection: Inspection) -> bool:
    """Handlers and coordinators of an organisation in the team, within their own reach."""
    return (
        scope.reads_dossiers and scope.role in ROLES_THAT_CHANGE_DOSSIERS
        and inspection.team.filter(organisation_id=scope.organisation_id).exists()
        and inspections_for(scope).filter(pk=inspection.pk).exists()
    )


def parameters_on(address: Address, on: dt.date) -> Parameters:
    """The norm values in force for the address's municipality on a date."""
    def value(key: str):
        return norm_in_force(key=key, municipality_id=address.municipality_id, on=on)
    return Parameters(
        floor_area_m2_per_person=value(NormKey.FLOOR_AREA_PER_PERSON),
        bedroom_m2_per_person=value(NormKey.SNF_BEDROOM_PER_PERSON),
        persons_per_toilet=value(NormKey.SNF_PERSONS_PER_TOILET),
        persons_per_shower=value(NormKey.SNF_PERSONS_PER_SHOWER),
    )


def items(inspection: Inspection) -> list[ChecklistItem]:
    return list(inspection.checklist.items.all()) if inspection.checklist_id else []


def recorded_checks(inspection: Inspection) -> list[Check]:
    """The checks of a recorded inspection, against the norms stored with it (never today's)."""
    if inspection.status != InspectionStatus.RECORDED or not inspection.parameters:
        return []
    answers = {finding.item_code: finding.value for finding in inspection.findings.all()}
    values = parse_answers(items(inspection), answers, strict=False)
    return evaluate(values, Parameters.from_json(inspection.parameters))

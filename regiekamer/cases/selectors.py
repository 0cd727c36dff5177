"""Reads of cases, starting from the user's scope."""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import BooleanField, Case as When_, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from regiekamer.organisations.access import Reach, Scope
from regiekamer.organisations.models import Role
from regiekamer.registry.models import Address

from .models import Case, CaseEvent, CaseStatus, Consultation, ConsultationItem, PartnerRequest, RequestStatus


def cases_for(scope: Scope) -> QuerySet[Case]:
    """Cases in the user's reach: all of its municipality's, or those its organisation takes part in."""
    if not scope.reads_dossiers:
        return Case.objects.none()
    if scope.reach == Reach.MUNICIPALITY:
        return Case.objects.filter(municipality_id=scope.municipality_id)
    return Case.objects.filter(
        Q(participants__organisation_id=scope.organisation_id) | Q(responsible_id=scope.organisation_id)
    ).distinct()


def case_for(scope: Scope, pk: int) -> Case:
    """One case, or 404: the same answer for 'does not exist' and 'not yours'."""
    case = cases_for(scope).select_related("address__municipality", "responsible", "handler").filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


# --- pages of this app ---------------------------------------------------------------------------

def may_change(scope: Scope, case: Case) -> bool:
    """Handlers and coordinators of the responsible organisation change a case; others read."""
    return scope.changes_dossiers and case.responsible_id == scope.organisation_id


def may_coordinate(scope: Scope) -> bool:
    """Municipal coordinators plan and record case consultations."""
    return scope.changes_dossiers and scope.role == Role.COORDINATOR


class QueueFilter(StrEnum):
    MINE = "mine"
    ORGANISATION = "organisation"
    ALL = "all"


def queue(scope: Scope, which: str = QueueFilter.ORGANISATION) -> list[Case]:
    """Open cases to work on, overdue first (then by due date): for municipal users filtered to
    their own, their organisation's or all of the municipality; for partners the ones they take part in."""
    cases = cases_for(scope).exclude(status=CaseStatus.CLOSED)
    if scope.reach == Reach.MUNICIPALITY:
        if which == QueueFilter.MINE:
            cases = cases.filter(handler_id=scope.user_id)
        elif which == QueueFilter.ORGANISATION:
            cases = cases.filter(responsible_id=scope.organisation_id)
    cases = cases.select_related("address", "responsible", "handler")
    # Overdue first, then by due date; a status without a deadline comes last.
    return sorted(cases, key=lambda c: (not c.is_overdue, c.due_on or dt.date.max, c.pk))


def requests_for(scope: Scope) -> QuerySet[PartnerRequest]:
    """Partner requests addressed to the user's organisation (its queue), open first."""
    if not scope.reads_dossiers:
        return PartnerRequest.objects.none()
    return (
        PartnerRequest.objects.filter(to_organisation_id=scope.organisation_id)
        .select_related("case__address", "from_organisation", "to_organisation")
        .annotate(is_open=When_(When(status=RequestStatus.OPEN, then=Value(True)), default=Value(False),
                              output_field=BooleanField()))
        .order_by("-is_open", "due_on", "-created_at")
    )


def request_for(scope: Scope, pk: int) -> PartnerRequest:
    """One request, for its receiver or its sender; 404 for anyone else."""
    if not scope.reads_dossiers:
        raise Http404
    partner_request = (
        PartnerRequest.objects.filter(Q(to_organisation_id=scope.organisation_id)
                                      | Q(from_organisation_id=scope.organisation_id))
        .select_related("case__address", "from_organisation", "to_organisation", "decided_by")
        .filter(pk=pk).first()
    )
    if partner_request is None:
        raise Http404
    return partner_request


def may_decide(scope: Scope, partner_request: PartnerRequest) -> bool:
    """Handlers and coordinators of the receiving organisation answer a request."""
    return (scope.reads_dossiers and scope.role in (Role.HANDLER, Role.COORDINATOR)
            and partner_request.to_organisation_id == scope.organisation_id)


def consultations_for(scope: Scope) -> QuerySet[Consultation]:
    """Meetings the user's organisation takes part in, or of its own municipality (or region)."""
    if not scope.reads_dossiers:
        return Consultation.objects.none()
    mine = Q(organisations__id=scope.organisation_id)
    if scope.reach == Reach.MUNICIPALITY:
        mine |= Q(municipality_id=scope.municipality_id)
        mine |= Q(municipality__isnull=True, region_id=scope.region_id) if scope.region_id else Q(pk__in=[])
    return Consultation.objects.filter(mine).distinct().select_related("municipality", "region", "organiser")


def consultation_for(scope: Scope, pk: int) -> Consultation:
    consultation = consultations_for(scope).filter(pk=pk).first()
    if consultation is None:
        raise Http404
    return consultation


def agenda(scope: Scope, consultation: Consultation) -> list[ConsultationItem]:
    """The agenda items whose case the user may see; the others are not shown at all."""
    visible = cases_for(scope).values("pk")
    return list(consultation.items.filter(case__in=visible)
                .select_related("case__address", "acting_organisation", "decided_by"))


@dataclass(frozen=True)
class CaseTimelineEntry:
    """A case event in the shape of registry.selectors.TimelineEntry (date, kind, title, detail,
    organisation), plus the exact time, the actor and the case."""

    date: dt.date
    kind: str
    title: str
    detail: str = ""
    organisation: str = ""
    at: dt.datetime | None = None
    actor: str = ""
    case_id: int | None = None


def cases_at(scope: Scope, address: Address) -> list[Case]:
    """The address's cases the user may see (a partner sees only those it takes part in), newest first."""
    return list(cases_for(scope).filter(address=address).select_related("responsible").order_by("-opened_on", "-pk"))


def timeline_entries(scope: Scope, address: Address, *, cases: list[Case] | None = None) -> list[CaseTimelineEntry]:
    """The events of the address's cases within the user's scope, newest first (for the dossier).

    `cases`: the address's cases as cases_at() read them, when the caller has them already (the
    dossier lists them): no cases, no query; otherwise the events of exactly those cases."""
    if cases is None:
        in_scope = Q(case__in=cases_for(scope).filter(address=address).values("pk"))
    elif not cases:
        return []
    else:
        in_scope = Q(case_id__in=[case.pk for case in cases])
    events = CaseEvent.objects.filter(in_scope).select_related("case").order_by("-at", "-id")
    return [
        CaseTimelineEntry(
            date=timezone.localdate(event.at), kind=f"case_{event.kind}",
            title=f"{event.case.reference}: {event.get_kind_display()}", detail=event.text,
            organisation=event.organisation_name, at=event.at, actor=event.actor_name, case_id=event.case_id,
        )
        for event in events
    ]

"""Changes to cases: each service is one atomic change that appends to the case's timeline."""

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.organisations.models import Membership, Organisation, Role
from regiekamer.registry.models import Address

from . import workflow
from .models import (
    Case, CaseEvent, CaseParticipant, CaseResult, CaseStatus, Consultation, ConsultationItem, EventKind,
    PartnerRequest, RequestKind, RequestStatus,
)


class Conflict(ValidationError):
    """Someone else changed the case since this user loaded it; nothing was saved."""


def append_event(
    *, case: Case, kind: str, text: str, actor: User | None, data: dict | None = None,
) -> CaseEvent:
    """Append one line to a case's timeline (used by every app that acts on a case).

    Everyone who may see the case reads its timeline: put nothing here that only some may know.
    """
    membership = getattr(actor, "membership", None) if actor else None
    organisation = membership.organisation if membership else None
    return CaseEvent.objects.create(
        case=case, at=timezone.now(), kind=kind, text=text, actor=actor,
        actor_name=actor.get_username() if actor else "systeem",
        organisation=organisation, organisation_name=organisation.name if organisation else "",
        data=data or {},
    )


def _due_on(case_type: str, status: str, since: dt.date) -> dt.date | None:
    days = workflow.due_days(case_type, status)
    return since + dt.timedelta(days=days) if days is not None else None


@transaction.atomic
def open_case(
    *, actor: User, address: Address, case_type: str, responsible: Organisation, handler: User | None = None,
    note: str = "",
) -> Case:
    """Open a case about an address; the responsible organisation leads it."""
    today = timezone.localdate()
    case = Case(
        address=address, municipality_id=address.municipality_id, case_type=case_type, responsible=responsible, handler=handler,
        status=CaseStatus.NEW, status_since=today, due_on=_due_on(case_type, CaseStatus.NEW, today),
        opened_on=today,
    )
    case.full_clean()
    case.save()
    append_event(case=case, kind=EventKind.OPENED, actor=actor,
                 text=note or _("Zaak geopend: %(type)s") % {"type": case.get_case_type_display()})
    return case


def _lock(case: Case, expected_version: int) -> Case:
    """Re-read the case under a row lock and refuse if it changed since the user loaded it."""
    current = Case.objects.select_for_update().get(pk=case.pk)
    if current.version != expected_version:
        raise Conflict(_(
            "Iemand anders heeft deze zaak intussen gewijzigd. Uw wijziging is niet opgeslagen; "
            "bekijk de zaak opnieuw en probeer het nog eens."
        ), code="conflict")
    return current


@transaction.atomic
def change_status(*, actor: User, case: Case, to: str, expected_version: int, reason: str = "") -> Case:
    """Move a case to another status, if the workflow table allows it."""
    case = _lock(case, expected_version)
    if to == CaseStatus.CLOSED:
        raise ValidationError(_("Sluit een zaak af met een resultaat en een geleerde les."), code="close")
    if to not in workflow.allowed_next(case.status):
        raise ValidationError(
            _("Van %(from)s naar %(to)s is niet toegestaan.")
            % {"from": case.get_status_display(), "to": CaseStatus(to).label},
            code="transition",
        )
    previous = case.get_status_display()
    today = timezone.localdate()
    Case.objects.filter(pk=case.pk).update(
        status=to, status_since=today, due_on=_due_on(case.case_type, to, today), version=F("version") + 1,
    )
    case.refresh_from_db()
    text = _("Status: %(from)s → %(to)s") % {"from": previous, "to": case.get_status_display()}
    append_event(case=case, kind=EventKind.STATUS, actor=actor, text=f"{text}. {reason}".strip(". ") if reason else text,
                 data={"from": previous, "to": to})
    return case


@transaction.atomic
def close_case(*, actor: User, case: Case, result: str, lesson: str, expected_version: int) -> Case:
    """Close a case with its result and the lesson learned (both feed steering and knowledge)."""
    case = _lock(case, expected_version)
    if CaseStatus.CLOSED not in workflow.allowed_next(case.status):
        raise ValidationError(_("Deze zaak is al gesloten."), code="closed")
    if result not in CaseResult.values:
        raise ValidationError({"result": _("Kies een resultaat.")})
    if len(lesson.strip()) < 10:
        raise ValidationError({"lesson": _("Beschrijf in een zin wat we van deze zaak leren.")})
    today = timezone.localdate()
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, status_since=today, due_on=None, closed_on=today, result=result,
        lesson=lesson.strip(), version=F("version") + 1,
    )
    case.refresh_from_db()
    append_event(case=case, kind=EventKind.CLOSED, actor=actor,
                 text=_("Zaak gesloten: %(result)s") % {"result": case.get_result_display()},
                 data={"result": result, "lesson": case.lesson})
    return case


@transaction.atomic
def add_participant(*, actor: User, case: Case, organisation: Organisation, reason: str) -> CaseParticipant:
    """Let another organisation take part in a case (and so see its dossier)."""
    participant, created = CaseParticipant.objects.get_or_create(
        case=case, organisation=organisation, defaults={"since": timezone.localdate()}
    )
    if created:
        append_event(case=case, kind=EventKind.PARTNER_ANSWER, actor=actor,
                     text=_("%(org)s neemt deel aan de zaak: %(reason)s") % {"org": organisation, "reason": reason})
    return participant


@transaction.atomic
def assign_handler(*, actor: User, case: Case, handler: User, expected_version: int) -> Case:
    """Make a user of the responsible organisation the case's handler."""
    case = _lock(case, expected_version)
    membership = Membership.objects.filter(user=handler, organisation_id=case.responsible_id).first()
    if membership is None or membership.role not in (Role.HANDLER, Role.COORDINATOR) or not handler.is_active:
        raise ValidationError({"handler": _("Kies een behandelaar of coördinator van de verantwoordelijke organisatie.")})
    if case.handler_id == handler.pk:
        raise ValidationError({"handler": _("Deze behandelaar is al toegewezen.")})
    Case.objects.filter(pk=case.pk).update(handler=handler, version=F("version") + 1)
    case.refresh_from_db()
    append_event(case=case, kind=EventKind.HANDLER, actor=actor,
                 text=_("Behandelaar: %(name)s") % {"name": handler.get_full_name() or handler.get_username()})
    return case


# --- partner requests --------------------------------------------------------------------------


@transaction.atomic
def request_partner(
    *, actor: User, case: Case, to_organisation: Organisation, kind: str, message: str,
    due_on: dt.date | None = None,
) -> PartnerRequest:
    """Ask another organisation for information, a joint inspection, capacity or a BRP investigation."""
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("Deze zaak is gesloten; er kunnen geen verzoeken meer uit."), code="closed")
    if to_organisation.pk == case.responsible_id:
        raise ValidationError({"to_organisation": _("Kies een andere organisatie dan de verantwoordelijke.")})
    if kind not in RequestKind.values:
        raise ValidationError({"kind": _("Kies een soort verzoek.")})
    if len(message.strip()) < 10:
        raise ValidationError({"message": _("Leg in een zin uit wat u van de partner vraagt.")})
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({"due_on": _("Deze datum ligt in het verleden.")})
    if PartnerRequest.objects.filter(case=case, to_organisation=to_organisation, kind=kind,
                                     status=RequestStatus.OPEN).exists():
        raise ValidationError({"to_organisation": _("Er staat al een open verzoek van deze soort bij deze organisatie.")})
    membership = getattr(actor, "membership", None)
    partner_request = PartnerRequest.objects.create(
        case=case, from_organisation=membership.organisation if membership else case.responsible,
        to_organisation=to_organisation, kind=kind, message=message.strip(), due_on=due_on,
        requested_by=actor, created_at=timezone.now(),
    )
    append_event(case=case, kind=EventKind.PARTNER_REQUEST, actor=actor,
                 text=_("Verzoek (%(kind)s) aan %(org)s") % {"kind": partner_request.get_kind_display().lower(),
                                                             "org": to_organisation},
                 data={"request": partner_request.pk, "kind": kind, "to": to_organisation.pk})
    return partner_request


class Decision:
    ACCEPT = "accept"
    DECLINE = "decline"
    ANSWER = "answer"
    ALL = (ACCEPT, DECLINE, ANSWER)


@transaction.atomic
def decide_request(*, actor: User, partner_request: PartnerRequest, decision: str, text: str = "") -> PartnerRequest:
    """The receiving organisation accepts (and takes part), declines with a reason, or answers."""
    partner_request = PartnerRequest.objects.select_for_update().select_related(
        "case", "to_organisation").get(pk=partner_request.pk)
    text = text.strip()
    if decision not in Decision.ALL:
        raise ValidationError({"decision": _("Kies accepteren, afwijzen of beantwoorden.")})
    if partner_request.status != RequestStatus.OPEN:
        raise ValidationError({"decision": _("Dit verzoek is al afgehandeld (%(status)s).")
                               % {"status": partner_request.get_status_display().lower()}})
    case, org = partner_request.case, partner_request.to_organisation
    kind_label = partner_request.get_kind_display().lower()
    if decision == Decision.ACCEPT:
        status = RequestStatus.ACCEPTED
        already = CaseParticipant.objects.filter(case=case, organisation=org).exists()
        add_participant(actor=actor, case=case, organisation=org,
                        reason=_("verzoek (%(kind)s) geaccepteerd") % {"kind": kind_label})
        if already:
            append_event(case=case, kind=EventKind.PARTNER_ANSWER, actor=actor,
                         text=_("%(org)s heeft het verzoek (%(kind)s) geaccepteerd") % {"org": org, "kind": kind_label},
                         data={"request": partner_request.pk, "decision": decision})
    elif decision == Decision.DECLINE:
        if len(text) < 5:
            raise ValidationError({"text": _("Geef een reden waarom u het verzoek afwijst.")})
        status = RequestStatus.DECLINED
        append_event(case=case, kind=EventKind.PARTNER_ANSWER, actor=actor,
                     text=_("%(org)s heeft het verzoek (%(kind)s) afgewezen: %(reason)s")
                     % {"org": org, "kind": kind_label, "reason": text},
                     data={"request": partner_request.pk, "decision": decision})
    else:
        if partner_request.kind != RequestKind.INFORMATION:
            raise ValidationError({"decision": _("Alleen een informatieverzoek kan worden beantwoord; accepteer of wijs af.")})
        if len(text) < 5:
            raise ValidationError({"text": _("Vul het antwoord in.")})
        status = RequestStatus.ANSWERED
        # The answer itself stays on the request (sender and receiver only): the timeline is read
        # by every participant, and a partner's information is not theirs to know.
        append_event(case=case, kind=EventKind.PARTNER_ANSWER, actor=actor,
                     text=_("%(org)s heeft het informatieverzoek beantwoord") % {"org": org},
                     data={"request": partner_request.pk, "decision": decision})
    PartnerRequest.objects.filter(pk=partner_request.pk).update(
        status=status, answer=text, decided_by=actor, decided_at=timezone.now(),
    )
    partner_request.refresh_from_db()
    return partner_request


# --- case consultation (casusoverleg) -----------------------------------------------------------


@transaction.atomic
def plan_consultation(
    *, actor: User, held_on: dt.date, title: str, organisations: list[Organisation], whole_region: bool = False,
) -> Consultation:
    """Plan a casusoverleg of the actor's municipality (or its region) with the given partners."""
    organiser = actor.membership.organisation
    if len(title.strip()) < 3:
        raise ValidationError({"title": _("Geef het overleg een titel.")})
    if not organisations:
        raise ValidationError({"organisations": _("Kies ten minste één deelnemende organisatie.")})
    municipality = organiser.municipality
    region_id = organiser.region_id or (municipality.region_id if municipality else None)
    if whole_region and region_id is None:
        raise ValidationError({"whole_region": _("Uw gemeente hoort niet bij een regio.")})
    consultation = Consultation.objects.create(
        held_on=held_on, title=title.strip(), municipality=None if whole_region else municipality,
        region_id=region_id, organiser=organiser, created_by=actor, created_at=timezone.now(),
    )
    consultation.organisations.set({organiser, *organisations})
    return consultation


@transaction.atomic
def add_agenda_item(*, actor: User, consultation: Consultation, case: Case) -> ConsultationItem:
    """Put a case on the agenda of a casusoverleg."""
    if consultation.items.filter(case=case).exists():
        raise ValidationError({"case": _("Deze zaak staat al op de agenda.")})
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"case": _("Deze zaak is gesloten.")})
    return ConsultationItem.objects.create(consultation=consultation, case=case)


@transaction.atomic
def record_decision(
    *, actor: User, item: ConsultationItem, decision: str, acting_organisation: Organisation,
    action_on: dt.date,
) -> ConsultationItem:
    """Record what the meeting decided about a case and who acts by when; appended to the case."""
    item = ConsultationItem.objects.select_for_update().select_related("consultation", "case").get(pk=item.pk)
    if item.decided_at is not None:
        raise ValidationError(_("Het besluit over dit agendapunt is al vastgelegd."), code="decided")
    if len(decision.strip()) < 5:
        raise ValidationError({"decision": _("Beschrijf het besluit.")})
    if not item.consultation.organisations.filter(pk=acting_organisation.pk).exists():
        raise ValidationError({"acting_organisation": _("Kies een organisatie die aan het overleg deelneemt.")})
    if action_on < item.consultation.held_on:
        raise ValidationError({"action_on": _("De actiedatum ligt vóór de datum van het overleg.")})
    ConsultationItem.objects.filter(pk=item.pk).update(
        decision=decision.strip(), acting_organisation=acting_organisation, action_on=action_on,
        decided_by=actor, decided_at=timezone.now(),
    )
    item.refresh_from_db()
    append_event(
        case=item.case, kind=EventKind.CONSULTATION, actor=actor,
        text=_("Casusoverleg %(title)s (%(date)s): %(decision)s. Actie: %(org)s vóór %(action_on)s") % {
            "title": item.consultation.title, "date": f"{item.consultation.held_on:%d-%m-%Y}",
            "decision": item.decision, "org": acting_organisation, "action_on": f"{action_on:%d-%m-%Y}",
        },
        data={"consultation": item.consultation_id, "acting_organisation": acting_organisation.pk,
              "action_on": action_on.isoformat()},
    )
    return item

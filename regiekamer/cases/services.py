"""Changes to cases: each service is one atomic change that appends to the case's timeline."""

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.organisations.models import Organisation
from regiekamer.registry.models import Address

from . import workflow
from .models import Case, CaseEvent, CaseParticipant, CaseResult, CaseStatus, EventKind


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
        address=address, case_type=case_type, responsible=responsible, handler=handler,
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

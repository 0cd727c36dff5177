"""Changes to care referrals and trajectories: each service is one atomic change.

Every change appends a FollowUp line (history, never edited) and is written to the processing log.
The case timeline gets only a neutral line without person data: everyone in the case reads it.
"""

import datetime as dt
import re

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.cases.models import Case, EventKind
from regiekamer.cases.services import append_event
from regiekamer.organisations.models import Organisation
from regiekamer.registry.services import pseudonymise_bsn

from . import selectors
from .models import (
    CareReferral, FollowUp, ReferralKind, ReferralOutcome, ReferralStatus, Trajectory, TrajectoryKind,
    TrajectoryOutcome, TrajectoryStatus, Urgency,
)

# Status transitions as data: which status may follow which.
REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.OPEN: frozenset({ReferralStatus.ACCEPTED, ReferralStatus.CLOSED}),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.IN_PROGRESS, ReferralStatus.CLOSED}),
    ReferralStatus.IN_PROGRESS: frozenset({ReferralStatus.CLOSED}),
    ReferralStatus.CLOSED: frozenset(),
}
TRAJECTORY_TRANSITIONS: dict[str, frozenset[str]] = {
    TrajectoryStatus.PLANNED: frozenset({TrajectoryStatus.RUNNING, TrajectoryStatus.CLOSED}),
    TrajectoryStatus.RUNNING: frozenset({TrajectoryStatus.CLOSED}),
    TrajectoryStatus.CLOSED: frozenset(),
}

# An anonymous person is a numbered label, never free text: free text invites names.
PERSON_LABEL_RE = re.compile(r"^persoon (\d{1,3}) op adres$", re.IGNORECASE)


class Conflict(ValidationError):
    """Someone else changed the referral or trajectory since this user loaded it; nothing was saved."""


def person_ref_from(*, bsn: str, person_label: str) -> tuple[str, bool]:
    """The stored person reference: the pseudonym of a valid BSN, or an anonymous numbered label."""
    bsn, person_label = (bsn or "").strip(), " ".join((person_label or "").split())
    if bsn and person_label:
        raise ValidationError({"person_label": _("Vul een BSN of een label in, niet allebei.")})
    if bsn:
        try:
            return pseudonymise_bsn(bsn), True
        except ValidationError as error:
            raise ValidationError({"bsn": error.messages}) from error
    match = PERSON_LABEL_RE.match(person_label)
    if not person_label:
        raise ValidationError({"bsn": _("Vul het BSN in, of bij een onbekend BSN een label als 'persoon 1 op adres'.")})
    if match is None or int(match.group(1)) < 1:
        raise ValidationError({"person_label": _(
            "Gebruik bij een onbekend BSN een label als 'persoon 1 op adres' (geen naam of andere gegevens)."
        )})
    return f"persoon {int(match.group(1))} op adres", False


def _check_follow_up_date(value: dt.date | None, field: str = "follow_up_on") -> None:
    if value is None:
        raise ValidationError({field: _("Vul een datum in waarop dit wordt opgevolgd.")})
    if value < timezone.localdate():
        raise ValidationError({field: _("De opvolgdatum ligt in het verleden.")})


def _subject(item: CareReferral | Trajectory) -> Subject:
    return Subject(item.person_ref, SubjectType.PERSON, item.case.address.municipality_id)


def _log(actor: User, name: str, operation: Operation, item: CareReferral | Trajectory,
         trace_id: str | None) -> None:
    record(actor=actor, name=name, operation=operation, activity=ProcessingActivity.CARE,
           subjects=[_subject(item)], trace_id=trace_id)


def _append(*, actor: User, note: str, on: dt.date, referral: CareReferral | None = None,
            trajectory: Trajectory | None = None) -> FollowUp:
    membership = getattr(actor, "membership", None)
    return FollowUp.objects.create(
        referral=referral, trajectory=trajectory, at=timezone.now(), on=on, note=note, actor=actor,
        actor_name=actor.get_username(), organisation_name=membership.organisation.name if membership else "",
    )


def _organisation(actor: User) -> Organisation:
    membership = getattr(actor, "membership", None)
    if membership is None:
        raise ValidationError(_("U werkt niet namens een organisatie."))
    return membership.organisation


def _lock[T: (CareReferral, Trajectory)](model: type[T], pk: int, expected_version: int) -> T:
    """Re-read under a row lock and refuse if it changed since the user loaded it."""
    current = model.objects.select_for_update().select_related("case__address").get(pk=pk)
    if current.version != expected_version:
        raise Conflict(_(
            "Iemand anders heeft dit intussen gewijzigd. Uw wijziging is niet opgeslagen; "
            "bekijk de gegevens opnieuw en probeer het nog eens."
        ), code="conflict")
    return current


def _note(text: str, field: str = "note", *, required: bool = True) -> str:
    text = (text or "").strip()
    if required and len(text) < 3:
        raise ValidationError({field: _("Beschrijf kort wat er is gebeurd of afgesproken.")})
    if len(text) > 2000:
        raise ValidationError({field: _("Gebruik ten hoogste 2000 tekens.")})
    return text


# --- referrals -------------------------------------------------------------------------------

@transaction.atomic
def refer(
    *, actor: User, case: Case, kind: str, receiving: Organisation, reason: str, urgency: str,
    follow_up_on: dt.date | None, bsn: str = "", person_label: str = "", destination: str = "",
    trace_id: str | None = None,
) -> CareReferral:
    """Refer a person found in a vulnerable situation to care; the case timeline gets a neutral line."""
    person_ref, is_pseudonym = person_ref_from(bsn=bsn, person_label=person_label)
    if kind not in ReferralKind.values:
        raise ValidationError({"kind": _("Kies het soort hulp.")})
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": _("Kies de urgentie.")})
    if not selectors.receivers_for(case).filter(pk=receiving.pk).exists():
        raise ValidationError({"receiving": _(
            "Deze organisatie kan geen doorverwijzingen voor dit adres ontvangen: kies het sociaal domein "
            "van de gemeente of de GGD in de regio."
        )})
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": _("Beschrijf kort waarom deze persoon hulp nodig heeft.")})
    destination = (destination or "").strip()
    if kind == ReferralKind.OTHER and not destination:
        raise ValidationError({"destination": _("Vul bij 'anders' in naar welke hulp wordt verwezen.")})
    _check_follow_up_date(follow_up_on)
    referral = CareReferral(
        case=case, person_ref=person_ref, person_is_pseudonym=is_pseudonym, kind=kind, destination=destination,
        receiving=receiving, reason=reason, urgency=urgency, status=ReferralStatus.OPEN, follow_up_on=follow_up_on,
        referring=_organisation(actor), referred_by=actor, referred_by_name=actor.get_username(),
        created_at=timezone.now(),
    )
    referral.full_clean()
    referral.save()
    _append(actor=actor, referral=referral, on=timezone.localdate(),
            note=_("Doorverwezen naar %(org)s.") % {"org": receiving.name})
    # Everyone in the case reads the timeline: no person, kind or receiving organisation here.
    append_event(case=case, kind=EventKind.CARE, actor=actor, text=_("Doorverwijzing naar zorg vastgelegd"))
    _log(actor, "doorverwijzing naar zorg vastleggen", Operation.CREATE, referral, trace_id)
    return referral


def _move_referral(referral: CareReferral, to: str) -> None:
    if to not in REFERRAL_TRANSITIONS[referral.status]:
        raise ValidationError(
            _("Van %(from)s naar %(to)s is niet toegestaan.")
            % {"from": referral.get_status_display(), "to": ReferralStatus(to).label},
            code="transition",
        )


def _must_be_receiver(actor: User, referral: CareReferral) -> None:
    if _organisation(actor).pk != referral.receiving_id:
        raise ValidationError(_("Alleen de ontvangende organisatie kan dit doen."), code="receiver")


@transaction.atomic
def accept_referral(*, actor: User, referral: CareReferral, expected_version: int, note: str = "",
                    trace_id: str | None = None) -> CareReferral:
    """The receiving organisation accepts the referral."""
    referral = _lock(CareReferral, referral.pk, expected_version)
    _must_be_receiver(actor, referral)
    _move_referral(referral, ReferralStatus.ACCEPTED)
    note = _note(note, required=False)
    CareReferral.objects.filter(pk=referral.pk).update(status=ReferralStatus.ACCEPTED, version=F("version") + 1)
    referral.refresh_from_db()
    _append(actor=actor, referral=referral, on=timezone.localdate(),
            note=f"{_('Geaccepteerd.')} {note}".strip())
    _log(actor, "doorverwijzing accepteren", Operation.UPDATE, referral, trace_id)
    return referral


@transaction.atomic
def follow_up_referral(
    *, actor: User, referral: CareReferral, note: str, follow_up_on: dt.date | None, expected_version: int,
    in_progress: bool = False, trace_id: str | None = None,
) -> CareReferral:
    """Append a follow-up and set the next follow-up date (optionally: the help has started)."""
    referral = _lock(CareReferral, referral.pk, expected_version)
    if referral.status == ReferralStatus.CLOSED:
        raise ValidationError(_("Deze doorverwijzing is gesloten."), code="closed")
    note = _note(note)
    _check_follow_up_date(follow_up_on)
    status = referral.status
    if in_progress and status != ReferralStatus.IN_PROGRESS:
        _must_be_receiver(actor, referral)
        _move_referral(referral, ReferralStatus.IN_PROGRESS)
        status = ReferralStatus.IN_PROGRESS
    CareReferral.objects.filter(pk=referral.pk).update(
        status=status, follow_up_on=follow_up_on, version=F("version") + 1,
    )
    referral.refresh_from_db()
    _append(actor=actor, referral=referral, on=timezone.localdate(), note=note)
    _log(actor, "doorverwijzing opvolgen", Operation.UPDATE, referral, trace_id)
    return referral


@transaction.atomic
def close_referral(*, actor: User, referral: CareReferral, outcome: str, outcome_note: str, expected_version: int,
                   trace_id: str | None = None) -> CareReferral:
    """The receiving organisation closes the referral with its outcome."""
    referral = _lock(CareReferral, referral.pk, expected_version)
    _must_be_receiver(actor, referral)
    _move_referral(referral, ReferralStatus.CLOSED)
    if outcome not in ReferralOutcome.values:
        raise ValidationError({"outcome": _("Kies de uitkomst.")})
    outcome_note = _note(outcome_note, "outcome_note", required=outcome == ReferralOutcome.OTHER)
    today = timezone.localdate()
    CareReferral.objects.filter(pk=referral.pk).update(
        status=ReferralStatus.CLOSED, outcome=outcome, outcome_note=outcome_note, closed_on=today,
        follow_up_on=None, version=F("version") + 1,
    )
    referral.refresh_from_db()
    text = _("Gesloten: %(outcome)s.") % {"outcome": referral.get_outcome_display()}
    _append(actor=actor, referral=referral, on=today, note=f"{text} {outcome_note}".strip())
    _log(actor, "doorverwijzing sluiten", Operation.UPDATE, referral, trace_id)
    return referral


# --- trajectories ----------------------------------------------------------------------------

@transaction.atomic
def start_trajectory(
    *, actor: User, case: Case, kind: str, started_on: dt.date | None, follow_up_on: dt.date | None,
    provider: str = "", provider_organisation: Organisation | None = None, bsn: str = "", person_label: str = "",
    trace_id: str | None = None,
) -> Trajectory:
    """Enrol a person who stays in an integration or education trajectory."""
    person_ref, is_pseudonym = person_ref_from(bsn=bsn, person_label=person_label)
    if kind not in TrajectoryKind.values:
        raise ValidationError({"kind": _("Kies het soort traject.")})
    provider = (provider or "").strip()
    if not provider and provider_organisation is None:
        raise ValidationError({"provider": _("Vul de aanbieder in (bijvoorbeeld de taalschool of de school).")})
    if provider_organisation is not None and not selectors.receivers_for(case).filter(
            pk=provider_organisation.pk).exists():
        raise ValidationError({"provider_organisation": _("Deze organisatie kan geen trajecten voor dit adres volgen.")})
    if started_on is None:
        raise ValidationError({"started_on": _("Vul de startdatum in.")})
    _check_follow_up_date(follow_up_on)
    if follow_up_on < started_on:
        raise ValidationError({"follow_up_on": _("De opvolgdatum ligt voor de start.")})
    today = timezone.localdate()
    trajectory = Trajectory(
        case=case, person_ref=person_ref, person_is_pseudonym=is_pseudonym, kind=kind, provider=provider,
        provider_organisation=provider_organisation, started_on=started_on, follow_up_on=follow_up_on,
        status=TrajectoryStatus.RUNNING if started_on <= today else TrajectoryStatus.PLANNED,
        organisation=_organisation(actor), created_by=actor, created_by_name=actor.get_username(),
        created_at=timezone.now(),
    )
    trajectory.full_clean()
    trajectory.save()
    _append(actor=actor, trajectory=trajectory, on=today,
            note=_("Traject vastgelegd: %(kind)s.") % {"kind": trajectory.get_kind_display()})
    append_event(case=case, kind=EventKind.CARE, actor=actor, text=_("Traject voor integratie of onderwijs vastgelegd"))
    _log(actor, "traject vastleggen", Operation.CREATE, trajectory, trace_id)
    return trajectory


@transaction.atomic
def follow_up_trajectory(
    *, actor: User, trajectory: Trajectory, note: str, follow_up_on: dt.date | None, expected_version: int,
    trace_id: str | None = None,
) -> Trajectory:
    """Append a follow-up and set the next follow-up date; a planned trajectory that has started runs."""
    trajectory = _lock(Trajectory, trajectory.pk, expected_version)
    if trajectory.status == TrajectoryStatus.CLOSED:
        raise ValidationError(_("Dit traject is afgesloten."), code="closed")
    note = _note(note)
    _check_follow_up_date(follow_up_on)
    today = timezone.localdate()
    status = trajectory.status
    if status == TrajectoryStatus.PLANNED and trajectory.started_on <= today:
        status = TrajectoryStatus.RUNNING
    Trajectory.objects.filter(pk=trajectory.pk).update(status=status, follow_up_on=follow_up_on,
                                                       version=F("version") + 1)
    trajectory.refresh_from_db()
    _append(actor=actor, trajectory=trajectory, on=today, note=note)
    _log(actor, "traject opvolgen", Operation.UPDATE, trajectory, trace_id)
    return trajectory


@transaction.atomic
def close_trajectory(*, actor: User, trajectory: Trajectory, outcome: str, outcome_note: str,
                     expected_version: int, trace_id: str | None = None) -> Trajectory:
    """Close a trajectory with its outcome."""
    trajectory = _lock(Trajectory, trajectory.pk, expected_version)
    if TrajectoryStatus.CLOSED not in TRAJECTORY_TRANSITIONS[trajectory.status]:
        raise ValidationError(_("Dit traject is al afgesloten."), code="closed")
    if outcome not in TrajectoryOutcome.values:
        raise ValidationError({"outcome": _("Kies de uitkomst.")})
    outcome_note = _note(outcome_note, "outcome_note", required=outcome == TrajectoryOutcome.OTHER)
    today = timezone.localdate()
    Trajectory.objects.filter(pk=trajectory.pk).update(
        status=TrajectoryStatus.CLOSED, outcome=outcome, outcome_note=outcome_note, closed_on=today,
        follow_up_on=None, version=F("version") + 1,
    )
    trajectory.refresh_from_db()
    text = _("Afgesloten: %(outcome)s.") % {"outcome": trajectory.get_outcome_display()}
    _append(actor=actor, trajectory=trajectory, on=today, note=f"{text} {outcome_note}".strip())
    _log(actor, "traject afsluiten", Operation.UPDATE, trajectory, trace_id)
    return trajectory

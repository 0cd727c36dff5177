"""Writing the planned handling history (history.py): interventions and their steps, care referrals,
trajectories and their follow-ups. Meldingen, inspections and cases carry their part of the
history in write.py, where they are inserted."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from regiekamer.care.models import CareReferral, FollowUp, Trajectory
from regiekamer.enforcement.models import Intervention, LhsoCell, ProcedureStep
from regiekamer.organisations.models import Organisation

from .history import History
from .rows import Plan
from .write import insert_objects, insert_rows

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMSTERDAM)


def _euro(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def write_history(*, plan: Plan, history: History, organisations: dict[str, Organisation], case_pks: list,
                  progress: bool) -> dict[str, int]:
    cells = {(c.behaviour, c.consequence): c for c in LhsoCell.objects.filter(municipality__isnull=True)}
    responsible = [organisations[c.responsible] for c in plan.cases]
    intervention_pks = insert_objects(Intervention, history.interventions, lambda i: Intervention(
        case_id=case_pks[i.case], intervention_type=i.intervention_type, cell=cells[(i.behaviour, i.consequence)],
        proposed_types=i.proposed_types, recidivism=i.recidivism, financial_gain=i.financial_gain, reasons=i.reasons,
        deviation_reason="", measures=i.measures, compliance_period_days=i.compliance_period_days,
        amount_eur=_euro(i.amount_eur), amount_basis=i.amount_basis, maximum_eur=_euro(i.maximum_eur),
        fine_eur=_euro(i.fine_eur), decided_on=i.decided_on, decided_by=None,
        decided_by_name=responsible[i.case].name, organisation=responsible[i.case],
    ), progress=progress)
    steps = [(intervention_pks[n], s.kind, s.on, s.note, responsible[i.case].name, _at(s.on, 11))
             for n, i in enumerate(history.interventions) for s in i.steps]
    insert_rows(ProcedureStep, ("intervention", "kind", "on", "note", "recorded_by_name", "recorded_at"), steps,
                total=len(steps), progress=progress)
    referral_pks = insert_objects(CareReferral, history.referrals, lambda r: CareReferral(
        case_id=case_pks[r.case], person_ref=r.person_ref, person_is_pseudonym=r.person_is_pseudonym, kind=r.kind,
        destination="Terugkeerondersteuning" if r.kind == "anders" else "", receiving=organisations[r.organisation],
        reason=r.reason, urgency=r.urgency, status=r.status, follow_up_on=r.follow_up_on, outcome=r.outcome,
        outcome_note=r.outcome_note, closed_on=r.closed_on, referring=responsible[r.case], referred_by=None,
        referred_by_name=responsible[r.case].name, created_at=_at(r.on),
    ), progress=progress)
    trajectory_pks = insert_objects(Trajectory, history.trajectories, lambda t: Trajectory(
        case_id=case_pks[t.case], person_ref=t.person_ref, person_is_pseudonym=t.person_is_pseudonym, kind=t.kind,
        provider=t.reason, started_on=t.on, follow_up_on=t.follow_up_on, status=t.status, outcome=t.outcome,
        outcome_note=t.outcome_note, closed_on=t.closed_on, organisation=organisations[t.organisation],
        created_by=None, created_by_name=organisations[t.organisation].name, created_at=_at(t.on),
    ), progress=progress)
    follow_ups = []
    for pk, r in zip(referral_pks, history.referrals, strict=True):
        receiving = organisations[r.organisation].name
        follow_ups.append((pk, None, _at(r.on), r.on, f"Doorverwezen naar {receiving}.", responsible[r.case].name,
                           responsible[r.case].name))
        if r.closed_on:
            follow_ups.append((pk, None, _at(r.closed_on, 15), r.closed_on, "Gesloten na opvolging.", receiving,
                               receiving))
    for pk, t in zip(trajectory_pks, history.trajectories, strict=True):
        name = organisations[t.organisation].name
        follow_ups.append((None, pk, _at(t.on), t.on, f"Traject vastgelegd bij {t.reason}.", name, name))
        if t.closed_on:
            follow_ups.append((None, pk, _at(t.closed_on, 15), t.closed_on, "Traject afgesloten.", name, name))
    insert_rows(FollowUp, ("referral", "trajectory", "at", "on", "note", "actor_name", "organisation_name"),
                follow_ups, total=len(follow_ups), progress=progress)
    return {"interventions": len(history.interventions), "procedure steps": len(steps),
            "care referrals": len(history.referrals), "trajectories": len(history.trajectories)}

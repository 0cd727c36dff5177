"""Reads of care referrals and trajectories, starting from the user's scope.

Stricter than the case they belong to: a referral is read only by the organisation that made it,
the organisation that received it and the social domain of the address's municipality. Other case
participants (police, housing corporation, even municipal enforcement) see only the neutral line
"Doorverwijzing naar zorg vastgelegd" on the case timeline.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from regiekamer.cases.models import Case
from regiekamer.organisations.access import (
    OVERSEES_CARE, RECEIVES_CARE_REFERRALS, ROLES_THAT_ACT_ON_CARE, STARTS_TRAJECTORIES, Scope,
)
from regiekamer.organisations.models import Organisation, OrganisationKind

from .models import CareReferral, ReferralStatus, Trajectory, TrajectoryStatus


def _reads_care(scope: Scope) -> bool:
    return scope.reads_dossiers and scope.organisation_id is not None


def referrals_for(scope: Scope) -> QuerySet[CareReferral]:
    """Referrals this scope may read: made or received by its organisation, or overseen by its social domain."""
    if not _reads_care(scope):
        return CareReferral.objects.none()
    mine = Q(referring_id=scope.organisation_id) | Q(receiving_id=scope.organisation_id)
    if scope.kind in OVERSEES_CARE and scope.municipality_id is not None:
        mine |= Q(case__municipality_id=scope.municipality_id)
    return CareReferral.objects.filter(mine)


def referral_for(scope: Scope, pk: int) -> CareReferral:
    """One referral, or 404: the same answer for 'does not exist' and 'not yours'."""
    referral = (referrals_for(scope).select_related("case__address__municipality", "receiving", "referring")
                .filter(pk=pk).first())
    if referral is None:
        raise Http404
    return referral


def trajectories_for(scope: Scope) -> QuerySet[Trajectory]:
    """Trajectories this scope may read: started or provided by its organisation, or overseen by its social domain."""
    if not _reads_care(scope):
        return Trajectory.objects.none()
    mine = Q(organisation_id=scope.organisation_id) | Q(provider_organisation_id=scope.organisation_id)
    if scope.kind in OVERSEES_CARE and scope.municipality_id is not None:
        mine |= Q(case__municipality_id=scope.municipality_id)
    return Trajectory.objects.filter(mine)


def trajectory_for(scope: Scope, pk: int) -> Trajectory:
    """One trajectory, or 404."""
    trajectory = (trajectories_for(scope)
                  .select_related("case__address__municipality", "organisation", "provider_organisation")
                  .filter(pk=pk).first())
    if trajectory is None:
        raise Http404
    return trajectory


def acts_on_care(scope: Scope) -> bool:
    """Refer, follow up, accept and close: handlers and coordinators of an organisation that reads dossiers."""
    return _reads_care(scope) and scope.role in ROLES_THAT_ACT_ON_CARE


def starts_trajectories(scope: Scope) -> bool:
    return acts_on_care(scope) and scope.kind in STARTS_TRAJECTORIES


def receivers_for(case: Case) -> QuerySet[Organisation]:
    """Organisations that may receive a referral on this case: the municipality's social domain,
    and a GGD serving the municipality's region (or the municipality itself)."""
    municipality = case.address.municipality
    ggd_here = Q(municipality_id=municipality.pk)
    if municipality.region_id is not None:
        ggd_here |= Q(region_id=municipality.region_id)
    return Organisation.objects.filter(kind__in=RECEIVES_CARE_REFERRALS).filter(
        Q(kind=OrganisationKind.MUNICIPAL_SOCIAL, municipality_id=municipality.pk)
        | (Q(kind=OrganisationKind.GGD) & ggd_here)
    ).order_by("name")


@dataclass(frozen=True)
class QueueItem:
    """One line of the care queue: a referral or a trajectory, with its follow-up date."""

    kind: str  # "referral" or "trajectory"
    item: CareReferral | Trajectory
    overdue: bool
    due_today: bool


def queue_for(scope: Scope, *, on: dt.date) -> list[QueueItem]:
    """Open referrals and trajectories of the user's organisation, follow-ups due first (overdue at the top)."""
    referrals = (referrals_for(scope).exclude(status=ReferralStatus.CLOSED)
                 .select_related("case__address", "receiving", "referring"))
    trajectories = (trajectories_for(scope).exclude(status=TrajectoryStatus.CLOSED)
                    .select_related("case__address", "organisation", "provider_organisation"))
    items = [QueueItem("referral", r, r.is_overdue(on), r.follow_up_on == on) for r in referrals]
    items += [QueueItem("trajectory", t, t.is_overdue(on), t.follow_up_on == on) for t in trajectories]
    return sorted(items, key=lambda i: (i.item.follow_up_on or dt.date.max, i.kind, i.item.pk))


def closed_for(scope: Scope, *, limit: int = 50) -> tuple[list[CareReferral], list[Trajectory]]:
    """The most recently closed referrals and trajectories, for reference below the queue."""
    referrals = list(referrals_for(scope).filter(status=ReferralStatus.CLOSED)
                     .select_related("case__address", "receiving").order_by("-closed_on", "-id")[:limit])
    trajectories = list(trajectories_for(scope).filter(status=TrajectoryStatus.CLOSED)
                        .select_related("case__address").order_by("-closed_on", "-id")[:limit])
    return referrals, trajectories

"""Reads of cases, starting from the user's scope."""

from django.db.models import Q, QuerySet
from django.http import Http404

from regiekamer.organisations.access import Reach, Scope

from .models import Case


def cases_for(scope: Scope) -> QuerySet[Case]:
    """Cases in the user's reach: all of its municipality's, or those its organisation takes part in."""
    if not scope.reads_dossiers:
        return Case.objects.none()
    if scope.reach == Reach.MUNICIPALITY:
        return Case.objects.filter(address__municipality_id=scope.municipality_id)
    return Case.objects.filter(
        Q(participants__organisation_id=scope.organisation_id) | Q(responsible_id=scope.organisation_id)
    ).distinct()


def case_for(scope: Scope, pk: int) -> Case:
    """One case, or 404: the same answer for 'does not exist' and 'not yours'."""
    case = cases_for(scope).select_related("address__municipality", "responsible", "handler").filter(pk=pk).first()
    if case is None:
        raise Http404
    return case

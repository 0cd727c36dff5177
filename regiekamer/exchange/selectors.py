"""Reads of deliveries, always starting from the user's scope.

Who sees a delivery: the coordinators and administrators of the organisation that delivered it
(services.may_deliver); and those of a municipal organisation also every delivery about their
municipality, whoever made it (a police or fire-service delivery for the region touches their
addresses: they may see what came in, when and from whom). Anyone else gets 404.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from regiekamer.organisations.access import Reach, Scope

from .models import Delivery
from .services import may_deliver


def deliveries_for(scope: Scope) -> QuerySet[Delivery]:
    if not may_deliver(scope):
        return Delivery.objects.none()
    visible = Q(organisation_id=scope.organisation_id)
    if scope.reach == Reach.MUNICIPALITY:
        visible |= Q(municipalities=scope.municipality_id)
    return (Delivery.objects.filter(pk__in=Delivery.objects.filter(visible).values("pk"))
            .select_related("organisation").order_by("-created_at", "-pk"))


def delivery_for(scope: Scope, pk: int) -> Delivery:
    """One delivery, or 404: the same answer for 'does not exist' and 'not yours'."""
    delivery = deliveries_for(scope).filter(pk=pk).first()
    if delivery is None:
        raise Http404
    return delivery

"""Reads of meldingen, always starting from the user's scope (organisations/access.py)."""

from dataclasses import dataclass, field

from django.db.models import Case as Switch, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from regiekamer.cases.models import Case, CaseStatus
from regiekamer.cases.selectors import cases_for
from regiekamer.organisations.access import ROLES_THAT_CHANGE_DOSSIERS, Reach, Scope
from regiekamer.registry.models import Address, Municipality
from regiekamer.registry.selectors import addresses_for

from .models import Melding, MeldingStatus


def registers_meldingen(scope: Scope) -> bool:
    """Handlers and coordinators of every organisation that reads dossiers may register a melding."""
    return scope.reads_dossiers and scope.role in ROLES_THAT_CHANGE_DOSSIERS


def handles_meldingen(scope: Scope) -> bool:
    """The municipality runs the intake: only its handlers link, promote or reject meldingen."""
    return scope.changes_dossiers


def meldingen_for(scope: Scope) -> QuerySet[Melding]:
    """A municipality sees the meldingen of its own territory; a partner those it registered and
    those on the addresses of cases it takes part in."""
    if not scope.reads_dossiers:
        return Melding.objects.none()
    if scope.reach == Reach.MUNICIPALITY:
        return Melding.objects.filter(municipality_id=scope.municipality_id)
    return Melding.objects.filter(
        Q(organisation_id=scope.organisation_id) | Q(address__in=addresses_for(scope).values("pk"))
    )


def melding_for(scope: Scope, pk: int) -> Melding:
    """One melding, or 404: the same answer for 'does not exist' and 'not yours'."""
    melding = (
        meldingen_for(scope)
        .select_related("address__municipality", "address__building", "municipality", "organisation", "case",
                        "created_by", "handled_by")
        .filter(pk=pk).first()
    )
    if melding is None:
        raise Http404
    return melding


def shows_details(scope: Scope, melding: Melding) -> bool:
    """Description and attachments may hold personal data: the municipality, and the organisation
    that registered the melding, read them; other partners on the case see only the facts."""
    return scope.reach == Reach.MUNICIPALITY or (
        scope.organisation_id is not None and melding.organisation_id == scope.organisation_id
    )


def queue(scope: Scope) -> QuerySet[Melding]:
    """The intake queue: new (unlinked) meldingen first, newest first within each status."""
    return (
        meldingen_for(scope)
        .select_related("address__municipality", "municipality", "organisation", "case")
        .annotate(is_new=Switch(When(status=MeldingStatus.NEW, then=Value(0)), default=Value(1),
                               output_field=IntegerField()))
        .order_by("is_new", "-received_on", "-pk")
    )


def municipality_of(melding: Melding) -> Municipality | None:
    return melding.address.municipality if melding.address_id else melding.municipality


def point_municipalities(scope: Scope) -> QuerySet[Municipality]:
    """Where a user may register a melding about a map point: its municipality, or its region's."""
    if scope.reach == Reach.MUNICIPALITY:
        return Municipality.objects.filter(pk=scope.municipality_id)
    if scope.region_id is None:
        return Municipality.objects.none()
    return Municipality.objects.filter(region_id=scope.region_id).order_by("name")


def registrable_addresses(scope: Scope) -> QuerySet[Address]:
    """Addresses a melding may be registered about through the API: every address in the territory
    where the user may register a map point (the BAG is public; reading the dossier is another matter)."""
    return Address.objects.filter(municipality__in=point_municipalities(scope))


@dataclass(frozen=True)
class Duplicates:
    """Open meldingen and open cases on the same address or building, within the user's scope."""

    meldingen: list[Melding] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.meldingen or self.cases)


def _same_place(address: Address, prefix: str = "") -> Q:
    same = Q(**{f"{prefix}address": address})
    if address.building_id:
        same |= Q(**{f"{prefix}address__building_id": address.building_id})
    return same


def duplicates(scope: Scope, address: Address | None, exclude: Melding | None = None) -> Duplicates:
    if address is None:
        return Duplicates()
    meldingen = (
        meldingen_for(scope).filter(_same_place(address), status=MeldingStatus.NEW)
        .select_related("address").order_by("-received_on", "-pk")
    )
    if exclude is not None:
        meldingen = meldingen.exclude(pk=exclude.pk)
    cases = (
        cases_for(scope).filter(_same_place(address)).exclude(status=CaseStatus.CLOSED)
        .select_related("address", "responsible").order_by("-opened_on", "-pk")
    )
    return Duplicates(list(meldingen[:50]), list(cases[:50]))


def open_case_for(scope: Scope, pk: int) -> Case | None:
    """An open case the user may link a melding to, or None."""
    return cases_for(scope).exclude(status=CaseStatus.CLOSED).filter(pk=pk).first()


def delivered_before(scope: Scope, external_reference: str) -> Melding | None:
    """The melding the user's organisation delivered earlier under its own reference, if any."""
    if not external_reference.strip() or scope.organisation_id is None:
        return None
    return (Melding.objects.filter(organisation_id=scope.organisation_id, external_reference=external_reference.strip())
            .select_related("address__municipality", "municipality", "organisation", "case").first())

"""Reads of the registry, always starting from the user's scope (organisations/access.py)."""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.cases.models import Case
from regiekamer.cases.selectors import timeline_entries as case_timeline_entries
from regiekamer.core.validators import POSTCODE_RE
from regiekamer.inspections.models import InspectionStatus
from regiekamer.meldingen.models import Melding
from regiekamer.norms.models import NormKey
from regiekamer.norms.selectors import norm_in_force
from regiekamer.organisations.access import Reach, Scope

from .models import Address, Building, Owner, OwnerKind, Ownership, Registration, Registry


def addresses_for(scope: Scope) -> QuerySet[Address]:
    """The addresses whose dossier this scope may open."""
    if not scope.reads_dossiers:
        return Address.objects.none()
    if scope.reach == Reach.MUNICIPALITY:
        return Address.objects.filter(municipality_id=scope.municipality_id)
    # External partners reach an address only through a case they take part in (or lead).
    in_case = Case.objects.filter(address=OuterRef("pk")).filter(
        Q(participants__organisation_id=scope.organisation_id) | Q(responsible_id=scope.organisation_id)
    )
    return Address.objects.filter(Exists(in_case))


def address_for(scope: Scope, bag_id: str) -> Address:
    """One address, or 404: the same answer for 'does not exist' and 'not yours'."""
    address = (
        addresses_for(scope).select_related("municipality", "building").filter(bag_id=bag_id).first()
    )
    if address is None:
        raise Http404
    return address


def buildings_for(scope: Scope) -> QuerySet[Building]:
    return Building.objects.filter(Exists(addresses_for(scope).filter(building_id=OuterRef("pk"))))


def current_registrations(on: dt.date | None = None) -> Q:
    """Registrations in force on a date: started on or before it and not yet ended."""
    on = on or timezone.localdate()
    return Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gt=on))


# --- search -----------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"^(\d{1,5})\s*-?\s*([A-Za-z]?)\s*-?\s*([A-Za-z0-9]{0,4})$")


@dataclass(frozen=True)
class SearchQuery:
    postcode: str = ""
    street: str = ""
    house_number: int | None = None
    house_letter: str = ""
    addition: str = ""


def parse_search(text: str) -> SearchQuery | None:
    """'5911 AB 12a', '5911ab', 'Kaldenkerkerweg 12' or 'kaldenkerkerweg'; None if nothing usable."""
    text = " ".join((text or "").split())
    if not text:
        return None
    compact = text.upper().replace(" ", "")
    postcode_match = re.match(r"^([1-9][0-9]{3}[A-Z]{2})(.*)$", compact)
    if postcode_match and POSTCODE_RE.match(postcode_match.group(1)):
        rest = postcode_match.group(2)
        if not rest:
            return SearchQuery(postcode=postcode_match.group(1))
        number = _NUMBER_RE.match(rest)
        if number is None:
            return None
        return SearchQuery(
            postcode=postcode_match.group(1), house_number=int(number.group(1)),
            house_letter=number.group(2).upper(), addition=number.group(3).upper(),
        )
    street_match = re.match(r"^(.*?[^\d\s])\s+(\d.*)$", text)
    if street_match and _NUMBER_RE.match(street_match.group(2)):
        number = _NUMBER_RE.match(street_match.group(2))
        return SearchQuery(
            street=street_match.group(1), house_number=int(number.group(1)),
            house_letter=number.group(2).upper(), addition=number.group(3).upper(),
        )
    if len(text) < 3 or text.isdigit():
        return None
    return SearchQuery(street=text)


def search_addresses(scope: Scope, query: SearchQuery, limit: int = 50) -> list[Address]:
    addresses = addresses_for(scope).select_related("municipality")
    if query.postcode:
        addresses = addresses.filter(postcode=query.postcode)
    if query.street:
        addresses = addresses.filter(street__icontains=query.street)
    if query.house_number is not None:
        addresses = addresses.filter(house_number=query.house_number)
        if query.house_letter:
            addresses = addresses.filter(house_letter__iexact=query.house_letter)
        if query.addition:
            addresses = addresses.filter(house_number_addition__iexact=query.addition)
    return list(addresses.order_by("city", "street", "house_number", "house_letter", "house_number_addition")[:limit])


# --- the dossier ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Occupancy:
    """Registered persons against the floor-area norm in force for this municipality today."""

    persons: int
    brp: int
    rni: int
    floor_area_m2: int | None
    norm_m2_per_person: Decimal | None
    started_last_year: int

    @property
    def max_persons(self) -> int | None:
        if not self.floor_area_m2 or not self.norm_m2_per_person:
            return None
        return int(Decimal(self.floor_area_m2) // self.norm_m2_per_person)

    @property
    def over_norm(self) -> bool:
        return self.max_persons is not None and self.persons > self.max_persons

    @property
    def m2_per_person(self) -> Decimal | None:
        if not self.floor_area_m2 or not self.persons:
            return None
        return (Decimal(self.floor_area_m2) / self.persons).quantize(Decimal("0.1"))


def occupancy(address: Address, on: dt.date | None = None, *,
              registrations: list[Registration] | None = None) -> Occupancy:
    """`registrations`: every registration at the address, when the caller has read them already (the
    dossier lists them): counted here instead of asked of the database twice more."""
    on = on or timezone.localdate()
    if registrations is None:
        counts = address.registrations.filter(current_registrations(on)).aggregate(
            persons=Count("id"),
            brp=Count("id", filter=Q(registry=Registry.BRP)),
            rni=Count("id", filter=Q(registry=Registry.RNI)),
        )
        started = address.registrations.filter(start_date__gt=on - dt.timedelta(days=365), start_date__lte=on).count()
    else:
        # The same rules as current_registrations() and the query above, over the list.
        current = [r for r in registrations if r.start_date is not None and r.start_date <= on
                   and (r.end_date is None or r.end_date > on)]
        counts = {"persons": len(current), "brp": sum(r.registry == Registry.BRP for r in current),
                  "rni": sum(r.registry == Registry.RNI for r in current)}
        started = sum(r.start_date is not None and on - dt.timedelta(days=365) < r.start_date <= on
                      for r in registrations)
    return Occupancy(
        persons=counts["persons"], brp=counts["brp"], rni=counts["rni"],
        floor_area_m2=address.floor_area_m2,
        norm_m2_per_person=norm_in_force(
            key=NormKey.FLOOR_AREA_PER_PERSON, municipality_id=address.municipality_id, on=on
        ),
        started_last_year=started,
    )


@dataclass(frozen=True)
class TimelineEntry:
    date: dt.date
    kind: str  # melding | inspection | case_opened | case_closed
    title: str
    detail: str = ""
    organisation: str = ""


def timeline(scope: Scope, address: Address, *, cases: list | None = None) -> list[TimelineEntry]:
    """Everything that happened at the address, newest first. Later issues add their entries here."""
    entries: list[TimelineEntry] = []
    show_descriptions = scope.reach == Reach.MUNICIPALITY
    for melding in address.meldingen.select_related("organisation"):
        entries.append(TimelineEntry(
            melding.received_on, "melding",
            _("Melding: %(category)s") % {"category": melding.get_category_display()},
            (melding.description if show_descriptions else "")
            or _("Bron: %(source)s") % {"source": melding.get_source_display()},
            str(melding.organisation or ""),
        ))
    # A planned inspection has no outcome yet; its plan is on the case timeline.
    for inspection in address.inspections.filter(status=InspectionStatus.RECORDED).select_related("organisation"):
        outcome = inspection.get_outcome_display()
        if inspection.severity:
            outcome += f" ({inspection.get_severity_display().lower()})"
        entries.append(TimelineEntry(
            inspection.inspected_on, "inspection", _("Pandcontrole: %(outcome)s") % {"outcome": outcome}, "",
            str(inspection.organisation or ""),
        ))
    entries += [
        TimelineEntry(e.date, e.kind, e.title, e.detail, e.organisation)
        for e in case_timeline_entries(scope, address, cases=cases)
    ]
    return sorted(entries, key=lambda e: (e.date, e.kind), reverse=True)


# A housing corporation owns tens of thousands of addresses: counting them all on every dossier
# of one of its homes cost 50-250 ms of database time (benchmarks/README.md, "Load test figures").
# Beyond this many the page says "more than".
PORTFOLIO_COUNTED_UP_TO = 1000


@dataclass(frozen=True)
class OwnerView:
    owner: Owner
    since: dt.date | None
    portfolio: list[Address] = field(default_factory=list)
    portfolio_size: int = 0  # at most PORTFOLIO_COUNTED_UP_TO + 1: see portfolio_over_limit

    @property
    def portfolio_over_limit(self) -> bool:
        return self.portfolio_size > PORTFOLIO_COUNTED_UP_TO


def owners(scope: Scope, address: Address, portfolio_limit: int = 25) -> list[OwnerView]:
    """Current owners; their portfolio (other addresses) only for those who may see it, and only
    within the user's own reach."""
    today = timezone.localdate()
    current = (
        Ownership.objects.filter(address=address)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        .select_related("owner")
    )
    if not scope.sees_portfolio:
        current = current.filter(owner__kind=OwnerKind.COMPANY)
    views = []
    for ownership in current:
        portfolio: list[Address] = []
        size = 0
        if scope.sees_portfolio:
            others = addresses_for(scope).filter(
                Exists(Ownership.objects.filter(address=OuterRef("pk"), owner=ownership.owner)
                       .filter(Q(end_date__isnull=True) | Q(end_date__gt=today)))
            ).exclude(pk=address.pk)
            # Counted from the owner's ownerships (a join, stopped at the limit): the planner then walks
            # the owner's rows instead of every address in reach.
            owned = addresses_for(scope).filter(
                Q(ownerships__owner=ownership.owner)
                & (Q(ownerships__end_date__isnull=True) | Q(ownerships__end_date__gt=today))
            ).exclude(pk=address.pk)
            size = owned.values("pk").distinct()[:PORTFOLIO_COUNTED_UP_TO + 1].count()
            portfolio = list(others.order_by("street", "house_number")[:portfolio_limit])
        views.append(OwnerView(ownership.owner, ownership.start_date, portfolio, size))
    return views


def registrations(scope: Scope, address: Address) -> list[Registration]:
    """The registrations at this address, newest first; empty for those who may not see persons."""
    if not scope.sees_persons:
        return []
    return list(address.registrations.select_related("employer").order_by("-start_date", "person_ref"))


# --- map --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapPoint:
    address: Address
    persons: int
    max_persons: int | None
    meldingen_last_year: int

    @property
    def over_norm(self) -> bool:
        return self.max_persons is not None and self.persons > self.max_persons


def map_points(scope: Scope, municipality_id: int, on: dt.date | None = None) -> list[MapPoint]:
    """Addresses with a signal (over the floor-area norm, or a melding in the last 12 months)."""
    on = on or timezone.localdate()
    norm = norm_in_force(key=NormKey.FLOOR_AREA_PER_PERSON, municipality_id=municipality_id, on=on)
    current = Q(registrations__start_date__lte=on) & (
        Q(registrations__end_date__isnull=True) | Q(registrations__end_date__gt=on)
    )
    recent_meldingen = Melding.objects.filter(
        address=OuterRef("pk"), received_on__gt=on - dt.timedelta(days=365), received_on__lte=on
    )
    rows = (
        addresses_for(scope)
        .filter(municipality_id=municipality_id, latitude__isnull=False)
        .annotate(persons=Count("registrations", filter=current, distinct=True))
        .annotate(
            meldingen_last_year=Count(
                "meldingen", filter=Q(meldingen__received_on__gt=on - dt.timedelta(days=365),
                                      meldingen__received_on__lte=on), distinct=True,
            ),
            has_recent_melding=Exists(recent_meldingen),
        )
        .filter(Q(persons__gt=0) | Q(has_recent_melding=True))
        .order_by("street", "house_number")
    )
    points = []
    for address in rows:
        max_persons = int(Decimal(address.floor_area_m2) // norm) if address.floor_area_m2 and norm else None
        point = MapPoint(address, address.persons, max_persons, address.meldingen_last_year)
        if point.over_norm or point.meldingen_last_year:
            points.append(point)
    return points

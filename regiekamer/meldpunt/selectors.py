"""Reads for the public meldpunt: where one can report, which address is meant, what a code's status is.

Nothing here reads personal data for the public: the address lookup returns what the BAG publishes
(street, number, postcode, place), the status lookup returns a status and dates only.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from regiekamer.cases.models import CaseStatus
from regiekamer.meldingen.models import Melding, MeldingStatus
from regiekamer.organisations.access import REACH_BY_KIND, Reach, Scope
from regiekamer.organisations.models import Organisation
from regiekamer.registry.models import Address, Municipality, Region

from . import codes
from .models import Report

# The kinds of organisation that run a municipality's intake (they read its whole territory).
INTAKE_KINDS = [kind for kind, reach in REACH_BY_KIND.items() if reach == Reach.MUNICIPALITY]


def meldpunt_municipalities() -> QuerySet[Municipality]:
    """Municipalities with a department that reads the intake queue: a report there reaches someone."""
    runs_intake = Organisation.objects.filter(municipality=OuterRef("pk"), kind__in=INTAKE_KINDS)
    return Municipality.objects.filter(Exists(runs_intake)).select_related("region").order_by("name")


def meldpunt_regions() -> QuerySet[Region]:
    return Region.objects.filter(municipalities__in=meldpunt_municipalities()).distinct().order_by("name")


def municipality_by_code(code: str) -> Municipality:
    municipality = meldpunt_municipalities().filter(code__iexact=code[:6]).first()
    if municipality is None:
        raise Http404
    return municipality


def region_by_code(code: str) -> tuple[Region, list[Municipality]]:
    region = meldpunt_regions().filter(code=code[:40]).first()
    if region is None:
        raise Http404
    return region, list(meldpunt_municipalities().filter(region=region))


def centre_of(municipalities: list[Municipality]) -> tuple[float, float]:
    """Where the map opens: the middle of the municipalities' addresses, or the middle of the country."""
    middle = Address.objects.filter(municipality__in=municipalities, latitude__isnull=False).aggregate(
        lat=Avg("latitude"), lon=Avg("longitude"))
    return (middle["lat"], middle["lon"]) if middle["lat"] is not None else (52.1, 5.3)


def _addition(address: Address) -> str:
    return f"{address.house_letter}{address.house_number_addition}".upper()


@dataclass(frozen=True)
class Lookup:
    """The outcome of a postcode + house number lookup."""

    address: Address | None = None
    error: Promise | str | None = None
    candidates: tuple[Address, ...] = ()
    elsewhere: Municipality | None = None  # the address exists, in a municipality outside this form


def find_address(municipalities: list[Municipality], postcode: str, number: int, addition: str) -> Lookup:
    """The one address at postcode, number (and letter or addition) in the form's municipalities."""
    found = list(Address.objects.filter(postcode=postcode, house_number=number).select_related("municipality")
                 .order_by("house_letter", "house_number_addition", "pk")[:50])
    wanted = addition.replace("-", "").replace(" ", "").upper()
    if wanted:
        found = [a for a in found if _addition(a) == wanted]
    if not found:
        return Lookup(error=_("We kunnen dit adres niet vinden. Kijk of de postcode en het huisnummer goed zijn."))
    inside = [a for a in found if a.municipality_id in {m.pk for m in municipalities}]
    if not inside:
        return Lookup(error=_("Dit adres ligt niet in deze gemeente. Kies de gemeente van het adres op de "
                              "startpagina van het meldpunt."), elsewhere=found[0].municipality)
    if len(inside) > 1:
        plain = [a for a in inside if not _addition(a)]
        if len(plain) == 1 and not wanted:
            return Lookup(address=plain[0], candidates=tuple(inside))
        return Lookup(error=_("Op dit huisnummer zijn meer adressen. Vul ook de letter of toevoeging in."),
                      candidates=tuple(inside))
    return Lookup(address=inside[0])


@dataclass(frozen=True)
class Step:
    label: Promise
    on: dt.date | None


# What a reporter may know: the stage and its date, never the content, the case or who handles it.
RECEIVED, HANDLING, REFERRED, CLOSED = (
    _("Ontvangen"), _("In behandeling"), _("Doorgestuurd naar een andere organisatie"), _("Afgesloten"))


def status_steps(melding: Melding) -> list[Step]:
    """The stages a melding went through, oldest first, from its own status and its case's."""
    steps = [Step(RECEIVED, melding.received_on)]
    if melding.status == MeldingStatus.REJECTED:
        steps.append(Step(CLOSED, melding.handled_on))
    elif melding.status == MeldingStatus.LINKED and melding.case is not None:
        case = melding.case
        if case.status == CaseStatus.REFERRED:
            steps.append(Step(REFERRED, melding.handled_on))
        else:
            steps.append(Step(HANDLING, melding.handled_on))
            if case.status == CaseStatus.CLOSED:
                steps.append(Step(CLOSED, case.closed_on))
    return steps


def report_by_code(text: str) -> Report | None:
    raw = codes.normalise(text)
    if raw is None:
        return None
    return Report.objects.select_related("melding__case").filter(code_digest=codes.digest(raw)).first()


def sees_contact(scope: Scope, melding: Melding) -> bool:
    """Contact details go to the intake handlers of the melding's own municipality, nobody else
    (the caller has already reached the melding through meldingen_for(scope))."""
    return scope.reach == Reach.MUNICIPALITY and scope.changes_dossiers


def similar_reports(*, topic: str, address: Address | None, latitude: float | None, longitude: float | None,
                    since) -> QuerySet[Report]:
    """Earlier meldpunt reports on the same topic at the same place since a moment (duplicate candidates)."""
    reports = Report.objects.filter(topic=topic, melding__created_at__gte=since).select_related("melding")
    if address is not None:
        return reports.filter(melding__address=address)
    near = 0.0005  # about 50 m: two reporters who tap the same field on a map
    return reports.filter(Q(melding__address__isnull=True), melding__latitude__range=(latitude - near, latitude + near),
                          melding__longitude__range=(longitude - near, longitude + near))

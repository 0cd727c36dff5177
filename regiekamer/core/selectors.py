"""The start page: what is new for this user, within the user's scope."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from regiekamer.cases.models import Case
from regiekamer.inspections.models import Inspection, InspectionStatus, Outcome
from regiekamer.meldingen.models import Melding
from regiekamer.organisations.access import Reach, Scope
from regiekamer.registry.models import Municipality
from regiekamer.registry.selectors import addresses_for

RECENT_DAYS = 30


@dataclass(frozen=True)
class WhatsNew:
    since: dt.date
    meldingen: list[Melding]
    meldingen_count: int
    inspections: list[Inspection]
    inspections_count: int
    cases: list[Case]


def whats_new(scope: Scope, today: dt.date | None = None, limit: int = 10) -> WhatsNew:
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=RECENT_DAYS)
    addresses = addresses_for(scope)
    meldingen = Melding.objects.filter(address__in=addresses, received_on__gt=since).select_related("address")
    inspections = Inspection.objects.filter(
        address__in=addresses, inspected_on__gt=since, status=InspectionStatus.RECORDED
    ).select_related("address")
    cases = Case.objects.filter(address__in=addresses, closed_on__isnull=True)
    if scope.reach == Reach.CASES:
        cases = cases.filter(Q(participants__organisation_id=scope.organisation_id)
                             | Q(responsible_id=scope.organisation_id)).distinct()
    return WhatsNew(
        since=since,
        meldingen=list(meldingen.order_by("-received_on", "-id")[:limit]),
        meldingen_count=meldingen.count(),
        inspections=list(inspections.order_by("-inspected_on", "-id")[:limit]),
        inspections_count=inspections.count(),
        cases=list(cases.select_related("address", "responsible").order_by("-opened_on", "-id")[:limit]),
    )


@dataclass(frozen=True)
class MunicipalityFigures:
    municipality: Municipality
    addresses: int
    meldingen_last_year: int
    inspections_last_year: int
    violations_last_year: int
    open_cases: int


def region_figures(scope: Scope, today: dt.date | None = None) -> list[MunicipalityFigures]:
    """Aggregates per municipality of the user's region: counts only, never a person or address."""
    if not scope.reads_aggregates or scope.region_id is None:
        return []
    today = today or timezone.localdate()
    year_ago = today - dt.timedelta(days=365)
    municipalities = Municipality.objects.filter(region_id=scope.region_id).order_by("name")
    figures = []
    for municipality in municipalities:
        inspections = Inspection.objects.filter(status=InspectionStatus.RECORDED).filter(
            municipality=municipality, inspected_on__gt=year_ago, inspected_on__lte=today
        ).aggregate(total=Count("id"), violations=Count("id", filter=Q(outcome=Outcome.VIOLATION)))
        figures.append(MunicipalityFigures(
            municipality=municipality,
            addresses=municipality.addresses.count(),
            meldingen_last_year=Melding.objects.filter(
                municipality=municipality, received_on__gt=year_ago, received_on__lte=today
            ).count(),
            inspections_last_year=inspections["total"],
            violations_last_year=inspections["violations"],
            open_cases=Case.objects.filter(municipality=municipality, closed_on__isnull=True).count(),
        ))
    return figures

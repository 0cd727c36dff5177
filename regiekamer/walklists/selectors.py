"""Reads of walk lists, their outcomes and the real hit rate, always starting from the user's scope.

Outcomes flow back without signals: an address on a list is joined to the first recorded
inspection at that address on or after the list's day (within OUTCOME_WINDOW_DAYS), whoever
recorded it. Addresses skipped on the list are left out of the join: they were not inspected
because of the list. The hit rate is violations / inspections done, where an inspection is done
when it found a violation or found none; "no access" is counted apart, since nothing was checked.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from regiekamer.inspections.models import Inspection, InspectionStatus, Outcome
from regiekamer.inspections.selectors import inspections_for
from regiekamer.organisations.access import Scope, reads_risk
from regiekamer.registry.models import Address
from regiekamer.risk.models import RiskRun, RunStatus

from .models import Decision, Selection, WalkList, WalkListDecision, WalkListItem

# An inspection more than this long after the list's day was not the list's visit.
OUTCOME_WINDOW_DAYS = 90


def walk_lists_for(scope: Scope) -> QuerySet[WalkList]:
    """The walk lists of the scope's municipality, for those who read risk information."""
    if not reads_risk(scope) or scope.municipality_id is None:
        return WalkList.objects.none()
    return WalkList.objects.filter(municipality_id=scope.municipality_id)


def walk_list_for(scope: Scope, pk: int) -> WalkList:
    """One walk list, or 404: the same answer for 'does not exist' and 'not yours'."""
    walk_list = (
        walk_lists_for(scope).select_related("municipality", "risk_run", "start_address", "organisation")
        .filter(pk=pk).first()
    )
    if walk_list is None:
        raise Http404
    return walk_list


def latest_done_run(municipality_id: int) -> RiskRun | None:
    return (
        RiskRun.objects.filter(municipality_id=municipality_id, status=RunStatus.DONE)
        .order_by("-finished_at", "-requested_at", "-id").first()
    )


def area_choices(municipality_id: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """The wijken and buurten that the municipality's addresses lie in, for the area filter."""
    codes = sorted(
        code for code in Address.objects.filter(municipality_id=municipality_id)
        .exclude(area_code="").values_list("area_code", flat=True).distinct()
        if len(code) == 10 and code.startswith("BU")
    )
    districts = sorted({"WK" + code[2:8] for code in codes})
    return [
        (_("Wijken"), [(code, _("Wijk %(code)s") % {"code": code}) for code in districts]),
        (_("Buurten"), [(code, _("Buurt %(code)s") % {"code": code}) for code in codes]),
    ]


@dataclass
class FollowUp:
    """The recorded inspection that followed an address's place on a list."""

    inspection_id: int
    inspected_on: dt.date
    outcome: str

    @property
    def label(self) -> str:
        return Outcome(self.outcome).label


@dataclass
class Row:
    """One address on a list: the item, the decision that counts, and the inspection that followed."""

    item: WalkListItem
    decision: WalkListDecision | None
    decisions: list[WalkListDecision]
    outcome: FollowUp | None

    @property
    def skipped(self) -> bool:
        return self.decision is not None and self.decision.decision == Decision.SKIPPED

    @property
    def accepted(self) -> bool:
        return self.decision is not None and self.decision.decision == Decision.ACCEPTED


def _latest(decisions: Iterable[WalkListDecision]) -> WalkListDecision | None:
    ordered = sorted(decisions, key=lambda d: (d.at, d.pk))
    return ordered[-1] if ordered else None


def _outcomes(inspections: QuerySet, pairs: Sequence[tuple[int, int, dt.date]]) -> dict[int, FollowUp]:
    """item id -> the first recorded inspection at its address on or after `day` (within the window).

    `pairs` holds (item id, address id, day) of the items not skipped.
    """
    if not pairs:
        return {}
    first_day = min(day for _item, _address, day in pairs)
    by_address: dict[int, list[tuple[dt.date, int, str]]] = defaultdict(list)
    for address_id, inspected_on, pk, outcome in (
        inspections.filter(status=InspectionStatus.RECORDED, inspected_on__gte=first_day,
                                      address_id__in={address for _item, address, _day in pairs})
        .order_by("inspected_on", "id").values_list("address_id", "inspected_on", "id", "outcome")
    ):
        by_address[address_id].append((inspected_on, pk, outcome))
    found: dict[int, FollowUp] = {}
    for item_id, address_id, day in pairs:
        last = day + dt.timedelta(days=OUTCOME_WINDOW_DAYS)
        for inspected_on, pk, outcome in by_address.get(address_id, ()):
            if day <= inspected_on <= last:
                found[item_id] = FollowUp(pk, inspected_on, outcome)
                break
    return found


def rows(scope: Scope, walk_list: WalkList) -> list[Row]:
    """The list's addresses in route order, each with its latest decision and its outcome."""
    items = list(
        walk_list.items.select_related("address").prefetch_related("decisions").order_by("position")
    )
    result = []
    for item in items:
        decisions = sorted(item.decisions.all(), key=lambda d: (d.at, d.pk))
        result.append(Row(item, decisions[-1] if decisions else None, decisions, None))
    outcomes = _outcomes(inspections_for(scope), [(row.item.pk, row.item.address_id, walk_list.day) for row in result if not row.skipped])
    for row in result:
        row.outcome = outcomes.get(row.item.pk)
    return result


# --- the real hit rate --------------------------------------------------------------------------


@dataclass
class Tally:
    """Counts for one cell of the hit-rate tables."""

    label: str
    on_list: int = 0
    skipped: int = 0
    inspected: int = 0  # violation or no violation found
    violations: int = 0
    no_access: int = 0

    def add(self, skipped: bool, outcome: str | None) -> None:
        self.on_list += 1
        if skipped:
            self.skipped += 1
        elif outcome == Outcome.NO_ACCESS:
            self.no_access += 1
        elif outcome in (Outcome.VIOLATION, Outcome.NO_VIOLATION):
            self.inspected += 1
            if outcome == Outcome.VIOLATION:
                self.violations += 1

    @property
    def hit_rate(self) -> float | None:
        return self.violations / self.inspected if self.inspected else None


@dataclass
class PeriodTallies:
    key: str
    label: str
    ranked: Tally
    random: Tally


@dataclass
class HitRate:
    by_selection: list[Tally]
    by_decile: list[Tally]
    by_period: list[PeriodTallies] = field(default_factory=list)
    lists: int = 0


PERIODS = ("month", "quarter")


def _period(day: dt.date, period: str) -> tuple[str, str]:
    if period == "quarter":
        quarter = (day.month - 1) // 3 + 1
        return f"{day.year}-Q{quarter}", _("K%(quarter)s %(year)s") % {"quarter": quarter, "year": day.year}
    return f"{day:%Y-%m}", date_format(day, "F Y")


def hit_rate(scope: Scope, *, period: str = "month") -> HitRate:
    """Violations / inspections done per selection (ranked, random), risk decile and period."""
    return _hit_rate(walk_lists_for(scope), inspections_for(scope), period=period)


def municipal_hit_rate(municipality_id: int, start: dt.date, end: dt.date, *, period: str = "quarter") -> HitRate:
    """The same counts for the steering dashboard: the municipality's walk lists of days from start to
    end (counts only; who may read it is the dashboard's rule)."""
    return _hit_rate(WalkList.objects.filter(municipality_id=municipality_id, day__gte=start, day__lte=end),
                     Inspection.objects.filter(municipality_id=municipality_id), period=period)


def _hit_rate(walk_lists_queryset: QuerySet, inspections: QuerySet, *, period: str) -> HitRate:
    walk_lists = {walk_list.pk: walk_list for walk_list in walk_lists_queryset}
    items = list(
        WalkListItem.objects.filter(walk_list_id__in=walk_lists).prefetch_related("decisions")
        .order_by("walk_list_id", "position")
    )
    skipped = {}
    for item in items:
        latest = _latest(item.decisions.all())
        skipped[item.pk] = latest is not None and latest.decision == Decision.SKIPPED
    outcomes = _outcomes(inspections, [(item.pk, item.address_id, walk_lists[item.walk_list_id].day)
                                 for item in items if not skipped[item.pk]])
    selections = {Selection.RANKED: Tally(Selection.RANKED.label), Selection.RANDOM: Tally(Selection.RANDOM.label)}
    deciles = {decile: Tally(str(decile)) for decile in range(1, 11)}
    no_decile = Tally(_("zonder risicoscore"))
    periods: dict[str, PeriodTallies] = {}
    for item in items:
        outcome = outcomes[item.pk].outcome if item.pk in outcomes else None
        selections[item.selection].add(skipped[item.pk], outcome)
        (deciles.get(item.decile, no_decile) if item.decile else no_decile).add(skipped[item.pk], outcome)
        key, label = _period(walk_lists[item.walk_list_id].day, period)
        if key not in periods:
            periods[key] = PeriodTallies(key, label, Tally(Selection.RANKED.label), Tally(Selection.RANDOM.label))
        tallies = periods[key]
        (tallies.ranked if item.selection == Selection.RANKED else tallies.random).add(skipped[item.pk], outcome)
    by_decile = list(deciles.values()) + ([no_decile] if no_decile.on_list else [])
    return HitRate(
        by_selection=list(selections.values()), by_decile=by_decile,
        by_period=[periods[key] for key in sorted(periods, reverse=True)], lists=len(walk_lists),
    )

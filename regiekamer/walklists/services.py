"""Drawing up walk lists and recording the inspectors' decisions.

How a list is drawn up (draw_up_walk_list):

1. The population. With the risk model: every address scored in the municipality's latest
   finished risk run. Without it (the model is switched off for the municipality, or no run has
   finished yet), the coordinator may still draw a purely random list from all the
   municipality's addresses; asking for a ranked list then is refused with the reason.
2. Filters. An area (a wijk, a buurt, or a four-digit postcode area) and themes (case types).
   A theme selects addresses whose risk reasons concern it (THEME_INDICATORS: the engine's
   indicators that belong to the theme, among the address's positive contributions) or that have
   an open case of that type. Themes need risk reasons, so a random-only list takes no themes.
3. Exclusions, so that a team is not sent where someone has just been: addresses with a planned
   inspection, with an inspection recorded in the RECENT_DAYS before the list's day, or on another
   walk list for a day from RECENT_DAYS before on, unless they were skipped there.
4. Selection. Of the size asked for, round(size x random share) addresses (half up) are drawn
   uniformly at random, with a recorded seed, from the addresses within the filters that the
   ranked part did not take; the rest are the highest ranks. The random share (default: the
   municipality's setting, 10%) keeps the real hit rate measurable: the random part estimates
   what an inspection finds anywhere, the ranked part what the model adds.
5. The route: nearest neighbour from the start address (or from the highest-ranked address),
   improved by 2-opt (route.py), on RD coordinates. Addresses without coordinates come last.

What inspectors see: on the walk list every address shows the same kind of information, the
engine's reasons for that address (random ones have reasons too, often none in particular), never
whether it was ranked or random, nor its rank: knowing that could change how thoroughly an
address is inspected, which would bias the comparison. The selection is shown to the coordinator
in the list's accounting section and on the hit-rate page.
"""

import datetime as dt
import math
import random
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.cases.models import Case, CaseStatus, CaseType
from regiekamer.inspections.models import Inspection, InspectionStatus
from regiekamer.registry.models import Address, Municipality
from regiekamer.risk.models import RiskRun, RiskScore
from regiekamer.risk.services import current_setting

from . import selectors
from .models import Decision, Selection, SkipReason, WalkList, WalkListDecision, WalkListItem
from .route import Point, path_length, short_route

MAX_SIZE = 100
RECENT_DAYS = 90

# The engine's indicators (riskengine, contract of issue 4) that speak to each theme.
THEME_INDICATORS: dict[str, frozenset[str]] = {
    CaseType.OVERCROWDING: frozenset({
        "persons_over_norm", "turnover_12m", "persons_non_residential", "signals_12m_overbewoning"}),
    CaseType.FIRE_SAFETY: frozenset({"signals_12m_brandveiligheid"}),
    CaseType.LANDLORD: frozenset({
        "owner_portfolio_share", "permit_missing", "permit_expired", "signals_12m_illegale_verhuur",
        "signals_12m_huisvesting_klacht", "signals_12m_rechtszaak_huurder"}),
    CaseType.EXPLOITATION: frozenset({"signals_12m_uitbuiting"}),
    CaseType.BRP_INVESTIGATION: frozenset({"turnover_12m", "persons_non_residential", "persons_over_norm"}),
}

_DISTRICT = re.compile(r"^WK[0-9]{6}$")
_NEIGHBOURHOOD = re.compile(r"^BU[0-9]{8}$")
_POSTCODE_AREA = re.compile(r"^[1-9][0-9]{3}$")


def area_filter(area: str, prefix: str = "") -> Q:
    """The addresses in a wijk (WK), buurt (BU) or postcode area (4 digits); `prefix` for lookups across."""
    if not area:
        return Q()
    if _DISTRICT.match(area):
        return Q(**{f"{prefix}area_code__startswith": "BU" + area[2:]})
    if _NEIGHBOURHOOD.match(area):
        return Q(**{f"{prefix}area_code": area})
    return Q(**{f"{prefix}postcode__startswith": area})


def random_count(size: int, share: Decimal) -> int:
    """How many of `size` addresses are drawn at random: size x share, rounded half up."""
    return int((Decimal(size) * share).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _actor_name(actor: User) -> str:
    return actor.get_full_name() or actor.get_username()


def _recently_visited(municipality: Municipality, day: dt.date) -> QuerySet[Address]:
    """Addresses a team should not be sent to again yet (see the module docstring, step 3)."""
    since = day - dt.timedelta(days=RECENT_DAYS)
    latest = WalkListDecision.objects.filter(item=OuterRef("pk")).order_by("-at", "-id").values("decision")[:1]
    on_open_list = (
        WalkListItem.objects.filter(address=OuterRef("pk"), walk_list__day__gte=since)
        # Undecided (no decision yet: NULL) or accepted; NULL would slip through a plain exclude().
        .annotate(latest=Subquery(latest)).filter(Q(latest__isnull=True) | Q(latest=Decision.ACCEPTED))
    )
    inspected = Inspection.objects.filter(address=OuterRef("pk")).filter(
        Q(status=InspectionStatus.PLANNED) | Q(status=InspectionStatus.RECORDED, inspected_on__gte=since))
    return Address.objects.filter(municipality=municipality).filter(Exists(inspected) | Exists(on_open_list))


@dataclass(frozen=True)
class _Candidate:
    address_id: int
    rank: int | None = None
    score: float | None = None
    decile: int | None = None
    explanation: str = ""
    contributions: tuple = ()


def _scored_pool(run: RiskRun, municipality: Municipality, area: str, case_types: Sequence[str],
                 excluded: QuerySet[Address]) -> list[_Candidate]:
    """The run's scored addresses within the filters, highest rank first."""
    scores = (
        RiskScore.objects.filter(run=run, address__municipality=municipality).filter(area_filter(area, "address__"))
        .exclude(address__in=excluded).order_by("rank")
        .values_list("address_id", "rank", "score", "decile", "explanation", "contributions")
    )
    pool = [_Candidate(a, r, s, d, e, tuple(c or ())) for a, r, s, d, e, c in scores.iterator(chunk_size=5000)]
    if not case_types:
        return pool
    indicators = frozenset().union(*(THEME_INDICATORS[case_type] for case_type in case_types))
    with_case = set(
        Case.objects.filter(address__municipality=municipality, case_type__in=case_types)
        .exclude(status=CaseStatus.CLOSED).values_list("address_id", flat=True)
    )
    return [
        candidate for candidate in pool
        if candidate.address_id in with_case
        or any(isinstance(c, dict) and c.get("indicator") in indicators and (c.get("contribution") or 0) > 0
               for c in candidate.contributions)
    ]


def _location(address: Address, use_rd: bool) -> Point | None:
    if use_rd:
        return (address.rd_x, address.rd_y) if address.rd_x is not None and address.rd_y is not None else None
    if address.latitude is None or address.longitude is None:
        return None
    # A local equirectangular projection in metres: plenty for distances within one municipality.
    return (address.longitude * 111_320 * math.cos(math.radians(address.latitude)), address.latitude * 110_540)


def plan_route(addresses: Sequence[Address], start: Address | None) -> tuple[list[int], float | None]:
    """Indices of `addresses` in visiting order, and the route's length in metres (None without coordinates).

    RD coordinates when every located address (and the start) has them, otherwise WGS84 projected.
    Addresses without any coordinates are visited last, in the order given.
    """
    everything = [*addresses, *([start] if start else [])]
    use_rd = all(a.rd_x is not None and a.rd_y is not None for a in everything if a.latitude is not None or a.rd_x is not None)
    located = [(index, _location(address, use_rd)) for index, address in enumerate(addresses)]
    points = [(index, point) for index, point in located if point is not None]
    start_point = _location(start, use_rd) if start else None
    order = short_route([point for _index, point in points], start_point)
    visited = [points[position][0] for position in order]
    unlocated = [index for index, point in located if point is None]
    length = path_length([point for _index, point in points], order, start_point) if points else None
    return visited + unlocated, length


@transaction.atomic
def draw_up_walk_list(
    *, actor: User, municipality: Municipality, team: str, day: dt.date, size: int, area: str = "",
    case_types: Iterable[str] = (), random_only: bool = False, random_share: Decimal | None = None,
    start_address: Address | None = None, seed: int | None = None,
) -> WalkList:
    """Draw up a walk list: the highest ranks plus a seeded random share, ordered into a short route."""
    case_types = sorted(set(case_types))
    team = team.strip()
    errors: dict[str, str] = {}
    if not team:
        errors["team"] = _("Vul de naam van het team in.")
    if day < timezone.localdate():
        errors["day"] = _("Kies vandaag of een latere dag.")
    if not 1 <= size <= MAX_SIZE:
        errors["size"] = _("Kies tussen 1 en %(max)s adressen.") % {"max": MAX_SIZE}
    if area and not (_DISTRICT.match(area) or _NEIGHBOURHOOD.match(area) or _POSTCODE_AREA.match(area)):
        errors["area"] = _("Kies een wijk of buurt uit de lijst, of vul een postcodegebied van vier cijfers in.")
    if any(case_type not in CaseType.values for case_type in case_types):
        errors["case_types"] = _("Kies thema's uit de lijst.")
    if start_address is not None and start_address.municipality_id != municipality.pk:
        errors["start"] = _("Het vertrekadres ligt niet in %(municipality)s.") % {"municipality": municipality.name}
    setting = current_setting(municipality)
    if random_share is None:
        random_share = setting.random_share
    # The unsaved default setting holds a float (0.1); two decimals is what the list keeps.
    random_share = Decimal(str(random_share)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if not Decimal(0) <= random_share <= Decimal(1):
        errors["random_share"] = _("Het aandeel willekeurige adressen ligt tussen 0 en 100 procent.")
    run = None
    if random_only:
        if case_types:
            errors["case_types"] = _(
                "Thema's volgen uit de redenen van het risicomodel; een lijst met alleen een willekeurige "
                "steekproef kan daar niet op filteren. Kies geen thema, of kies een lijst op risico.")
    elif not setting.enabled:
        errors["random_only"] = _(
            "Het risicomodel staat uit voor %(municipality)s: er kan geen lijst op risico worden opgesteld. "
            "Kies een lijst met alleen een willekeurige steekproef.") % {"municipality": municipality.name}
    else:
        run = selectors.latest_done_run(municipality.pk)
        if run is None:
            errors["random_only"] = _(
                "Er is nog geen afgeronde risicoberekening voor %(municipality)s: er kan geen lijst op risico "
                "worden opgesteld. Start een risicoberekening, of kies een lijst met alleen een willekeurige "
                "steekproef.") % {"municipality": municipality.name}
    if errors:
        raise ValidationError(errors)

    seed = secrets.randbelow(2**31) if seed is None else seed
    rng = random.Random(seed)
    excluded = _recently_visited(municipality, day)
    if random_only:
        share = Decimal(1)
        pool = [_Candidate(pk) for pk in Address.objects.filter(municipality=municipality)
                .filter(area_filter(area)).exclude(pk__in=excluded).order_by("bag_id").values_list("pk", flat=True)]
        ranked, rest = [], pool
        drawn = [rest[i] for i in rng.sample(range(len(rest)), k=min(size, len(rest)))]
    else:
        share = random_share
        pool = _scored_pool(run, municipality, area, case_types, excluded)
        n_random = random_count(size, share)
        ranked, rest = pool[:size - n_random], pool[size - n_random:]
        drawn = [rest[i] for i in rng.sample(range(len(rest)), k=min(n_random, len(rest)))]
    if not pool:
        raise ValidationError(_(
            "Er zijn geen adressen die aan de gekozen filters voldoen (adressen met een geplande controle, een "
            "controle in de afgelopen %(days)s dagen of een open plaats op een andere looplijst tellen niet mee). "
            "Kies een ruimer gebied of minder thema's.") % {"days": RECENT_DAYS})

    chosen = [(candidate, Selection.RANKED) for candidate in ranked] + [(c, Selection.RANDOM) for c in drawn]
    addresses = Address.objects.in_bulk([candidate.address_id for candidate, _selection in chosen])
    order, length = plan_route([addresses[candidate.address_id] for candidate, _selection in chosen], start_address)
    walk_list = WalkList.objects.create(
        municipality=municipality, organisation=actor.membership.organisation, team=team, day=day,
        requested_size=size, area=area, case_types=case_types, random_share=share, risk_run=run, seed=seed,
        start_address=start_address, pool_size=len(pool),
        route_length_m=round(length) if length is not None else None,
        created_by=actor, created_by_name=_actor_name(actor),
    )
    WalkListItem.objects.bulk_create([
        WalkListItem(
            walk_list=walk_list, address_id=candidate.address_id, position=position, selection=selection,
            rank=candidate.rank, score=candidate.score, decile=candidate.decile,
            explanation=candidate.explanation, contributions=list(candidate.contributions),
        )
        for position, (candidate, selection) in enumerate((chosen[index] for index in order), start=1)
    ])
    return walk_list


@transaction.atomic
def decide(*, actor: User, item: WalkListItem, decision: str, reason: str = "", note: str = "") -> WalkListDecision:
    """Accept an address, or skip it with a reason; appended, the latest decision counts."""
    note = note.strip()
    errors: dict[str, str] = {}
    if decision not in Decision.values:
        errors["decision"] = _("Kies accepteren of overslaan.")
    elif decision == Decision.SKIPPED:
        if reason not in SkipReason.values:
            errors["reason"] = _("Kies waarom u dit adres overslaat.")
        elif reason == SkipReason.OTHER and not note:
            errors["note"] = _("Licht toe waarom u dit adres overslaat.")
    else:
        reason = ""
    if len(note) > 1000:
        errors["note"] = _("Houd de toelichting korter dan 1000 tekens.")
    if errors:
        raise ValidationError(errors)
    return WalkListDecision.objects.create(
        item=item, decision=decision, reason=reason, note=note, by=actor, by_name=_actor_name(actor),
        at=timezone.now(),
    )

"""Planning how the demo region's signals were handled over three years: the history behind the figures.

plan_region() plans the signals (meldingen, inspections, cases). plan_history() adds what the
partners did with them, so that the steering dashboards mean something out of the box:

- cases closed with a result, open cases in a status with a due date (some overdue);
- interventions chosen from the LHSO matrix with their procedure steps (voornemen, zienswijze,
  besluit, hercontrole, verbeurd, invordering), warnings that escalate to a penalty order;
- care referrals and integration trajectories for the people found, many followed up to a close;
- the registrations that end when a situation is ended or legalised;
- repeat meldingen at some addresses after their case was closed;
- the waterbed effect: a few landlords acted against in Venlo own (or buy) homes in a neighbouring
  municipality, where their tenants move, and meldingen and new registrations rise afterwards;
- meldingen handled (linked to a case or rejected) a few days to some weeks after they came in,
  some later than the 8 weeks; the last weeks' meldingen may still wait in the intake queue.

Everything is drawn from its own random.Random derived from the seed, so the draws of
plan_region() stay exactly as they were. plan_history() changes the plan in place where history
changes what was planned (registrations ended, ownerships sold, meldingen, registrations and cases
added, the hidden truth of addresses that became or stopped being problems) and returns the rest.
"""

import datetime as dt
import importlib
import random
from collections import defaultdict
from dataclasses import dataclass, field, replace

from regiekamer.care.models import (
    ReferralKind, ReferralOutcome, ReferralStatus, TrajectoryKind, TrajectoryOutcome, TrajectoryStatus, Urgency,
)
from regiekamer.cases.models import CaseResult as R, CaseStatus, CaseType
from regiekamer.cases.workflow import due_days
from regiekamer.enforcement.models import InterventionType as T, PenaltyBasis, StepKind as S
from regiekamer.inspections.models import Outcome, Severity
from regiekamer.meldingen.models import MeldingCategory as C, MeldingSource as Src, MeldingStatus
from regiekamer.registry.models import Registry

from .accounts import enforcement_key, ggd_key, social_key
from .chance import PersonRefs, date_between, poisson, weighted
from .events import DESCRIPTIONS
from .models import ProblemKind
from .occupancy import WINDOW_DAYS
from .problems import current_owner_profiles
from .rows import CaseRow, InspectionRow, MeldingRow, OwnershipRow, Plan, RegistrationRow

# The national LHSO matrix as the data migration loads it: the plan picks types the cell proposes.
MATRIX: dict[tuple[str, str], tuple[list[str], list[str]]] = importlib.import_module(
    "regiekamer.enforcement.migrations.0002_lhso_matrix_and_letter_templates").MATRIX

ACTING = "GM0983"  # Venlo acts against landlords ...
NEIGHBOUR = "GM1507"  # ... who then buy in Horst aan de Maas
MUNICIPALITIES_WITH_SOCIAL_DOMAIN = ("GM0983", "GM1507")
NORM_M2 = 12  # the national floor-area norm the demo's people are counted against

RESULTS = {
    CaseType.OVERCROWDING: {R.LEGALISED: 34, R.REHOUSED: 24, R.ENDED: 16, R.NO_VIOLATION: 16, R.REFERRED: 4, R.OTHER: 6},
    CaseType.FIRE_SAFETY: {R.LEGALISED: 50, R.ENDED: 18, R.NO_VIOLATION: 22, R.OTHER: 10},
    CaseType.LANDLORD: {R.LEGALISED: 38, R.ENDED: 20, R.NO_VIOLATION: 26, R.REFERRED: 8, R.OTHER: 8},
    CaseType.EXPLOITATION: {R.REFERRED: 36, R.ENDED: 30, R.REHOUSED: 26, R.OTHER: 8},
    CaseType.BRP_INVESTIGATION: {R.NO_VIOLATION: 48, R.LEGALISED: 24, R.OTHER: 28},
}
OPEN_STATUSES = {CaseStatus.INVESTIGATING: 50, CaseStatus.INSPECTION_PLANNED: 30, CaseStatus.REFERRED: 12,
                 CaseStatus.REINSPECTION: 8}
BEHAVIOUR = {"rogue": "C", "landlord": "B", "agency_housing": "B", "agency_housing_snf": "A", "small": "B",
             "corporation": "A", "occupier": "A", "business": "B", "": "B"}
REJECTIONS = {
    "checked": "Pandcontrole uitgevoerd: geen overtreding vastgesteld.",
    "norm": "Geen aanleiding voor onderzoek: inschrijvingen en oppervlakte passen binnen de norm.",
    "duplicate": "Dubbele melding: de situatie is al bekend en wordt gevolgd.",
    "neighbours": "Betreft een burenconflict; doorverwezen naar buurtbemiddeling.",
    "elsewhere": "Geen huisvestingsprobleem; doorgestuurd naar de afdeling openbare ruimte.",
}
MEASURES = {
    CaseType.OVERCROWDING: "Breng het aantal bewoners terug tot ten hoogste {max} personen (12 m² per persoon).",
    CaseType.FIRE_SAFETY: "Plaats rookmelders op elke verdieping en houd de vluchtroute vrij.",
    CaseType.LANDLORD: "Beëindig de verhuur per kamer of vraag de vereiste vergunning aan.",
    CaseType.EXPLOITATION: "Beëindig de bewoning van het pand en zorg voor passende huisvesting van de bewoners.",
}
REFERRAL_REASONS = {
    CaseType.EXPLOITATION: ("Signalen van uitbuiting: loon ingehouden voor huur, paspoort afgegeven.",
                            "Bewoner durft niet te praten over werk en huisvesting."),
    CaseType.OVERCROWDING: ("Dreigt dakloos te raken na het beëindigen van de overbewoning.",
                            "Geen vaste woonruimte na herhuisvesting; hulp bij zoeken nodig."),
    CaseType.FIRE_SAFETY: ("Bewoner met gezondheidsklachten in een onveilige woning.",),
}
PROVIDERS = {
    TrajectoryKind.LANGUAGE: "Taalhuis Noord-Limburg", TrajectoryKind.CIVIC_INTEGRATION: "Inburgering Venlo e.o.",
    TrajectoryKind.SCHOOL: "Basisschool in de wijk", TrajectoryKind.WORK_EDUCATION: "Leerwerkloket Noord-Limburg",
}


@dataclass(slots=True)
class MeldingFate:
    status: str
    case: int | None  # index into plan.cases
    handled_on: dt.date | None
    rejection_reason: str = ""


@dataclass(slots=True)
class CaseFate:
    status: str
    status_since: dt.date
    due_on: dt.date | None
    result: str


@dataclass(slots=True)
class StepRow:
    kind: str
    on: dt.date
    note: str = ""


@dataclass(slots=True)
class InterventionRow:
    case: int
    intervention_type: str
    behaviour: str
    consequence: str
    recidivism: bool
    financial_gain: bool
    decided_on: dt.date
    reasons: str
    measures: str = ""
    compliance_period_days: int | None = None
    amount_eur: int | None = None
    amount_basis: str = ""
    maximum_eur: int | None = None
    fine_eur: int | None = None
    steps: list[StepRow] = field(default_factory=list)

    @property
    def proposed_types(self) -> list[str]:
        proposals, aggravated = MATRIX[(self.behaviour, self.consequence)]
        chosen = list(proposals)
        if self.recidivism or self.financial_gain:
            chosen += [kind for kind in aggravated if kind not in chosen]
        return chosen


@dataclass(slots=True)
class CareRow:
    """A care referral (kind is a ReferralKind) or a trajectory (kind is a TrajectoryKind)."""

    case: int
    person_ref: str
    person_is_pseudonym: bool
    kind: str
    organisation: str  # receiving organisation (referral) or the social domain that started it (trajectory)
    on: dt.date  # created (referral) or started (trajectory)
    status: str
    follow_up_on: dt.date | None
    outcome: str = ""
    outcome_note: str = ""
    closed_on: dt.date | None = None
    reason: str = ""
    urgency: str = Urgency.NORMAL


@dataclass(slots=True)
class Waterbed:
    """A landlord acted against in ACTING, and the addresses elsewhere its tenants moved to."""

    owner: int
    acted_on: dt.date
    cases: list[int]  # its cases in ACTING
    addresses: list[int]  # its addresses in other municipalities that filled up afterwards
    bought: list[int]  # of those, the ones it bought after acted_on


@dataclass(slots=True)
class History:
    meldingen: list[MeldingFate] = field(default_factory=list)  # parallel to plan.meldingen
    inspections: list[int | None] = field(default_factory=list)  # the case of each plan.inspections
    cases: list[CaseFate] = field(default_factory=list)  # parallel to plan.cases
    interventions: list[InterventionRow] = field(default_factory=list)
    referrals: list[CareRow] = field(default_factory=list)
    trajectories: list[CareRow] = field(default_factory=list)
    waterbed: list[Waterbed] = field(default_factory=list)


def history_rng(seed: int) -> random.Random:
    """The history's own stream, derived from the seed (a string seed hashes deterministically)."""
    return random.Random(f"{seed}:history")


def plan_history(*, plan: Plan) -> History:
    """Plan the handling history of a planned region; changes the plan where history changes it."""
    rng = history_rng(plan.seed)
    state = _State(rng=rng, plan=plan)
    results = [str(weighted(rng, RESULTS[CaseType(c.case_type)])) if c.closed_on else "" for c in plan.cases]
    forced = _waterbed(state)
    results += [""] * (len(plan.cases) - len(results))  # the waterbed's cases are open
    _campaign(state, results)
    _repeat_meldingen(state, results)
    results += [""] * (len(plan.cases) - len(results))
    history = state.history
    acted_owners: dict[int, dt.date] = {}
    for index in sorted(range(len(plan.cases)), key=lambda i: plan.cases[i].opened_on):
        history.interventions += _interventions(state, index, forced.get(index), acted_owners)
    for w in history.waterbed:
        for index in w.cases:
            if plan.cases[index].closed_on:
                results[index] = str(R.ENDED)
    history.cases = [_case_fate(state, i, results[i]) for i in range(len(plan.cases))]
    _end_registrations(state, results)
    _care(state)
    history.meldingen = [_melding_fate(state, m) for m in plan.meldingen]
    history.inspections = [_case_at(state, i.address, i.inspected_on, before=30) for i in plan.inspections]
    return history


class _State:
    """What the steps share: the plan, the stream, and indexes over the plan."""

    def __init__(self, *, rng: random.Random, plan: Plan) -> None:
        self.rng, self.plan, self.today = rng, plan, plan.today
        self.window_start = plan.today - dt.timedelta(days=WINDOW_DAYS)
        self.history = History()
        self.persons = PersonRefs(rng=rng)
        self.profiles = current_owner_profiles(plan)
        self.owner_of: dict[int, int] = {o.address: o.owner for o in plan.ownerships if o.end_date is None}
        self.violations: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
        self.inspected: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
        for inspection in plan.inspections:
            self.inspected[inspection.address].append((inspection.inspected_on, inspection.outcome))
            if inspection.outcome == Outcome.VIOLATION:
                self.violations[inspection.address].append((inspection.inspected_on, inspection.severity))
        self.cases_at: dict[int, list[int]] = defaultdict(list)
        for index, case in enumerate(plan.cases):
            self.cases_at[case.address].append(index)

    def add_case(self, case: CaseRow) -> int:
        self.plan.cases.append(case)
        self.cases_at[case.address].append(len(self.plan.cases) - 1)
        return len(self.plan.cases) - 1

    def registrations_at(self) -> dict[int, list[int]]:
        at: dict[int, list[int]] = defaultdict(list)
        for index, registration in enumerate(self.plan.registrations):
            at[registration.address].append(index)
        return at

    def municipality(self, address: int) -> str:
        return self.plan.addresses[address].municipality_code

    def until(self, case: CaseRow) -> dt.date:
        return case.closed_on or self.today


def _in_force(registration: RegistrationRow, day: dt.date) -> bool:
    return registration.start_date <= day and (registration.end_date is None or registration.end_date > day)


# --- the waterbed ----------------------------------------------------------------------------


def _waterbed(state: _State) -> dict[int, dt.date]:
    """Pick up to three landlords with cases in ACTING, act against them there, and move their tenants
    to homes they own or buy in NEIGHBOUR; returns {case index: the day the penalty order was chosen}."""
    plan, rng, today = state.plan, state.rng, state.today
    cases_of: dict[int, list[int]] = defaultdict(list)
    for index, case in enumerate(plan.cases):
        owner = state.owner_of.get(case.address)
        if (owner is not None and state.municipality(case.address) == ACTING
                and plan.owners[owner].profile in {"rogue", "landlord", "agency_housing"}
                and case.case_type != CaseType.BRP_INVESTIGATION
                and WINDOW_DAYS - 300 > (today - case.opened_on).days > 300):
            cases_of[owner].append(index)
    ranked = sorted(cases_of, key=lambda o: (plan.owners[o].profile != "rogue", -len(cases_of[o]), o))
    candidates = [i for i, a in enumerate(plan.addresses)
                  if a.municipality_code == NEIGHBOUR and a.unit in {"house", "upstairs"} and 60 <= a.floor_area_m2 <= 160
                  and state.profiles[i] in {"occupier", "small"} and not plan.truths[i].is_problem
                  and i not in state.cases_at]
    rng.shuffle(candidates)
    owned_since = {o.address: o.start_date for o in plan.ownerships if o.end_date is None}
    registrations_at = state.registrations_at()
    forced: dict[int, dt.date] = {}
    for owner in ranked[:3]:
        cases = cases_of[owner]
        first = min(cases, key=lambda i: plan.cases[i].opened_on)
        case = plan.cases[first]
        acted_on = case.opened_on + dt.timedelta(days=rng.randint(14, 45))
        if case.closed_on is not None:
            acted_on = min(acted_on, case.closed_on - dt.timedelta(days=7))
        if acted_on <= case.opened_on:
            continue
        forced[first] = acted_on
        elsewhere = sorted(a for a, o in state.owner_of.items() if o == owner and state.municipality(a) != ACTING
                           and plan.addresses[a].is_residential and plan.addresses[a].unit != "business")[:4]
        bought = []
        for _ in range(rng.randint(2, 4)):
            sale = acted_on + dt.timedelta(days=rng.randint(20, 100))
            # Only a home its owner has had for a while is for sale.
            free = [a for a in candidates if owned_since[a] < sale - dt.timedelta(days=365)]
            if sale >= today or not free:
                break
            candidates.remove(free[-1])
            bought.append(free[-1])
            _sell(state, free[-1], owner, sale, registrations_at)
        # The tenants leave the homes acted against in ACTING and move to the landlord's other homes.
        leaving: list[tuple[str, str, int | None, dt.date]] = []
        for index in cases:
            for r in registrations_at.get(plan.cases[index].address, []):
                registration = plan.registrations[r]
                moved = acted_on + dt.timedelta(days=rng.randint(20, 80))
                if _in_force(registration, moved) and moved <= today:
                    plan.registrations[r] = replace(registration, end_date=moved)
                    leaving.append((registration.person_ref, registration.registry, registration.employer, moved))
        targets = bought + elsewhere
        if not targets:
            continue
        state.history.waterbed.append(Waterbed(owner, acted_on, sorted(cases), targets, bought))
        for address in targets:
            _fill(state, address, owner, acted_on, leaving, registrations_at)
    return forced


def _sell(state: _State, address: int, owner: int, on: dt.date, registrations_at: dict[int, list[int]]) -> None:
    """The current owner sells the home to the landlord; its residents leave around the sale."""
    plan = state.plan
    for i, ownership in enumerate(plan.ownerships):
        if ownership.address == address and ownership.end_date is None:
            plan.ownerships[i] = replace(ownership, end_date=on - dt.timedelta(days=1))
    plan.ownerships.append(OwnershipRow(address, owner, on, None))
    state.owner_of[address] = owner
    for r in registrations_at.get(address, []):
        registration = plan.registrations[r]
        if _in_force(registration, on):
            plan.registrations[r] = replace(registration, end_date=max(registration.start_date, on))


def _fill(state: _State, address: int, owner: int, acted_on: dt.date,
          leaving: list[tuple[str, str, int | None, dt.date]], registrations_at: dict[int, list[int]]) -> None:
    """More people than the home holds, from shortly after the landlord was acted against; then meldingen."""
    plan, rng, today = state.plan, state.rng, state.today
    bought = min((o.start_date for o in plan.ownerships if o.address == address and o.owner == owner
                  and o.end_date is None), default=acted_on)
    move_in = max(acted_on, bought) + dt.timedelta(days=rng.randint(7, 45))
    if move_in >= today:
        return
    row = plan.addresses[address]
    agencies = [i for i, e in enumerate(plan.employers) if e.is_agency and not e.snf_certified] or [None]
    employer = rng.choice(agencies)
    wanted = row.floor_area_m2 // NORM_M2 + rng.randint(3, 6)
    added = 0
    while added < wanted:
        start = min(today, move_in + dt.timedelta(days=rng.randint(0, 120)))
        if leaving and rng.random() < 0.7:
            person, registry, employer_of, moved = leaving.pop(0)
            start = min(today, max(start, moved + dt.timedelta(days=1)))
        else:
            person, registry, employer_of = state.persons.new(), weighted(rng, {Registry.RNI: 6, Registry.BRP: 4}), employer
        stays = rng.randint(120, 500)
        end = start + dt.timedelta(days=stays)
        plan.registrations.append(RegistrationRow(address, person, str(registry), start,
                                                  end if end <= today else None, employer_of))
        registrations_at[address].append(len(plan.registrations) - 1)
        if end <= today and rng.random() < 0.8:  # the bed is let again
            wanted += 1
        added += 1
    truth = plan.truths[address]
    truth.is_problem, truth.kind, truth.since, truth.visibility = True, str(ProblemKind.OVERCROWDING), move_in, "visible"
    truth.actual_persons = row.floor_area_m2 // NORM_M2 + rng.randint(4, 8)
    code = state.municipality(address)
    received = []
    for _ in range(max(2, poisson(rng, 2.0 * (today - move_in).days / 365))):
        day = date_between(rng, move_in + dt.timedelta(days=21), today)
        category = weighted(rng, {C.OVERCROWDING: 50, C.NUISANCE: 30, C.ILLEGAL_LETTING: 15, C.POLLUTION: 5})
        plan.meldingen.append(MeldingRow(address, str(category), str(weighted(rng, {Src.CITIZEN: 55, Src.ANONYMOUS: 45})),
                                         day, rng.choice(DESCRIPTIONS[category]), enforcement_key(code)))
        received.append(day)
    received.sort()
    if len(received) >= 2 and rng.random() < 0.6:
        opened = received[1] + dt.timedelta(days=rng.randint(3, 30))
        if opened <= today:
            state.add_case(CaseRow(address, str(CaseType.OVERCROWDING), enforcement_key(code), opened, None))


# --- checking overcrowded addresses ----------------------------------------------------------


def _campaign(state: _State, results: list[str]) -> None:
    """Every year each municipality inspects some of the addresses over the norm on 1 January and
    acts where it finds a violation; Venlo, in the year of its plan of approach, many of them."""
    plan, rng, today = state.plan, state.rng, state.today
    registrations_at = state.registrations_at()
    years = [y for y in range(state.window_start.year, today.year + 1)]
    for year in years:
        start = max(state.window_start, dt.date(year, 1, 1))
        span = min(300, (today - start).days - 30)
        if span < 30:
            continue
        for index, address in enumerate(plan.addresses):
            chance = 0.7 if (address.municipality_code == ACTING and year == today.year) else 0.1
            persons = sum(1 for r in registrations_at.get(index, []) if _in_force(plan.registrations[r], start))
            if persons <= max(1, address.floor_area_m2 // NORM_M2) or rng.random() >= chance:
                continue
            # A campaign starts strong: most addresses early in the year.
            day = start + dt.timedelta(days=min(rng.randint(0, span), rng.randint(0, span)))
            if any(plan.cases[c].opened_on <= day <= state.until(plan.cases[c]) for c in state.cases_at.get(index, [])):
                continue
            outcome = weighted(rng, {Outcome.VIOLATION: 80, Outcome.NO_VIOLATION: 10, Outcome.NO_ACCESS: 10})
            severity = str(Severity.SERIOUS if rng.random() < 0.35 else Severity.OTHER) if outcome == Outcome.VIOLATION else ""
            code = address.municipality_code
            plan.inspections.append(InspectionRow(index, day, str(outcome), severity, enforcement_key(code),
                                                  None if outcome == Outcome.NO_ACCESS else persons))
            state.inspected[index].append((day, str(outcome)))
            if outcome != Outcome.VIOLATION:
                continue
            state.violations[index].append((day, severity))
            opened = day + dt.timedelta(days=rng.randint(0, 14))
            closed = opened + dt.timedelta(days=rng.randint(30, 150))
            if opened > today:
                continue
            case_type = CaseType.LANDLORD if state.profiles[index] in {"rogue", "landlord"} and rng.random() < 0.3 \
                else CaseType.OVERCROWDING
            state.add_case(CaseRow(index, str(case_type), enforcement_key(code), opened,
                                   closed if closed <= today and rng.random() < 0.85 else None))
            results.append(str(weighted(rng, {R.LEGALISED: 50, R.REHOUSED: 30, R.ENDED: 20}))
                           if plan.cases[-1].closed_on else "")


# --- repeat meldingen ------------------------------------------------------------------------


def _repeat_meldingen(state: _State, results: list[str]) -> None:
    """Some addresses draw meldingen again after their case was closed; a few cases are opened again."""
    plan, rng, today = state.plan, state.rng, state.today
    for index in range(len(results)):
        case = plan.cases[index]
        if case.closed_on is None:
            continue
        chance = 0.15 if results[index] in {R.ENDED, R.REHOUSED} else 0.35
        if state.profiles[case.address] == "rogue":
            chance += 0.25
        if rng.random() >= chance:
            continue
        code = state.municipality(case.address)
        days = []
        for _ in range(rng.choice((1, 1, 2))):
            day = case.closed_on + dt.timedelta(days=rng.randint(20, 330))
            if day <= today:
                category = weighted(rng, {C.OVERCROWDING: 50, C.NUISANCE: 25, C.ILLEGAL_LETTING: 15, C.FIRE_SAFETY: 10})
                plan.meldingen.append(MeldingRow(case.address, str(category),
                                                 str(weighted(rng, {Src.CITIZEN: 60, Src.ANONYMOUS: 40})), day,
                                                 rng.choice(DESCRIPTIONS[category]), enforcement_key(code)))
                days.append(day)
        if days and rng.random() < 0.3:
            opened = min(today, max(days) + dt.timedelta(days=rng.randint(3, 21)))
            state.add_case(CaseRow(case.address, case.case_type, enforcement_key(code), opened, None))


# --- interventions ---------------------------------------------------------------------------


def _interventions(state: _State, index: int, forced_on: dt.date | None,
                   acted_owners: dict[int, dt.date]) -> list[InterventionRow]:
    """The interventions of one case: a warning that may escalate, a penalty or coercion order with its
    procedure, and for calculating landlords a fine or a report."""
    plan, rng = state.plan, state.rng
    case = plan.cases[index]
    if case.case_type == CaseType.BRP_INVESTIGATION:
        return []
    until = state.until(case)
    found = [(day, severity) for day, severity in state.violations.get(case.address, [])
             if case.opened_on - dt.timedelta(days=30) <= day <= until]
    profile = state.profiles[case.address]
    owner = state.owner_of.get(case.address)
    if forced_on is not None:
        first, behaviour = forced_on, "C"
    elif found:
        first = max(case.opened_on, found[0][0]) + dt.timedelta(days=rng.randint(5, 25))
        behaviour = BEHAVIOUR.get(profile, "B")
    elif rng.random() < 0.12:
        day = case.opened_on + dt.timedelta(days=rng.randint(10, 40))
        if day > until:
            return []
        return [InterventionRow(index, str(T.INFORM), "A", "1", False, False, day,
                                "Normoverdragend gesprek met eigenaar en bewoners; geen overtreding vastgesteld.")]
    else:
        return []
    if first > until:
        return []
    if case.case_type == CaseType.EXPLOITATION:
        behaviour, consequence = ("D" if profile == "rogue" else "C"), "4"
    else:
        consequence = "3" if any(s == Severity.SERIOUS for _, s in found) or case.case_type == CaseType.FIRE_SAFETY else "2"
    recidivism = owner is not None and owner in acted_owners and acted_owners[owner] < first
    financial_gain = profile in {"rogue", "agency_housing"} or case.case_type == CaseType.EXPLOITATION
    base = dict(case=index, behaviour=behaviour, consequence=consequence, recidivism=recidivism,
                financial_gain=financial_gain)
    proposals = InterventionRow(decided_on=first, intervention_type="", reasons="", **base).proposed_types
    careful = 0.3 if forced_on is not None or profile == "rogue" else 0.65
    rows: list[InterventionRow] = []
    day = first
    if T.WARNING in proposals and forced_on is None:
        rows.append(InterventionRow(decided_on=day, intervention_type=str(T.WARNING), reasons=(
            "Eerste overtreding bij een welwillende eigenaar: schriftelijke waarschuwing met hersteltermijn."), **base))
        # Most comply after a warning; the others get a penalty order after the re-inspection.
        day += dt.timedelta(days=rng.randint(35, 77))
        if day > until or rng.random() < careful:
            return _and_owner(rows, owner, acted_owners)
    kind = T.PENALTY_ORDER if T.PENALTY_ORDER in proposals else T.COERCION_ORDER
    if day <= until:
        rows.append(_order(state, base, kind, day, until, careful, case))
    if T.ADMINISTRATIVE_FINE in proposals and financial_gain and rng.random() < 0.35:
        fined = first + dt.timedelta(days=rng.randint(30, 90))
        if fined <= until:
            rows.append(InterventionRow(decided_on=fined, intervention_type=str(T.ADMINISTRATIVE_FINE), reasons=(
                "Verhuur met financieel gewin in strijd met de Wet goed verhuurderschap."),
                fine_eur=rng.randrange(2000, 20001, 250), **base))
    if case.case_type == CaseType.EXPLOITATION:
        for extra, text in ((T.LABOUR_INSPECTORATE, "Signalen van uitbuiting doorgegeven aan de Arbeidsinspectie."),
                            (T.OFFICIAL_REPORT, "Proces-verbaal opgemaakt wegens vermoedelijke mensenhandel.")):
            if extra in proposals and rng.random() < 0.6:
                on = first + dt.timedelta(days=rng.randint(0, 20))
                if on <= until:
                    rows.append(InterventionRow(decided_on=on, intervention_type=str(extra), reasons=text, **base))
    return _and_owner(rows, owner, acted_owners)


def _and_owner(rows: list[InterventionRow], owner: int | None,
               acted_owners: dict[int, dt.date]) -> list[InterventionRow]:
    if rows and owner is not None:
        acted_owners.setdefault(owner, min(r.decided_on for r in rows))
    return rows


def _order(state: _State, base: dict, kind: str, day: dt.date, until: dt.date, careful: float,
           case: CaseRow) -> InterventionRow:
    """A penalty or coercion order and the steps of its procedure up to `until`."""
    rng = state.rng
    area = state.plan.addresses[case.address].floor_area_m2
    measures = MEASURES.get(CaseType(case.case_type), MEASURES[CaseType.OVERCROWDING]).format(max=area // NORM_M2)
    period = rng.choice((28, 42, 56))
    order = InterventionRow(decided_on=day, intervention_type=str(kind), measures=measures,
                            compliance_period_days=period, reasons=(
                                "Overtreding vastgesteld bij de pandcontrole; herstel is binnen de termijn mogelijk."),
                            **base)
    if kind == T.PENALTY_ORDER:
        order.amount_eur = rng.choice((500, 750, 1000, 1500, 2500))
        order.amount_basis = str(rng.choice((PenaltyBasis.PER_WEEK, PenaltyBasis.PER_WEEK, PenaltyBasis.PER_VIOLATION)))
        order.maximum_eur = order.amount_eur * rng.choice((10, 12, 20))
    steps: list[StepRow] = []
    sent = day + dt.timedelta(days=rng.randint(0, 7))
    steps.append(StepRow(str(S.INTENDED_DECISION_SENT), sent))
    if rng.random() < 0.35:
        steps.append(StepRow(str(S.RESPONSE_RECEIVED), sent + dt.timedelta(days=rng.randint(5, 14)),
                             "Zienswijze van de eigenaar ontvangen; geeft geen aanleiding het besluit te wijzigen."))
    decided = sent + dt.timedelta(days=rng.randint(21, 35))
    steps.append(StepRow(str(S.DECISION), decided))
    check = decided + dt.timedelta(days=period + rng.randint(0, 10))
    for round_ in range(3):
        if rng.random() < careful + 0.2 * round_:
            steps.append(StepRow(str(S.REINSPECTION_COMPLIANT), check))
            break
        steps.append(StepRow(str(S.REINSPECTION_NOT_COMPLIANT), check))
        if kind != T.PENALTY_ORDER:
            break
        forfeited = check + dt.timedelta(days=rng.randint(0, 5))
        steps.append(StepRow(str(S.FORFEITURE), forfeited, f"Dwangsom verbeurd: € {order.amount_eur}."))
        if rng.random() < 0.85:
            steps.append(StepRow(str(S.COLLECTION), forfeited + dt.timedelta(days=rng.randint(14, 60)),
                                 "Invorderingsbeschikking verzonden."))
        check = steps[-1].on + dt.timedelta(days=rng.randint(28, 56))
    # The steps follow each other in time: those after `until` had not happened (yet).
    order.steps = [step for step in steps if step.on <= until]
    return order


# --- cases, registrations, care --------------------------------------------------------------


def _case_fate(state: _State, index: int, result: str) -> CaseFate:
    case, rng, today = state.plan.cases[index], state.rng, state.today
    if case.closed_on is not None:
        return CaseFate(str(CaseStatus.CLOSED), case.closed_on, None, result or str(R.OTHER))
    steps = [(s.on, s.kind) for i in state.history.interventions if i.case == index for s in i.steps]
    decided = [i.decided_on for i in state.history.interventions if i.case == index]
    if steps:
        on, kind = max(steps)
        status = CaseStatus.REINSPECTION if kind in {S.REINSPECTION_NOT_COMPLIANT, S.FORFEITURE, S.COLLECTION} \
            else CaseStatus.ENFORCEMENT
        since = on
    elif decided:
        status, since = CaseStatus.ENFORCEMENT, max(decided)
    elif (today - case.opened_on).days < 21:
        status, since = CaseStatus.NEW, case.opened_on
    else:
        status = weighted(rng, OPEN_STATUSES)
        since = case.opened_on + dt.timedelta(days=rng.randint(0, min(90, (today - case.opened_on).days)))
    days = due_days(case.case_type, status)
    return CaseFate(str(status), since, since + dt.timedelta(days=days) if days else None, "")


def _end_registrations(state: _State, results: list[str]) -> None:
    """Ended or rehoused: everyone leaves around the closing; legalised: those above the norm leave.
    The beds stay empty afterwards (the planned later arrivals above the norm do not come), except
    at some rogue landlords' addresses, which fill up again."""
    plan, rng, today = state.plan, state.rng, state.today
    registrations_at = state.registrations_at()
    dropped: set[int] = set()
    for index, case in enumerate(plan.cases):
        result = results[index] if index < len(results) else ""
        if case.closed_on is None or result not in {R.ENDED, R.REHOUSED, R.LEGALISED}:
            continue
        cap = max(1, plan.addresses[case.address].floor_area_m2 // NORM_M2) if result == R.LEGALISED else 0
        here = sorted(registrations_at.get(case.address, []), key=lambda r: plan.registrations[r].start_date)
        present = [r for r in here if _in_force(plan.registrations[r], case.closed_on)]
        for r in present[cap:]:
            registration = plan.registrations[r]
            end = max(registration.start_date + dt.timedelta(days=1),
                      case.closed_on - dt.timedelta(days=rng.randint(0, 20)))
            plan.registrations[r] = replace(registration, end_date=min(end, today))
        if state.profiles[case.address] == "rogue" and rng.random() < 0.5:
            continue  # the landlord lets the beds again: a repeat melding is likely
        staying = [plan.registrations[r] for r in present[:cap]]
        for r in here:
            registration = plan.registrations[r]
            if registration.start_date <= case.closed_on:
                continue
            if sum(1 for other in staying if _in_force(other, registration.start_date)) >= cap:
                dropped.add(r)
            else:
                staying.append(registration)
        truth = plan.truths[case.address]
        if truth.is_problem and (truth.since or case.closed_on) <= case.closed_on:
            truth.is_problem, truth.kind, truth.actual_persons = False, "", cap
    if dropped:
        plan.registrations[:] = [r for i, r in enumerate(plan.registrations) if i not in dropped]


def _care(state: _State) -> None:
    """Referrals to care for people found in the worst situations, and trajectories for some who stay."""
    plan, rng, today = state.plan, state.rng, state.today
    registrations_at = state.registrations_at()
    chance = {CaseType.EXPLOITATION: 0.9, CaseType.OVERCROWDING: 0.45, CaseType.FIRE_SAFETY: 0.2}
    for index, case in enumerate(plan.cases):
        truth = plan.truths[case.address]
        if rng.random() >= chance.get(CaseType(case.case_type), 0.0) * (1.0 if truth.is_problem else 0.4):
            continue
        until = state.until(case)
        day = case.opened_on + dt.timedelta(days=rng.randint(7, 60))
        if day > until:
            continue
        code = state.municipality(case.address)
        people = [plan.registrations[r].person_ref for r in registrations_at.get(case.address, [])
                  if _in_force(plan.registrations[r], day)]
        rng.shuffle(people)
        count = min(rng.randint(1, 4), len(people)) if people else rng.randint(1, 2)
        chosen = [(p, True) for p in people[:count]] or [(f"persoon {n + 1} op adres", False) for n in range(count)]
        for person, pseudonym in chosen:
            local = code in MUNICIPALITIES_WITH_SOCIAL_DOMAIN and rng.random() < 0.6
            receiving = social_key(code) if local else ggd_key()
            kind = (ReferralKind.VICTIM_SUPPORT if case.case_type == CaseType.EXPLOITATION and rng.random() < 0.6
                    else weighted(rng, {ReferralKind.SOCIAL_TEAM: 40, ReferralKind.GGD: 30, ReferralKind.SHELTER: 30}))
            reasons = REFERRAL_REASONS.get(CaseType(case.case_type), REFERRAL_REASONS[CaseType.OVERCROWDING])
            referral = CareRow(index, person, pseudonym, str(kind), receiving, day, str(ReferralStatus.OPEN), None,
                               reason=rng.choice(reasons),
                               urgency=str(Urgency.HIGH if case.case_type == CaseType.EXPLOITATION else Urgency.NORMAL))
            closed = day + dt.timedelta(days=rng.randint(20, 150))
            if closed <= today and rng.random() < 0.85:
                referral.status, referral.closed_on = str(ReferralStatus.CLOSED), closed
                referral.outcome = str(weighted(rng, {
                    ReferralOutcome.HELPED: 40, ReferralOutcome.HOUSED: 22, ReferralOutcome.REFUSED: 12,
                    ReferralOutcome.NOT_REACHED: 10, ReferralOutcome.ELSEWHERE: 12, ReferralOutcome.OTHER: 4}))
                if referral.outcome == ReferralOutcome.OTHER:
                    referral.outcome_note = "Teruggekeerd naar het land van herkomst."
            else:
                referral.status = str(weighted(rng, {ReferralStatus.OPEN: 20, ReferralStatus.ACCEPTED: 30,
                                                     ReferralStatus.IN_PROGRESS: 50}))
                referral.follow_up_on = today + dt.timedelta(days=rng.randint(-20, 30))
            state.history.referrals.append(referral)
            if code in MUNICIPALITIES_WITH_SOCIAL_DOMAIN and pseudonym and rng.random() < 0.3:
                state.history.trajectories.append(_trajectory(state, index, person, code, day))


def _trajectory(state: _State, index: int, person: str, code: str, referred: dt.date) -> CareRow:
    rng, today = state.rng, state.today
    kind = weighted(rng, {TrajectoryKind.LANGUAGE: 40, TrajectoryKind.WORK_EDUCATION: 30,
                          TrajectoryKind.CIVIC_INTEGRATION: 20, TrajectoryKind.SCHOOL: 10})
    started = min(today, referred + dt.timedelta(days=rng.randint(14, 60)))
    row = CareRow(index, person, True, str(kind), social_key(code), started, str(TrajectoryStatus.RUNNING), None,
                  reason=PROVIDERS[kind])
    closed = started + dt.timedelta(days=rng.randint(90, 300))
    if closed <= today:
        row.status, row.closed_on = str(TrajectoryStatus.CLOSED), closed
        row.outcome = str(weighted(rng, {TrajectoryOutcome.COMPLETED: 55, TrajectoryOutcome.STOPPED: 20,
                                         TrajectoryOutcome.MOVED: 20, TrajectoryOutcome.OTHER: 5}))
        if row.outcome == TrajectoryOutcome.OTHER:
            row.outcome_note = "Overgestapt naar een traject bij de werkgever."
    else:
        row.follow_up_on = today + dt.timedelta(days=rng.randint(-10, 45))
    return row


# --- meldingen and inspections ---------------------------------------------------------------


def _case_at(state: _State, address: int, day: dt.date, *, before: int) -> int | None:
    """The case at the address that was open on the day (or opened up to `before` days later)."""
    found = [i for i in state.cases_at.get(address, [])
             if state.plan.cases[i].opened_on - dt.timedelta(days=before) <= day <= state.until(state.plan.cases[i])]
    return max(found, key=lambda i: state.plan.cases[i].opened_on) if found else None


def _handling_days(rng: random.Random) -> int:
    """Most meldingen are handled within three weeks, some take longer, about one in ten over 8 weeks."""
    return weighted(rng, ((rng.randint(1, 21), 68), (rng.randint(22, 56), 22), (rng.randint(57, 120), 10)))


def _melding_fate(state: _State, melding: MeldingRow) -> MeldingFate:
    rng, today = state.rng, state.today
    case_index = _case_at(state, melding.address, melding.received_on, before=90)
    if case_index is not None:
        case = state.plan.cases[case_index]
        handled = max(melding.received_on + dt.timedelta(days=rng.randint(1, 10)),
                      case.opened_on + dt.timedelta(days=rng.randint(0, 5)))
        if case.closed_on is not None:
            handled = min(handled, case.closed_on)
        if handled <= today:
            return MeldingFate(str(MeldingStatus.LINKED), case_index, handled)
        return MeldingFate(str(MeldingStatus.NEW), None, None)
    handled = melding.received_on + dt.timedelta(days=_handling_days(rng))
    if handled > today:
        return MeldingFate(str(MeldingStatus.NEW), None, None)
    checked = any(melding.received_on <= day <= handled + dt.timedelta(days=60) and outcome != Outcome.VIOLATION
                  for day, outcome in state.inspected.get(melding.address, []))
    if checked:
        reason = REJECTIONS["checked"]
    elif melding.category in {C.NUISANCE, C.POLLUTION}:
        reason = REJECTIONS["neighbours"] if rng.random() < 0.5 else REJECTIONS["elsewhere"]
    else:
        reason = REJECTIONS["norm"] if rng.random() < 0.75 else REJECTIONS["duplicate"]
    return MeldingFate(str(MeldingStatus.REJECTED), None, handled, reason)

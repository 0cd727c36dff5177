"""Planning three years of meldingen, inspections and cases.

Everything here derives from the truth and the registers, with noise: problem addresses draw more
complaints and far more violations, but quiet problem addresses and complaints about ordinary
homes happen too. LAA signals follow the registers only, as RvIG's do.
"""

import datetime as dt
import random
from collections import Counter

from regiekamer.cases.models import CaseType
from regiekamer.inspections.models import Outcome, Severity
from regiekamer.meldingen.models import MeldingCategory as C, MeldingSource as S

from .accounts import PARTNER_KEYS, enforcement_key
from .chance import date_between, poisson, weighted, weighted_sample
from .models import ProblemKind
from .names import CORPORATIONS
from .occupancy import WINDOW_DAYS
from .problems import current_owner_profiles
from .rows import CaseRow, InspectionRow, MeldingRow, Plan, RegistrationRow, TruthRow

CATEGORIES_BY_KIND = {
    ProblemKind.OVERCROWDING: {C.OVERCROWDING: 45, C.NUISANCE: 25, C.ILLEGAL_LETTING: 15, C.POLLUTION: 10, C.OTHER: 5},
    ProblemKind.ILLEGAL_LETTING: {C.ILLEGAL_LETTING: 40, C.OVERCROWDING: 25, C.NUISANCE: 20, C.LANDLORD_COMPLAINT: 15},
    ProblemKind.FIRE_RISK: {C.FIRE_SAFETY: 40, C.UNSAFE_HOUSING: 25, C.OVERCROWDING: 20, C.NUISANCE: 15},
    ProblemKind.EXPLOITATION: {C.EXPLOITATION: 35, C.LANDLORD_COMPLAINT: 25, C.UNSAFE_HOUSING: 20, C.OVERCROWDING: 20},
    ProblemKind.BUSINESS_PREMISES: {C.OVERCROWDING: 35, C.FIRE_SAFETY: 25, C.ILLEGAL_LETTING: 20, C.NUISANCE: 20},
}
NOISE_CATEGORIES = {C.NUISANCE: 45, C.POLLUTION: 20, C.OTHER: 15, C.OVERCROWDING: 10, C.LANDLORD_COMPLAINT: 10}
PROBLEM_SOURCES = {S.CITIZEN: 35, S.ANONYMOUS: 30, S.PARTNER: 15, S.OWN_OBSERVATION: 12}
NOISE_SOURCES = {S.CITIZEN: 50, S.ANONYMOUS: 35, S.PARTNER: 5, S.OWN_OBSERVATION: 10}
# Meldingen per year while the problem lasts, by how visible it is.
PROBLEM_RATE = {"visible": 1.2, "partial": 0.7, "hidden": 0.35}
DESCRIPTIONS = {
    C.OVERCROWDING: ("Veel wisselende bewoners; vermoedelijk meer mensen dan de woning aankan.",
                     "Busjes halen 's ochtends grote groepen werknemers op.",
                     "Matrassen zichtbaar in alle kamers, ook op zolder.",
                     "Steeds nieuwe gezichten; vermoedelijk verhuur per bed."),
    C.FIRE_SAFETY: ("Verlengsnoeren en kookplaatjes op de slaapkamers.",
                    "Geen rookmelders; vluchtroute geblokkeerd met fietsen en bagage.",
                    "Gasfles in de woning gezien."),
    C.NUISANCE: ("Geluidsoverlast in de nacht.", "Afval naast de containers en parkeeroverlast door busjes.",
                 "Ruzie en geschreeuw, meerdere avonden per week."),
    C.EXPLOITATION: ("Bewoner zegt dat de huur direct van het loon wordt ingehouden.",
                     "Paspoorten zouden door de verhuurder worden bewaard.",
                     "Werkgever regelt huisvesting en vervoer; bewoners durven niet te praten."),
    C.ILLEGAL_LETTING: ("Woning wordt per kamer verhuurd.", "Advertentie biedt bedden per week aan.",
                        "Bedrijfsruimte wordt als woonruimte verhuurd."),
    C.LANDLORD_COMPLAINT: ("Borg hoger dan twee maanden huur gevraagd.",
                           "Geen schriftelijk huurcontract; huur contant.",
                           "Huurcontract en arbeidscontract in één document."),
    C.UNSAFE_HOUSING: ("Schimmel en vocht in de slaapruimtes.", "Losse bedrading en kapotte elektrische installatie.",
                       "Geen werkende verwarming."),
    C.POLLUTION: ("Tuin vol afval en oude matrassen.", "Ongedierte rond de woning."),
    C.OTHER: ("Onduidelijk wie er woont; post op veel verschillende namen.", "Vragen over de bewoning van het pand."),
}
LAA_DESCRIPTIONS = ("LAA-signaal: veel ingeschrevenen per m2.", "LAA-signaal: veel verhuizingen in korte tijd.")
CASE_TYPE_BY_KIND = {
    ProblemKind.OVERCROWDING: CaseType.OVERCROWDING, ProblemKind.ILLEGAL_LETTING: CaseType.LANDLORD,
    ProblemKind.FIRE_RISK: CaseType.FIRE_SAFETY, ProblemKind.EXPLOITATION: CaseType.EXPLOITATION,
    ProblemKind.BUSINESS_PREMISES: CaseType.OVERCROWDING,
}
CASE_TYPE_BY_CATEGORY = {
    C.OVERCROWDING: CaseType.OVERCROWDING, C.FIRE_SAFETY: CaseType.FIRE_SAFETY, C.UNSAFE_HOUSING: CaseType.FIRE_SAFETY,
    C.EXPLOITATION: CaseType.EXPLOITATION, C.ILLEGAL_LETTING: CaseType.LANDLORD,
    C.LANDLORD_COMPLAINT: CaseType.LANDLORD,
}


def registered_on(registrations: list[RegistrationRow], day: dt.date) -> int:
    """How many people are registered at an address on a day."""
    return sum(1 for r in registrations if r.start_date <= day and (r.end_date is None or r.end_date >= day))


def plan_events(*, rng: random.Random, plan: Plan) -> None:
    """Meldingen and inspections per address, then cases at the addresses that call for one."""
    by_address: list[list[RegistrationRow]] = [[] for _ in plan.addresses]
    for registration in plan.registrations:
        by_address[registration.address].append(registration)
    window_start = plan.today - dt.timedelta(days=WINDOW_DAYS)
    for index, truth in enumerate(plan.truths):
        meldingen = _meldingen(rng=rng, plan=plan, truth=truth, registrations=by_address[index],
                               window_start=window_start)
        plan.meldingen.extend(meldingen)
        plan.inspections.extend(_inspections(rng=rng, plan=plan, truth=truth, meldingen=meldingen,
                                             registrations=by_address[index], window_start=window_start))
    plan_cases(rng=rng, plan=plan, by_address=by_address)


def _melding_org(rng: random.Random, plan: Plan, index: int, source: str) -> str:
    if source == S.PARTNER:
        return weighted(rng, {"politie": 50, "brandweer": 30, "arbeidsinspectie": 20})
    return enforcement_key(plan.addresses[index].municipality_code)


def _meldingen(*, rng: random.Random, plan: Plan, truth: TruthRow, registrations: list[RegistrationRow],
               window_start: dt.date) -> list[MeldingRow]:
    """Complaints (more where there is a problem, some everywhere) and LAA signals from the registers."""
    today, index = plan.today, truth.address
    address = plan.addresses[index]
    rows: list[MeldingRow] = []

    def add(category: str, source: str, day: dt.date, text: str | None = None) -> None:
        organisation = _melding_org(rng, plan, index, source)
        if source == S.LAA and address.municipality_code == "GM0983":
            organisation = "burgerzaken-GM0983"  # LAA signals arrive at civil affairs
        rows.append(MeldingRow(index, category, source, day, text or rng.choice(DESCRIPTIONS[category]), organisation))

    if truth.is_problem and truth.since is not None:
        first = max(truth.since, window_start)
        years = (today - first).days / 365
        for _ in range(poisson(rng, PROBLEM_RATE[truth.visibility] * years)):
            add(weighted(rng, CATEGORIES_BY_KIND[ProblemKind(truth.kind)]), weighted(rng, PROBLEM_SOURCES),
                date_between(rng, first, today))
    migrants = any(r.employer is not None for r in registrations)
    crowded_family = len(registrations) >= 6 and not migrants
    if address.unit in {"business", "shop"}:
        rate = 0.004
    else:
        rate = 0.08 if migrants else (0.05 if crowded_family else 0.012)
    for _ in range(poisson(rng, rate * WINDOW_DAYS / 365)):
        add(weighted(rng, NOISE_CATEGORIES), weighted(rng, NOISE_SOURCES), date_between(rng, window_start, today))
    # LAA: a yearly check per address of residents per m2 and of moves, on the registers alone.
    norm = max(1.0, address.floor_area_m2 / 12)
    for year in range(3 if len(registrations) >= 5 else 0):  # fewer can never trigger a signal
        start = window_start + dt.timedelta(days=365 * year)
        end = min(today, start + dt.timedelta(days=364))
        arrivals = sum(1 for r in registrations if start <= r.start_date <= end)
        peak = max(registered_on(registrations, start + dt.timedelta(days=d)) for d in (0, 120, 240))
        crowded = peak >= 5 and peak > 1.3 * norm
        if (crowded or arrivals >= 10) and rng.random() < 0.6:
            add(C.OVERCROWDING if crowded else C.OTHER, S.LAA, date_between(rng, start, end),
                LAA_DESCRIPTIONS[0 if crowded else 1])
    rows.sort(key=lambda m: m.received_on)
    return rows


def _outcome(rng: random.Random, problem_now: bool) -> tuple[str, str]:
    if problem_now:
        outcome = weighted(rng, {Outcome.VIOLATION: 68, Outcome.NO_ACCESS: 14, Outcome.NO_VIOLATION: 18})
        serious = 0.6
    else:
        outcome = weighted(rng, {Outcome.VIOLATION: 7, Outcome.NO_ACCESS: 8, Outcome.NO_VIOLATION: 85})
        serious = 0.15
    if outcome != Outcome.VIOLATION:
        return str(outcome), ""
    return str(outcome), str(Severity.SERIOUS if rng.random() < serious else Severity.OTHER)


def _inspections(*, rng: random.Random, plan: Plan, truth: TruthRow, meldingen: list[MeldingRow],
                 registrations: list[RegistrationRow], window_start: dt.date) -> list[InspectionRow]:
    """Inspections after meldingen, random pandcontroles, and re-inspections after a violation."""
    today, index = plan.today, truth.address
    address = plan.addresses[index]
    own = enforcement_key(address.municipality_code)
    planned: list[tuple[dt.date, str]] = []  # (day, organisation)
    for melding in meldingen:
        if rng.random() < (0.3 if melding.source == S.LAA else 0.4):
            day = melding.received_on + dt.timedelta(days=rng.randint(5, 60))
            if melding.category == C.FIRE_SAFETY and rng.random() < 0.5:
                planned.append((day, "brandweer"))
            elif melding.category == C.EXPLOITATION and rng.random() < 0.4:
                planned.append((day, "arbeidsinspectie"))
            else:
                planned.append((day, own))
    if address.is_residential and rng.random() < 0.012:  # random pandcontrole: keeps the hit rate measurable
        planned.append((date_between(rng, window_start, today), own))
    rows: list[InspectionRow] = []
    last: dt.date | None = None
    for day, organisation in sorted(planned):
        if day > today or (last is not None and (day - last).days < 90):
            continue
        last = day
        problem_now = truth.is_problem and truth.since is not None and day >= truth.since
        rows.append(_inspection(rng=rng, truth=truth, day=day, organisation=organisation,
                                problem_now=problem_now, registrations=registrations))
        if rows[-1].outcome == Outcome.VIOLATION and rng.random() < 0.6:  # hercontrole
            again = day + dt.timedelta(days=rng.randint(42, 112))
            if again <= today:
                still = problem_now and rng.random() < 0.45
                rows.append(_inspection(rng=rng, truth=truth, day=again, organisation=own,
                                        problem_now=still, registrations=registrations))
                last = again
    return rows


def _inspection(*, rng: random.Random, truth: TruthRow, day: dt.date, organisation: str, problem_now: bool,
                registrations: list[RegistrationRow]) -> InspectionRow:
    outcome, severity = _outcome(rng, problem_now)
    if outcome == Outcome.NO_ACCESS:
        present = None
    elif problem_now:
        present = max(1, round(truth.actual_persons * rng.uniform(0.6, 1.0)))
    else:
        present = max(0, registered_on(registrations, day) + rng.choice((-1, 0, 0, 0, 1)))
    return InspectionRow(truth.address, day, outcome, severity, organisation, present)


def plan_cases(*, rng: random.Random, plan: Plan, by_address: list[list[RegistrationRow]]) -> None:
    """A few hundred cases at addresses with violations or repeated meldingen, with partners on some."""
    today = plan.today
    meldingen: dict[int, list[MeldingRow]] = {}
    for melding in plan.meldingen:
        meldingen.setdefault(melding.address, []).append(melding)
    violations: dict[int, list[dt.date]] = {}
    for inspection in plan.inspections:
        if inspection.outcome == Outcome.VIOLATION:
            violations.setdefault(inspection.address, []).append(inspection.inspected_on)
    candidates = sorted(set(violations) | {i for i, ms in meldingen.items() if len(ms) >= 2
                                           or any(m.category in {C.EXPLOITATION, C.FIRE_SAFETY} for m in ms)})
    scores = [3.0 * len(violations.get(i, ())) + len(meldingen.get(i, ())) for i in candidates]
    chosen = sorted(candidates[i] for i in weighted_sample(rng, scores, max(8, round(len(plan.addresses) / 100))))
    corporation = {i for i, p in enumerate(plan.owners) if p.name == CORPORATIONS["GM0983"]}
    owned_by_corporation = {o.address for o in plan.ownerships if o.end_date is None and o.owner in corporation}
    profiles = current_owner_profiles(plan)
    for index in chosen:
        truth = plan.truths[index]
        own_meldingen = meldingen.get(index, [])
        triggers = sorted(violations.get(index, []) + [m.received_on for m in own_meldingen][1:2]
                          + [m.received_on for m in own_meldingen
                             if m.category in {C.EXPLOITATION, C.FIRE_SAFETY}][:1])
        opened = min(today, triggers[0] + dt.timedelta(days=rng.randint(0, 21)))
        if truth.is_problem:
            case_type = CASE_TYPE_BY_KIND[ProblemKind(truth.kind)]
        else:
            common = Counter(m.category for m in own_meldingen).most_common(1)
            case_type = CASE_TYPE_BY_CATEGORY.get(common[0][0] if common else "", CaseType.OVERCROWDING)
        if own_meldingen and all(m.source == S.LAA for m in own_meldingen) and not violations.get(index):
            case_type = CaseType.BRP_INVESTIGATION
        age = (today - opened).days
        closed = None
        if age > 120 and rng.random() < 0.55:
            closed = opened + dt.timedelta(days=rng.randint(30, min(400, age)))
        case = CaseRow(index, str(case_type), enforcement_key(plan.addresses[index].municipality_code), opened, closed)
        agency_linked = any(r.employer is not None and plan.employers[r.employer].is_agency for r in by_address[index])
        chances = {
            "brandweer": {CaseType.FIRE_SAFETY: 1.0, CaseType.OVERCROWDING: 0.3}.get(case_type, 0.05),
            "politie": 0.9 if case_type == CaseType.EXPLOITATION else 0.1,
            "arbeidsinspectie": 0.9 if case_type == CaseType.EXPLOITATION else (0.25 if agency_linked else 0.03),
            "corporatie": 1.0 if index in owned_by_corporation else 0.0,
            "abu": 0.3 if agency_linked and profiles[index] != "corporation" else 0.0,
        }
        for key in PARTNER_KEYS:
            if rng.random() < chances[key]:
                case.participants[key] = _joined(rng, case.opened_on, today)
        plan.cases.append(case)
    _every_partner_somewhere(rng=rng, plan=plan)


def _joined(rng: random.Random, opened: dt.date, today: dt.date) -> dt.date:
    return min(today, opened + dt.timedelta(days=rng.randint(0, 30)))


def _every_partner_somewhere(*, rng: random.Random, plan: Plan) -> None:
    """Each partner takes part in at least one case and, where there are two or more, not in all."""
    if not plan.cases:
        return
    for key in PARTNER_KEYS:
        taking_part = [c for c in plan.cases if key in c.participants]
        if not taking_part:
            # The corporation joins cases in its own municipality only.
            pool = [c for c in plan.cases if key != "corporatie"
                    or plan.addresses[c.address].municipality_code == "GM0983"] or plan.cases
            case = rng.choice(pool)
            case.participants[key] = _joined(rng, case.opened_on, plan.today)
        elif len(taking_part) == len(plan.cases) > 1:
            del rng.choice(plan.cases).participants[key]

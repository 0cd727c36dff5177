"""Planning who owns what, and who employs the people who live there."""

import datetime as dt
import random
from dataclasses import dataclass

from regiekamer.registry.models import OwnerKind

from .chance import KvkNumbers, PersonRefs, date_between, weighted
from .names import (
    AGENCY_NAMES, BUSINESS_SUFFIXES, COMPANY_STEMS, CORPORATIONS, EMPLOYER_NAMES, PROPERTY_SUFFIXES, SURNAMES,
)
from .places import PLACES
from .rows import EmployerRow, OwnerRow, OwnershipRow, Plan

# Who a building goes to, per building kind. "vve" splits an apartment block over its occupiers.
OWNER_TYPES = {
    "house": {"occupier": 70.0, "corporation": 14.0, "small": 10.0, "landlord": 5.0, "agency_housing": 1.0},
    "apartments": {"corporation": 60.0, "landlord": 25.0, "vve": 15.0},
    "shop": {"small": 90.0, "landlord": 10.0},
    "business": {"business": 90.0, "landlord": 10.0},
    "logies": {"agency_housing": 80.0, "landlord": 20.0},
}


@dataclass(slots=True)
class _Portfolio:
    owner: int
    home: frozenset[str]  # municipality codes where it buys
    weight: float
    size: int = 0


def plan_employers(*, rng: random.Random, total: int, kvk: KvkNumbers) -> list[EmployerRow]:
    """Employment agencies (about half SNF-certified) and direct employers in horticulture and logistics."""
    agencies = max(6, min(len(AGENCY_NAMES), round(total / 1500)))
    direct = max(3, min(len(EMPLOYER_NAMES), round(total / 2500)))
    rows = [EmployerRow(kvk.new(), f"{name} B.V.", True, rng.random() < 0.55)
            for name in rng.sample(AGENCY_NAMES, agencies)]
    rows += [EmployerRow(kvk.new(), f"{name} B.V.", False, rng.random() < 0.2)
             for name in rng.sample(EMPLOYER_NAMES, direct)]
    return rows


def plan_owners(*, rng: random.Random, plan: Plan, kvk: KvkNumbers, persons: PersonRefs) -> dict[int, str]:
    """Owners and ownerships of every address; returns the occupier's person ref per owner-occupied address."""
    total = len(plan.addresses)
    names: set[str] = set()

    def company(profile: str, name: str) -> int:
        plan.owners.append(OwnerRow(OwnerKind.COMPANY, kvk.new(), "", name, profile))
        return len(plan.owners) - 1

    def person(profile: str) -> int:
        plan.owners.append(OwnerRow(OwnerKind.PERSON, "", persons.new(), "", profile))
        return len(plan.owners) - 1

    def company_name(suffixes: tuple[str, ...]) -> str:
        towns = [t.name for p in PLACES for t in p.towns]
        for attempt in range(1000):
            stem = rng.choice(COMPANY_STEMS + SURNAMES)
            word, rest = rng.choice(suffixes)[1:].split(" ", 1)
            # "Maasvastgoed B.V." reads as one word; surnames keep their space.
            joined = stem in COMPANY_STEMS and " " not in stem and rest == "B.V." and rng.random() < 0.3
            name = f"{stem}{word.lower()} {rest}" if joined else f"{stem} {word} {rest}"
            if attempt > 5:  # the plain names are taken: add a town, as many real firms do
                name = f"{name[:-5]} {rng.choice(towns)}{name[-5:]}"
            if name not in names:
                names.add(name)
                return name
        raise RuntimeError("no free company name")

    corporations = {code: company("corporation", name) for code, name in CORPORATIONS.items()}
    # Large landlords: a long tail of sizes, a third of them the ones that cause trouble.
    landlords: list[_Portfolio] = []
    for i in range(max(4, round(total / 2500))):
        profile = "rogue" if i % 3 == 1 else "landlord"
        home = frozenset(weighted(rng, {p.code: p.share for p in PLACES}) for _ in range(rng.randint(1, 3)))
        landlords.append(_Portfolio(company(profile, company_name(PROPERTY_SUFFIXES)), home, 1 / (i + 1) ** 0.9))
    # Agency housing: a housing company next to each of some agencies (the link stays in the plan).
    agencies = [i for i, e in enumerate(plan.employers) if e.is_agency]
    housing: list[_Portfolio] = []
    for agency in rng.sample(agencies, min(len(agencies), max(2, round(total / 6000)))):
        short = plan.employers[agency].name.split()[0]
        certified = plan.employers[agency].snf_certified
        owner = company("agency_housing" if not certified else "agency_housing_snf", f"{short} Huisvesting B.V.")
        plan.owners[owner].employer = agency
        housing.append(_Portfolio(owner, frozenset(p.code for p in PLACES), 1.0))
    small: dict[str, list[_Portfolio]] = {p.code: [] for p in PLACES}
    businesses: dict[str, list[_Portfolio]] = {p.code: [] for p in PLACES}

    def pick(pool: list[_Portfolio], code: str) -> _Portfolio:
        near = [p for p in pool if code in p.home] or pool
        chosen = rng.choices(near, weights=[p.weight for p in near])[0]
        chosen.size += 1
        return chosen

    def reuse_or_new(pool: list[_Portfolio], code: str, new_share: float, make) -> int:
        candidates = [p for p in pool[-30:] if p.size < 6]
        if candidates and rng.random() > new_share:
            chosen = rng.choice(candidates)
        else:
            chosen = _Portfolio(make(), frozenset({code}), 1.0)
            pool.append(chosen)
        chosen.size += 1
        return chosen.owner

    occupiers: dict[int, str] = {}
    for building in plan.buildings:
        code = building.municipality_code
        owner_type = weighted(rng, OWNER_TYPES[building.kind])
        if owner_type == "vve":
            for index in building.addresses:
                owner = person("occupier")
                occupiers[index] = plan.owners[owner].pseudonym
                _own(rng=rng, plan=plan, address=index, owner=owner, start=_since(rng, plan, index, (0, 30)))
            continue
        if owner_type == "occupier":
            owner = person("occupier")
            occupiers[building.addresses[0]] = plan.owners[owner].pseudonym
            years = (0, 30)
        elif owner_type == "corporation":
            owner, years = corporations[code], (0, 40)
        elif owner_type == "landlord":
            chosen = pick(landlords, code)
            owner = chosen.owner
            years = (0.2, 6) if plan.owners[owner].profile == "rogue" else (0, 25)
        elif owner_type == "agency_housing":
            owner, years = pick(housing, code).owner, (0.5, 10)
        elif owner_type == "small":
            owner = reuse_or_new(
                small[code], code, 0.55,
                lambda: company("small", company_name(PROPERTY_SUFFIXES)) if rng.random() < 0.35 else person("small"),
            )
            years = (0, 25)
        else:
            owner = reuse_or_new(
                businesses[code], code, 0.7, lambda: company("business", company_name(BUSINESS_SUFFIXES))
            )
            years = (0, 30)
        # A whole building changes hands at once.
        start = _since(rng, plan, building.addresses[0], years)
        # Landlords often bought a house from a private owner: the previous ownership shows that.
        built = dt.date(building.building_year, 1, 1)
        resold = owner_type == "landlord" and len(building.addresses) == 1 and (start - built).days > 400
        seller = person("occupier") if resold and rng.random() < 0.5 else None
        for index in building.addresses:
            _own(rng=rng, plan=plan, address=index, owner=owner, start=start, previous=seller)
    return occupiers


def _since(rng: random.Random, plan: Plan, address: int, years: tuple[float, float]) -> dt.date:
    """A start of ownership some years back, not before the building was built."""
    start = plan.today - dt.timedelta(days=int(365.25 * rng.uniform(*years)))
    return max(start, dt.date(plan.addresses[address].building_year, 1, 1))


def _own(*, rng: random.Random, plan: Plan, address: int, owner: int, start: dt.date,
         previous: int | None = None) -> None:
    """One current ownership, preceded by the previous owner's period when there was one."""
    if previous is not None:
        built = dt.date(plan.addresses[address].building_year, 1, 1)
        first = date_between(rng, built, start - dt.timedelta(days=365))
        plan.ownerships.append(OwnershipRow(address, previous, first, start - dt.timedelta(days=1)))
    plan.ownerships.append(OwnershipRow(address, owner, start, None))

"""Planning who is registered where (BRP and RNI) over the last three years.

Ordinary households stay for years. Problem addresses get many people on short stays, usually
through one agency; but a fifth of them look ordinary in the registers, because the people who
really live there are not registered (the classic problem the LAA tries to catch).
"""

import datetime as dt
import math
import random

from regiekamer.registry.models import Registry

from .chance import PersonRefs, date_between, weighted
from .models import ProblemKind
from .problems import current_owner_profiles
from .rows import AddressRow, Plan, RegistrationRow, TruthRow

WINDOW_DAYS = 3 * 365
HOUSEHOLD_SIZES = {1: 33, 2: 33, 3: 13, 4: 14, 5: 5, 6: 2}
SMALL_HOUSEHOLD_SIZES = {1: 60, 2: 35, 3: 5}
# Legal labour-migrant housing: within the 12 m2 norm, moderate turnover, certified agencies.
MIGRANT_LETTING_SHARE = {"small": 0.15, "landlord": 0.15, "rogue": 0.25, "agency_housing": 0.6,
                         "agency_housing_snf": 0.8}


class _People:
    """Hands out person refs; labour migrants often move on to another address, so some return."""

    def __init__(self, *, rng: random.Random, persons: PersonRefs) -> None:
        self.rng = rng
        self.persons = persons
        self.free: list[tuple[dt.date, str]] = []  # (free from, ref) of migrants who moved on

    def migrant(self, start: dt.date) -> str:
        rng = self.rng
        if self.free and rng.random() < 0.35:
            i = rng.randrange(len(self.free))
            free_from, ref = self.free[i]
            if free_from <= start:  # never two addresses at once
                self.free[i] = self.free[-1]
                self.free.pop()
                return ref
        return self.persons.new()

    def moved_on(self, ref: str, end: dt.date) -> None:
        self.free.append((end + dt.timedelta(days=1), ref))


def plan_registrations(*, rng: random.Random, plan: Plan, persons: PersonRefs, occupiers: dict[int, str]) -> None:
    """Registrations for every address, and the true number of people living there now."""
    people = _People(rng=rng, persons=persons)
    profiles = current_owner_profiles(plan)
    agency_of_owner = {ownership.address: plan.owners[ownership.owner].employer
                       for ownership in plan.ownerships if ownership.end_date is None}
    agencies = [i for i, e in enumerate(plan.employers) if e.is_agency]
    window_start = plan.today - dt.timedelta(days=WINDOW_DAYS)
    for index, (address, truth) in enumerate(zip(plan.addresses, plan.truths, strict=True)):
        occupancy = _Occupancy(
            rng=rng, plan=plan, people=people, index=index, address=address, window_start=window_start,
        )
        profile = profiles[index]
        if truth.is_problem:
            _problem_address(rng=rng, occupancy=occupancy, truth=truth, agencies=agencies, plan=plan,
                             occupier=occupiers.get(index))
        elif address.unit in {"business", "shop"}:
            if rng.random() < 0.01:  # a caretaker's home in the premises: registered, and legal
                occupancy.household(size=rng.randint(1, 2), until=None, occupier=None)
        elif address.unit == "logies" or rng.random() < MIGRANT_LETTING_SHARE.get(profile, 0.0):
            slots = max(1, math.floor(address.floor_area_m2 / 12 * rng.uniform(0.45, 0.9)))
            agency = agency_of_owner.get(index)
            if agency is None:
                agency = _pick_agency(rng=rng, plan=plan, agencies=agencies, prefer_certified=True)
            occupancy.migrants(slots=slots, first=window_start, mean_days=300,
                               rni_share=0.3, employer=agency)
        elif rng.random() < 0.03:
            pass  # vacant
        else:
            sizes = SMALL_HOUSEHOLD_SIZES if address.floor_area_m2 < 50 else HOUSEHOLD_SIZES
            # A few large families: crowded by the m2 norm, but not a problem address.
            size = rng.randint(6, 9) if rng.random() < 0.015 else weighted(rng, sizes)
            occupancy.household(size=size, until=None, occupier=occupiers.get(index))
        truth.actual_persons = truth.actual_persons or occupancy.current


def _pick_agency(*, rng: random.Random, plan: Plan, agencies: list[int], prefer_certified: bool) -> int:
    """An agency; certified ones are three times as likely when preferred, uncertified ones otherwise."""
    weights = [3.0 if plan.employers[i].snf_certified == prefer_certified else 1.0 for i in agencies]
    return rng.choices(agencies, weights=weights)[0]


def _problem_address(
    *, rng: random.Random, occupancy: "_Occupancy", truth: TruthRow, agencies: list[int], plan: Plan,
    occupier: str | None,
) -> None:
    """Before the problem began an ordinary household; since then, as visible as the truth says."""
    address = occupancy.address
    assert truth.since is not None
    business = truth.kind == ProblemKind.BUSINESS_PREMISES
    norm = address.floor_area_m2 / 12
    if truth.visibility == "hidden" and not business:
        # People live there unregistered; the registers show an ordinary household, or nobody.
        if rng.random() < 0.7:
            occupancy.household(size=rng.randint(1, 3), until=None, occupier=occupier)
        truth.actual_persons = max(4, round(norm * rng.uniform(1.3, 2.5)))
        return
    if not business:
        occupancy.household(size=weighted(rng, HOUSEHOLD_SIZES), until=truth.since, occupier=None)
    if truth.visibility == "hidden":
        slots = 0
    elif business:
        slots = rng.randint(4, 15) if truth.visibility == "visible" else rng.randint(2, 5)
    elif truth.visibility == "visible":
        slots = min(60, math.ceil(norm * rng.uniform(1.3, 2.0)))
    else:
        slots = min(40, math.ceil(norm * rng.uniform(0.9, 1.4)))
    # Most problem addresses house the workers of one agency, usually one without the SNF mark.
    agency = _pick_agency(rng=rng, plan=plan, agencies=agencies, prefer_certified=False) \
        if rng.random() < 0.8 else None
    occupancy.migrants(slots=slots, first=truth.since, mean_days=180 if truth.visibility == "visible" else 270,
                       rni_share=0.6, employer=agency)
    if slots == 0:
        truth.actual_persons = rng.randint(4, 15)
    else:  # more people than registered: visibly overcrowded ones a little, partly visible ones a lot
        unregistered = rng.uniform(1.0, 1.5) if truth.visibility == "visible" else rng.uniform(1.4, 2.2)
        truth.actual_persons = round(slots * unregistered)


class _Occupancy:
    """Collects the registrations of one address and counts who is registered today."""

    def __init__(self, *, rng: random.Random, plan: Plan, people: _People, index: int, address: AddressRow,
                 window_start: dt.date) -> None:
        self.rng = rng
        self.plan = plan
        self.people = people
        self.index = index
        self.address = address
        self.window_start = window_start
        self.current = 0
        self.built = dt.date(address.building_year, 1, 1)

    def _add(self, ref: str, registry: str, start: dt.date, end: dt.date | None, employer: int | None) -> None:
        if end is not None and end < self.window_start:
            return  # history before the three years is not part of the demo
        if end is None:
            self.current += 1
        self.plan.registrations.append(RegistrationRow(self.index, ref, registry, start, end, employer))

    def household(self, *, size: int, until: dt.date | None, occupier: str | None) -> None:
        """A household that moved in some years ago; a recent arrival means a predecessor left."""
        rng, today = self.rng, self.plan.today
        last = (until or today) - dt.timedelta(days=30)
        first = max(self.built, today - dt.timedelta(days=25 * 365))
        if last <= first:
            return
        start = date_between(rng, first, last)
        for member in range(size):
            ref = occupier if member == 0 and occupier and until is None else self.people.persons.new()
            joined = start if member < 2 or rng.random() < 0.7 else date_between(rng, start, last)
            left = until
            if left is None and rng.random() < 0.04:  # one member moves out
                left = date_between(rng, max(joined, self.window_start), today)
            self._add(ref, Registry.BRP, joined, left, None)
        moved_out = start - dt.timedelta(days=rng.randint(1, 60))
        if start > self.window_start and moved_out - dt.timedelta(days=200) > first and rng.random() < 0.8:
            moved_in = date_between(rng, first, moved_out - dt.timedelta(days=200))
            for _ in range(weighted(rng, HOUSEHOLD_SIZES)):
                self._add(self.people.persons.new(), Registry.BRP, moved_in, moved_out, None)

    def migrants(self, *, slots: int, first: dt.date, mean_days: int, rni_share: float,
                 employer: int | None) -> None:
        """Beds that are let again and again: each slot a chain of stays with short gaps."""
        rng, today = self.rng, self.plan.today
        # Stays that ended before the window are dropped anyway: start the chains just before it.
        begin = max(first, self.window_start - dt.timedelta(days=90))
        for _ in range(slots):
            start = begin + dt.timedelta(days=rng.randint(0, 60))
            while start <= today:
                stay = 14 + int(rng.expovariate(1 / max(1, mean_days - 14)))
                end: dt.date | None = start + dt.timedelta(days=stay)
                ref = self.people.migrant(start)
                registry = Registry.RNI if stay < 120 and rng.random() < rni_share else Registry.BRP
                if end >= today:
                    end = None
                if employer is not None and rng.random() < 0.85:
                    works_for: int | None = employer
                else:
                    works_for = rng.randrange(len(self.plan.employers)) if rng.random() < 0.8 else None
                self._add(ref, registry, start, end, works_for)
                if end is None:
                    break
                self.people.moved_on(ref, end)
                start = end + dt.timedelta(days=rng.randint(1, 45))

"""Planning the hidden truth: which addresses really are problem addresses, and what kind."""

import datetime as dt
import random

from .chance import weighted, weighted_sample
from .models import ProblemKind
from .rows import Plan, TruthRow

# The intended share of problem addresses (3-6% in the brief; the signals are built around it).
PROBLEM_SHARE = 0.045
# How likely an address is a problem, relative to others, by who owns it: problems concentrate at
# a few large landlords and at agency housing without the SNF quality mark.
OWNER_WEIGHT = {
    "occupier": 0.015, "corporation": 0.04, "business": 0.0, "small": 1.0, "landlord": 0.7,
    "rogue": 10.0, "agency_housing": 6.0, "agency_housing_snf": 0.5,
}
UNIT_WEIGHT = {"house": 1.0, "flat": 0.6, "upstairs": 1.2, "logies": 1.5, "shop": 0.0}
# People living in business premises: rare, and mostly regardless of who owns the premises.
BUSINESS_MISUSE_WEIGHT = 0.25
KINDS_AT_HOMES = {
    ProblemKind.OVERCROWDING: 45, ProblemKind.ILLEGAL_LETTING: 30, ProblemKind.FIRE_RISK: 15,
    ProblemKind.EXPLOITATION: 10,
}
KINDS_AT_LODGINGS = {
    ProblemKind.OVERCROWDING: 40, ProblemKind.FIRE_RISK: 30, ProblemKind.EXPLOITATION: 20,
    ProblemKind.ILLEGAL_LETTING: 10,
}
# How much of a problem shows in the registers: the classic one is people not registered at all.
VISIBILITY = {"visible": 60, "partial": 20, "hidden": 20}


def current_owner_profiles(plan: Plan) -> list[str]:
    """The profile of each address's current owner (ownerships are planned in order, current last)."""
    profiles = [""] * len(plan.addresses)
    for ownership in plan.ownerships:
        if ownership.end_date is None:
            profiles[ownership.address] = plan.owners[ownership.owner].profile
    return profiles


def plan_truth(*, rng: random.Random, plan: Plan) -> None:
    """One TruthRow per address; about PROBLEM_SHARE of them problems, drawn by risk weight."""
    profiles = current_owner_profiles(plan)
    weights = [
        BUSINESS_MISUSE_WEIGHT if a.unit == "business" else OWNER_WEIGHT[profile] * UNIT_WEIGHT[a.unit]
        for a, profile in zip(plan.addresses, profiles, strict=True)
    ]
    problems = weighted_sample(rng, weights, round(len(plan.addresses) * PROBLEM_SHARE))
    for index, address in enumerate(plan.addresses):
        if index not in problems:
            plan.truths.append(TruthRow(index, False, ""))
            continue
        if address.unit == "business":
            kind = ProblemKind.BUSINESS_PREMISES
        elif address.unit == "logies" or profiles[index].startswith("agency_housing"):
            kind = weighted(rng, KINDS_AT_LODGINGS)
        else:
            kind = weighted(rng, KINDS_AT_HOMES)
        since = plan.today - dt.timedelta(days=rng.randint(60, 5 * 365))
        plan.truths.append(TruthRow(index, True, str(kind), since=since, visibility=weighted(rng, VISIBILITY)))

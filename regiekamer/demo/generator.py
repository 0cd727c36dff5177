"""The seeded demo region Noord-Limburg: a pure plan from a seed, then one write.

plan_region() draws everything from one random.Random(seed) in a fixed order, so the same seed,
size and day give the same plan; generate_demo_region() writes it in one transaction.
"""

import datetime as dt
import random

from django.db import transaction
from tqdm import tqdm

from regiekamer.information import content as information_content
from regiekamer.registry.models import Address

from .accounts import ensure_accounts, ensure_region
from .buildings import plan_buildings
from .chance import KvkNumbers, PersonRefs
from .events import plan_events
from .history import plan_history
from .knowledge import ensure_articles
from .laa import attach_laa_signals
from .occupancy import plan_registrations
from .owners import plan_employers, plan_owners
from .problems import plan_truth
from .projects import ensure_projects
from .retention import seed_retention
from .rows import Plan
from .write import write_plan

DEFAULT_ADDRESSES = 30_000
DEFAULT_SEED = 2026


def plan_region(*, addresses: int, seed: int, today: dt.date, progress: bool = False) -> Plan:
    """Plan the whole demo region without touching the database."""
    if addresses < 1:
        raise ValueError("addresses must be at least 1")
    rng = random.Random(seed)
    kvk = KvkNumbers(rng=rng)
    persons = PersonRefs(rng=rng)
    plan = Plan(seed=seed, today=today)
    # The bar only reports; the order of the steps (and so of the draws) is fixed.
    with tqdm(total=5, desc="Plan", unit=" steps", disable=not progress) as bar:
        bar.set_postfix_str("buildings and addresses")
        plan.buildings, plan.addresses = plan_buildings(rng=rng, total=addresses)
        bar.update()
        bar.set_postfix_str("owners and employers")
        plan.employers = plan_employers(rng=rng, total=addresses, kvk=kvk)
        occupiers = plan_owners(rng=rng, plan=plan, kvk=kvk, persons=persons)
        bar.update()
        bar.set_postfix_str("problem addresses")
        plan_truth(rng=rng, plan=plan)
        bar.update()
        bar.set_postfix_str("registrations")
        plan_registrations(rng=rng, plan=plan, persons=persons, occupiers=occupiers)
        bar.update()
        bar.set_postfix_str("meldingen, inspections, cases")
        plan_events(rng=rng, plan=plan)
        bar.update()
    return plan


def database_has_addresses() -> bool:
    return Address.objects.exists()


def generate_demo_region(
    *, addresses: int = DEFAULT_ADDRESSES, seed: int = DEFAULT_SEED, today: dt.date | None = None,
    progress: bool = False,
) -> dict[str, int]:
    """Plan and write the demo region with its history, organisations, users and plans of approach, in one
    transaction. The occupancy snapshots are taken afterwards (projects.take_snapshots)."""
    today = today or dt.date.today()
    plan = plan_region(addresses=addresses, seed=seed, today=today, progress=progress)
    # What was done with the signals, from its own random stream (the plan's draws stay as they were).
    history = plan_history(plan=plan)
    with transaction.atomic():
        region = ensure_region()
        organisations = ensure_accounts(region=region)
        counts = write_plan(plan=plan, organisations=organisations, progress=progress, history=history)
        counts["projects"] = len(ensure_projects(region=region, organisations=organisations, today=today))
        counts["laa_signals"] = attach_laa_signals(seed=seed, today=today)
        counts["retention_demo"] = seed_retention(today=today)
        counts["information_items"] = len(information_content.install(region=region, author="demo"))
        counts["knowledge_articles"] = ensure_articles(today=today)
        return counts

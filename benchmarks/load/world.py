"""The load test's world: the demo region at a chosen size in PostgreSQL, and the users who work in it.

Runs inside Django (benchmarks/load/run.py sets it up). Three steps:

- `load_region`: restores the region from its cached dump (var/bench/load-<size>-<seed>.dump), or
  generates it with the demo generator (`regiekamer demo-data --addresses N`: the seven municipalities
  of Noord-Limburg with their registrations, meldingen, inspections, cases, risk runs and snapshots)
  and dumps it, so that a second run does not generate again. Migrations run after a restore, so a
  dump made before a new migration still serves.
- `make_users`: one Django user per simulated user, a handler, coordinator or viewer of the
  enforcement department of a municipality of the region, each logged in by a session made directly
  in the session store (`start_session`), and what each will work on: addresses to look up, open cases
  of its own (no two users share a case, so a conflict on a case version is a bug, not the script's),
  and a walk list of its municipality drawn up for today.
- The plan is written as JSON for the locustfile.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import random
import shutil
import subprocess
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

GENERATED_MARKER = "generated_on"


def log(*args) -> None:
    print(*args, flush=True)


def pg_tool(name: str) -> str:
    """pg_dump/pg_restore of the newest installed PostgreSQL (the one scripts/with-postgres runs)."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if found:
        return str(found[-1])
    path = shutil.which(name)
    if path is None:
        raise SystemExit(f"{name} not found (apt-get install postgresql-client).")
    return path


def load_region(*, addresses: int, seed: int, database_url: str, cache: Path, regenerate: bool) -> dict:
    """Put the demo region of `addresses` addresses into the (empty) database; returns what is known of it."""
    from django.core.management import call_command

    from regiekamer.registry.models import Address

    dump = cache / f"load-{addresses}-{seed}.dump"
    about = dump.with_suffix(".json")
    if dump.exists() and about.exists() and not regenerate:
        started = time.perf_counter()
        log(f"Restoring the region from {dump} ...")
        subprocess.run([pg_tool("pg_restore"), "--no-owner", "--jobs", "2", "-d", database_url, str(dump)], check=True)
        call_command("migrate", verbosity=0)  # migrations added since the dump was made
        analyze()
        log(f"Restored, migrated and analysed in {time.perf_counter() - started:.1f} s.")
        return json.loads(about.read_text())
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if Address.objects.exists():
        raise SystemExit("The database already holds addresses; the load test needs an empty one.")
    log(f"Migrated in {time.perf_counter() - started:.1f} s. Generating the demo region with {addresses:,} addresses "
        "(once; the dump is kept) ...")
    started = time.perf_counter()
    call_command("demo_data", addresses=addresses, seed=seed, verbosity=1)
    seconds = time.perf_counter() - started
    log(f"Generated in {seconds:.1f} s. Dumping to {dump} ...")
    cache.mkdir(parents=True, exist_ok=True)
    partial = dump.with_suffix(".dump.partial")
    subprocess.run([pg_tool("pg_dump"), "-Fc", "-Z", "1", "-d", database_url, "-f", str(partial)], check=True)
    partial.rename(dump)
    facts = {GENERATED_MARKER: dt.date.today().isoformat(), "addresses": addresses, "seed": seed,
             "generation_seconds": round(seconds, 1)}
    about.write_text(json.dumps(facts, indent=2))  # written last: a dump without it is not trusted
    return facts


def analyze() -> None:
    """pg_restore brings the rows but not the planner's statistics: without them PostgreSQL guesses
    (thousands of registrations per address, so parallel scans for a lookup of six rows) until
    autovacuum gets round to the tables. A production database has its statistics; so does this one."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- the users ---------------------------------------------------------------------------------

# Most people at work are inspectors and case handlers; a coordinator and a viewer (alderman's staff,
# a policy officer) for every three handlers.
ROLE_CYCLE = ("handler", "handler", "coordinator", "handler", "viewer")
ADDRESSES_PER_USER = 40
CASES_PER_USER = 25
WALK_LIST_SIZE = 20


@dataclass
class LoadUser:
    username: str
    role: str
    municipality: str  # CBS code
    session: str
    searches: list[dict] = field(default_factory=list)  # {"q": ..., "bag_id": ...}
    streets: list[str] = field(default_factory=list)
    cases: list[int] = field(default_factory=list)
    walk_list: int | None = None


def start_session(user) -> str:
    """A logged-in session for `user`, made directly in the session store: what django.contrib.auth.login
    stores, without a password round trip (a load test should not hash passwords fifty times, and
    the login form's lockout and MFA are not what it measures).

    The second factor is marked as passed the way the verification step does after a correct code
    (regiekamer/accounts/sessions.py), so that the pages do not send the user to that step."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from regiekamer.accounts import sessions

    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    sessions.start(store)
    sessions.mark_verified(store)
    store.create()
    return store.session_key


def allocate(total: int, shares: dict[str, float]) -> dict[str, int]:
    """`total` users over the municipalities in proportion to their share, at least one each
    (largest remainder), as long as there are at least as many users as municipalities."""
    codes = sorted(shares)
    if total < len(codes):
        return {code: (1 if i < total else 0) for i, code in enumerate(sorted(codes, key=lambda c: -shares[c]))}
    spare = total - len(codes)
    whole = sum(shares.values())
    exact = {code: spare * shares[code] / whole for code in codes}
    counts = {code: 1 + int(exact[code]) for code in codes}
    left = total - sum(counts.values())
    for code in sorted(codes, key=lambda c: (-(exact[c] - int(exact[c])), c))[:left]:
        counts[code] += 1
    return counts


def make_users(*, count: int, seed: int) -> list[LoadUser]:
    """`count` users of the municipalities' enforcement departments, with sessions and their work."""
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.utils import timezone

    from regiekamer.cases.models import Case, CaseStatus
    from regiekamer.demo.places import PLACES
    from regiekamer.organisations.models import Membership, Organisation
    from regiekamer.registry.models import Address
    from regiekamer.walklists.services import draw_up_walk_list

    rng = random.Random(seed)
    with_addresses = set(Address.objects.values_list("municipality__code", flat=True).distinct())
    places = [p for p in PLACES if p.code in with_addresses]
    counts = allocate(count, {p.code: p.share for p in places})
    organisations = {o.municipality.code: o for o in Organisation.objects.filter(
        name__in=[f"Gemeente {p.name} handhaving" for p in places]).select_related("municipality")}
    if len(organisations) != len(places):
        raise SystemExit(f"Enforcement departments missing: {sorted({p.code for p in places} - set(organisations))}")
    users: list[LoadUser] = []
    today = timezone.localdate()
    with transaction.atomic():
        User.objects.filter(username__startswith="load.").delete()
        n = 0
        for place in places:
            organisation = organisations[place.code]
            pks = list(Address.objects.filter(municipality=organisation.municipality).values_list("pk", flat=True))
            streets = sorted(set(Address.objects.filter(pk__in=rng.sample(pks, min(200, len(pks))))
                                 .values_list("street", flat=True)))
            open_cases = list(Case.objects.filter(responsible=organisation).exclude(status=CaseStatus.CLOSED)
                              .order_by("pk").values_list("pk", flat=True))
            rng.shuffle(open_cases)
            mine, first_user = [], None
            for i in range(counts[place.code]):
                role = ROLE_CYCLE[n % len(ROLE_CYCLE)]
                n += 1
                user = User.objects.create(username=f"load.{place.code.lower()}.{role}.{i + 1}",
                                           first_name="Load", last_name=f"{role} {i + 1}", is_active=True)
                user.set_unusable_password()  # no one logs in as a load user through the login page
                user.save(update_fields=["password"])
                Membership.objects.create(user=user, organisation=organisation, role=role)
                picked = Address.objects.filter(pk__in=rng.sample(pks, min(ADDRESSES_PER_USER, len(pks))))
                searches = [{"q": f"{a.postcode} {a.house_number}{a.house_letter}", "bag_id": a.bag_id}
                            for a in picked.only("postcode", "house_number", "house_letter", "bag_id")]
                mine.append(LoadUser(username=user.username, role=role, municipality=place.code,
                                     session=start_session(user), searches=searches,
                                     streets=rng.sample(streets, min(5, len(streets)))))
                first_user = first_user or user
            # Viewers get cases too: they read them (the page shows them no status form).
            for i, pk in enumerate(open_cases[:CASES_PER_USER * len(mine)]):
                mine[i % len(mine)].cases.append(pk)
            # One walk list for today per municipality, drawn up by its first user (every role here reads it).
            walk_list = draw_up_walk_list(actor=first_user, municipality=organisation.municipality,
                                          team="Team load test", day=today, size=WALK_LIST_SIZE, seed=seed)
            for user in mine:
                user.walk_list = walk_list.pk
            users += mine
    return users


def write_plan(users: list[LoadUser], path: Path, *, cookie: str, csrf_cookie: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    plan = {"session_cookie": cookie, "csrf_cookie": csrf_cookie,
            "users": [{k: v for k, v in asdict(u).items()} for u in users]}
    path.write_text(json.dumps(plan, indent=1))
    path.chmod(0o600)  # it holds live session keys of the throwaway database

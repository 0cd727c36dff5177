"""`make bench-dashboard`: how fast the municipal dashboard opens over three years of a large municipality.

    .venv/bin/python benchmarks/dashboard.py                       # a fresh SQLite file
    scripts/with-postgres .venv/bin/python benchmarks/dashboard.py   # a throwaway PostgreSQL cluster
    .venv/bin/python benchmarks/dashboard.py --postgres URL        # SQLite, then the (empty) database at URL

1. Builds one municipality (Rotterdam's CBS code, 200,000 addresses by default) with three years of
   data at the rates of the demo region: registrations (households that stay for years, problem
   addresses with many short stays), meldingen and how they were handled, inspections, cases with
   their results, interventions with their procedure steps, care referrals and trajectories. Seeded
   (random.Random(seed)), written with bulk_create (the two big tables as multi-row INSERTs of tuples),
   into a fresh SQLite file under var/bench/ or the database DATABASE_URL names (which must hold no
   addresses yet).
2. Takes the occupancy snapshots of the 36 month ends (steering.snapshots), as the daily task would have.
3. Times GET of the dashboard page (URL name steering:municipality) as a logged-in user of the
   municipality's enforcement department, through django.test.Client, with the page's default period
   (this year) and with the whole three years; and the map's neighbourhood data it loads
   (steering:areas-geojson). Warm: the same connection, after one request that is not counted.
   Cold: every request on a new database connection with an empty Django cache (the operating
   system's file cache and PostgreSQL's shared buffers stay warm; only a reboot empties those).
4. Prints median and max of --runs requests per case and PASS/FAIL against 1 second (the max must be
   under it), and exits non-zero on a FAIL. A timing is not a test: nothing here runs in pytest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TARGET_SECONDS = 1.0
CODE = "GM0599"
BATCH = 5000
AREAS_PER_100K = 160
CENTRE = (51.92, 4.48)
HOUSEHOLDS = {1: 35, 2: 30, 3: 15, 4: 13, 5: 5, 6: 2}


def log(*args) -> None:
    print(*args, flush=True)


def setup_django(database_url: str | None, sqlite_path: Path, *, fresh: bool) -> str:
    """Point Django at the database and start it (DEBUG off: no query log, as in production)."""
    if database_url is None:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal") if fresh else ():
            Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
        database_url = f"sqlite:///{sqlite_path}"
    os.environ["DATABASE_URL"] = database_url
    os.environ["REGIEKAMER_DEBUG"] = "false"
    os.environ.setdefault("REGIEKAMER_SECRET_KEY", "bench-dashboard-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    return database_url


# --- the data ---------------------------------------------------------------------------------


class Builder:
    """Three years of one municipality, drawn from one random.Random in a fixed order."""

    def __init__(self, *, addresses: int, seed: int, today: dt.date) -> None:
        self.n, self.rng, self.today = addresses, random.Random(seed), today
        self.start = today - dt.timedelta(days=3 * 365)
        self.counts: dict[str, int] = {}

    def day(self, first: dt.date, last: dt.date) -> dt.date:
        days = (last - first).days
        return first if days <= 0 else first + dt.timedelta(days=self.rng.randint(0, days))

    def poisson(self, mean: float) -> int:
        limit, product, count = math.exp(-mean), self.rng.random(), 0
        while product > limit:
            product *= self.rng.random()
            count += 1
        return count

    def bulk(self, model, rows, label: str) -> list:
        """bulk_create in batches; returns the objects (with primary keys)."""
        created = []
        started = time.perf_counter()
        for first in range(0, len(rows), BATCH):
            created += model.objects.bulk_create(rows[first:first + BATCH])
        self.counts[label] = len(rows)
        log(f"  {label:<22} {len(rows):>9,} rows in {time.perf_counter() - started:5.1f} s")
        return created

    def insert(self, model, columns: tuple[str, ...], rows: list[tuple], label: str) -> None:
        """Multi-row INSERTs of plain tuples (the demo writer's): for the two big tables, where building
        a model instance per row would cost most of the run."""
        from regiekamer.demo.write import insert_rows

        started = time.perf_counter()
        insert_rows(model, columns, rows, total=len(rows), progress=False)
        self.counts[label] = len(rows)
        log(f"  {label:<22} {len(rows):>9,} rows in {time.perf_counter() - started:5.1f} s")

    def build(self):
        from django.contrib.auth.models import User

        from regiekamer.organisations.models import Membership, Organisation, OrganisationKind, Role
        from regiekamer.registry.models import Municipality

        municipality = Municipality.objects.get(code=CODE)
        enforcement = Organisation.objects.create(name=f"Gemeente {municipality.name} handhaving",
                                                  kind=OrganisationKind.MUNICIPAL_ENFORCEMENT,
                                                  municipality=municipality)
        social = Organisation.objects.create(name=f"Gemeente {municipality.name} sociaal domein",
                                             kind=OrganisationKind.MUNICIPAL_SOCIAL, municipality=municipality)
        user = User.objects.create(username="bench.coordinator", first_name="Bench", is_active=True)
        Membership.objects.create(user=user, organisation=enforcement, role=Role.COORDINATOR)
        addresses, problems = self.addresses(municipality)
        self.registrations(addresses, problems)
        meldingen = self.meldingen(addresses, problems, enforcement)
        inspections = self.inspections(addresses, problems, meldingen, enforcement)
        cases = self.cases(addresses, problems, inspections, enforcement)
        self.link(meldingen, inspections, cases)
        self.interventions(cases, enforcement)
        self.care(cases, enforcement, social)
        return municipality, user

    def addresses(self, municipality):
        from regiekamer.registry.models import Address

        rng = self.rng
        areas = max(1, round(self.n * AREAS_PER_100K / 100_000))
        centres = [(CENTRE[0] + rng.uniform(-0.07, 0.07), CENTRE[1] + rng.uniform(-0.12, 0.12)) for _ in range(areas)]
        rows = []
        for i in range(self.n):
            area = min(areas - 1, int(areas * rng.random() ** 1.3))
            lat, lon = centres[area]
            rows.append((
                "verblijfsobject", f"{CODE[2:]}01{i:010d}", f"{CODE[2:]}20{i:010d}", municipality.pk,
                f"Straat {area}", i % 400 + 1, "", "", "Verblijfsobject in gebruik", f"30{area % 100:02d}AB",
                municipality.name, f"BU{CODE[2:]}{area:04d}",
                ["woonfunctie"], rng.choice((35, 45, 55, 65, 75, 85, 95, 110, 130, 160)),
                lat + rng.gauss(0, 0.003), lon + rng.gauss(0, 0.005),
            ))
        self.insert(Address, ("kind", "bag_id", "address_number_id", "municipality", "street", "house_number",
                              "house_letter", "house_number_addition", "status", "postcode", "city", "area_code", "usage", "floor_area_m2", "latitude", "longitude"),
                    rows, "addresses")
        addresses = list(Address.objects.filter(municipality=municipality).order_by("bag_id")
                         .only("pk", "bag_id", "floor_area_m2"))
        problems = {i for i in range(self.n) if rng.random() < 0.04}
        return addresses, problems

    def registrations(self, addresses, problems) -> None:
        from regiekamer.registry.models import Registration

        rng, today, start = self.rng, self.today, self.start
        rows = []
        person = 0

        def add(address, begin: dt.date, end: dt.date | None, registry: str = "BRP") -> None:
            nonlocal person
            person += 1
            rows.append((address.pk, f"{person:032x}", registry, begin, end if end is not None and end <= today else None))

        for i, address in enumerate(addresses):
            if i in problems:  # many people on short stays, from when the problem began
                began = self.day(start - dt.timedelta(days=700), today - dt.timedelta(days=60))
                beds = address.floor_area_m2 // 12 + rng.randint(2, 7)
                for _ in range(beds):
                    day = began
                    while day <= today:
                        stay = rng.randint(60, 300)
                        add(address, day, day + dt.timedelta(days=stay), "RNI" if rng.random() < 0.6 else "BRP")
                        day += dt.timedelta(days=stay + rng.randint(0, 20))
                continue
            if rng.random() < 0.08:
                continue  # empty
            day = start - dt.timedelta(days=rng.randint(1, 6000))
            while day <= today:
                size = rng.choices(list(HOUSEHOLDS), weights=list(HOUSEHOLDS.values()))[0]
                stay = int(rng.expovariate(1 / 3000)) + 30
                end = day + dt.timedelta(days=stay)
                if end >= start:
                    for _ in range(size):
                        add(address, day, end)
                day = end + dt.timedelta(days=rng.randint(1, 60))
        self.insert(Registration, ("address", "person_ref", "registry", "start_date", "end_date"), rows, "registrations")

    def meldingen(self, addresses, problems, enforcement) -> list:
        from regiekamer.meldingen.models import Melding, MeldingCategory as C, MeldingSource as S

        rng = self.rng
        rows = []
        for i, address in enumerate(addresses):
            mean = 1.1 * 3 if i in problems else 0.05 * 3
            for _ in range(self.poisson(mean)):
                category = rng.choices([C.OVERCROWDING, C.NUISANCE, C.ILLEGAL_LETTING, C.FIRE_SAFETY, C.POLLUTION,
                                        C.OTHER], weights=[35, 30, 12, 8, 10, 5])[0]
                rows.append(Melding(address=address, municipality_id=address.municipality_id, category=category,
                                    source=rng.choice([S.CITIZEN, S.ANONYMOUS, S.PARTNER, S.OWN_OBSERVATION, S.LAA]),
                                    received_on=self.day(self.start, self.today), description="Melding (benchmark).",
                                    organisation=enforcement))
        return rows  # written in link(), once their cases exist

    def inspections(self, addresses, problems, meldingen, enforcement) -> list:
        from regiekamer.inspections.models import Inspection, Outcome, Severity

        rng, today = self.rng, self.today
        planned = [(m.address, m.received_on + dt.timedelta(days=rng.randint(5, 60)))
                   for m in meldingen if rng.random() < 0.4]
        planned += [(a, self.day(self.start, today)) for a in addresses if rng.random() < 0.036]
        rows = []
        for address, day in planned:
            if day > today:
                continue
            problem = address.pk is not None and self.index(address) in problems
            weights = [68, 14, 18] if problem else [7, 8, 85]
            outcome = rng.choices([Outcome.VIOLATION, Outcome.NO_ACCESS, Outcome.NO_VIOLATION], weights=weights)[0]
            severity = (Severity.SERIOUS if rng.random() < 0.4 else Severity.OTHER) if outcome == Outcome.VIOLATION else ""
            rows.append(Inspection(address=address, municipality_id=address.municipality_id, inspected_on=day, outcome=outcome, severity=severity,
                                   organisation=enforcement, persons_present=None))
        return rows

    def index(self, address) -> int:
        return int(address.bag_id[6:])

    def cases(self, addresses, problems, inspections, enforcement) -> list:
        from regiekamer.cases.models import Case, CaseResult as R, CaseStatus, CaseType

        rng, today = self.rng, self.today
        first_violation: dict[int, dt.date] = {}
        for inspection in inspections:
            if inspection.outcome == "violation":
                key = inspection.address.pk
                first_violation[key] = min(first_violation.get(key, today), inspection.inspected_on)
        rows = []
        for address_pk, day in sorted(first_violation.items()):
            if rng.random() > 0.8:
                continue
            opened = min(today, day + dt.timedelta(days=rng.randint(0, 21)))
            age = (today - opened).days
            closed = opened + dt.timedelta(days=rng.randint(30, min(400, age))) if age > 60 and rng.random() < 0.6 else None
            case_type = rng.choices([CaseType.OVERCROWDING, CaseType.LANDLORD, CaseType.FIRE_SAFETY,
                                     CaseType.EXPLOITATION], weights=[55, 20, 15, 10])[0]
            status = CaseStatus.CLOSED if closed else rng.choice(
                [CaseStatus.INVESTIGATING, CaseStatus.INSPECTION_PLANNED, CaseStatus.ENFORCEMENT, CaseStatus.REINSPECTION])
            since = closed or min(today, opened + dt.timedelta(days=rng.randint(0, 60)))
            rows.append(Case(
                address_id=address_pk, municipality_id=enforcement.municipality_id, case_type=case_type, responsible=enforcement, opened_on=opened, closed_on=closed,
                status=status, status_since=since, due_on=None if closed else since + dt.timedelta(days=28),
                result=rng.choices([R.LEGALISED, R.REHOUSED, R.ENDED, R.NO_VIOLATION, R.OTHER],
                                   weights=[35, 22, 18, 18, 7])[0] if closed else "",
            ))
        return self.bulk(Case, rows, "cases")

    def link(self, meldingen, inspections, cases) -> None:
        """Meldingen and inspections at an address with a case belong to it; the rest of the meldingen
        are rejected or still wait, handled a few days to some weeks after they came in."""
        from regiekamer.inspections.models import Inspection
        from regiekamer.meldingen.models import Melding, MeldingStatus

        rng, today = self.rng, self.today
        case_at = {c.address_id: c for c in cases}
        for melding in meldingen:
            case = case_at.get(melding.address.pk)
            if case and case.opened_on - dt.timedelta(days=90) <= melding.received_on <= (case.closed_on or today):
                handled = max(melding.received_on, case.opened_on) + dt.timedelta(days=rng.randint(0, 7))
                if handled <= (case.closed_on or today):
                    melding.status, melding.case, melding.handled_on = MeldingStatus.LINKED, case, handled
                    continue
            lag = rng.choices([rng.randint(1, 21), rng.randint(22, 56), rng.randint(57, 120)], weights=[68, 22, 10])[0]
            handled = melding.received_on + dt.timedelta(days=lag)
            if handled <= today:
                melding.status, melding.handled_on = MeldingStatus.REJECTED, handled
                melding.rejection_reason = "Geen aanleiding voor onderzoek."
        for inspection in inspections:
            case = case_at.get(inspection.address.pk)
            if case and case.opened_on - dt.timedelta(days=30) <= inspection.inspected_on <= (case.closed_on or today):
                inspection.case = case
        self.bulk(Melding, meldingen, "meldingen")
        self.bulk(Inspection, inspections, "inspections")

    def interventions(self, cases, enforcement) -> None:
        from regiekamer.enforcement.models import Intervention, LhsoCell, ProcedureStep, StepKind as S

        rng, today = self.rng, self.today
        cell = LhsoCell.objects.get(behaviour="B", consequence="2", municipality__isnull=True)
        rows, steps = [], []
        for case in cases:
            if rng.random() > 0.7:
                continue
            until = case.closed_on or today
            decided = case.opened_on + dt.timedelta(days=rng.randint(7, 40))
            if decided > until:
                continue
            kind = "dwangsom" if rng.random() < 0.75 else "voornemen"
            rows.append(Intervention(
                case=case, intervention_type=kind, cell=cell, proposed_types=list(cell.proposals),
                reasons="Overtreding vastgesteld bij de pandcontrole.", measures="Breng het aantal bewoners terug.",
                compliance_period_days=42, amount_eur=Decimal(1000) if kind == "dwangsom" else None,
                amount_basis="per_week" if kind == "dwangsom" else "",
                maximum_eur=Decimal(12000) if kind == "dwangsom" else None, decided_on=decided,
                decided_by_name="bench", organisation=enforcement,
            ))
            day, chain = decided, [S.INTENDED_DECISION_SENT, S.DECISION]
            if kind == "dwangsom":
                chain += ([S.REINSPECTION_COMPLIANT] if rng.random() < 0.55
                          else [S.REINSPECTION_NOT_COMPLIANT, S.FORFEITURE, S.COLLECTION])
            for step in chain:
                day += dt.timedelta(days=rng.randint(7, 45))
                if day > until:
                    break
                steps.append((len(rows) - 1, step, day))
        created = self.bulk(Intervention, rows, "interventions")
        self.bulk(ProcedureStep, [ProcedureStep(intervention=created[i], kind=kind, on=day, recorded_by_name="bench")
                                  for i, kind, day in steps], "procedure steps")

    def care(self, cases, enforcement, social) -> None:
        from django.utils import timezone

        from regiekamer.care.models import CareReferral, Trajectory

        rng, today = self.rng, self.today
        referrals, trajectories = [], []
        for case in cases:
            if rng.random() > 0.45:
                continue
            for n in range(rng.randint(1, 3)):
                created = min(today, case.opened_on + dt.timedelta(days=rng.randint(7, 60)))
                closed = created + dt.timedelta(days=rng.randint(20, 150))
                done = closed <= today and rng.random() < 0.85
                referrals.append(CareReferral(
                    case=case, person_ref=f"{case.pk:016x}{n:016x}", person_is_pseudonym=True,
                    kind=rng.choice(["ggd", "sociaal_wijkteam", "opvang", "slachtofferhulp"]), receiving=social,
                    reason="Kwetsbare situatie aangetroffen.", status="gesloten" if done else "in_behandeling",
                    follow_up_on=None if done else today + dt.timedelta(days=rng.randint(-20, 30)),
                    outcome=rng.choice(["geholpen", "onderdak", "hulp_geweigerd", "elders"]) if done else "",
                    closed_on=closed if done else None, referring=enforcement, referred_by_name="bench",
                    created_at=timezone.make_aware(dt.datetime.combine(created, dt.time(10))),
                ))
                if rng.random() < 0.12:
                    trajectories.append(Trajectory(
                        case=case, person_ref=f"{case.pk:016x}{n:016x}", person_is_pseudonym=True,
                        kind=rng.choice(["taalcursus", "werk_opleiding"]), provider="Taalhuis", started_on=created,
                        follow_up_on=today + dt.timedelta(days=30), status="lopend", organisation=social,
                        created_by_name="bench", created_at=timezone.now(),
                    ))
        self.bulk(CareReferral, referrals, "care referrals")
        self.bulk(Trajectory, trajectories, "trajectories")


# --- the timing -------------------------------------------------------------------------------


def timings(get: Callable[[], None], runs: int, *, cold: bool) -> list[float]:
    from django.core.cache import caches
    from django.db import connections

    seconds = []
    if not cold:
        get()  # not counted: the first request pays for imports, templates and the connection
    for _ in range(runs):
        if cold:
            connections.close_all()
            for cache in caches.all():
                cache.clear()
        started = time.perf_counter()
        get()
        seconds.append(time.perf_counter() - started)
    return seconds


def plan_of_approach(municipality, today: dt.date) -> None:
    """This year's project with the issue's five targets, as a municipality has: the page counts them too."""
    from regiekamer.steering.models import Project, Target

    project = Project.objects.create(name="Aanpak goed verhuurderschap", municipality=municipality,
                                     aim="Minder overbewoning, sneller afhandelen.",
                                     starts_on=dt.date(today.year, 1, 1), ends_on=dt.date(today.year, 12, 31))
    for measure, kind, value in (("controles_uitgevoerd", "count", 200), ("trefkans", "share", 60),
                                 ("meldingen_op_tijd_pct", "share", 90), ("adressen_boven_norm", "reduction", 25),
                                 ("mensen_opgevolgd", "count", 50)):
        Target.objects.create(project=project, measure=measure, kind=kind, value=value)


def measure(municipality, user, runs: int, today: dt.date) -> list[tuple[str, list[float]]]:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    three_years = {"van": (today - dt.timedelta(days=3 * 365)).isoformat(), "tot": today.isoformat()}
    page = reverse("steering:municipality", kwargs={"code": municipality.code})
    geojson = reverse("steering:areas-geojson", args=[municipality.code])

    def getter(url: str, query: dict) -> Callable[[], None]:
        def get() -> None:
            response = client.get(url, query)
            if response.status_code != 200:
                raise SystemExit(f"GET {url} {query}: HTTP {response.status_code}")
            if url == page and municipality.name.encode() not in response.content:
                raise SystemExit(f"GET {url}: the page does not name {municipality.name}")
        return get

    table = reverse("steering:areas-table", args=[municipality.code])
    cases = [("page, this year", page, {}), ("page, three years", page, three_years),
             ("map data, this year", geojson, {}), ("map data, three years", geojson, three_years),
             ("neighbourhood table, three years", table, three_years)]
    results = []
    for label, url, query in cases:
        for cold in (False, True):
            name = f"{label} ({'cold' if cold else 'warm'})"
            results.append((name, timings(getter(url, query), runs, cold=cold)))
            log(f"  {name:<34} median {statistics.median(results[-1][1]):6.3f} s   max {max(results[-1][1]):6.3f} s")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addresses", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=7, help="timed requests per case (default 7)")
    parser.add_argument("--reuse", action="store_true",
                        help="SQLite: time the file an earlier run built (var/bench/dashboard-<size>-<seed>.sqlite3)")
    parser.add_argument("--postgres", metavar="URL", help="afterwards, run again against this empty PostgreSQL database")
    args = parser.parse_args(argv)

    database_url = os.environ.get("DATABASE_URL")
    sqlite_path = REPO / "var" / "bench" / f"dashboard-{args.addresses}-{args.seed}.sqlite3"
    reuse = args.reuse and database_url is None and sqlite_path.exists()
    url = setup_django(database_url, sqlite_path, fresh=not reuse)

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from regiekamer.registry.models import Address
    from regiekamer.core.database import refresh_statistics
    from regiekamer.steering.snapshots import take_month_ends

    engine = connection.vendor
    where = sqlite_path.relative_to(REPO) if database_url is None else url.rsplit("@", 1)[-1]
    log(f"Dashboard benchmark on {engine} ({where}): {args.addresses:,} addresses, seed {args.seed}, "
        f"load average {os.getloadavg()[0]:.2f}")
    today = timezone.localdate()
    if reuse:
        from django.contrib.auth.models import User
        from regiekamer.registry.models import Municipality

        municipality, user = Municipality.objects.get(code=CODE), User.objects.get(username="bench.coordinator")
        log(f"Reusing the data built earlier ({Address.objects.count():,} addresses).")
    else:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        if Address.objects.exists():
            raise SystemExit("The database already holds addresses; the benchmark needs an empty one.")
        log(f"Migrated in {time.perf_counter() - started:.1f} s. Building three years up to {today}:")
        started = time.perf_counter()
        builder = Builder(addresses=args.addresses, seed=args.seed, today=today)
        with transaction.atomic():
            municipality, user = builder.build()
        plan_of_approach(municipality, today)
        log(f"Built in {time.perf_counter() - started:.1f} s.")
        started = time.perf_counter()
        first = (today - dt.timedelta(days=3 * 365)).replace(day=1)
        rows = take_month_ends(municipality, first, today, today=today)
        log(f"Occupancy snapshots: {rows:,} neighbourhood rows in {time.perf_counter() - started:.1f} s.")
    # The daily round (steering.tasks.daily) ends with fresh planner statistics; autovacuum would do
    # it for PostgreSQL after a bulk load, nothing does it for SQLite but the application.
    started = time.perf_counter()
    refresh_statistics()
    log(f"Planner statistics refreshed in {time.perf_counter() - started:.1f} s.")
    log(f"Timing {args.runs} requests per case (target: max under {TARGET_SECONDS:.0f} s):")
    results = measure(municipality, user, args.runs, today)

    log(f"\n{'case':<36}{'median s':>10}{'max s':>10}  verdict   ({engine})")
    failed = False
    for name, seconds in results:
        ok = max(seconds) < TARGET_SECONDS
        failed |= not ok
        log(f"{name:<36}{statistics.median(seconds):>10.3f}{max(seconds):>10.3f}  {'PASS' if ok else 'FAIL'}")
    status = 1 if failed else 0
    if args.postgres:
        log("")
        env = {**os.environ, "DATABASE_URL": args.postgres}
        child = subprocess.run([sys.executable, __file__, "--addresses", str(args.addresses), "--seed", str(args.seed),
                                "--runs", str(args.runs)], env=env, check=False)
        status = status or child.returncode
    return status


if __name__ == "__main__":
    sys.exit(main())

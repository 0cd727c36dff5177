"""`regiekamer demo-data`: generate the seeded demo region Noord-Limburg."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from regiekamer.demo.places import PLACES, REGION_CODE
from regiekamer.demo.projects import snapshot_days, take_snapshots
from regiekamer.demo.generator import (
    DEFAULT_ADDRESSES, DEFAULT_SEED, database_has_addresses, generate_demo_region,
)
from regiekamer.registry.models import Address, Municipality
from regiekamer.risk.models import RunStatus
from regiekamer.risk.services import compute_run
from regiekamer.core.database import refresh_statistics
from regiekamer.steering.packages import publish_figures


class Command(BaseCommand):
    help = "Generate the seeded demo region Noord-Limburg: addresses, registrations, meldingen, cases and demo users."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addresses", type=int, default=DEFAULT_ADDRESSES,
                            help=f"number of addresses (default {DEFAULT_ADDRESSES})")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help=f"random seed; the same seed and size give the same data (default {DEFAULT_SEED})")
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing when the database already has addresses")

    def handle(self, *args, addresses: int, seed: int, if_empty: bool, **options) -> None:
        if addresses < 1:
            raise CommandError("--addresses must be at least 1.")
        if database_has_addresses():
            count = Address.objects.count()
            if if_empty:
                self.stdout.write(f"The database already has {count} addresses; no demo data generated.")
                return
            # Never mix demo data into a database with real (or earlier demo) addresses.
            raise CommandError(
                f"The database already has {count} addresses. Use --if-empty to skip, "
                "or start from an empty database."
            )
        started = time.perf_counter()
        today = dt.date.today()
        counts = generate_demo_region(
            addresses=addresses, seed=seed, today=today, progress=options["verbosity"] > 0
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(
            f"Demo region Noord-Limburg generated in {elapsed:.1f} s (seed {seed})."
        ))
        for name, count in counts.items():
            self.stdout.write(f"  {name:<28} {count:>8}")
        self._snapshots(today, progress=options["verbosity"] > 0)
        self._packages(today)
        self._risk_runs(today)
        refresh_statistics()  # as the daily round does: the dashboards' queries need them on SQLite
        self.stdout.write("Log in with the demo users: regiekamer demo-logins")

    def _snapshots(self, today: dt.date, *, progress: bool) -> None:
        """The occupancy snapshots of the last 36 month ends, which the dashboards' overcrowding trend reads."""
        started = time.perf_counter()
        with tqdm(total=len(snapshot_days(today)) * len(PLACES), desc="Occupancy snapshots", unit=" days", disable=not progress) as bar:
            rows = take_snapshots(today=today, on_day=lambda day: bar.update())
        self.stdout.write(f"  occupancy snapshots         {rows:>8} neighbourhood rows "
                          f"in {time.perf_counter() - started:.1f} s")

    def _packages(self, today: dt.date) -> None:
        """The aggregate figure packages the regional and national views add up, as the daily task makes them."""
        started = time.perf_counter()
        count = publish_figures(today)
        self.stdout.write(f"  figure packages             {count:>8} in {time.perf_counter() - started:.1f} s")

    def _risk_runs(self, today: dt.date) -> None:
        """One risk run per demo municipality as of the demo's today, so that scores and walk lists exist."""
        started = time.perf_counter()
        municipalities = Municipality.objects.filter(region__code=REGION_CODE, addresses__isnull=False).distinct()
        for municipality in municipalities.order_by("code"):
            run = compute_run(municipality=municipality, as_of=today)
            if run.status != RunStatus.DONE:
                raise CommandError(f"The risk run of {municipality.name} failed: {run.error}")
            self.stdout.write(f"  risk run {municipality.name:<19} {run.address_count:>8} addresses scored")
        self.stdout.write(f"Risk runs computed in {time.perf_counter() - started:.1f} s.")

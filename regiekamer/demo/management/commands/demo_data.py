"""`regiekamer demo-data`: generate the seeded demo region Noord-Limburg."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regiekamer.demo.generator import (
    DEFAULT_ADDRESSES, DEFAULT_SEED, database_has_addresses, generate_demo_region,
)
from regiekamer.registry.models import Address


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
        counts = generate_demo_region(
            addresses=addresses, seed=seed, today=dt.date.today(), progress=options["verbosity"] > 0
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(
            f"Demo region Noord-Limburg generated in {elapsed:.1f} s (seed {seed})."
        ))
        for name, count in counts.items():
            self.stdout.write(f"  {name:<28} {count:>8}")
        self.stdout.write("Log in with the demo users: regiekamer demo-logins")

"""`regiekamer figures export|import`: move aggregate figure packages between installations.

    regiekamer figures export --municipality GM0983 --from 2024-01-01 --to 2026-12-31 --out venlo.json
    regiekamer figures import venlo.json --user "J. Jansen"

An export builds (or reuses) the suppressed package of one municipality of this installation and
writes it as JSON; an import checks a package from another installation completely before storing
anything, and stores the same package only once.
"""

import datetime as dt
import getpass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from regiekamer.registry.models import Address, Municipality
from regiekamer.steering import packages


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"geen datum (JJJJ-MM-DD) / not a date (YYYY-MM-DD): {text!r}") from None


class Command(BaseCommand):
    help = (
        "Exporteer of importeer een cijferpakket (geaggregeerde, onderdrukte cijfers van één gemeente). / "
        "Export or import an aggregate figure package (suppressed figures of one municipality)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="export|import")
        out = actions.add_parser("export", help="schrijf het pakket van een gemeente / write a municipality's package")
        out.add_argument("--municipality", required=True, help="CBS-code, bijvoorbeeld / for example GM0983")
        out.add_argument("--from", dest="start", required=True, help="eerste dag / first day (JJJJ-MM-DD)")
        out.add_argument("--to", dest="end", required=True, help="laatste dag / last day (JJJJ-MM-DD)")
        out.add_argument("--out", required=True, type=Path, help="het JSON-bestand / the JSON file")
        out.add_argument("--installation", default="", help="naam van deze installatie / this installation's name")
        into = actions.add_parser("import", help="lees een pakket in / read a package in")
        into.add_argument("file", type=Path, help="het JSON-bestand / the JSON file")
        into.add_argument("--user", default="", help="wie het inleest / who reads it in")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "export":
            self._export(**options)
        else:
            self._import(**options)

    def _export(self, *, municipality: str, start: str, end: str, out: Path, installation: str, **_: Any) -> None:
        first, last = _day(start), _day(end)
        if last < first:
            raise CommandError("--to ligt voor --from / --to is before --from")
        place = Municipality.objects.select_related("region").filter(code=municipality.upper()).first()
        if place is None:
            raise CommandError(f"onbekende gemeente / unknown municipality: {municipality}")
        if not Address.objects.filter(municipality=place).exists():
            raise CommandError(f"{place.code} {place.name} heeft geen adressen in deze installatie / "
                               f"has no addresses in this installation")
        package = packages.build(place, first, last, installation=installation or packages.installation_name())
        try:
            out.write_bytes(packages.export(package))
        except OSError as error:
            raise CommandError(f"kan {out} niet schrijven / cannot write {out}: {error.strerror}") from None
        cells = package.cells.count()
        hidden = package.cells.filter(value__isnull=True).count()
        self.stdout.write(self.style.SUCCESS(
            f"Cijferpakket geschreven / figure package written: {out}\n"
            f"  {package.municipality_code} {package.municipality_name}, "
            f"{package.period_start:%Y-%m-%d} t/m {package.period_end:%Y-%m-%d}\n"
            f"  {cells} cellen/cells, {hidden} onderdrukt/suppressed; sha256 {package.sha256}"))

    def _import(self, *, file: Path, user: str, **_: Any) -> None:
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"kan {file} niet lezen / cannot read {file}: {error.strerror}") from None
        started = timezone.now()
        try:
            package = packages.import_package(data, user=user or getpass.getuser())
        except ValidationError as error:
            raise CommandError("Cijferpakket geweigerd, niets opgeslagen / package refused, nothing stored: "
                               + "; ".join(error.messages)) from None
        new = package.imported_at is not None and package.imported_at >= started
        state = "ingelezen / imported" if new else "was al ingelezen / was already imported"
        self.stdout.write(self.style.SUCCESS(
            f"Cijferpakket {state}: {package.municipality_code} {package.municipality_name} "
            f"({package.region_name or package.region_code or '-'}), "
            f"{package.period_start:%Y-%m-%d} t/m {package.period_end:%Y-%m-%d}, uit / from {package.installation}"))

"""`regiekamer exchange import|export`: deliveries in exchange format v1 on the command line.

    regiekamer exchange import levering.zip --organisation "Gemeente Venlo handhaving"
    regiekamer exchange export --organisation 3 --out export/ [--format csv|parquet] [--recipient 7]

An import is checked as a whole and either refused (every fault is printed with file, row, column
and rule; the exit code is 1 and nothing is stored) or stored in one transaction. Every import is
recorded as a Delivery of the organisation, made "on the command line".
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from regiekamer.exchange import exports, services
from regiekamer.exchange.models import DeliveryStatus
from regiekamer.core.progress import TqdmStream


class Command(BaseCommand):
    help = ("Lever gegevens aan in uitwisselingsformaat v1, of exporteer het beeld van een organisatie. / "
            "Import a delivery in exchange format v1, or export an organisation's view.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="import|export")
        into = actions.add_parser("import", help="lees een levering in / import a delivery")
        into.add_argument("path", type=Path, help="map of .zip / folder or .zip")
        into.add_argument("--organisation", required=True, help="naam of id van de leverende organisatie")
        out = actions.add_parser("export", help="exporteer het beeld van een organisatie / export a view")
        out.add_argument("--organisation", required=True, help="naam of id van de organisatie")
        out.add_argument("--out", required=True, type=Path, help="map, of een bestand dat op .zip eindigt")
        out.add_argument("--format", choices=("csv", "parquet"), default="csv")
        out.add_argument("--recipient", default="", help="naam of id van de ontvangende organisatie "
                         "(standaard de organisatie zelf); personen krijgen per ontvanger een eigen pseudoniem")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            organisation = services.find_organisation(options["organisation"])
            recipient = services.find_organisation(options["recipient"]) if options.get("recipient") else None
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        if action == "import":
            self._import(options["path"], organisation, quiet=options["verbosity"] == 0)
        else:
            self._export(organisation, recipient or organisation, options["out"], options["format"])

    def _import(self, path: Path, organisation, *, quiet: bool) -> None:
        with tqdm(total=100, desc="levering", unit="%", file=TqdmStream(self.stderr), mininterval=0.5,
                  disable=quiet) as bar:
            def progress(percent: int, step: str) -> None:
                bar.set_postfix_str(step, refresh=False)
                bar.update(max(0, percent - bar.n))

            delivery = services.deliver(source=path, organisation=organisation, progress=progress)
            bar.update(100 - bar.n)
        for warning in delivery.warnings:
            self.stdout.write(f"waarschuwing/warning: {warning}")
        if delivery.status == DeliveryStatus.REFUSED:
            lines = [f"Levering geweigerd, niets opgeslagen / delivery refused, nothing stored: {delivery.file_name} "
                     f"({len(delivery.faults)} fout(en)/faults; levering/delivery {delivery.pk})",
                     "bestand/file\trij/row\tkolom/column\tregel/rule\tmelding/message"]
            lines += [f"{f['file']}\t{f['row'] if f['row'] is not None else '-'}\t{f['column'] or '-'}\t{f['rule']}\t"
                      f"{f['message']}" for f in delivery.faults]
            raise CommandError("\n".join(lines))
        lines = [f"Levering opgeslagen / delivery stored: {delivery.file_name} (levering/delivery {delivery.pk}, "
                 f"sha256 {delivery.sha256})"]
        for table, counts in delivery.counts.items():
            lines.append(f"  {table:<14} {delivery.rows.get(table, 0):>8} rijen/rows  {counts['new']:>8} nieuw/new  "
                         f"{counts['changed']:>8} gewijzigd/changed  {counts['unchanged']:>8} ongewijzigd/unchanged")
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))

    def _export(self, organisation, recipient, out: Path, file_format: str) -> None:
        try:
            result = exports.write_export(organisation=organisation, recipient=recipient, out=out,
                                          file_format=file_format, user=None)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        lines = [f"Export geschreven / export written: {out} (voor/for {recipient.name})"]
        lines += [f"  {table:<14} {rows:>8} rijen/rows" for table, rows in result.rows.items()]
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))

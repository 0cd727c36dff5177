"""`regiekamer import-bag PATH`: import a BAG 2.0 XML extract (folder or zip) or a flat BAG CSV."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from regiekamer.core.progress import TqdmStream
from regiekamer.registry.bag.errors import BagImportError
from regiekamer.registry.bag.importer import DEFAULT_BATCH_SIZE, ImportReport, import_bag
from regiekamer.registry.bag.writer import Counts


# Said when reading is over and the one write transaction starts: from here on a stop rolls back.
WRITING = "BAG: alles gelezen en gecontroleerd, nu opslaan / everything read and checked, now writing"


class Command(BaseCommand):
    help = (
        "Importeer een BAG 2.0 XML-extract (map of zip) of een platte BAG-CSV in één transactie. / "
        "Import a BAG 2.0 XML extract (folder or zip) or a flat BAG CSV in one transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="map, .zip of .csv / folder, .zip or .csv")
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE,
                            help="rijen per schrijfronde / rows per write batch")

    def handle(self, *args: Any, path: Path, batch_size: int, **options: Any) -> None:
        quiet = options["verbosity"] == 0
        with tqdm(desc="BAG", unit=" objecten", file=TqdmStream(self.stderr), mininterval=0.5, disable=quiet) as bar:
            try:
                report = import_bag(path=path, progress=bar.update, batch_size=batch_size,
                                    writing=None if quiet else lambda: bar.write(WRITING, file=self.stderr))
            except BagImportError as error:
                raise CommandError(f"BAG-import mislukt, niets opgeslagen / BAG import failed, nothing stored: {error}")
        self.stdout.write(self.style.SUCCESS(_summary(report)))


def _line(label: str, counts: Counts) -> str:
    return (f"  {label:<36} {counts.created:>8} nieuw/created  {counts.updated:>8} gewijzigd/updated  "
            f"{counts.unchanged:>8} ongewijzigd/unchanged")


def _summary(report: ImportReport) -> str:
    """The report as a few Dutch/English lines."""
    unit = "objectversies/object versions" if report.format == "xml" else "rijen/rows"
    lines = [
        f"BAG-import klaar / BAG import done: {report.path}",
        f"  gelezen/read: {report.read} {unit}",
        _line("panden/buildings", report.buildings),
        *(_line(f"adressen/addresses ({kind})", counts) for kind, counts in report.addresses.items()),
    ]
    lines += [f"  overgeslagen/skipped: {n} x {reason}" for reason, n in report.skipped.items()]
    lines += [f"  onvolledig/incomplete: {n} x {reason}" for reason, n in report.incomplete.items()]
    return "\n".join(lines)

"""`regiekamer backup PATH`: the whole database and a manifest (counts, checksum) into a new folder."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regiekamer.core.backup import MANIFEST, BackupError, backup
from regiekamer.core.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Maak een backup van de hele database in een nieuwe map (dump + manifest.json met aantallen en "
        "controlegetal). / Back up the whole database into a new folder (dump + manifest.json)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="nieuwe of lege map / new or empty folder")

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        with progress_bar(self, "backup", options["verbosity"]) as progress:
            try:
                manifest = backup(path, progress=progress)
            except BackupError as error:
                raise CommandError(str(error))
        rows = sum(manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Backup klaar / done: {path / manifest['dump']} ({manifest['engine']}, {manifest['size']} bytes, "
            f"{len(manifest['tables'])} tabellen/tables, {rows} rijen/rows)\n"
            f"  manifest: {path / MANIFEST}\n  sha256:   {manifest['sha256']}\n"
            + (f"  bestanden/files: {manifest['media']['files']} in {path / manifest['media']['file']}"
               if manifest["media"] else "  bestanden/files: geen/none (MEDIA_ROOT leeg/empty)")
        ))

"""`regiekamer restore PATH`: replace the database by a backup folder made by `regiekamer backup`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from regiekamer.core.backup import BackupError, pending_migrations, read_manifest, restore
from regiekamer.core.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Vervang de database door een backup (controlegetal vooraf, aantallen achteraf gecontroleerd). "
        "Stop eerst de webserver en de taakverwerker. / Replace the database by a backup (checksum checked "
        "first, row counts after). Stop the web server and the task worker first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="map van `regiekamer backup` / folder made by `regiekamer backup`")
        parser.add_argument("--no-input", action="store_false", dest="interactive",
                            help="niet om bevestiging vragen / do not ask for confirmation")

    def handle(self, *args: Any, path: Path, interactive: bool, **options: Any) -> None:
        try:
            # Refuses another engine's or a damaged backup before asking anything.
            manifest = read_manifest(path, engine=connection.vendor)
        except BackupError as error:
            raise CommandError(str(error))
        self.stdout.write(f"Backup van / of {manifest['created']} ({manifest['engine']}, "
                          f"{sum(manifest['tables'].values())} rijen/rows), controlegetal/checksum ok.")
        if interactive and input("De huidige database wordt overschreven / the current database will be "
                                 "replaced. Doorgaan / go on? [ja/yes] ").strip().lower() not in {"ja", "yes", "j", "y"}:
            raise CommandError("Afgebroken, niets hersteld / cancelled, nothing restored.")
        with progress_bar(self, "restore", options["verbosity"]) as progress:
            try:
                restore(path, progress=progress)
            except BackupError as error:
                raise CommandError(str(error))
        self.stdout.write(self.style.SUCCESS(
            f"Hersteld / restored: {len(manifest['tables'])} tabellen/tables, aantallen kloppen / counts match; "
            + (f"{manifest['media']['files']} bestanden/files." if manifest["media"] else
               "de backup heeft geen bestanden, MEDIA_ROOT ongemoeid / no files in the backup, MEDIA_ROOT untouched.")
        ))
        if pending := pending_migrations():
            self.stdout.write(self.style.WARNING(
                f"De backup mist {len(pending)} migraties van deze versie; draai `regiekamer migrate` / "
                f"the backup lacks {len(pending)} migrations of this version; run `regiekamer migrate`."
            ))

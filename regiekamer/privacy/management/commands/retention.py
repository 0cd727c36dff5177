"""`regiekamer retention run [--date YYYY-MM-DD]`: the retention round on the command line.

Drafts destruction lists of what expired, executes the lists the privacy officer approved, and
anonymises what needs no approval; with a progress bar over the batches. Safe to run again, also
after it was killed half-way: every batch is one transaction.
"""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from regiekamer.privacy import services
from regiekamer.core.progress import TqdmStream


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date: geen datum (JJJJ-MM-DD) / not a date: {text!r}") from None


class Command(BaseCommand):
    help = ("Voer de bewaartermijnen uit: vernietigingslijsten opstellen en uitvoeren, anonimiseren. / "
            "Apply the retention schedule: draft and execute destruction lists, anonymise.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="run")
        run = actions.add_parser("run", help="één ronde / one round")
        run.add_argument("--date", default="", help="peildatum (standaard vandaag) / judge as of this day")
        run.add_argument("--batch-size", type=int, default=services.BATCH_SIZE)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        on = _date(options["date"]) if options["date"] else None
        with tqdm(desc="bewaren", unit=" batches", file=TqdmStream(self.stderr), mininterval=0.5,
                  disable=options["verbosity"] == 0) as bar:
            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            run = services.run_retention(on=on, started_by="opdrachtregel", batch_size=options["batch_size"],
                                         progress=progress)
        lines = [f"Bewaarrun {run.pk} ({run.on:%Y-%m-%d}): {run.get_status_display()}"]
        for action_row in run.actions.order_by("record_type", "kind"):
            lines.append(f"  {action_row.record_type:<18} {action_row.get_kind_display():<40} {action_row.count:>7}")
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))

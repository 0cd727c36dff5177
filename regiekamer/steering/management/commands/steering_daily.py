"""`regiekamer steering-daily`: the steering information's daily round (for cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from regiekamer.steering.tasks import daily


class Command(BaseCommand):
    help = ("Take today's occupancy snapshots, publish this installation's aggregate figure packages and "
            "refresh the planner statistics; with --enqueue, leave it to the background worker.")

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="queue the task for db_worker instead")

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = daily.enqueue()
            self.stdout.write(f"Queued as task {result.id}.")
            return
        counts = daily.call()
        self.stdout.write(self.style.SUCCESS(
            f"{counts['snapshot_rows']} snapshot rows, {counts['packages']} figure packages; statistics refreshed."))

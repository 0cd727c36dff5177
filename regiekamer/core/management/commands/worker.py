"""`regiekamer worker`: django-tasks-db's db_worker, with a stable worker id and, on start, a sweep of
the tasks that this worker's previous life left running when it was killed (core/orphans.py)."""

from typing import Any

from django.core.management.base import CommandParser
from django_tasks_db.management.commands.db_worker import Command as DbWorker

from regiekamer.core.orphans import default_worker_id, sweep


class Command(DbWorker):
    help = ("Voer achtergrondtaken uit (imports, risicoberekeningen); taken die een eerder gestopte worker met "
            "dezelfde id liet hangen worden eerst als mislukt gemarkeerd. / Run background tasks; tasks that a "
            "killed worker of the same id left running are marked failed first.")

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        # Stable across restarts (db_worker's default is random per start); several workers on one
        # server each need their own --worker-id (systemd: regiekamer-worker@1, @2 with %H-%i).
        parser.set_defaults(worker_id=default_worker_id())

    def handle(self, *args: Any, worker_id: str, **options: Any) -> None:
        for task_id in sweep(worker_id):
            self.stderr.write(f"Taak {task_id} bleef hangen na een onverwachte stop; gemarkeerd als mislukt. / "
                              f"Task {task_id} was left running by a killed worker; marked failed.")
        super().handle(*args, worker_id=worker_id, **options)

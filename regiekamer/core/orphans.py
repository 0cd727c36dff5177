"""Tasks that a killed worker left "running": found and marked failed when that worker starts again.

A worker that stops normally (SIGTERM) finishes its task first, and a task that raises marks its own
run failed. A worker that is killed outright (SIGKILL, the out-of-memory killer, a power cut) runs no
code at all: its task result and the run it was working on (a risk run, a delivery, a BAG import)
stay "running" for ever, and the page keeps polling a run that nobody works on. What it wrote is
safe: every such run stores its rows in one transaction, which the database rolls back.

Who may say that a task is orphaned? Not any starting worker: on PostgreSQL several workers share the
queue, and another one's task is not ours to end. But a worker id names one worker process of the
pool (django-tasks-db requires them unique), and `regiekamer worker` gives it a stable default (the
host name), so a starting worker knows that a task still "running" under its own id was left by its
previous life. Those, and only those, are marked failed, with the run they were working on.
"""

import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# The exception class path recorded on the orphaned task result (there is no real exception).
ORPHANED = "regiekamer.core.orphans.WorkerStopped"


def message() -> str:
    return _("De verwerking is afgebroken: de taakverwerker stopte onverwacht (bijvoorbeeld door een herstart "
             "van de server). Er is niets van opgeslagen; start de verwerking opnieuw.")


@dataclass(frozen=True)
class Run:
    """The model a task works on (its first argument is the row's id) and how to mark it failed."""

    model: str  # app_label.ModelName
    failed: Callable[[], dict[str, Any]]


# task path -> the run it works on. A task not listed here only gets its task result marked failed.
RUNS = {
    "regiekamer.risk.tasks.run_risk_model": Run(
        "risk.RiskRun", lambda: {"status": "failed", "error": message(), "step": _("Mislukt"),
                                 "finished_at": timezone.now()}),
    "regiekamer.exchange.tasks.process_delivery_task": Run(
        "exchange.Delivery", lambda: {"status": "failed", "finished_at": timezone.now(),
                                      "report": {"faults": [], "warnings": [], "error": message()}}),
    "regiekamer.registry.tasks.run_bag_import": Run(
        "registry.ImportRun", lambda: {"status": "failed", "error": message(), "finished_at": timezone.now(),
                                       "updated_at": timezone.now()}),
}
UNFINISHED = ("queued", "running")  # the same values in RunStatus, DeliveryStatus and ImportRun.Status


def default_worker_id() -> str:
    """The host name: stable across restarts of the one worker on a server (at most 64 characters)."""
    return socket.gethostname()[:64] or "regiekamer-worker"


def sweep(worker_id: str) -> list[str]:
    """Mark the tasks left running under this worker id failed, and their runs; returns the task ids."""
    swept = []
    with transaction.atomic():
        orphans = [task for task in DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING)
                   if task.worker_ids and task.worker_ids[-1] == worker_id]
        for task in orphans:
            run = RUNS.get(task.task_path)
            args = (task.args_kwargs or {}).get("args") or []
            if run is not None and args:
                apps.get_model(run.model).objects.filter(pk=args[0], status__in=UNFINISHED).update(**run.failed())
            DBTaskResult.objects.filter(pk=task.pk).update(
                status=TaskResultStatus.FAILED, finished_at=timezone.now(), return_value=None,
                exception_class_path=ORPHANED, traceback=message())
            logger.warning("Task %s (%s) was left running by worker %s; marked failed", task.pk, task.task_path,
                           worker_id)
            swept.append(str(task.pk))
    return swept

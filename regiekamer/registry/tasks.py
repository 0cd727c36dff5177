"""Background tasks of the registry (django.tasks; the database backend runs them in db_worker)."""

from pathlib import Path
from typing import Any

from django.tasks import task

from regiekamer.registry.bag.importer import import_bag
from regiekamer.registry.imports import execute_bag_import


@task
def import_bag_task(path: str) -> dict[str, Any]:
    """Import a BAG extract or flat CSV; the result is the import report as a dict."""
    return import_bag(path=Path(path)).as_dict()


@task
def run_bag_import(run_id: int) -> dict[str, Any]:
    """Run the import of an upload (an ImportRun), saving its progress and outcome on the run."""
    return execute_bag_import(run_id)

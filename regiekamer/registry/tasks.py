"""Background tasks of the registry (django.tasks; the database backend runs them in db_worker)."""

from pathlib import Path
from typing import Any

from django.tasks import task

from regiekamer.registry.bag.importer import import_bag


@task
def import_bag_task(path: str) -> dict[str, Any]:
    """Import a BAG extract or flat CSV; the result is the import report as a dict."""
    return import_bag(path=Path(path)).as_dict()

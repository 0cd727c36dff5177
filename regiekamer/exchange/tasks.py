"""Background tasks of the exchange (django.tasks; the database backend runs them in db_worker)."""

from typing import Any

from django.tasks import task

from .services import execute


@task
def process_delivery_task(delivery_id: int) -> dict[str, Any]:
    """Check and store an uploaded delivery, saving its progress and outcome on the Delivery."""
    return execute(delivery_id)

"""Background tasks of privacy (django.tasks; the database backend runs them in db_worker)."""

from typing import Any

from django.tasks import task

from . import inquiry, services


@task
def retention_daily() -> dict[str, Any]:
    """Meant to run daily (`regiekamer retention run` from cron, or enqueued): draft destruction
    lists, execute approved ones, anonymise what needs no approval."""
    run = services.run_retention(started_by="taak")
    return {"run": run.pk, "actions": run.actions.count()}


@task
def access_request_task(request_id: int) -> dict[str, Any]:
    """Gather everything held about one data subject into the request's ZIP."""
    return inquiry.execute(request_id)

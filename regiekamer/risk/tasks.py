"""Background tasks of the risk app (django.tasks; the database backend runs them in db_worker)."""

from django.tasks import task

from .runs import execute_run


@task
def run_risk_model(run_id: int) -> str:
    """Score every address of the run's municipality and store the scores; returns the run's status."""
    return execute_run(run_id)

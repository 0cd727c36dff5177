"""The council report's background task (django.tasks; the database backend runs it in db_worker)."""

from django.tasks import task

from .reports import execute_report


@task
def report_task(report_id: int) -> str:
    """Make the PDF, CSV and Excel file of one queued quarterly report; returns the report's status."""
    return execute_report(report_id)

"""Background tasks of the steering information (django.tasks; the database backend runs them in db_worker)."""

import datetime as dt

from django.tasks import task
from django.utils import timezone

from regiekamer.core.database import refresh_statistics
from regiekamer.registry.models import Municipality

from . import packages, snapshots


@task
def take_snapshots() -> dict[str, int]:
    """Meant to run daily: per municipality with addresses, the last month's end if it was missed
    (a past month's snapshot is final once taken) and today's snapshot of the running month.
    The result is the number of neighbourhood rows written per municipality code."""
    now = timezone.now()
    today = timezone.localdate(now)
    last_month_end = today.replace(day=1) - dt.timedelta(days=1)
    written: dict[str, int] = {}
    for municipality in Municipality.objects.filter(addresses__isnull=False).distinct().order_by("code"):
        written[municipality.code] = (snapshots.take(municipality, last_month_end, now=now)
                                      + snapshots.take(municipality, today, now=now))
    return written


@task
def daily() -> dict[str, int]:
    """The steering information's daily round: today's occupancy snapshots, this installation's
    aggregate figure packages, and fresh planner statistics for the dashboards' queries.
    Enqueue it once a day (`regiekamer steering-daily --enqueue` from cron), or run it in place."""
    written = take_snapshots.call()
    published = packages.publish_figures()
    refresh_statistics()
    return {"snapshot_rows": sum(written.values()), "packages": published}

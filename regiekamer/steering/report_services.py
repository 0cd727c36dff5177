"""Writes of the council reports: asking for one, which queues the task (report_tasks.py).

The report's body (figures, files, progress) is in reports.py, which the task calls; this module
lives apart so that it can queue the task without an import cycle.
"""

import datetime as dt
import logging

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.organisations.access import reads_municipal_figures, scope_for
from regiekamer.registry.models import Municipality

from . import report_tasks
from .models import Report, ReportStatus

logger = logging.getLogger(__name__)

FIRST_YEAR = 2000


def request_report(*, user: User, municipality: Municipality, year: int, quarter: int,
                   today: dt.date | None = None) -> Report:
    """Ask for the council report of a quarter that has begun; it is queued once committed.

    Refused (ValidationError, in Dutch) for a quarter that does not exist or has not begun, and
    while a report of the same quarter is still being made; a user who does not read the
    municipality's figures gets PermissionDenied.
    """
    if not reads_municipal_figures(scope_for(user), municipality.pk):
        raise PermissionDenied
    today = today or timezone.localdate()
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("Kies kwartaal 1, 2, 3 of 4.")}, code="quarter")
    if year < FIRST_YEAR or year > today.year:
        raise ValidationError({"year": _("Kies een jaar van %(first)s tot en met %(last)s.")
                               % {"first": FIRST_YEAR, "last": today.year}}, code="year")
    if dt.date(year, 3 * quarter - 2, 1) > today:
        raise ValidationError({"quarter": _("Het %(quarter)se kwartaal van %(year)s is nog niet begonnen.")
                               % {"quarter": quarter, "year": year}}, code="future")
    with transaction.atomic():
        busy = Report.objects.select_for_update().filter(
            municipality=municipality, year=year, quarter=quarter,
            status__in=(ReportStatus.QUEUED, ReportStatus.RUNNING))
        if busy.exists():
            raise ValidationError(_("De rapportage over het %(quarter)se kwartaal van %(year)s wordt al gemaakt; "
                                    "wacht tot die klaar is.") % {"quarter": quarter, "year": year}, code="busy")
        report = Report.objects.create(municipality=municipality, year=year, quarter=quarter, requested_by=user,
                                       requested_by_name=user.get_username())
        transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def _enqueue(report_id: int) -> None:
    try:
        report_tasks.report_task.enqueue(report_id)
    except Exception:
        logger.exception("Report %s could not be queued", report_id)
        Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
            status=ReportStatus.FAILED, finished_at=timezone.now(), step=_("Mislukt"),
            error=_("De rapportage kon niet in de wachtrij worden gezet; er is niets gemaakt. "
                    "Probeer het later opnieuw."))

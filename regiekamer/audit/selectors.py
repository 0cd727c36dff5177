import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from regiekamer.organisations.access import Scope

from .models import ProcessingLogEntry
from .services import subject_digest


def log_for(scope: Scope) -> QuerySet[ProcessingLogEntry]:
    """Log entries a privacy officer may see: processing of their municipality's data, and
    everything their own organisation did."""
    if not scope.reads_processing_log:
        return ProcessingLogEntry.objects.none()
    own = Q(organisation_id=scope.organisation_id)
    if scope.municipality_id is not None:
        return ProcessingLogEntry.objects.filter(own | Q(municipality_id=scope.municipality_id))
    if scope.region_id is not None:
        return ProcessingLogEntry.objects.filter(own | Q(municipality__region_id=scope.region_id))
    return ProcessingLogEntry.objects.filter(own)


@dataclass(frozen=True)
class LogFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actor: str = ""
    subject: str = ""
    activity: str = ""
    operation: str = ""


def filter_log(entries: QuerySet[ProcessingLogEntry], f: LogFilter) -> QuerySet[ProcessingLogEntry]:
    if f.date_from:
        entries = entries.filter(start_time__date__gte=f.date_from)
    if f.date_to:
        entries = entries.filter(start_time__date__lte=f.date_to)
    if f.actor:
        entries = entries.filter(actor_name__icontains=f.actor)
    if f.subject:
        # Subjects are stored encrypted; the keyed digest finds them without decrypting them all.
        entries = entries.filter(data_subject_digest=subject_digest(f.subject))
    if f.activity:
        entries = entries.filter(processing_activity=f.activity)
    if f.operation:
        entries = entries.filter(operation=f.operation)
    return entries

"""record() (and record_spans() for several reads at once): the one way to write the processing log."""

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from .models import Operation, ProcessingActivity, ProcessingLogEntry, SpanStatus, SubjectType


@dataclass(frozen=True)
class Subject:
    """A data subject: its identifier (pseudonym, BAG id) and the type of that identifier."""

    id: str
    type: SubjectType
    municipality_id: int | None = None


def _fernet() -> Fernet:
    key = hashlib.sha256(settings.AUDIT_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def subject_digest(subject_id: str) -> str:
    return hmac.new(settings.AUDIT_KEY.encode(), subject_id.encode(), hashlib.sha256).hexdigest()


def decrypt_subject(entry: ProcessingLogEntry) -> str:
    return _fernet().decrypt(entry.data_subject_id_encrypted.encode()).decode()


def new_trace_id() -> str:
    return secrets.token_hex(16)


def record(**span) -> list[ProcessingLogEntry]:
    """Append one span per data subject to the processing log; all share one trace (see spans())."""
    return record_spans(spans(**span))


def record_spans(*batches: list[ProcessingLogEntry]) -> list[ProcessingLogEntry]:
    """Append what spans() made for one or more reads of one request in one INSERT: a page that reads
    two kinds of personal data (the dossier and its risk score) logs both without a second query."""
    return ProcessingLogEntry.objects.bulk_create([entry for batch in batches for entry in batch])


def spans(
    *,
    actor: User | None,
    name: str,
    operation: Operation,
    activity: ProcessingActivity,
    subjects: Iterable[Subject],
    trace_id: str | None = None,
    started: datetime | None = None,
    status: SpanStatus = SpanStatus.OK,
    actor_name: str = "",
    organisation=None,
) -> list[ProcessingLogEntry]:
    """One span per data subject for the processing log, not yet saved (record() and record_spans()
    save them); all share one trace.

    Without an actor (the command line) `actor_name` and `organisation` say who processed."""
    now = timezone.now()
    membership = getattr(actor, "membership", None)
    organisation = membership.organisation if membership else organisation
    fernet = _fernet()
    trace_id = trace_id or new_trace_id()
    entries = [
        ProcessingLogEntry(
            trace_id=trace_id,
            span_id=secrets.token_hex(8),
            name=name,
            operation=operation,
            start_time=started or now,
            end_time=now,
            status=status,
            processing_activity=activity,
            data_subject_id_encrypted=fernet.encrypt(subject.id.encode()).decode(),
            data_subject_digest=subject_digest(subject.id),
            data_subject_type=subject.type,
            actor=actor,
            actor_name=actor.get_username() if actor is not None else actor_name,
            organisation=organisation,
            organisation_name=organisation.name if organisation else "",
            municipality_id=subject.municipality_id,
        )
        for subject in subjects
    ]
    return entries

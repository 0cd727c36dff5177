"""Deliveries in exchange format v1: record, check as a whole, store in one transaction.

The command line calls `deliver` (record and process at once); the browser calls `start_upload`,
which stores the zip and queues `tasks.process_delivery_task`, whose body is `execute`. Either way
`process` does the work: open the folder or zip (container.py), read every table, check every rule
(validation.py), and then either refuse (the Delivery records the report, nothing else is stored)
or store everything in one transaction (storage.py) with the counts, the history of changes and the
processing log entries of the persons whose registrations were created or changed.
"""

import getpass
import hashlib
import logging
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.core import uploads
from regiekamer.organisations.access import Reach, Scope, scope_for
from regiekamer.organisations.models import Organisation, Role
from riskengine.delivery import Fault

from .container import open_delivery, read_table
from .models import Channel, Delivery, DeliveryStatus
from .storage import Writer
from .validation import check

logger = logging.getLogger(__name__)

# Who delivers in the browser: an organisation's coordinator or administrator (the people who answer
# for what their organisation hands over), of an organisation that reads dossiers.
ROLES_THAT_DELIVER = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR})
PROGRESS_EVERY_SECONDS = 1.0

Progress = Callable[[int, str], None]


def may_deliver(scope: Scope) -> bool:
    return (scope.role in ROLES_THAT_DELIVER and scope.reach in (Reach.MUNICIPALITY, Reach.CASES)
            and scope.organisation_id is not None and (scope.municipality_id or scope.region_id) is not None)


def find_organisation(text: str) -> Organisation:
    """An organisation by id or by exact name (the command line's --organisation)."""
    organisation = None
    if text.strip().isdigit():
        organisation = Organisation.objects.filter(pk=int(text)).first()
    organisation = organisation or Organisation.objects.filter(name=text.strip()).first()
    if organisation is None:
        raise ValidationError(_("Onbekende organisatie: %(name)s") % {"name": text})
    return organisation


def fingerprint(source: Path) -> tuple[int, str]:
    """Size and SHA-256 of a zip, or of a folder's files (names and contents, in name order)."""
    digest = hashlib.sha256()
    size = 0
    paths = sorted(p for p in source.iterdir() if p.is_file()) if source.is_dir() else [source]
    for path in paths:
        if source.is_dir():
            digest.update(path.name.encode() + b"\0")
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                size += len(chunk)
                digest.update(chunk)
    return size, digest.hexdigest()


def deliver(*, source: Path, organisation: Organisation, user: User | None = None,
            progress: Progress | None = None) -> Delivery:
    """Record and process a delivery from the command line (a folder or a zip on disk)."""
    size, sha256 = fingerprint(source) if source.exists() else (0, "")
    delivery = Delivery.objects.create(
        organisation=organisation, delivered_by=user, channel=Channel.COMMAND_LINE,
        delivered_by_name=user.get_username() if user else _("opdrachtregel (%(user)s)") % {"user": getpass.getuser()},
        file_name=source.name[:255], file_size=size, sha256=sha256, status=DeliveryStatus.RUNNING,
        started_at=timezone.now())
    return process(delivery, source, progress=progress)


def process(delivery: Delivery, source: Path, *, progress: Progress | None = None) -> Delivery:
    """Check the delivery as a whole; refuse it with a report, or store it in one transaction."""
    progress = progress or (lambda percent, step: None)
    organisation = delivery.organisation
    try:
        with tempfile.TemporaryDirectory(prefix="levering-") as workdir:
            progress(5, "openen")
            opened = open_delivery(source, Path(workdir))
            faults, warnings, frames = list(opened.faults), list(opened.warnings), {}
            for n, (table, (name, path)) in enumerate(sorted(opened.files.items()) if not faults else []):
                progress(10 + 20 * n // max(len(opened.files), 1), f"{name} lezen")
                frame, table_faults = read_table(table, name, path)
                faults += table_faults
                if frame is not None:
                    frames[table] = (name, frame)
            if faults:
                return _refuse(delivery, faults, warnings, {t: f.height for t, (_, f) in frames.items()})
            progress(35, "controleren")
            checked = check(frames, organisation)
            warnings += checked.warnings
            if checked.refused:
                return _refuse(delivery, checked.faults, warnings, checked.rows)
        progress(50, "opslaan")
        with transaction.atomic():
            stored = Writer(delivery=delivery, organisation=organisation, user=delivery.delivered_by,
                            files=checked.files, progress=progress).store(checked.tables)
            delivery.status = DeliveryStatus.ACCEPTED
            delivery.rows = checked.rows
            delivery.counts = {table: counts.as_dict() for table, counts in stored.counts.items()}
            delivery.report = {"faults": [], "warnings": warnings + stored.warnings}
            delivery.progress, delivery.step, delivery.finished_at = 100, "", timezone.now()
            delivery.save()
            delivery.municipalities.set(stored.municipality_ids)
            _log_persons(delivery, stored.persons_created, Operation.CREATE)
            _log_persons(delivery, stored.persons_changed, Operation.UPDATE)
    except BaseException as error:  # also a worker stopped half-way: the delivery must not stay "running"
        logger.exception("Delivery %s failed unexpectedly", delivery.pk)
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, finished_at=timezone.now(),
            report={"faults": [], "warnings": [], "error": _(
                "Onverwachte fout tijdens de verwerking (%(kind)s); er is niets opgeslagen. Meld dit aan de "
                "beheerder van de applicatie.") % {"kind": type(error).__name__}})
        raise
    return delivery


def _refuse(delivery: Delivery, faults: list[Fault], warnings: list[str], rows: dict[str, int]) -> Delivery:
    delivery.status = DeliveryStatus.REFUSED
    delivery.rows = rows
    delivery.report = {"faults": [fault_as_dict(fault) for fault in faults], "warnings": warnings}
    delivery.progress, delivery.step, delivery.finished_at = 100, "", timezone.now()
    delivery.save()
    return delivery


def fault_as_dict(fault: Fault) -> dict[str, Any]:
    return {"file": fault.file, "row": fault.row, "column": fault.column, "rule": fault.rule,
            "message": fault.message}


def _log_persons(delivery: Delivery, persons: dict[str, int], operation: Operation) -> None:
    if not persons:
        return
    record(actor=delivery.delivered_by, actor_name=delivery.delivered_by_name, organisation=delivery.organisation,
           name="levering inlezen", operation=operation, activity=ProcessingActivity.IMPORT,
           subjects=[Subject(ref, SubjectType.PERSON, place) for ref, place in sorted(persons.items())])


# --- the browser: upload, queue, run

def upload_root() -> Path:
    return Path(getattr(settings, "UPLOAD_ROOT", Path(settings.BASE_DIR) / "var" / "uploads"))


def max_upload_bytes() -> int:
    return int(getattr(settings, "EXCHANGE_UPLOAD_MAX_BYTES", 512 * 1024**2))


def start_upload(*, actor: User, uploaded_file: UploadedFile) -> Delivery:
    """Store an uploaded zip, record a queued delivery, and queue its processing once committed."""
    scope = scope_for(actor)
    if not may_deliver(scope):
        raise PermissionDenied
    name = (uploaded_file.name or "")[:255]
    if not name.lower().endswith(".zip"):
        raise ValidationError(_("„%(name)s” is geen .zip-bestand. Lever de tabellen (CSV of Parquet) samen in "
                                "één zip.") % {"name": name}, code="type")
    if not uploaded_file.size:
        raise ValidationError(_("„%(name)s” is leeg.") % {"name": name}, code="empty")
    uploads.scan(uploaded_file)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    storage = FileSystemStorage(location=upload_root())
    stored = storage.save(f"leveringen/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.zip", uploaded_file)
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                organisation_id=scope.organisation_id, delivered_by=actor, delivered_by_name=actor.get_username(),
                channel=Channel.BROWSER, file_name=name, file_size=uploaded_file.size, sha256=digest.hexdigest(),
                upload_path=stored)
            transaction.on_commit(lambda: _enqueue(delivery.pk))
    except BaseException:
        storage.delete(stored)
        raise
    return delivery


def _enqueue(delivery_id: int) -> None:
    from .tasks import process_delivery_task  # tasks.py imports this module

    try:
        result = process_delivery_task.enqueue(delivery_id)
    except Exception:
        logger.exception("Delivery %s could not be queued", delivery_id)
        Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.QUEUED).update(
            status=DeliveryStatus.FAILED, finished_at=timezone.now(),
            report={"faults": [], "warnings": [], "error": _(
                "De levering kon niet in de wachtrij worden gezet; er is niets opgeslagen. Probeer het later opnieuw.")})
        return
    Delivery.objects.filter(pk=delivery_id).update(task_id=str(result.id)[:64])


class SavedProgress:
    """Saves percent and step on the delivery: when the step changes, at most once a second otherwise."""

    def __init__(self, delivery_id: int, clock: Callable[[], float]) -> None:
        self.delivery_id, self.clock = delivery_id, clock
        self.saved_at, self.step = float("-inf"), ""

    def __call__(self, percent: int, step: str) -> None:
        now = self.clock()
        if step == self.step and now - self.saved_at < PROGRESS_EVERY_SECONDS:
            return
        self.step, self.saved_at = step, now
        Delivery.objects.filter(pk=self.delivery_id).update(progress=max(0, min(100, percent)), step=step[:200])


def execute(delivery_id: int) -> dict[str, Any]:
    """The task's body: claim a queued delivery and process its stored zip."""

    claimed = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.RUNNING, started_at=timezone.now())
    if not claimed:  # already processed, or gone: never store a delivery twice because a task was repeated
        return {"delivery": delivery_id, "status": "skipped"}
    delivery = Delivery.objects.select_related("organisation", "delivered_by").get(pk=delivery_id)
    path = upload_root() / delivery.upload_path
    try:
        delivery = process(delivery, path, progress=SavedProgress(delivery_id, time.monotonic))
    finally:
        # The zip may hold personal data: once checked (and stored or refused) it is not kept. The
        # Delivery keeps its name, size, SHA-256 and report.
        path.unlink(missing_ok=True)
    return {"delivery": delivery_id, "status": delivery.status}

"""BAG imports started in the browser: check and store the upload, queue the import, record its progress.

`start_bag_import` runs in the request: it refuses a bad upload before storing anything, stores a
good one under settings.UPLOAD_ROOT, creates an ImportRun and queues `tasks.run_bag_import` once
the transaction commits. `execute_bag_import` is that task's body (in production it runs in
`regiekamer db_worker`): it calls the import service with a progress callback that saves the run's
counters when PROGRESS_EVERY_OBJECTS more objects were read or PROGRESS_EVERY_SECONDS passed,
whichever comes first, never per object. Messages stored on a run are Dutch, like the import's own. The import writes in one transaction after it has read everything
(bag/importer.py), so the counters saved while reading are visible to the progress page.

Who may import: a municipal organisation's administrator (`may_import_bag`); they see the runs of
their own organisation. Settings (with defaults, none required): UPLOAD_ROOT (var/uploads/) and
BAG_UPLOAD_MAX_BYTES (2 GiB).
"""

import logging
import time
import uuid
import zipfile
from codecs import getincrementaldecoder
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation, ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from regiekamer.core import uploads
from regiekamer.organisations.access import Reach, Scope, scope_for
from regiekamer.organisations.models import Role
from regiekamer.registry.bag.errors import BagImportError
from regiekamer.registry.bag.flat_csv import REQUIRED_COLUMNS
from regiekamer.registry.bag.importer import import_bag
from regiekamer.registry.bag.sources import is_extract_file
from regiekamer.registry.models import ImportRun

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 2 * 1024**3
ALLOWED_SUFFIXES = (".zip", ".xml", ".csv")
PROGRESS_EVERY_OBJECTS = 1_000
PROGRESS_EVERY_SECONDS = 1.0
_SNIFF_BYTES = 64 * 1024
_clock: Callable[[], float] = time.monotonic  # tests replace it to make the throttle deterministic


# --- who, where, how big


def may_import_bag(scope: Scope) -> bool:
    """Administrators of a municipal organisation import the BAG and see their organisation's runs."""
    return scope.reach == Reach.MUNICIPALITY and scope.role == Role.ADMINISTRATOR and scope.organisation_id is not None


def upload_root() -> Path:
    return Path(getattr(settings, "UPLOAD_ROOT", Path(settings.BASE_DIR) / "var" / "uploads"))


def max_upload_bytes() -> int:
    return int(getattr(settings, "BAG_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def stored_path(run: ImportRun) -> Path:
    """Where the run's uploaded file is on disk."""
    return upload_root() / run.upload_path


def runs_for(scope: Scope):
    """The runs this user may see: those of their own organisation, newest first."""
    if not may_import_bag(scope):
        return ImportRun.objects.none()
    return ImportRun.objects.filter(organisation_id=scope.organisation_id).order_by("-created_at", "-pk")


# --- starting an import


def too_large_message(name: str) -> str:
    return _("„%(name)s” is groter dan %(limit)s; dat is het maximum voor een upload.") % {
        "name": name, "limit": filesizeformat(max_upload_bytes())}


def validate_bag_upload(uploaded_file: UploadedFile) -> None:
    """Refuse anything that is not a BAG extract (.zip or .xml) or flat BAG CSV, judged by content too.

    Raises ValidationError with a Dutch message that names the file.
    """
    name = uploaded_file.name or ""
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError(
            _("„%(name)s” is geen .zip-, .xml- of .csv-bestand. Kies een BAG-extract (.zip of .xml) of een platte "
              "BAG-CSV (.csv).") % {"name": name}, code="type")
    if not uploaded_file.size:
        raise ValidationError(_("„%(name)s” is leeg.") % {"name": name}, code="empty")
    if uploaded_file.size > max_upload_bytes():
        raise ValidationError(too_large_message(name), code="size")
    try:
        {".zip": _check_zip, ".xml": _check_xml, ".csv": _check_csv}[suffix](uploaded_file, name)
    finally:
        uploaded_file.seek(0)


def _check_zip(uploaded_file: UploadedFile, name: str) -> None:
    # By content, not by name: the end-of-archive record and a readable table of contents.
    uploaded_file.seek(0)
    if not zipfile.is_zipfile(uploaded_file):
        raise ValidationError(_("„%(name)s” is geen zip-bestand, ook al eindigt de naam op .zip.") % {"name": name},
                              code="not_zip")
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise ValidationError(_("„%(name)s” is een beschadigd zip-bestand.") % {"name": name},
                              code="bad_zip") from error
    # A zip of zips (as Kadaster delivers the national extract) is looked into by the import itself.
    if not any(is_extract_file(member) or member.lower().endswith(".zip") for member in names):
        raise ValidationError(
            _("„%(name)s” bevat geen BAG-bestanden (WPL, OPR, NUM, VBO, PND, LIG of STA).") % {"name": name},
            code="no_bag")


def _check_xml(uploaded_file: UploadedFile, name: str) -> None:
    uploaded_file.seek(0)
    start = uploaded_file.read(1024).removeprefix(b"\xef\xbb\xbf").lstrip()
    if not start.startswith(b"<"):
        raise ValidationError(_("„%(name)s” is geen XML-bestand.") % {"name": name}, code="not_xml")


def _check_csv(uploaded_file: UploadedFile, name: str) -> None:
    uploaded_file.seek(0)
    head = uploaded_file.read(_SNIFF_BYTES)
    not_text = ValidationError(_("„%(name)s” is geen tekstbestand in UTF-8.") % {"name": name}, code="not_text")
    if b"\x00" in head:
        raise not_text
    try:
        # final=False: the sniffed bytes may end in the middle of a character.
        text = getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError as error:
        raise not_text from error
    header = [column.strip().strip('"') for column in text.splitlines()[0].split(";")] if text else []
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ValidationError(
            _("„%(name)s” is geen platte BAG-CSV: de kolommen %(columns)s ontbreken in de eerste regel.")
            % {"name": name, "columns": ", ".join(missing)}, code="columns")


def start_bag_import(*, actor: User, uploaded_file: UploadedFile) -> ImportRun:
    """Check and store the upload, record a queued run, and queue the import once the run is committed.

    A refused upload raises ValidationError and stores nothing; a user who may not import gets
    PermissionDenied (the views answer 404 before they get here).
    """
    scope = scope_for(actor)
    if not may_import_bag(scope):
        raise PermissionDenied
    validate_bag_upload(uploaded_file)
    uploads.scan(uploaded_file)
    original = (uploaded_file.name or "")[:255]
    suffix = Path(original).suffix.lower()
    # One folder per upload, so that the stored file keeps (about) the name the user knows.
    name = f"bag/{timezone.now():%Y/%m}/{uuid.uuid4().hex}/{_safe_stem(original)}{suffix}"
    storage = FileSystemStorage(location=upload_root())
    stored = storage.save(name, uploaded_file)
    try:
        with transaction.atomic():
            run = ImportRun.objects.create(
                organisation_id=scope.organisation_id, started_by=actor, started_by_name=actor.get_username(),
                file_name=original, file_size=uploaded_file.size, upload_path=stored,
            )
            transaction.on_commit(lambda: _enqueue(run.pk))
    except BaseException:
        storage.delete(stored)
        raise
    return run


def _safe_stem(name: str) -> str:
    try:
        return get_valid_filename(Path(name).stem)[:100]
    except SuspiciousFileOperation:  # nothing usable left of the name
        return "bag"


def _enqueue(run_id: int) -> None:
    from regiekamer.registry.tasks import run_bag_import  # tasks.py imports this module

    try:
        result = run_bag_import.enqueue(run_id)
    except Exception:
        logger.exception("BAG import run %s could not be queued", run_id)
        ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
            status=ImportRun.Status.FAILED,
            error="De import kon niet in de wachtrij worden gezet; er is niets opgeslagen. Probeer het later opnieuw.",
            finished_at=timezone.now(), updated_at=timezone.now())
        return
    ImportRun.objects.filter(pk=run_id).update(task_id=str(result.id)[:64])


# --- running an import (the task's body)


class ProgressRecorder:
    """The progress callback of one run: adds up objects read and saves the counter, throttled.

    It saves when at least `every_objects` more objects were read, or `every_seconds` passed, since
    the last save (so a fast import saves about once per thousand objects and a slow one still
    once a second); import_bag itself calls it in steps of a few hundred objects.
    """

    def __init__(self, run_id: int, *, every_objects: int = PROGRESS_EVERY_OBJECTS,
                 every_seconds: float = PROGRESS_EVERY_SECONDS) -> None:
        self.run_id, self.every_objects, self.every_seconds = run_id, every_objects, every_seconds
        self.read = self.saved_read = 0
        self.saved_at = _clock()
        self.saves = 0

    def __call__(self, objects: int) -> None:
        self.read += objects
        now = _clock()
        if self.read - self.saved_read >= self.every_objects or now - self.saved_at >= self.every_seconds:
            self._save(now)

    def writing(self) -> None:
        """Everything is read and checked: the total is known, and the write transaction starts."""
        now = timezone.now()
        ImportRun.objects.filter(pk=self.run_id).update(
            objects_read=self.read, objects_total=self.read, read_finished_at=now, updated_at=now)
        self.saved_read, self.saved_at = self.read, _clock()
        self.saves += 1

    def _save(self, now: float) -> None:
        ImportRun.objects.filter(pk=self.run_id).update(objects_read=self.read, updated_at=timezone.now())
        self.saved_read, self.saved_at = self.read, now
        self.saves += 1


def execute_bag_import(run_id: int) -> dict[str, Any]:
    """Run one queued import: mark it running, import with progress, mark it done or failed."""
    now = timezone.now()
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING, started_at=now, updated_at=now)
    if not claimed:  # already run, or gone: never import a file twice because a task was repeated
        logger.warning("BAG import run %s is not queued; not run again", run_id)
        return {"run": run_id, "status": "skipped"}
    run = ImportRun.objects.get(pk=run_id)
    path = stored_path(run)
    if not path.is_file():
        _finish(run_id, status=ImportRun.Status.FAILED,
                error=f"{run.file_name}: het opgeslagen bestand is niet gevonden; er is niets opgeslagen.")
        return {"run": run_id, "status": ImportRun.Status.FAILED}
    total = _count_csv_rows(path) if path.suffix.lower() == ".csv" else None
    if total is not None:
        ImportRun.objects.filter(pk=run_id).update(objects_total=total)
    recorder = ProgressRecorder(run_id)
    try:
        report = import_bag(path=path, progress=recorder, writing=recorder.writing)
    except BagImportError as error:
        _finish(run_id, status=ImportRun.Status.FAILED, objects_read=recorder.read,
                error=str(_with_original_name(error, stored=path.name, original=run.file_name)))
        return {"run": run_id, "status": ImportRun.Status.FAILED}
    except BaseException as error:  # also a worker that is stopped half-way: the run must not stay "running"
        logger.exception("BAG import run %s failed unexpectedly", run_id)
        _finish(run_id, status=ImportRun.Status.FAILED, objects_read=recorder.read,
                error=f"Onverwachte fout tijdens de import ({type(error).__name__}); er is niets opgeslagen. "
                      "Meld dit aan de beheerder van de applicatie.")
        raise
    _finish(run_id, status=ImportRun.Status.DONE, objects_read=report.read, objects_total=report.read,
            report=report.as_dict())
    return {"run": run_id, "status": ImportRun.Status.DONE}


def _finish(run_id: int, **values: Any) -> None:
    now = timezone.now()
    ImportRun.objects.filter(pk=run_id).update(finished_at=now, updated_at=now, **values)


def _with_original_name(error: BagImportError, *, stored: str, original: str) -> BagImportError:
    """The error as the user should read it: with the name of the file they uploaded."""
    file = error.file
    if stored != original and (file == stored or file.startswith(stored + "/")):
        file = original + file[len(stored):]
    return BagImportError(file=file, line=error.line, message=error.message)


def _count_csv_rows(path: Path) -> int:
    """The number of data rows of a flat CSV (lines minus the header): the total to show progress against."""
    lines, last = 0, b"\n"
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    if last != b"\n":
        lines += 1
    return max(lines - 1, 0)

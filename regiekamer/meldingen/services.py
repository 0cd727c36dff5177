"""Changes to meldingen: register (with attachments), link to a case, promote to a case, reject.

Limits on attachments are constants here, on purpose not settings: they are part of what the
intake promises its users and partners, and the Dutch messages below name them.
"""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.cases import services as case_services
from regiekamer.cases.models import Case, CaseStatus, CaseType, EventKind
from regiekamer.core import uploads
from regiekamer.organisations.models import Organisation
from regiekamer.registry.models import Address, Municipality

from .models import Melding, MeldingAttachment, MeldingCategory, MeldingSource, MeldingStatus

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # 10 MB per file: a phone photo or a scanned letter
MAX_ATTACHMENTS = 5  # per melding
MAX_DESCRIPTION = 5000
# The type of a file is read from its first bytes (magic numbers), never from its name or from
# what the browser claims: (signature, content type, extension used for storing and downloading).
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"%PDF-", "application/pdf", ".pdf"),
)
EXTENSION_BY_TYPE = {content_type: extension for _sig, content_type, extension in SIGNATURES}
# The Netherlands, generously: a map point outside this box is a typing error.
LATITUDE_RANGE = (50.6, 53.7)
LONGITUDE_RANGE = (3.2, 7.3)
EARLIEST_RECEIVED_ON = dt.date(2000, 1, 1)


def detect_type(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of JPEG, PNG or PDF bytes; None for anything else."""
    return uploads.match_signature(head, SIGNATURES)


def _check_files(files: list[File], already: int = 0) -> list[tuple[File, str, str]]:
    """Every file's size and type, before anything is stored."""
    if len(files) + already > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("Voeg ten hoogste %(max)d bijlagen toe.") % {"max": MAX_ATTACHMENTS}})
    checked, errors = [], []
    for upload in files:
        name = getattr(upload, "name", "") or _("(zonder naam)")
        if upload.size > MAX_ATTACHMENT_BYTES:
            errors.append(_("%(name)s is groter dan %(max)d MB.") % {"name": name, "max": MAX_ATTACHMENT_BYTES // 2**20})
            continue
        if upload.size == 0:
            errors.append(_("%(name)s is leeg.") % {"name": name})
            continue
        upload.seek(0)
        detected = detect_type(upload.read(16))
        upload.seek(0)
        if detected is None:
            errors.append(_("%(name)s is geen foto (JPEG of PNG) of PDF-document.") % {"name": name})
            continue
        checked.append((upload, *detected))
    if errors:
        raise ValidationError({"attachments": errors})
    return checked


def _check_fields(*, category: str, source: str, description: str, received_on: dt.date | None) -> dict:
    errors: dict[str, str] = {}
    if category not in MeldingCategory.values:
        errors["category"] = _("Kies een categorie.")
    if source not in MeldingSource.values:
        errors["source"] = _("Kies een bron.")
    if not description.strip():
        errors["description"] = _("Beschrijf wat er is gemeld.")
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = _("Een omschrijving is ten hoogste %(max)d tekens.") % {"max": MAX_DESCRIPTION}
    if received_on is None:
        errors["received_on"] = _("Vul de datum van ontvangst in.")
    elif received_on > timezone.localdate():
        errors["received_on"] = _("De datum van ontvangst ligt in de toekomst.")
    elif received_on < EARLIEST_RECEIVED_ON:
        errors["received_on"] = _("De datum van ontvangst ligt voor 2000.")
    return errors


def _check_point(latitude: float | None, longitude: float | None, municipality: Municipality | None) -> dict:
    errors: dict[str, str] = {}
    if latitude is None:
        errors["latitude"] = _("Vul een adres of een punt op de kaart (breedte- en lengtegraad) in.")
    elif not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
        errors["latitude"] = _("Deze breedtegraad ligt niet in Nederland (tussen 50,6 en 53,7).")
    if longitude is None:
        errors["longitude"] = _("Vul de lengtegraad in.")
    elif not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
        errors["longitude"] = _("Deze lengtegraad ligt niet in Nederland (tussen 3,2 en 7,3).")
    if municipality is None:
        errors["municipality"] = _("Kies de gemeente waarin het punt ligt.")
    return errors


@transaction.atomic
def register_melding(
    *, actor: User | None, category: str, source: str, description: str, received_on: dt.date | None,
    address: Address | None = None, latitude: float | None = None, longitude: float | None = None,
    municipality: Municipality | None = None, attachments: Iterable[File] = (),
    link_to: Case | None = None, promote_to: tuple[str, Organisation] | None = None, external_reference: str = "",
) -> Melding:
    """Register a melding about an address (or a map point), with its attachments; optionally join
    it at once to an open case (link_to) or to a new case (promote_to: case type, responsible).
    actor is None for a report from the public meldpunt: nobody logged in registered it."""
    description = (description or "").strip()
    errors = _check_fields(category=category, source=source, description=description, received_on=received_on)
    if address is None:
        errors.update(_check_point(latitude, longitude, municipality))
    files = list(attachments)
    try:
        checked = _check_files(files)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    for upload, _type, _extension in checked:  # last, for a melding that is otherwise right: it costs most
        uploads.scan(upload, field="attachments")
    membership = getattr(actor, "membership", None)
    melding = Melding(
        address=address, latitude=None if address else latitude, longitude=None if address else longitude,
        municipality_id=address.municipality_id if address else municipality.pk, category=category, source=source,
        description=description, received_on=received_on,
        organisation=membership.organisation if membership else None, created_by=actor,
        external_reference=external_reference.strip(),
    )
    melding.save()
    stored: list[str] = []
    try:
        for upload, content_type, extension in checked:
            attachment = MeldingAttachment(melding=melding, original_name=uploads.safe_name(upload.name, extension),
                                           content_type=content_type, size=upload.size)
            attachment.file.save(f"bijlage{extension}", upload, save=False)
            stored.append(attachment.file.name)
            attachment.save()
        if link_to is not None:
            melding = link_melding(actor=actor, melding=melding, case=link_to)
        elif promote_to is not None:
            case_type, responsible = promote_to
            melding = promote_melding(actor=actor, melding=melding, case_type=case_type, responsible=responsible)
    except BaseException:
        # The database rolls back; files on disk do not, so remove what this call wrote.
        for name in stored:
            MeldingAttachment.file.field.storage.delete(name)
        raise
    return melding


def _lock_new(melding: Melding) -> Melding:
    """Re-read the melding under a row lock; only a new melding can still be linked or rejected."""
    current = Melding.objects.select_for_update().get(pk=melding.pk)
    if current.status != MeldingStatus.NEW:
        raise ValidationError(_("Deze melding is al verwerkt (%(status)s).") % {"status": current.get_status_display()},
                              code="handled")
    return current


@transaction.atomic
def link_melding(*, actor: User, melding: Melding, case: Case) -> Melding:
    """Join a melding to an open case; the case's timeline records it."""
    melding = _lock_new(melding)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"case": _("Deze zaak is gesloten; kies een open zaak of maak een nieuwe zaak.")})
    Melding.objects.filter(pk=melding.pk).update(
        status=MeldingStatus.LINKED, case=case, handled_by=actor, handled_on=timezone.localdate(),
    )
    # The timeline is read by every partner on the case: the category and date, not the description.
    case_services.append_event(
        case=case, kind=EventKind.MELDING, actor=actor,
        text=_("Melding %(ref)s gekoppeld: %(category)s, ontvangen %(date)s (%(source)s)") % {
            "ref": melding.reference, "category": melding.get_category_display(),
            "date": f"{melding.received_on:%d-%m-%Y}", "source": melding.get_source_display(),
        },
        data={"melding": melding.pk},
    )
    melding.refresh_from_db()
    return melding


@transaction.atomic
def promote_melding(*, actor: User, melding: Melding, case_type: str, responsible: Organisation | None) -> Melding:
    """Open a new case for a melding and link the melding to it."""
    _lock_new(melding)
    errors = {}
    if melding.address_id is None:
        errors["case_type"] = _("Een melding zonder adres kan geen zaak worden: een zaak gaat over een adres.")
    elif case_type not in CaseType.values:
        errors["case_type"] = _("Kies een zaaktype.")
    if responsible is None:
        errors["responsible"] = _("Kies de verantwoordelijke organisatie.")
    if errors:
        raise ValidationError(errors)
    case = case_services.open_case(
        actor=actor, address=melding.address, case_type=case_type, responsible=responsible,
        note=_("Zaak geopend naar aanleiding van melding %(ref)s: %(type)s") % {
            "ref": melding.reference, "type": CaseType(case_type).label},
    )
    return link_melding(actor=actor, melding=melding, case=case)


@transaction.atomic
def reject_melding(*, actor: User, melding: Melding, reason: str) -> Melding:
    """Reject a melding with a reason (no case follows); it leaves the intake queue."""
    melding = _lock_new(melding)
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("Geef in een zin de reden van afwijzing.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Een reden is ten hoogste 2000 tekens.")})
    Melding.objects.filter(pk=melding.pk).update(
        status=MeldingStatus.REJECTED, rejection_reason=reason, handled_by=actor, handled_on=timezone.localdate(),
    )
    melding.refresh_from_db()
    return melding

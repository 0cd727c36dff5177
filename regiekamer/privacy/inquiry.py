"""The access request (AVG art. 15): everything the municipality holds about one data subject, as
one ZIP (a JSON file and a readable HTML summary), made in the background.

A person is found by the pseudonym the registry uses (a keyed hash of the BSN; a BSN typed in is
turned into it at once and never stored), a meldpunt reporter by their e-mail address or phone
number. The identifier is kept encrypted only until the export is made. What a person sees about
others (other residents, the texts of cases about their address) is left out: the export lists the
facts about them, and about cases at their address only the facts, never the texts.
"""

import datetime as dt
import io
import json
import logging
import re
import zipfile
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.audit.models import Operation, ProcessingActivity, ProcessingLogEntry, SubjectType
from regiekamer.audit.services import Subject, _fernet, record, subject_digest
from regiekamer.care.models import CareReferral, Trajectory
from regiekamer.cases.models import Case
from regiekamer.meldpunt.models import Report
from regiekamer.registry.models import Ownership, Registration
from regiekamer.registry.services import pseudonymise_bsn

from .models import AccessRequest, AccessStatus, SubjectKind

logger = logging.getLogger(__name__)

PSEUDONYM = re.compile(r"^[0-9a-f]{32}$")
DOWNLOAD_DAYS = 7


def normalise(kind: str, identifier: str) -> str:
    """The identifier the records hold: a BSN becomes its pseudonym. Refused in Dutch, naming the field."""
    value = identifier.strip()
    if kind == SubjectKind.BSN:
        try:
            return pseudonymise_bsn(value)
        except ValidationError:
            raise ValidationError({"identifier": _("Dit is geen geldig BSN (9 cijfers, elfproef).")}) from None
    if kind == SubjectKind.PSEUDONYM:
        if not PSEUDONYM.match(value.lower()):
            raise ValidationError({"identifier": _("Een persoonspseudoniem is 32 tekens 0-9 en a-f.")})
        return value.lower()
    if kind == SubjectKind.EMAIL:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError({"identifier": _("Dit is geen geldig e-mailadres.")}) from None
        return value.lower()
    if kind == SubjectKind.PHONE:
        digits = re.sub(r"[\s\-()]", "", value)
        if not re.fullmatch(r"\+?[0-9]{6,15}", digits):
            raise ValidationError({"identifier": _("Dit is geen geldig telefoonnummer.")})
        return digits
    raise ValidationError({"subject_kind": _("Kies hoe u de betrokkene zoekt.")})


def _day(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _person(person_ref: str, municipality_id: int) -> dict[str, list[dict[str, Any]]]:
    registrations = (Registration.objects.filter(person_ref=person_ref, address__municipality_id=municipality_id)
                     .select_related("address", "employer").order_by("start_date", "pk"))
    sections: dict[str, list[dict[str, Any]]] = {
        "inschrijvingen": [
            {"adres": str(r.address), "bag_id": r.address.bag_id, "register": r.registry,
             "vanaf": _day(r.start_date), "tot": _day(r.end_date),
             "werkgever": r.employer.name if r.employer else None} for r in registrations],
    }
    # Cases about an address where the person lived, during their stay: facts only (the texts are
    # about the address and its owner and may name others).
    stays = Q(pk__in=[])
    for r in registrations:
        overlap = Q(address_id=r.address_id) & (Q(closed_on__isnull=True) | Q(closed_on__gte=r.start_date))
        if r.end_date:
            overlap &= Q(opened_on__lte=r.end_date)
        stays |= overlap
    cases = Case.objects.filter(stays, municipality_id=municipality_id).select_related("address").order_by("opened_on", "pk")
    sections["zaken_op_uw_adres"] = [
        {"zaak": c.reference, "adres": str(c.address), "zaaktype": c.get_case_type_display(),
         "geopend": _day(c.opened_on), "gesloten": _day(c.closed_on), "status": c.get_status_display(),
         "resultaat": c.get_result_display() if c.result else None} for c in cases]
    referrals = (CareReferral.objects.filter(person_ref=person_ref, case__municipality_id=municipality_id)
                 .select_related("receiving", "referring", "case").prefetch_related("follow_ups").order_by("pk"))
    sections["doorverwijzingen_naar_zorg"] = [
        {"verwijzing": c.reference, "zaak": c.case.reference, "soort": c.get_kind_display(), "bestemming": c.destination,
         "verwijzende_organisatie": c.referring.name, "ontvangende_organisatie": c.receiving.name, "reden": c.reason,
         "urgentie": c.get_urgency_display(), "status": c.get_status_display(), "vastgelegd": _day(c.created_at),
         "gesloten": _day(c.closed_on), "uitkomst": c.get_outcome_display() if c.outcome else None,
         "toelichting_uitkomst": c.outcome_note,
         "opvolging": [{"datum": _day(f.on), "notitie": f.note, "organisatie": f.organisation_name}
                       for f in c.follow_ups.all()]} for c in referrals]
    trajectories = (Trajectory.objects.filter(person_ref=person_ref, case__municipality_id=municipality_id)
                    .select_related("case", "organisation").prefetch_related("follow_ups").order_by("pk"))
    sections["trajecten"] = [
        {"traject": t.reference, "zaak": t.case.reference, "soort": t.get_kind_display(), "aanbieder": t.provider,
         "gestart_door": t.organisation.name, "start": _day(t.started_on), "status": t.get_status_display(),
         "gesloten": _day(t.closed_on), "uitkomst": t.get_outcome_display() if t.outcome else None,
         "toelichting_uitkomst": t.outcome_note,
         "opvolging": [{"datum": _day(f.on), "notitie": f.note, "organisatie": f.organisation_name}
                       for f in t.follow_ups.all()]} for t in trajectories]
    ownerships = (Ownership.objects.filter(owner__pseudonym=person_ref, address__municipality_id=municipality_id)
                  .select_related("address").order_by("start_date", "pk"))
    sections["eigendom"] = [{"adres": str(o.address), "vanaf": _day(o.start_date), "tot": _day(o.end_date)}
                            for o in ownerships]
    # Who processed their data: organisation, activity and when (the recipients, AVG art. 15(1)(c)).
    log = ProcessingLogEntry.objects.filter(data_subject_digest=subject_digest(person_ref)).order_by("start_time", "pk")
    sections["verwerkingen"] = [
        {"tijdstip": _day(e.start_time), "organisatie": e.organisation_name, "handeling": e.name,
         "soort": e.get_operation_display(), "verwerkingsactiviteit": e.get_processing_activity_display()}
        for e in log]
    return sections


def _reporter(kind: str, contact: str, municipality_id: int) -> dict[str, list[dict[str, Any]]]:
    match = Q(contact_email__iexact=contact) if kind == SubjectKind.EMAIL else Q(contact_phone=contact)
    reports = (Report.objects.filter(match, melding__municipality_id=municipality_id)
               .select_related("melding", "melding__address").order_by("melding__received_on", "pk"))
    return {"meldingen_als_melder": [
        {"melding": r.melding.reference, "plaats": r.melding.place, "categorie": r.melding.get_category_display(),
         "ontvangen": _day(r.melding.received_on), "status": r.melding.get_status_display(),
         "omschrijving": r.melding.description, "datum_voorval": _day(r.happened_on), "taal": r.language,
         "naam": r.contact_name, "e_mailadres": r.contact_email, "telefoonnummer": r.contact_phone}
        for r in reports]}


def gather(kind: str, value: str, municipality_id: int) -> dict[str, list[dict[str, Any]]]:
    if kind in (SubjectKind.BSN, SubjectKind.PSEUDONYM):
        return _person(value, municipality_id)
    return _reporter(kind, value, municipality_id)


def build_zip(request: AccessRequest, sections: dict[str, list[dict[str, Any]]]) -> bytes:
    made = timezone.localtime()
    document = {"verzoek": request.reference, "gemeente": request.municipality.name,
                "gemaakt_op": made.isoformat(timespec="seconds"), "grondslag": "AVG artikel 15", "gegevens": sections}
    html = render_to_string("privacy/export.html", {"request": request, "made": made, "sections": sections})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("inzage.json", json.dumps(document, ensure_ascii=False, indent=2))
        archive.writestr("overzicht.html", html)
    return buffer.getvalue()


def execute(request_id: int) -> dict[str, Any]:
    """The task's body: gather, zip, log, and forget the identifier."""
    request = AccessRequest.objects.select_related("municipality", "requested_by").get(pk=request_id)
    if request.status not in (AccessStatus.QUEUED, AccessStatus.RUNNING) or not request.identifier_encrypted:
        return {"status": request.status}
    AccessRequest.objects.filter(pk=request_id).update(status=AccessStatus.RUNNING, progress=10,
                                                       step=_("Gegevens verzamelen"))
    started = timezone.now()
    try:
        value = _fernet().decrypt(request.identifier_encrypted.encode()).decode()
        sections = gather(request.subject_kind, value, request.municipality_id)
        AccessRequest.objects.filter(pk=request_id).update(progress=70, step=_("Export maken"))
        content = build_zip(request, sections)
        count = sum(len(rows) for rows in sections.values())
        with transaction.atomic():
            subject_id = value if request.subject_kind in (SubjectKind.BSN, SubjectKind.PSEUDONYM) else f"melder:{value}"
            record(actor=request.requested_by, name="Inzageverzoek (AVG art. 15): export gemaakt",
                   operation=Operation.EXPORT, activity=ProcessingActivity.ACCESS_REQUEST, started=started,
                   subjects=[Subject(subject_id, SubjectType.PERSON, request.municipality_id)])
            AccessRequest.objects.filter(pk=request_id).update(
                status=AccessStatus.DONE, progress=100, step=_("Klaar"), content=content, record_count=count,
                identifier_encrypted="", finished_at=timezone.now())
    except Exception as error:
        logger.exception("Access request %s failed", request_id)
        AccessRequest.objects.filter(pk=request_id).update(
            status=AccessStatus.FAILED, identifier_encrypted="", finished_at=timezone.now(),
            error=_("De export is mislukt (%(kind)s); dien het verzoek opnieuw in.") % {"kind": type(error).__name__})
        return {"status": AccessStatus.FAILED}
    return {"status": AccessStatus.DONE, "records": count}


def downloadable(request: AccessRequest, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (request.status == AccessStatus.DONE and request.content is not None and request.finished_at is not None
            and now - request.finished_at <= dt.timedelta(days=DOWNLOAD_DAYS))


def log_download(request: AccessRequest, user: User) -> None:
    record(actor=user, name="Inzageverzoek (AVG art. 15): export gedownload", operation=Operation.EXPORT,
           activity=ProcessingActivity.ACCESS_REQUEST,
           subjects=[Subject(f"inzageverzoek:{request.reference}", SubjectType.PERSON, request.municipality_id)])

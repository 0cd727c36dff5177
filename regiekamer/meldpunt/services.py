"""A report from the public meldpunt becomes a melding in the municipality's intake queue.

Rules, each with a message in the reporter's language (this app's catalogues):
- the topic and landlord must be ones the meldpunt handles (the others are referred before this
  is called; see topics.referral_for), with a description of what happened;
- the date of what happened is not in the future and not before 2000;
- the place is an address of the municipality (found by selectors.find_address) or a map point
  in the Netherlands, in a municipality that runs the meldpunt;
- photos and documents: the intake's own limits (meldingen.services: JPEG, PNG or PDF by their
  bytes, at most 5 files of 10 MB);
- a reporter who leaves contact details gives an e-mail address or a phone number (or both) and
  gets a reference code; an anonymous reporter's contact fields are dropped and no code is made.

Duplicates: a report is flagged (Report.duplicate_of, shown to the intake on the melding's page)
when another meldpunt report came in during the previous 24 hours on the same topic at the same
address (or within about 50 m on the map) with nearly the same text (difflib ratio of at least
0.9 after lower-casing and collapsing white space). It is stored all the same: a second reporter
of the same situation is a fact for the intake, and a repeated click costs only a flag.
"""

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.meldingen import services as meldingen
from regiekamer.meldingen.models import Melding, MeldingSource
from regiekamer.registry.models import Address, Municipality

from . import codes, selectors
from .models import Report
from .topics import LANDLORD_BY_KEY, TOPIC_BY_KEY

DUPLICATE_WINDOW = dt.timedelta(hours=24)
DUPLICATE_RATIO = 0.9
EARLIEST = dt.date(2000, 1, 1)
MIN_DESCRIPTION = 10
PHONE = re.compile(r"^\+?[0-9 ()\-]{8,20}$")


@dataclass(frozen=True)
class Submitted:
    melding: Melding
    code: str | None  # None for an anonymous report


def check_photos(files: Sequence[File]) -> list[str]:
    """The intake's limits on attachments, explained in the reporter's language."""
    if len(files) > meldingen.MAX_ATTACHMENTS:
        return [_("U kunt ten hoogste %(max)d bestanden meesturen.") % {"max": meldingen.MAX_ATTACHMENTS}]
    errors = []
    for upload in files:
        name = (getattr(upload, "name", "") or "?")[:100]
        if upload.size > meldingen.MAX_ATTACHMENT_BYTES:
            errors.append(_("%(name)s is te groot. Een bestand mag ten hoogste %(max)d MB zijn.")
                          % {"name": name, "max": meldingen.MAX_ATTACHMENT_BYTES // 2**20})
            continue
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if upload.size == 0 or meldingen.detect_type(head) is None:
            errors.append(_("%(name)s is geen foto (JPEG of PNG) of PDF-bestand.") % {"name": name})
    return errors


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def _duplicate_of(*, topic: str, address: Address | None, latitude, longitude, description: str) -> Melding | None:
    since = timezone.now() - DUPLICATE_WINDOW
    mine = _normal(description)
    for report in selectors.similar_reports(topic=topic, address=address, latitude=latitude, longitude=longitude,
                                            since=since).order_by("melding__created_at", "pk")[:50]:
        theirs = _normal(report.melding.description)
        if difflib.SequenceMatcher(None, mine, theirs).ratio() >= DUPLICATE_RATIO:
            return report.melding
    return None


def _check(*, municipality, address, latitude, longitude, topic, landlord, description, happened_on, photos,
           anonymous, email, phone, name) -> dict:
    errors: dict[str, list[str] | str] = {}
    choice = TOPIC_BY_KEY.get(topic)
    if choice is None or choice.category is None:
        errors["topic"] = _("Kies waar uw melding over gaat.")
    landlord_choice = LANDLORD_BY_KEY.get(landlord)
    if landlord_choice is None or landlord_choice.referral:
        errors["landlord"] = _("Kies wie het huis verhuurt.")
    if len(description) < MIN_DESCRIPTION:
        errors["description"] = _("Beschrijf in een paar woorden wat er is gebeurd.")
    elif len(description) > meldingen.MAX_DESCRIPTION:
        errors["description"] = _("Uw beschrijving is te lang: ten hoogste %(max)d tekens.") % {
            "max": meldingen.MAX_DESCRIPTION}
    if happened_on is None:
        errors["happened_on"] = _("Vul de datum in.")
    elif happened_on > timezone.localdate():
        errors["happened_on"] = _("Deze datum ligt in de toekomst. Vul de datum van vandaag of eerder in.")
    elif happened_on < EARLIEST:
        errors["happened_on"] = _("Deze datum ligt voor 2000. Kijk of het jaar goed is.")
    if address is None:
        if latitude is None or longitude is None:
            errors["latitude"] = _("Vul een adres in, of kies een punt op de kaart.")
        elif not (meldingen.LATITUDE_RANGE[0] <= latitude <= meldingen.LATITUDE_RANGE[1]
                  and meldingen.LONGITUDE_RANGE[0] <= longitude <= meldingen.LONGITUDE_RANGE[1]):
            errors["latitude"] = _("Dit punt ligt niet in Nederland.")
        if municipality is None:
            errors["point_municipality"] = _("Kies de gemeente waar de plek ligt.")
    photo_errors = check_photos(photos)
    if photo_errors:
        errors["photos"] = photo_errors
    if not anonymous:
        if not email and not phone:
            errors["email"] = _("Vul een e-mailadres of een telefoonnummer in. Of kies: anoniem melden.")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors["email"] = _("Dit e-mailadres klopt niet. Voorbeeld: naam@voorbeeld.nl")
        if phone and (not PHONE.match(phone) or not 8 <= sum(c.isdigit() for c in phone) <= 15):
            errors["phone"] = _("Dit telefoonnummer klopt niet. Voorbeeld: 06 12345678 of +48 123 456 789")
        if len(name) > 100:
            errors["name"] = _("Uw naam is te lang: ten hoogste 100 tekens.")
    return errors


@transaction.atomic
def submit_report(
    *, municipality: Municipality | None, address: Address | None = None, latitude: float | None = None,
    longitude: float | None = None, topic: str, landlord: str, description: str, happened_on: dt.date | None,
    photos: Sequence[File] = (), anonymous: bool, name: str = "", email: str = "", phone: str = "",
    language: str = "nl",
) -> Submitted:
    """Register a public report as a melding (source meldpunt) of the place's municipality."""
    description = (description or "").strip()
    name, email, phone = ("", "", "") if anonymous else ((name or "").strip(), (email or "").strip(),
                                                         (phone or "").strip())
    if address is not None:
        municipality = address.municipality
        latitude = longitude = None
    errors = _check(municipality=municipality, address=address, latitude=latitude, longitude=longitude, topic=topic,
                    landlord=landlord, description=description, happened_on=happened_on, photos=photos,
                    anonymous=anonymous, email=email, phone=phone, name=name)
    if errors:
        raise ValidationError(errors)
    duplicate = _duplicate_of(topic=topic, address=address, latitude=latitude, longitude=longitude,
                              description=description)
    try:
        melding = meldingen.register_melding(
            actor=None, category=TOPIC_BY_KEY[topic].category, source=MeldingSource.MELDPUNT,
            description=description, received_on=timezone.localdate(), address=address, latitude=latitude,
            longitude=longitude, municipality=municipality, attachments=photos,
        )
    except ValidationError as error:
        # The checks above match the intake's, so what is left is the virus scan's refusal of a
        # photo; the intake calls the field "attachments", this form "photos".
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError({"photos" if field == "attachments" else field: messages
                               for field, messages in error.message_dict.items()}) from error
    code = None if anonymous else codes.new_code()
    report = Report(
        melding=melding, topic=topic, landlord=landlord, happened_on=happened_on, language=language[:5],
        anonymous=anonymous, contact_name=name, contact_email=email, contact_phone=phone,
        code_digest=codes.digest(codes.normalise(code)) if code else None, duplicate_of=duplicate,
    )
    report.full_clean(exclude=["melding", "duplicate_of"])
    report.save()
    return Submitted(melding=melding, code=code)

"""Changes to the registry: each service is one atomic change, validated, and logged when it
touches personal data."""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.core.validators import validate_bsn, validate_kvk_number

from .models import Address, Employer, Owner, OwnerKind, Ownership, Registration


def pseudonymise_bsn(bsn: str) -> str:
    """The stable pseudonym of a person: a keyed hash of the (validated) BSN.

    The BSN itself is never stored. The same BSN always gives the same pseudonym under one key,
    so that registrations of one person can be linked without knowing who it is.
    """
    normalised = validate_bsn(bsn)
    return hmac.new(settings.PSEUDONYM_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()[:32]


def _not_in_future(field: str, value: dt.date) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: _("Deze datum ligt in de toekomst.")})


@transaction.atomic
def register_person(
    *, actor: User, address: Address, bsn: str, registry: str, start_date: dt.date, employer_kvk: str = "",
) -> Registration:
    """Register a person (by BSN, stored only as a pseudonym) at an address from a date."""
    try:
        person_ref = pseudonymise_bsn(bsn)
    except ValidationError as error:
        raise ValidationError({"bsn": error.messages}) from error
    _not_in_future("start_date", start_date)
    employer = None
    if employer_kvk:
        try:
            employer = Employer.objects.get(kvk_number=validate_kvk_number(employer_kvk))
        except ValidationError as error:
            raise ValidationError({"employer_kvk": error.messages}) from error
        except Employer.DoesNotExist:
            raise ValidationError({"employer_kvk": _("Er is geen werkgever met dit KvK-nummer bekend.")}) from None
    # One address at a time: an open registration elsewhere must be ended first, by a person,
    # rather than silently here.
    elsewhere = (
        Registration.objects.filter(person_ref=person_ref)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=start_date))
        .select_related("address").first()
    )
    if elsewhere is not None:
        raise ValidationError({"bsn": _(
            "Deze persoon staat vanaf %(date)s ingeschreven op %(address)s. Beëindig die inschrijving eerst."
        ) % {"date": elsewhere.start_date.strftime("%d-%m-%Y"), "address": elsewhere.address}})
    registration = Registration(
        address=address, person_ref=person_ref, registry=registry, start_date=start_date, employer=employer
    )
    registration.full_clean()
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise ValidationError(_("Deze inschrijving bestaat al.")) from None
    record(
        actor=actor, name="inschrijving vastleggen", operation=Operation.CREATE,
        activity=ProcessingActivity.DOSSIER,
        subjects=[Subject(person_ref, SubjectType.PERSON, address.municipality_id)],
    )
    return registration


@transaction.atomic
def end_registration(*, actor: User, registration: Registration, end_date: dt.date) -> Registration:
    """End a registration on a date (the person moved away or left the country)."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.end_date is not None:
        raise ValidationError(_("Deze inschrijving is al beëindigd op %(date)s.")
                              % {"date": registration.end_date.strftime("%d-%m-%Y")})
    _not_in_future("end_date", end_date)
    if end_date < registration.start_date:
        raise ValidationError({"end_date": _("De einddatum ligt voor de begindatum (%(date)s).")
                               % {"date": registration.start_date.strftime("%d-%m-%Y")}})
    registration.end_date = end_date
    registration.save(update_fields=["end_date"])
    record(
        actor=actor, name="inschrijving beëindigen", operation=Operation.UPDATE,
        activity=ProcessingActivity.DOSSIER,
        subjects=[Subject(registration.person_ref, SubjectType.PERSON, registration.address.municipality_id)],
    )
    return registration


@transaction.atomic
def record_owner(
    *, actor: User, address: Address, start_date: dt.date, kvk_number: str = "", company_name: str = "",
    bsn: str = "", replaces_current: bool = False,
) -> Ownership:
    """Record who owns (or lets) an address: a company by KvK number, or a person by BSN (pseudonymised)."""
    if bool(kvk_number) == bool(bsn):
        raise ValidationError(_("Vul een KvK-nummer (bedrijf) of een BSN (particulier) in, niet allebei."))
    _not_in_future("start_date", start_date)
    if kvk_number:
        try:
            kvk_number = validate_kvk_number(kvk_number)
        except ValidationError as error:
            raise ValidationError({"kvk_number": error.messages}) from error
        owner = Owner.objects.filter(kvk_number=kvk_number).first()
        if owner is None:
            if not company_name.strip():
                raise ValidationError({"company_name": _("Vul de naam in van dit nieuwe bedrijf.")})
            owner = Owner.objects.create(kind=OwnerKind.COMPANY, kvk_number=kvk_number, name=company_name.strip())
    else:
        try:
            pseudonym = pseudonymise_bsn(bsn)
        except ValidationError as error:
            raise ValidationError({"bsn": error.messages}) from error
        owner, _created = Owner.objects.get_or_create(kind=OwnerKind.PERSON, pseudonym=pseudonym)
    current = Ownership.objects.select_for_update().filter(address=address, end_date__isnull=True)
    if current.filter(owner=owner).exists():
        raise ValidationError(_("Deze eigenaar staat al als huidige eigenaar van dit adres geregistreerd."))
    if replaces_current:
        for ownership in current:
            if ownership.start_date and ownership.start_date >= start_date:
                raise ValidationError({"start_date": _(
                    "De huidige eigenaar is pas sinds %(date)s eigenaar; kies een latere datum."
                ) % {"date": ownership.start_date.strftime("%d-%m-%Y")}})
        current.update(end_date=start_date - dt.timedelta(days=1))
    ownership = Ownership(address=address, owner=owner, start_date=start_date)
    ownership.full_clean()
    ownership.save()
    if owner.kind == OwnerKind.PERSON:
        record(
            actor=actor, name="eigenaar vastleggen", operation=Operation.CREATE,
            activity=ProcessingActivity.DOSSIER,
            subjects=[Subject(owner.pseudonym, SubjectType.OWNER, address.municipality_id)],
        )
    return ownership

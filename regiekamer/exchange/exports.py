"""An organisation's own view in exchange format v1, for itself or for a recipient.

What is in it: exactly what the organisation's readers may open (organisations/access.py): the
addresses of `addresses_for`, with the meldingen and inspections there; registrations only when the
organisation sees persons; natural-person owners only when it sees owners' portfolios (otherwise the
companies alone, as its dossier shows). The tables are export.export_tables', so the risk engine and
analysts read the result as any delivery.

Pseudonyms (docs/adr/0007-exchange-import.md): for the organisation itself the stored person and
owner pseudonyms go out as they are (so that its own export delivered back is recognised row by
row). For any other recipient every person_ref and every natural person's owner_ref is re-keyed:
HMAC-SHA256 under PSEUDONYM_KEY of the recipient's id and the stored pseudonym. The same recipient
gets the same pseudonym in every export (its analyses over time still link); two recipients get
different ones, so they cannot link their files, and neither can go back to ours. KvK numbers are
public and stay.

Meldingen and inspections go to the organisation itself under its own ids (those it delivered them
under; for the others our reference, remembered as its id from then on): its export delivered back
changes nothing.

Every export is written to the processing log (Operation.EXPORT, ProcessingActivity.EXCHANGE): one
span per person and per natural-person owner in it, under the stored pseudonym.
"""

import datetime as dt
import hashlib
import hmac
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.organisations.access import REACH_BY_KIND, Reach, Scope
from regiekamer.organisations.models import Organisation, Role
from regiekamer.registry.models import Municipality, Owner, OwnerKind
from regiekamer.registry.selectors import addresses_for

from .export import export_tables
from .models import ExternalRef


def organisation_scope(organisation: Organisation) -> Scope:
    """What the organisation's readers see (a viewer's scope: the least role that reads dossiers)."""
    region_id = organisation.region_id
    if region_id is None and organisation.municipality_id is not None:
        region_id = organisation.municipality.region_id
    return Scope(user_id=None, organisation_id=organisation.pk, kind=organisation.kind, role=Role.VIEWER,
                 reach=REACH_BY_KIND.get(organisation.kind, Reach.NONE), municipality_id=organisation.municipality_id,
                 region_id=region_id)


def recipient_pseudonym(recipient: Organisation, ref: str) -> str:
    message = f"uitwisseling:{recipient.pk}:{ref}".encode()
    return hmac.new(settings.PSEUDONYM_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


@dataclass
class View:
    tables: dict[str, pl.DataFrame]
    persons: dict[str, int]  # stored person_ref -> municipality, for the processing log
    owners: list[str]  # stored pseudonyms of natural-person owners

    @property
    def rows(self) -> dict[str, int]:
        return {table: frame.height for table, frame in self.tables.items()}


def view(*, organisation: Organisation, recipient: Organisation, as_of: dt.date | None = None) -> View:
    """The organisation's view as exchange tables, pseudonymised for the recipient."""
    scope = organisation_scope(organisation)
    if not scope.reads_dossiers:
        raise ValidationError(_("%(name)s leest geen adresdossiers en heeft dus geen gegevens om te exporteren.")
                              % {"name": organisation.name})
    addresses = addresses_for(scope)
    as_of = as_of or timezone.localdate() + dt.timedelta(days=1)
    tables = export_tables(addresses, as_of=as_of)
    if not scope.sees_persons:
        del tables["registrations"]
    ownership = tables["ownership"]
    refs = ownership["owner_ref"].unique().to_list()
    person_owners: set[str] = set()
    for start in range(0, len(refs), 900):
        person_owners |= set(Owner.objects.filter(kind=OwnerKind.PERSON, pseudonym__in=refs[start:start + 900])
                             .values_list("pseudonym", flat=True))
    if not scope.sees_portfolio:
        ownership = ownership.filter(~pl.col("owner_ref").is_in(list(person_owners)))
        person_owners = set()
    places = dict(zip(tables["addresses"]["address_id"], tables["addresses"]["municipality_code"], strict=True))
    codes = dict(Municipality.objects.values_list("code", "pk"))
    persons = {}
    if "registrations" in tables:
        persons = {ref: codes.get(places.get(address)) for address, ref in
                   tables["registrations"].select("address_id", "person_ref").unique().iter_rows()}
    if recipient.pk != organisation.pk:
        rekey = lambda value: recipient_pseudonym(recipient, value)  # noqa: E731
        if "registrations" in tables:
            tables["registrations"] = tables["registrations"].with_columns(
                pl.col("person_ref").map_elements(rekey, return_dtype=pl.String))
        ownership = ownership.with_columns(
            pl.when(pl.col("owner_ref").is_in(list(person_owners)))
            .then(pl.col("owner_ref").map_elements(rekey, return_dtype=pl.String))
            .otherwise(pl.col("owner_ref")))
    tables["ownership"] = ownership
    if recipient.pk == organisation.pk:
        for table, column, pk_of in (("signals", "signal_id", lambda ref: int(ref[2:])),
                                     ("inspections", "inspection_id", int)):
            tables[table] = _own_ids(organisation, tables[table], table, column, pk_of)
    return View(tables=tables, persons=persons, owners=sorted(person_owners))


def _own_ids(organisation: Organisation, frame: pl.DataFrame, table: str, column: str,
             pk_of: Callable[[str], int]) -> pl.DataFrame:
    """Meldingen and inspections under the organisation's own ids: the one it delivered a row under,
    or else our reference, which from now on is its id for the row (an ExternalRef without delivery),
    so that its export delivered back is recognised row for row instead of stored twice."""
    ours = frame[column].to_list()
    pks = [pk_of(ref) for ref in ours]
    known: dict[int, str] = {}
    for start in range(0, len(pks), 900):
        known.update(ExternalRef.objects.filter(organisation=organisation, table=table,
                                                object_id__in=pks[start:start + 900])
                     .values_list("object_id", "external_id"))
    ExternalRef.objects.bulk_create(
        [ExternalRef(organisation=organisation, table=table, external_id=ref, object_id=pk)
         for ref, pk in zip(ours, pks, strict=True) if pk not in known], ignore_conflicts=True, batch_size=2_000)
    return frame.with_columns(pl.Series(column, [known.get(pk, ref) for ref, pk in zip(ours, pks, strict=True)],
                                        dtype=pl.String))


def to_bytes(frame: pl.DataFrame, file_format: str) -> bytes:
    buffer = io.BytesIO()
    if file_format == "parquet":
        frame.write_parquet(buffer)
    else:
        frame.write_csv(buffer)
    return buffer.getvalue()


def zipped(tables: dict[str, pl.DataFrame], file_format: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table, frame in tables.items():
            archive.writestr(f"{table}.{file_format}", to_bytes(frame, file_format))
    return buffer.getvalue()


def log_export(exported: View, *, organisation: Organisation, recipient: Organisation, user: User | None) -> None:
    subjects = [Subject(ref, SubjectType.PERSON, place) for ref, place in sorted(exported.persons.items())]
    subjects += [Subject(ref, SubjectType.OWNER) for ref in exported.owners]
    if subjects:
        record(actor=user, actor_name=_("opdrachtregel"), organisation=organisation,
               name=f"export voor {recipient.name}"[:120], operation=Operation.EXPORT,
               activity=ProcessingActivity.EXCHANGE, subjects=subjects)


def write_export(*, organisation: Organisation, recipient: Organisation, out: Path, file_format: str,
                 user: User | None) -> View:
    """Write the view as a folder (one file per table) or, when `out` ends in .zip, as a zip."""
    if file_format not in ("csv", "parquet"):
        raise ValidationError(_("Kies csv of parquet."))
    exported = view(organisation=organisation, recipient=recipient)
    try:
        if out.suffix.lower() == ".zip":
            out.write_bytes(zipped(exported.tables, file_format))
        else:
            out.mkdir(parents=True, exist_ok=True)
            for table, frame in exported.tables.items():
                (out / f"{table}.{file_format}").write_bytes(to_bytes(frame, file_format))
    except OSError as error:
        raise ValidationError(_("Kan %(path)s niet schrijven: %(error)s") % {"path": out, "error": error.strerror}) from None
    log_export(exported, organisation=organisation, recipient=recipient, user=user)
    return exported

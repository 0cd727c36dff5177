"""A Venlo enforcement department that delivers, and helpers to write deliveries and count what is stored."""

import io
import zipfile
from pathlib import Path

import pytest

from regiekamer.audit.models import ProcessingLogEntry
from regiekamer.exchange.models import Delivery, ExternalRef, RecordChange
from regiekamer.inspections.models import Inspection
from regiekamer.meldingen.models import Melding
from regiekamer.organisations.models import Organisation, OrganisationKind
from regiekamer.registry.models import Address, Building, Owner, Ownership, Permit, Registration
from tests.factories import municipality

# Everything a delivery can store; a refused delivery must leave every count as it was.
STORED = (Address, Building, Registration, Melding, Inspection, Owner, Ownership, Permit, ExternalRef, RecordChange,
          ProcessingLogEntry)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in STORED}


@pytest.fixture
def venlo():
    return Organisation.objects.create(name="Gemeente Venlo handhaving", kind=OrganisationKind.MUNICIPAL_ENFORCEMENT,
                                       municipality=municipality("GM0983"))


def write(folder: Path, **tables: str) -> Path:
    """A delivery folder: table name (addresses_csv -> addresses.csv) to its text."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        table, _, suffix = name.rpartition("_")
        (folder / f"{table}.{suffix}").write_text(text, encoding="utf-8")
    return folder


def zip_bytes(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


ADDRESSES = (
    "address_id,municipality_code,area_code,postcode,house_number,house_letter,street,city,building_id,"
    "floor_area_m2,usage,building_year,x,y\n"
    "0983010000000101,GM0983,BU09830101,5911 ab,12,A,Parade,Venlo,0983100000000101,80,woonfunctie,1930,209500.5,376500.25\n"
    "0983010000000102,GM0983,BU09830101,5911AB,14,,Parade,Venlo,0983100000000101,55.4,woonfunctie;winkelfunctie,1930,,\n"
)
REGISTRATIONS = (
    "address_id,person_ref,registry,start_date,end_date\n"
    "0983010000000101,p-aaaa,BRP,2024-01-01,\n"
    "0983010000000101,p-bbbb,RNI,2024-02-01,2024-06-30\n"
    "0983010000000102,p-cccc,BRP,2023-05-01,\n"
)
SIGNALS = (
    "signal_id,address_id,date,category,source\n"
    "S1,0983010000000101,2025-03-01,overbewoning,burger\n"
    "S2,0983010000000101,2025-04-01,huisvesting_klacht,politie\n"
    "S3,0983010000000102,2025-05-01,vreemd,\n"
)
INSPECTIONS = (
    "inspection_id,address_id,date,outcome,severity\n"
    "I1,0983010000000101,2025-06-01,violation,serious\n"
    "I2,0983010000000102,2025-06-02,no_violation,other\n"
)
OWNERSHIP = (
    "address_id,owner_ref,start_date,end_date\n"
    "0983010000000101,61234567,2020-01-01,\n"
    "0983010000000102,eigenaar-x,,\n"
)
PERMITS = (
    "address_id,kind,valid_from,valid_to\n"
    "0983010000000101,verhuurvergunning,2024-01-01,2028-12-31\n"
)


def full_delivery(folder: Path) -> Path:
    return write(folder, addresses_csv=ADDRESSES, registrations_csv=REGISTRATIONS, signals_csv=SIGNALS,
                 inspections_csv=INSPECTIONS, ownership_csv=OWNERSHIP, permits_csv=PERMITS)

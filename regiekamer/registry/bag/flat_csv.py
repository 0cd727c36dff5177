"""Read the flat BAG CSV ("adres plus" export of NLExtract): one semicolon-separated row per address.

The file is read row by row with the csv module, so its size does not matter. A row with
nevenadres=1 is a secondary address of an object that also has its own main row.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from django.core.exceptions import ValidationError

from regiekamer.core.validators import normalise_postcode, validate_bag_id
from regiekamer.registry.bag.errors import BagImportError
from regiekamer.registry.geo import rd_to_wgs84
from regiekamer.registry.models import AddressKind

# typeadresseerbaarobject -> (Address.kind, the type digits of its identifier)
_KINDS = {
    "verblijfsobject": (AddressKind.VERBLIJFSOBJECT, "01"),
    "ligplaats": (AddressKind.LIGPLAATS, "02"),
    "standplaats": (AddressKind.STANDPLAATS, "03"),
}
# 0/1 flag column -> gebruiksdoel as BAG spells it.
USAGE_COLUMNS = {
    "woonfunctie": "woonfunctie", "bijeenkomstfunctie": "bijeenkomstfunctie", "celfunctie": "celfunctie",
    "gezondheidszorgfunctie": "gezondheidszorgfunctie", "industriefunctie": "industriefunctie",
    "kantoorfunctie": "kantoorfunctie", "logiesfunctie": "logiesfunctie", "onderwijsfunctie": "onderwijsfunctie",
    "sportfunctie": "sportfunctie", "winkelfunctie": "winkelfunctie",
    "overige_gebruiksfunctie": "overige gebruiksfunctie",
}
REQUIRED_COLUMNS = (
    "adresseerbaarobject_id", "typeadresseerbaarobject", "nummeraanduiding_id", "openbareruimtenaam",
    "huisnummer", "huisletter", "huisnummertoevoeging", "postcode", "woonplaats",
    "adresseerbaarobject_status", "opp_adresseerbaarobject_m2", "x", "y",
)


@dataclass(frozen=True, slots=True)
class FlatRow:
    """One CSV row: the address fields, its pand (if any) and where it came from."""

    line: int
    is_secondary: bool
    municipality_code: str
    address: dict[str, Any]
    building: dict[str, Any] | None


def iter_rows(*, stream: TextIO, name: str) -> Iterator[FlatRow]:
    """Yield every row of a flat BAG CSV; raise BagImportError at the first bad one."""
    reader = csv.DictReader(stream, delimiter=";")
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        raise BagImportError(file=name, line=1, message=f"onleesbare kop ({error})") from error
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise BagImportError(file=name, line=1, message=f"kolommen ontbreken: {', '.join(missing)}")
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise BagImportError(file=name, line=reader.line_num, message=f"onleesbare regel ({error})") from error
        yield _parse_row(row=row, name=name, line=reader.line_num)


def _parse_row(*, row: dict[str | None, Any], name: str, line: int) -> FlatRow:
    def fail(message: str) -> BagImportError:
        return BagImportError(file=name, line=line, message=message)

    def text(column: str) -> str:
        return (row.get(column) or "").strip()

    def integer(column: str) -> int | None:
        value = text(column)
        if not value:
            return None
        if not value.isdigit():
            raise fail(f"{column} is geen geheel getal: {value!r}")
        return int(value)

    def number(column: str) -> float | None:
        value = text(column)
        if not value:
            return None
        try:
            return float(value)
        except ValueError:
            raise fail(f"{column} is geen getal: {value!r}") from None

    def bag_id(column: str, object_type: str, *, required: bool) -> str:
        value = text(column)
        if not value and not required:
            return ""
        try:
            return validate_bag_id(value, object_type)
        except ValidationError as error:
            raise fail(f"{error.messages[0]} ({column} {value!r})") from error

    if None in row or None in row.values():
        raise fail("verkeerd aantal kolommen")
    kind_name = text("typeadresseerbaarobject").lower()
    if kind_name not in _KINDS:
        raise fail(f"onbekend typeadresseerbaarobject {text('typeadresseerbaarobject')!r}")
    kind, type_digits = _KINDS[kind_name]
    object_id = bag_id("adresseerbaarobject_id", type_digits, required=True)
    postcode = text("postcode")
    if postcode:
        try:
            postcode = normalise_postcode(postcode)
        except ValidationError as error:
            raise fail(f"{error.messages[0]} ({postcode!r})") from error
    municipality = text("gemeentecode") or object_id[:4]
    if not (len(municipality) == 4 and municipality.isdigit()):
        raise fail(f"ongeldige gemeentecode {municipality!r}")
    floor_area = integer("opp_adresseerbaarobject_m2")
    building_year = integer("bouwjaar")
    rd_x, rd_y = number("x"), number("y")
    latitude, longitude = number("lat"), number("lon")
    if (latitude is None or longitude is None) and rd_x is not None and rd_y is not None:
        latitude, longitude = rd_to_wgs84(rd_x, rd_y)
    usage = []
    for column, purpose in USAGE_COLUMNS.items():
        flag = text(column)
        if flag not in {"", "0", "1"}:
            raise fail(f"{column} moet 0 of 1 zijn, niet {flag!r}")
        if flag == "1":
            usage.append(purpose)
    if len(text("huisletter")) > 1 or len(text("huisnummertoevoeging")) > 4:
        raise fail("huisletter is hoogstens 1 teken en huisnummertoevoeging hoogstens 4")
    pand_id = bag_id("pand_id", "10", required=False)
    address = {
        "kind": kind,
        "bag_id": object_id,
        "address_number_id": bag_id("nummeraanduiding_id", "20", required=True),
        "street": text("openbareruimtenaam"),
        "house_number": integer("huisnummer"),
        "house_letter": text("huisletter"),
        "house_number_addition": text("huisnummertoevoeging"),
        "postcode": postcode,
        "city": text("woonplaats"),
        "usage": usage,
        # For a ligplaats or standplaats this column is the area of its polygon, not a floor area.
        "floor_area_m2": floor_area if kind == AddressKind.VERBLIJFSOBJECT else None,
        "building_year": building_year,
        "status": text("adresseerbaarobject_status"),
        "rd_x": rd_x,
        "rd_y": rd_y,
        "latitude": latitude,
        "longitude": longitude,
        "building_bag_id": pand_id or None,
    }
    building = None
    if pand_id:
        building = {"bag_id": pand_id, "building_year": building_year, "status": text("pandstatus")}
    return FlatRow(line=line, is_secondary=text("nevenadres") == "1", municipality_code=municipality,
                   address=address, building=building)

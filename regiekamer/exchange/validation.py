"""Validating a delivery as a whole before anything is stored.

Two sets of rules, reported together: the exchange format's own (riskengine.delivery.from_frames:
required tables, columns and values, types, unique ids, periods, references to addresses) and the
import's, which need the registry or the delivering organisation (RULES below). Every fault names
file, row, column and rule; a single fault refuses the whole delivery.
"""

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from regiekamer.core.validators import bsn_is_valid
from regiekamer.organisations.access import SEES_PERSONS
from regiekamer.organisations.models import Organisation
from regiekamer.registry.models import Address, Municipality
from riskengine.delivery import MAX_ROWS_PER_FAULT, Fault, Refused, from_frames

# The import's own rules (the engine's are required_table, required_column, required_value, number,
# integer, date_format, enum, unique, period_order, unknown_address, unknown_table).
RULES = {
    "zip_format": "geen (heel) zip-bestand",
    "zip_path": "pad buiten de levering (absoluut, .. of een link)",
    "zip_encrypted": "versleuteld lid",
    "zip_members": "te veel bestanden in de zip",
    "zip_folders": "tabellen in geneste of verschillende mappen",
    "zip_size": "te groot uitgepakt",
    "zip_bomb": "pakt veel groter uit dan opgegeven (zip-bom)",
    "too_large": "Parquet-bestand pakt te groot uit",
    "too_many_rows": "te veel rijen",
    "nul_character": "NUL-teken in een waarde",
    "same_table_twice": "dezelfde tabel als CSV en als Parquet",
    "utf8": "geen UTF-8",
    "empty_file": "leeg bestand",
    "csv_format": "geen geldige CSV (aantal velden, aanhalingstekens)",
    "duplicate_column": "kolomnaam twee keer",
    "column_type": "kolomtype niet toegestaan (Parquet)",
    "unreadable": "niet te lezen",
    "not_found": "bestand of map bestaat niet",
    "no_territory": "organisatie zonder gemeente of regio",
    "unknown_municipality": "gemeentecode bestaat niet",
    "outside_territory": "adres buiten het gebied van de leverende organisatie",
    "bsn": "ziet eruit als een BSN (9 cijfers, elfproef)",
    "table_not_allowed": "tabel die deze organisatie niet mag leveren",
    "too_long": "langer dan het register bewaart",
    "postcode": "geen postcode (1234AB)",
    "house_number": "geen huisnummer (1 tot en met 99999)",
    "range": "buiten het toegestane bereik",
    "date_range": "datum buiten 1000-9999",
}

LENGTHS = {
    "addresses": {"address_id": 16, "municipality_code": 6, "building_id": 16, "street": 120, "city": 80,
                  "area_code": 10, "house_letter": 1, "house_number_addition": 4},
    "registrations": {"person_ref": 64},
    "signals": {"signal_id": 200},
    "inspections": {"inspection_id": 200},
    "ownership": {"owner_ref": 64},
    "permits": {"kind": 40},
}
DATES = {"registrations": ("start_date", "end_date"), "signals": ("date",), "inspections": ("date",),
         "ownership": ("start_date", "end_date"), "permits": ("valid_from", "valid_to")}
# Rows that are one fact: no two rows of a delivery may share these (the registry keeps one).
NATURAL_KEYS = {"registrations": ("address_id", "person_ref", "start_date"),
                "ownership": ("address_id", "owner_ref", "start_date"),
                "permits": ("address_id", "kind", "valid_from")}
# Columns the format does not list but our own export writes (the address as printed, in full).
EXTRA_TEXT = {"addresses": ("house_letter", "house_number_addition")}
_POSTCODE = r"^[1-9][0-9]{3}[A-Z]{2}$"
_LOWEST, _HIGHEST = dt.date(1000, 1, 1), dt.date(9999, 12, 31)


@dataclass
class Checked:
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)  # typed, ready to store
    files: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.faults)


def territory(organisation: Organisation) -> set[int]:
    """The municipalities an organisation delivers about: its own, or its region's."""
    if organisation.municipality_id is not None:
        return {organisation.municipality_id}
    if organisation.region_id is not None:
        return set(Municipality.objects.filter(region_id=organisation.region_id).values_list("pk", flat=True))
    return set()


def check(frames: dict[str, tuple[str, pl.DataFrame]], organisation: Organisation) -> Checked:
    """Every rule over every table; the typed tables when no rule is broken."""
    checked = Checked(files={table: name for table, (name, _) in frames.items()},
                      rows={table: frame.height for table, (_, frame) in frames.items()})
    try:
        delivery = from_frames({table: frame for table, (_, frame) in frames.items()})
        checked.warnings += [_with_file_names(text, checked.files) for text in delivery.warnings]
    except Refused as refused:
        checked.faults += [_located(fault, checked.files) for fault in refused.faults]
    except pl.exceptions.PolarsError as error:  # never seen; the report says so rather than a server error
        checked.faults.append(Fault("", None, None, f"niet te controleren ({type(error).__name__})", "unreadable"))
    places = territory(organisation)
    if not places:
        checked.faults.append(Fault("", None, None, "de organisatie hoort bij geen gemeente of regio en kan "
                                    "dus over geen adres leveren", "no_territory"))
    for table, (name, frame) in frames.items():
        checked.faults += _own_rules(table, name, frame, organisation, places)
    if checked.faults:
        return checked
    checked.tables = {table: _typed(table, frame) for table, (_, frame) in frames.items()}
    return checked


def _located(fault: Fault, files: dict[str, str]) -> Fault:
    """The engine's fault about a table handed over in memory, with the real file name and row."""
    if fault.file not in files:
        return fault
    name = files[fault.file]
    row = fault.row + 1 if fault.row is not None and name.endswith(".csv") else fault.row
    return Fault(name, row, fault.column, fault.message, fault.rule)


def _with_file_names(text: str, files: dict[str, str]) -> str:
    table, _, rest = text.partition(":")
    return f"{files[table]}:{rest}" if table in files else text


def _hits(name: str, frame: pl.DataFrame, mask: pl.Expr, column: str, message: str, rule: str) -> list[Fault]:
    offset = 2 if name.endswith(".csv") else 1
    found = frame.select(pl.arg_where(mask.fill_null(False)).alias("i"))["i"]
    faults = [Fault(name, int(i) + offset, column, message, rule) for i in found.head(MAX_ROWS_PER_FAULT)]
    if found.len() > MAX_ROWS_PER_FAULT:
        faults.append(Fault(name, None, column, f"{message}: nog {found.len() - MAX_ROWS_PER_FAULT} rij(en) meer",
                            rule))
    return faults


def _text(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.String)


def _date(column: str) -> pl.Expr:
    return _text(column).str.strip_chars().str.to_date("%Y-%m-%d", strict=False)


def _number(column: str) -> pl.Expr:
    return _text(column).str.strip_chars().cast(pl.Float64, strict=False)


def _own_rules(table: str, name: str, frame: pl.DataFrame, organisation: Organisation,
               places: set[int]) -> list[Fault]:
    has = set(frame.columns)
    faults: list[Fault] = []
    # A NUL character is no text: PostgreSQL cannot store it, and no register writes one.
    for column in frame.columns:
        faults += _hits(name, frame, _text(column).str.contains("\x00", literal=True), column,
                        "bevat een NUL-teken", "nul_character")
    for column, limit in LENGTHS.get(table, {}).items():
        if column in has:
            faults += _hits(name, frame, _text(column).str.len_chars() > limit, column,
                            f"langer dan {limit} tekens", "too_long")
    for column in DATES.get(table, ()):
        if column in has:
            day = _date(column)
            faults += _hits(name, frame, day.is_not_null() & ((day < _LOWEST) | (day > _HIGHEST)), column,
                            "datum buiten de jaren 1000-9999", "date_range")
    if table == "addresses":
        faults += _address_rules(name, frame, places)
    if table == "registrations":
        if organisation.kind not in SEES_PERSONS:
            faults.append(Fault(name, None, None, "deze organisatie mag geen inschrijvingen van personen zien en "
                                "dus ook niet leveren", "table_not_allowed"))
        if "person_ref" in has:
            faults += _bsn(name, frame, "person_ref")
    if table == "ownership" and "owner_ref" in has:
        faults += _bsn(name, frame, "owner_ref")
    key = NATURAL_KEYS.get(table)
    if key and set(key) <= has:
        values = [_date(c) if c in DATES[table] else _text(c) for c in key]
        duplicated = pl.struct(values).is_duplicated() & pl.all_horizontal(v.is_not_null() for v in values)
        faults += _hits(name, frame, duplicated, "+".join(key), "deze combinatie komt vaker voor; één rij per feit",
                        "unique")
    return faults


def _bsn(name: str, frame: pl.DataFrame, column: str) -> list[Fault]:
    # Never the value itself in the report: it may be somebody's BSN.
    refs = frame[column].cast(pl.String)
    looks = pl.Series([bool(ref) and len(ref) == 9 and bsn_is_valid(ref) for ref in refs.to_list()])
    return _hits(name, frame.with_columns(_looks=looks), pl.col("_looks"), column,
                 "lijkt een BSN (9 cijfers met geldige elfproef); lever een pseudoniem", "bsn")


def _address_rules(name: str, frame: pl.DataFrame, places: set[int]) -> list[Fault]:
    has = set(frame.columns)
    faults: list[Fault] = []
    if "postcode" in has:
        postcode = _postcode()
        faults += _hits(name, frame, pl.col("postcode").is_not_null() & ~postcode.str.contains(_POSTCODE),
                        "postcode", "geen postcode (vier cijfers en twee letters, 1234AB)", "postcode")
    if "house_number" in has:
        number = _text("house_number").str.strip_chars()
        faults += _hits(name, frame, number.is_not_null() & ~number.str.contains(r"^0*[1-9][0-9]{0,4}$"),
                        "house_number", "geen huisnummer (een geheel getal van 1 tot en met 99999)", "house_number")
    # Floor area and year as the registry stores them; x and y within the RD New grid of the Netherlands.
    for column, low, high in (("floor_area_m2", 0, 2_000_000_000), ("building_year", 0, 32_767),
                              ("x", -7_000, 300_000), ("y", 289_000, 629_000)):
        if column in has:
            value = _number(column)
            faults += _hits(name, frame, value.is_not_null() & ((value < low) | (value > high)), column,
                            f"buiten {low} tot en met {high}", "range")
    if "municipality_code" in has:
        codes = dict(Municipality.objects.values_list("code", "pk"))
        code = _text("municipality_code")
        known = code.is_in(list(codes))
        faults += _hits(name, frame, code.is_not_null() & (code.str.len_bytes() > 0) & ~known,
                        "municipality_code", "onbekende gemeentecode (CBS, GM en vier cijfers)", "unknown_municipality")
        inside = [code for code, pk in codes.items() if pk in places]
        faults += _hits(name, frame, known & ~code.is_in(inside), "municipality_code",
                        "gemeente buiten het gebied van de leverende organisatie", "outside_territory")
    if "address_id" in has:
        ids = [i for i in frame["address_id"].cast(pl.String).drop_nulls().unique().to_list()
               if len(i) <= 16 and "\x00" not in i]
        outside = set()
        for start in range(0, len(ids), 900):
            outside |= set(Address.objects.filter(bag_id__in=ids[start:start + 900])
                           .exclude(municipality_id__in=places).values_list("bag_id", flat=True))
        if outside:
            faults += _hits(name, frame, _text("address_id").is_in(sorted(outside)), "address_id",
                            "dit adres staat in het register bij een gemeente buiten het gebied van de leverende "
                            "organisatie", "outside_territory")
    return faults


def _postcode() -> pl.Expr:
    return _text("postcode").str.replace_all(r"\s", "").str.to_uppercase()


def _blank_to_empty(column: str) -> pl.Expr:
    return _text(column).fill_null("").alias(column)


def _typed(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The validated table in the types the models store (text blanks as '', dates as dates)."""
    has = set(frame.columns)

    def text(column: str) -> pl.Expr:
        return _blank_to_empty(column) if column in has else pl.lit("").alias(column)

    def day(column: str) -> pl.Expr:
        return _date(column).alias(column) if column in has else pl.lit(None, dtype=pl.Date).alias(column)

    def number(column: str, dtype: pl.DataType) -> pl.Expr:
        if column not in has:
            return pl.lit(None, dtype=dtype).alias(column)
        value = _number(column)
        return (value.round(0).cast(pl.Int64) if dtype == pl.Int64 else value).alias(column)

    if table == "addresses":
        return frame.select(
            text("address_id"), text("municipality_code"), text("area_code"),
            (_postcode().fill_null("") if "postcode" in has else pl.lit("")).alias("postcode"),
            number("house_number", pl.Int64), text("house_letter"), text("house_number_addition"), text("street"),
            text("city"), text("building_id"), number("floor_area_m2", pl.Int64), text("usage"),
            number("building_year", pl.Int64), number("x", pl.Float64), number("y", pl.Float64),
        )
    if table == "registrations":
        return frame.select(text("address_id"), text("person_ref"), text("registry"), day("start_date"),
                            day("end_date"))
    if table == "signals":
        return frame.select(text("signal_id"), text("address_id"), day("date"), text("category"), text("source"))
    if table == "inspections":
        return frame.select(text("inspection_id"), text("address_id"), day("date"), text("outcome"),
                            text("severity"))
    if table == "ownership":
        return frame.select(text("address_id"), text("owner_ref"), day("start_date"), day("end_date"))
    return frame.select(text("address_id"), text("kind"), day("valid_from"), day("valid_to"))

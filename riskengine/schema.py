"""Exchange format v1 as data: the tables, their columns and what each column must hold.

The single source for validation (delivery.py) and for the documentation's tables
(../shared/docs/exchange-format.md): change the format here and nowhere else.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "id", "text", "number", "integer", "date" or "choice"
    required: bool = False
    choices: tuple[str, ...] = ()


TABLES: dict[str, tuple[Column, ...]] = {
    "addresses": (
        Column("address_id", "id", required=True),
        Column("municipality_code", "text", required=True),
        Column("area_code", "text"),
        Column("postcode", "text"),
        Column("house_number", "text"),
        Column("street", "text"),
        Column("city", "text"),
        Column("building_id", "text"),
        Column("floor_area_m2", "number"),
        Column("usage", "text"),
        Column("building_year", "integer"),
        Column("units_in_building", "integer"),
        Column("x", "number"),
        Column("y", "number"),
    ),
    "registrations": (
        Column("address_id", "id", required=True),
        Column("person_ref", "id", required=True),
        Column("registry", "choice", required=True, choices=("BRP", "RNI")),
        Column("start_date", "date", required=True),
        Column("end_date", "date"),
    ),
    "signals": (
        Column("signal_id", "id", required=True),
        Column("address_id", "id", required=True),
        Column("date", "date", required=True),
        Column("category", "text", required=True),
        Column("source", "text"),
    ),
    "inspections": (
        Column("inspection_id", "id", required=True),
        Column("address_id", "id", required=True),
        Column("date", "date", required=True),
        Column("outcome", "choice", required=True, choices=("violation", "no_violation", "no_access")),
        Column("severity", "choice", choices=("serious", "other")),
    ),
    "ownership": (
        Column("address_id", "id", required=True),
        Column("owner_ref", "id", required=True),
        Column("start_date", "date"),
        Column("end_date", "date"),
    ),
    "permits": (
        Column("address_id", "id", required=True),
        Column("kind", "text", required=True),
        Column("valid_from", "date", required=True),
        Column("valid_to", "date"),
    ),
}

# Columns whose values must be unique within their table.
UNIQUE = {"addresses": "address_id", "signals": "signal_id", "inspections": "inspection_id"}
# Pairs of (start, end) columns: the end may not lie before the start.
PERIODS = {"registrations": ("start_date", "end_date"), "ownership": ("start_date", "end_date"),
           "permits": ("valid_from", "valid_to")}

# Known signal categories: an unknown one is a warning, not a refusal (it counts as "other").
SIGNAL_CATEGORIES = (
    "overbewoning", "brandveiligheid", "overlast", "uitbuiting", "illegale_verhuur",
    "huisvesting_klacht", "rechtszaak_huurder",
)
# Permit kinds that make letting to several households legitimate.
PERMIT_KINDS = ("verhuurvergunning", "omzettingsvergunning", "kamerverhuurvergunning", "snf_keurmerk")

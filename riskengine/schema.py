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
    # Read by the engine. A column that is neither used, required nor typed is not even loaded:
    # the address as printed, for example, matters to people, not to the score.
    used: bool = False

    @property
    def loaded(self) -> bool:
        return self.used or self.required or self.kind not in {"id", "text"}


TABLES: dict[str, tuple[Column, ...]] = {
    "addresses": (
        Column("address_id", "id", required=True, used=True),
        Column("municipality_code", "text", required=True, used=True),
        Column("area_code", "text", used=True),
        Column("postcode", "text"),
        Column("house_number", "text"),
        Column("street", "text"),
        Column("city", "text"),
        Column("building_id", "text"),
        Column("floor_area_m2", "number", used=True),
        Column("usage", "text", used=True),
        Column("building_year", "integer"),
        Column("units_in_building", "integer", used=True),
        Column("x", "number"),
        Column("y", "number"),
    ),
    "registrations": (
        Column("address_id", "id", required=True, used=True),
        Column("person_ref", "id", required=True),
        Column("registry", "choice", required=True, choices=("BRP", "RNI")),
        Column("start_date", "date", required=True, used=True),
        Column("end_date", "date", used=True),
    ),
    "signals": (
        Column("signal_id", "id", required=True),
        Column("address_id", "id", required=True, used=True),
        Column("date", "date", required=True, used=True),
        Column("category", "text", required=True, used=True),
        Column("source", "text"),
    ),
    "inspections": (
        Column("inspection_id", "id", required=True),
        Column("address_id", "id", required=True, used=True),
        Column("date", "date", required=True, used=True),
        Column("outcome", "choice", required=True, choices=("violation", "no_violation", "no_access"), used=True),
        Column("severity", "choice", choices=("serious", "other"), used=True),
    ),
    "ownership": (
        Column("address_id", "id", required=True, used=True),
        Column("owner_ref", "id", required=True, used=True),
        Column("start_date", "date", used=True),
        Column("end_date", "date", used=True),
    ),
    "permits": (
        Column("address_id", "id", required=True, used=True),
        Column("kind", "text", required=True, used=True),
        Column("valid_from", "date", required=True, used=True),
        Column("valid_to", "date", used=True),
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
# The category for what fits none of the above: counted with the unknown ones, but without a warning.
OTHER_CATEGORY = "overig"
# Permit kinds that make letting to several households legitimate.
PERMIT_KINDS = ("verhuurvergunning", "omzettingsvergunning", "kamerverhuurvergunning", "snf_keurmerk")

"""Small exchange-format deliveries written by hand, for tests that compute the expected values too."""

import polars as pl

ADDRESS_COLUMNS = ("address_id", "municipality_code", "area_code", "floor_area_m2", "usage", "units_in_building")


def addresses(*rows: tuple) -> pl.DataFrame:
    """rows: (address_id, municipality_code, area_code, floor_area_m2, usage, units_in_building)."""
    return pl.DataFrame([dict(zip(ADDRESS_COLUMNS, row, strict=True)) for row in rows],
                        schema={"address_id": pl.String, "municipality_code": pl.String, "area_code": pl.String,
                                "floor_area_m2": pl.Float64, "usage": pl.String, "units_in_building": pl.Int64})


def table(columns: tuple[str, ...], *rows: tuple) -> pl.DataFrame:
    return pl.DataFrame([dict(zip(columns, row, strict=True)) for row in rows],
                        schema=dict.fromkeys(columns, pl.String))


def registrations(*rows: tuple) -> pl.DataFrame:
    """rows: (address_id, person_ref, registry, start_date, end_date or None)."""
    return table(("address_id", "person_ref", "registry", "start_date", "end_date"), *rows)


def signals(*rows: tuple) -> pl.DataFrame:
    """rows: (signal_id, address_id, date, category)."""
    return table(("signal_id", "address_id", "date", "category"), *rows)


def inspections(*rows: tuple) -> pl.DataFrame:
    """rows: (inspection_id, address_id, date, outcome, severity or None)."""
    return table(("inspection_id", "address_id", "date", "outcome", "severity"), *rows)


def ownership(*rows: tuple) -> pl.DataFrame:
    """rows: (address_id, owner_ref, start_date or None, end_date or None)."""
    return table(("address_id", "owner_ref", "start_date", "end_date"), *rows)


def permits(*rows: tuple) -> pl.DataFrame:
    """rows: (address_id, kind, valid_from, valid_to or None)."""
    return table(("address_id", "kind", "valid_from", "valid_to"), *rows)

"""The application's own data in exchange format v1 (../shared/docs/exchange-format.md).

export_tables() turns a queryset of addresses into the tables the risk engine reads
(riskengine.from_frames). It exports everything that is stored, whatever its date: the engine
applies the as-of rule itself (only records dated strictly before the as-of date count). The one
exception is a melding rejected before the as-of date (see below).

What leaves the application, and what never does:
- addresses: BAG facts only (no names of anybody).
- registrations: the stored person pseudonym and the registry (BRP/RNI) with start and end date.
  Never a BSN, a name, a nationality, a country of birth or an employer: the engine scores
  addresses, and nothing about a person beyond "someone is registered here" is needed for that.
- signals: date, category and source of each melding about an address; never its description or
  attachments. A melding on a map point (no address) has no address to score and is left out.
  A melding rejected (afgewezen) with a handling date before the as-of date is left out: the
  municipality judged it not to be a signal about the address (not about housing, a duplicate...).
- inspections: recorded ones only (a planned inspection has no outcome yet).
- ownership: owner_ref is the KvK number of a company or the pseudonym of a natural person; never
  a company or person name.
- permits: kind and period of each registry.Permit at the addresses (delivered in exchange format,
  see exchange/storage.py), only when there is at least one: without a permits table the engine
  skips permit_missing and permit_expired and says so, whereas an empty one would count every
  address as "permit missing". registry.Employer.snf_certified is not exported as a `snf_keurmerk`
  permit: it says that an employer is SNF-certified today, is not a mark of an address, has no
  dates (dating today's certification back would break the as-of rule for back-tests).

Every table comes from a handful of values_list queries (no query per row): 30,000 addresses with
100,000 rows in the other tables export in about a second.
"""

import datetime as dt

import polars as pl
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, CharField, Count, F, QuerySet, When
from django.db.models.functions import Cast

from regiekamer.inspections.models import Inspection, InspectionStatus
from regiekamer.meldingen.models import Melding, MeldingCategory, MeldingStatus
from regiekamer.registry.models import Address, Ownership, OwnerKind, Permit, Registration

# Our melding categories -> exchange categories. The engine knows overbewoning, brandveiligheid,
# overlast, uitbuiting, illegale_verhuur and huisvesting_klacht by name. Both a complaint under the
# Wet goed verhuurderschap (deposit, contract, maintenance) and an unsafe dwelling (damp, wiring,
# no heating) are complaints about the housing as let: huisvesting_klacht. Pollution (rubbish,
# vermin around the house) is a nuisance to the neighbours: overlast. "Anders" is the format's
# "overig", which the engine counts under other meldingen without a warning.
SIGNAL_CATEGORY = {
    MeldingCategory.OVERCROWDING: "overbewoning",
    MeldingCategory.FIRE_SAFETY: "brandveiligheid",
    MeldingCategory.NUISANCE: "overlast",
    MeldingCategory.EXPLOITATION: "uitbuiting",
    MeldingCategory.ILLEGAL_LETTING: "illegale_verhuur",
    MeldingCategory.LANDLORD_COMPLAINT: "huisvesting_klacht",
    MeldingCategory.UNSAFE_HOUSING: "huisvesting_klacht",
    MeldingCategory.POLLUTION: "overlast",
    MeldingCategory.OTHER: "overig",
}
SIGNAL_CATEGORY_TEXT = {str(key): value for key, value in SIGNAL_CATEGORY.items()}

ADDRESS_SCHEMA = {
    "address_id": pl.String, "municipality_code": pl.String, "area_code": pl.String, "postcode": pl.String,
    "house_number": pl.String, "house_letter": pl.String, "house_number_addition": pl.String,
    "street": pl.String, "city": pl.String, "building_id": pl.String, "floor_area_m2": pl.Float64,
    "usage": pl.String, "building_year": pl.Int64, "units_in_building": pl.Int64, "x": pl.Float64,
    "y": pl.Float64,
}
REGISTRATION_SCHEMA = {"address_id": pl.String, "person_ref": pl.String, "registry": pl.String,
                       "start_date": pl.Date, "end_date": pl.Date}
SIGNAL_SCHEMA = {"signal_id": pl.String, "address_id": pl.String, "date": pl.Date, "category": pl.String,
                 "source": pl.String}
INSPECTION_SCHEMA = {"inspection_id": pl.String, "address_id": pl.String, "date": pl.Date, "outcome": pl.String,
                     "severity": pl.String}
OWNERSHIP_SCHEMA = {"address_id": pl.String, "owner_ref": pl.String, "start_date": pl.Date, "end_date": pl.Date}
PERMIT_SCHEMA = {"address_id": pl.String, "kind": pl.String, "valid_from": pl.Date, "valid_to": pl.Date}


def export_tables(addresses: QuerySet[Address], *, as_of: dt.date) -> dict[str, pl.DataFrame]:
    """Exchange format v1 tables (addresses, registrations, signals, inspections, ownership, and
    permits when there are any) for these addresses; rows of every other table refer only to these
    addresses. Rows are ordered by address id and then by date, so the same data always gives the
    same frames."""
    pks = addresses.values("pk")
    tables = {
        "addresses": _addresses(addresses),
        "registrations": _frame(
            Registration.objects.filter(address__in=pks).order_by("address__bag_id", "start_date", "person_ref")
            .values_list("address__bag_id", "person_ref", "registry", _day("start_date"), _day("end_date")),
            REGISTRATION_SCHEMA,
        ),
        "signals": _signals(pks, as_of=as_of),
        "inspections": _inspections(pks),
        "ownership": _ownership(pks),
    }
    permits = Permit.objects.filter(address__in=pks)
    if permits.exists():
        tables["permits"] = _frame(
            permits.order_by("address__bag_id", "valid_from", "kind")
            .values_list("address__bag_id", "kind", _day("valid_from"), _day("valid_to")), PERMIT_SCHEMA)
    return tables


def _day(field: str) -> Cast:
    """A date as ISO text: parsing 100,000 dates in Polars is far cheaper than in the driver."""
    return Cast(field, CharField())


def _columns(rows: QuerySet) -> list[tuple]:
    """The columns of a values_list queryset, read through the database cursor: Django's per-row
    conversion would cost more than the rest of the export together (the values are plain: strings,
    numbers, dates; JSON arrives as text on SQLite and as lists on PostgreSQL)."""
    width = len(rows.query.values_select) + len(rows.query.annotation_select)
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # an empty queryset (.none()) has no SQL
        return [()] * width
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    return list(zip(*fetched)) if fetched else [()] * width


def _series(name: str, values, dtype) -> pl.Series:
    series = pl.Series(name, list(values), strict=False)
    if dtype == pl.Date and series.dtype == pl.String:
        return series.str.to_date("%Y-%m-%d")
    return series.cast(dtype)


def _frame(rows: QuerySet, schema: dict, **replace: pl.Expr) -> pl.DataFrame:
    """A frame with the schema's columns from the queryset's columns in the same order; `replace`
    gives a column's final value as an expression over the raw columns (read as text)."""
    raw = pl.DataFrame([
        _series(name, values, pl.String if name in replace else dtype)
        for (name, dtype), values in zip(schema.items(), _columns(rows), strict=True)
    ])
    if replace:
        raw = raw.with_columns(**replace)
    return raw.select(pl.col(name).cast(dtype) for name, dtype in schema.items())


def _addresses(addresses: QuerySet[Address]) -> pl.DataFrame:
    columns = _columns(addresses.order_by("bag_id").values_list(
        "bag_id", "municipality__code", "area_code", "postcode", "house_number", "house_letter",
        "house_number_addition", "street", "city", "building_id", "building__bag_id", "floor_area_m2", "usage",
        "building_year", "building__building_year", "rd_x", "rd_y",
    ))
    (bag_id, municipality, area, postcode, number, letter, addition, street, city, building_pk, building_bag,
     floor_area, usage, year, building_year, x, y) = columns
    # Units in the same building count every address of the building, also those outside the queryset.
    units = _columns(
        Address.objects.filter(building__in=addresses.exclude(building=None).values("building"))
        .order_by().values("building").annotate(n=Count("pk")).values_list("building", "n")
    )
    raw = pl.DataFrame([
        _series("address_id", bag_id, pl.String), _series("municipality_code", municipality, pl.String),
        _series("area", area, pl.String), _series("postcode", postcode, pl.String),
        _series("house_number", number, pl.Int64), _series("house_letter", letter, pl.String),
        _series("house_number_addition", addition, pl.String), _series("street", street, pl.String),
        _series("city", city, pl.String), _series("building_pk", building_pk, pl.Int64),
        _series("building_id", building_bag, pl.String), _series("floor_area_m2", floor_area, pl.Float64),
        # JSON arrives as text (SQLite) or as a list (PostgreSQL); either way a list of strings.
        _usage(usage),
        _series("year", year, pl.Int64), _series("building_year", building_year, pl.Int64),
        _series("x", x, pl.Float64), _series("y", y, pl.Float64),
    ])
    counts = pl.DataFrame([
        _series("building_pk", units[0], pl.Int64), _series("units_in_building", units[1], pl.Int64),
    ])
    blank = [name for name, dtype in ADDRESS_SCHEMA.items() if dtype == pl.String]
    return (
        raw.join(counts, on="building_pk", how="left", maintain_order="left")
        .with_columns(
            area_code=pl.when(pl.col("area") != "").then(pl.col("area")).otherwise(pl.col("postcode").str.slice(0, 4)),
            house_number=pl.col("house_number").cast(pl.String),
            building_year=pl.coalesce("year", "building_year"),
        )
        .with_columns(pl.when(pl.col(name) != "").then(pl.col(name)) for name in blank if name != "house_number")
        .select(pl.col(name).cast(dtype) for name, dtype in ADDRESS_SCHEMA.items())
    )


def _usage(values: tuple) -> pl.Series:
    """BAG gebruiksdoelen joined by ";" (None when there are none)."""
    if values and isinstance(values[0], list):
        return pl.Series("usage", [";".join(value) or None for value in values], dtype=pl.String)
    decoded = pl.Series("usage", values, dtype=pl.String).str.json_decode(pl.List(pl.String))
    return decoded.list.join(";").replace("", None)


def _signals(pks: QuerySet, *, as_of: dt.date) -> pl.DataFrame:
    rows = (
        Melding.objects.filter(address__in=pks)
        .exclude(status=MeldingStatus.REJECTED, handled_on__lt=as_of)
        .order_by("address__bag_id", "received_on", "pk")
        .values_list("pk", "address__bag_id", _day("received_on"), "category", "source")
    )
    return _frame(rows, SIGNAL_SCHEMA, signal_id=pl.format("M-{}", pl.col("signal_id").str.zfill(6)),
                  category=pl.col("category").replace(SIGNAL_CATEGORY_TEXT),
                  source=pl.when(pl.col("source") != "").then(pl.col("source")))


def _inspections(pks: QuerySet) -> pl.DataFrame:
    rows = (
        Inspection.objects.filter(address__in=pks, status=InspectionStatus.RECORDED)
        .order_by("address__bag_id", "inspected_on", "pk")
        .values_list("pk", "address__bag_id", _day("inspected_on"), "outcome", "severity")
    )
    return _frame(rows, INSPECTION_SCHEMA,
                  severity=pl.when(pl.col("severity") != "").then(pl.col("severity")))


def _ownership(pks: QuerySet) -> pl.DataFrame:
    rows = (
        Ownership.objects.filter(address__in=pks)
        .order_by("address__bag_id", F("start_date").asc(nulls_first=True), "pk")
        .values_list("address__bag_id", Case(When(owner__kind=OwnerKind.COMPANY, then=F("owner__kvk_number")),
                                             default=F("owner__pseudonym")), _day("start_date"), _day("end_date"))
    )
    return _frame(rows, OWNERSHIP_SCHEMA)

"""Reading and validating an exchange-format v1 delivery (a folder, or frames handed over in memory).

A delivery is checked whole before anything is used: a fault refuses it with a report naming file,
row and column (the row is the line number in a CSV file, header = line 1; the row number in a
Parquet file); warnings do not refuse it and travel with the result. Every table that refers to an
address gets `idx`, the address's row number in `addresses`, so that the indicators count with
integer arrays instead of joining strings again and again.
"""

import functools
import operator
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

try:  # Parquet statistics (optional: without pyarrow every column is read and checked)
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError:  # pragma: no cover - pyarrow is installed wherever the tests run
    pa = pq = None

from .schema import OTHER_CATEGORY, PERIODS, PERMIT_KINDS, SIGNAL_CATEGORIES, TABLES, UNIQUE, Column

# Enough to fix a delivery from; a file with a million faults is reported by its first ones.
MAX_ROWS_PER_FAULT = 20


@dataclass(frozen=True)
class Fault:
    file: str
    row: int | None  # None: the fault is the file's or the column's, not one row's
    column: str | None
    message: str
    # A short stable code of the rule broken (required_column, unique, date_format, enum,
    # unknown_address, period_order...), for reports that are read by programs too.
    rule: str = ""

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column:
            where.append(f"kolom {self.column}")
        return f"{', '.join(where)}: {self.message}"


class Refused(Exception):
    """The delivery breaks the exchange format; nothing of it may be used."""

    def __init__(self, faults: list[Fault]):
        self.faults = faults
        super().__init__(self.report())

    def report(self) -> str:
        lines = [f"Levering geweigerd: {len(self.faults)} fout(en)."]
        lines += [f"- {fault}" for fault in self.faults]
        return "\n".join(lines)


@dataclass
class Delivery:
    tables: dict[str, pl.DataFrame]
    files: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    # The address ids as integers, in row order, when they are all digits of one length (else None).
    numeric_ids: np.ndarray | None = None

    @property
    def addresses(self) -> pl.DataFrame:
        return self.tables["addresses"]


def read_delivery(folder: str | Path) -> Delivery:
    """Read every table of the folder (CSV or Parquet), then validate as from_frames does."""
    folder = Path(folder)
    if not folder.is_dir():
        raise Refused([Fault(str(folder), None, None, "map bestaat niet", "folder_missing")])
    frames: dict[str, pl.DataFrame] = {}
    files: dict[str, str] = {}
    proven: dict[str, set[str]] = {}
    faults: list[Fault] = []
    for name in TABLES:
        found = [p for p in (folder / f"{name}.csv", folder / f"{name}.parquet") if p.exists()]
        if len(found) == 2:
            faults.append(Fault(f"{name}.csv", None, None, f"zowel {name}.csv als {name}.parquet: lever er één",
                                 "same_table_twice"))
            continue
        if not found:
            continue
        path = found[0]
        wanted = [column.name for column in TABLES[name] if column.loaded]
        try:
            if path.suffix == ".csv":
                header = pl.read_csv(path, n_rows=0, infer_schema=False).columns
                frames[name] = pl.read_csv(path, infer_schema=False, encoding="utf8",
                                           columns=[c for c in wanted if c in header] or header[:1])
            else:
                header = pl.read_parquet_schema(path)
                proven[name] = _proven_by_statistics(path, name, header)
                frames[name] = pl.read_parquet(path, columns=[c for c in wanted if c in header and c not in proven[name]])
        except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as error:
            faults.append(Fault(path.name, None, None, f"niet te lezen ({_short(error)})", "unreadable"))
            continue
        files[name] = path.name
    if faults:
        raise Refused(faults)
    return _validated(frames, files, proven)


def _proven_by_statistics(path: Path, name: str, header: Mapping[str, pl.DataType]) -> set[str]:
    """Columns read only to be checked for blanks, whose Parquet statistics already prove there are none.

    person_ref, for one, is required but never used: eighteen million strings read and decoded only to
    find that none is missing. Every row group's statistics saying "no nulls" and a minimum above the
    empty string prove the same. Without statistics (or when they do not prove it) the column is read
    and checked as any other. A column that must be unique or parsed is always read.
    """
    candidates = [c.name for c in TABLES[name] if c.required and not c.used and c.kind in {"id", "text"}
                  and c.name != UNIQUE.get(name) and c.name in header]
    if not candidates or pq is None:
        return set()
    try:
        metadata = pq.ParquetFile(path).metadata
    except (OSError, pa.ArrowException):
        return set()
    where = {metadata.schema.column(i).path: i for i in range(metadata.num_columns)}
    proven = set()
    for column in candidates:
        if column not in where:
            continue
        i = where[column]
        text = metadata.schema.column(i).physical_type == "BYTE_ARRAY"
        for group in range(metadata.num_row_groups):
            stats = metadata.row_group(group).column(i).statistics
            if stats is None or not stats.has_null_count or stats.null_count != 0:
                break
            if text and (not stats.has_min_max or len(stats.min) == 0):
                break
        else:
            proven.add(column)
    return proven


def from_frames(frames: Mapping[str, pl.DataFrame]) -> Delivery:
    """Validate tables handed over in memory (the application's export) exactly like a folder."""
    unknown = sorted(set(frames) - set(TABLES))
    if unknown:
        raise Refused([Fault(name, None, None, "onbekende tabel", "unknown_table") for name in unknown])
    return _validated(dict(frames), {name: name for name in frames}, {})


def _short(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__


def _validated(frames: dict[str, pl.DataFrame], files: dict[str, str], proven: dict[str, set[str]]) -> Delivery:
    if "addresses" not in frames:
        raise Refused([Fault("addresses.csv", None, None, "de tabel addresses is verplicht en ontbreekt",
                              "required_table")])
    faults: list[Fault] = []
    warnings: list[str] = []
    tables: dict[str, pl.DataFrame] = {}
    for name, frame in frames.items():
        file = files[name]
        offset = 2 if file.endswith(".csv") else 1  # CSV: the header is line 1
        table, table_faults = _typed(name, file, frame, offset, proven.get(name, set()))
        faults += table_faults
        if table is not None:
            tables[name] = table
    if faults:
        raise Refused(faults)
    keys = _sorted_keys(tables["addresses"]["address_id"])
    faults += _check_unique(tables, files, keys)
    faults += _check_periods(tables, files)
    tables = _link_addresses(tables, files, faults, keys)
    if faults:
        raise Refused(faults)
    warnings += _warnings(tables, files)
    numeric_ids = None
    if keys is not None:
        numeric_ids = np.empty(len(keys.keys), dtype=np.int64)
        numeric_ids[keys.rows] = keys.keys
    return Delivery(tables=_used_only(tables), files=files, warnings=warnings, numeric_ids=numeric_ids)


def _rows(frame: pl.DataFrame, mask: pl.Expr, offset: int) -> tuple[list[int], int]:
    """The first row numbers where mask holds, and how many there are."""
    hits = frame.select(pl.arg_where(mask).alias("i"))["i"]
    return [int(i) + offset for i in hits.head(MAX_ROWS_PER_FAULT)], hits.len()


def _faults(file: str, column: str, message: str, rows: list[int], total: int, rule: str = "") -> list[Fault]:
    faults = [Fault(file, row, column, message, rule) for row in rows]
    if total > len(rows):
        faults.append(Fault(file, None, column, f"{message}: nog {total - len(rows)} rij(en) meer", rule))
    return faults


def _typed(name: str, file: str, frame: pl.DataFrame, offset: int,
           proven: set[str] | frozenset[str] = frozenset()) -> tuple[pl.DataFrame | None, list[Fault]]:
    """The table with the format's columns in their types; faults for what cannot be read.

    `proven`: columns not read because the file's statistics prove them present and never blank.
    """
    spec = TABLES[name]
    missing = [c.name for c in spec if c.required and c.name not in frame.columns and c.name not in proven]
    if missing:
        return None, [Fault(file, None, column, "verplichte kolom ontbreekt", "required_column") for column in missing]
    faults: list[Fault] = []
    columns: list[pl.Expr] = []
    # (column, mask of the rows at fault, message, a cheaper mask that holds at least where it does or None)
    checks: list[tuple[Column, pl.Expr, str, pl.Expr | None, str]] = []
    for column in spec:
        if not column.loaded or column.name in proven:
            continue
        if column.name not in frame.columns:
            columns.append(pl.lit(None, dtype=_dtype(column)).alias(column.name))
            continue
        parsed, problem, bound = _parse(column, frame.schema[column.name])
        columns.append(parsed.alias(column.name))
        if problem is not None:
            checks.append((column, problem, _wrong_value(column), bound, RULE_OF_KIND.get(column.kind, "value")))
        if column.required:
            checks.append((column, _blank(column, frame.schema[column.name]), "verplichte waarde ontbreekt", None,
                           "required_value"))
    # One pass counts every check (by its cheaper bound where it has one); only a check that may fail
    # is counted exactly, and only one that fails is run again to find its rows.
    counts = (frame.select([(mask if bound is None else bound).sum().alias(str(n))
                            for n, (_, mask, _, bound, _) in enumerate(checks)]).row(0) if checks else ())
    for (column, mask, message, bound, rule), count in zip(checks, counts, strict=True):
        if count and bound is not None:
            count = frame.select(mask.sum()).item()
        if count:
            rows, total = _rows(frame, mask, offset)
            faults += _faults(file, column.name, message, rows, total, rule)
    if faults:
        return None, faults
    return frame.select(columns), []


def _used_only(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Once validated, a table keeps what the engine reads (and idx); identifiers of rows are dropped."""
    kept = {}
    for name, table in tables.items():
        used = [c.name for c in TABLES[name] if c.used and (name == "addresses" or c.name != "address_id")]
        kept[name] = table.select(*(["idx"] if "idx" in table.columns else []), *used)
    return kept


def _dtype(column: Column) -> pl.DataType:
    return {"number": pl.Float64, "integer": pl.Int64, "date": pl.Date}.get(column.kind, pl.String)()


def _blank(column: Column, dtype: pl.DataType) -> pl.Expr:
    value = pl.col(column.name)
    if dtype == pl.String:
        return value.is_null() | (value.str.len_bytes() == 0)
    return value.is_null()


# The rule a value breaks when it does not parse as its column's kind.
RULE_OF_KIND = {"number": "number", "integer": "integer", "date": "date_format", "choice": "enum"}


def _wrong_value(column: Column) -> str:
    return {
        "number": "geen getal",
        "integer": "geen geheel getal",
        "date": "geen datum (JJJJ-MM-DD)",
        "choice": f"toegestaan zijn {', '.join(column.choices)}",
    }.get(column.kind, "ongeldige waarde")


def _parse(column: Column, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr | None, pl.Expr | None]:
    """The parsed column, a mask of rows whose value is present but does not parse, and (or None) a
    cheaper mask that holds wherever that one does."""
    raw = pl.col(column.name)
    text = raw.cast(pl.String).str.strip_chars()
    present = raw.is_not_null() & (text != "") if dtype == pl.String else raw.is_not_null()
    if column.kind in {"id", "text"}:
        # Taken as delivered: stripping millions of identifiers costs seconds, and an identifier
        # with stray spaces is refused where it must match (an address id) or is harmless.
        return raw.cast(pl.String), None, None
    if column.kind == "choice":  # exactly one of the listed values, as the format spells them
        # Stripping eighteen million registry values only to find them all BRP or RNI costs a second:
        # rows outside the choices are counted first, and "present" only checked among those.
        value = raw.cast(pl.String)
        # A comparison per choice (there are two or three): twice as fast as is_in's hashing.
        outside = functools.reduce(operator.and_, (value != choice for choice in column.choices))
        return value, present & outside, raw.is_not_null() & outside
    if column.kind == "date":
        if dtype == pl.Date:
            return raw, None, None
        if isinstance(dtype, pl.Datetime):
            return raw.dt.date(), None, None
        value = text.str.to_date("%Y-%m-%d", strict=False)
        return value, present & value.is_null(), None
    if column.kind == "number":
        value = raw.cast(pl.Float64, strict=False) if dtype.is_numeric() else text.cast(pl.Float64, strict=False)
        return value, present & (value.is_null() | value.is_nan() | value.is_infinite()), None
    # integer: "12" and "12.0" are both twelve; "12.5" is not an integer
    if dtype in (pl.Int8, pl.Int16, pl.Int32, pl.UInt8, pl.UInt16, pl.UInt32):
        return raw.cast(pl.Int64), None, None  # whole by type, and exact as a double too: nothing to check
    number = raw.cast(pl.Float64, strict=False) if dtype.is_numeric() else text.cast(pl.Float64, strict=False)
    whole = number.is_not_null() & number.is_finite() & (number == number.round(0))
    return pl.when(whole).then(number.cast(pl.Int64)).otherwise(None), present & ~whole, None


def _check_unique(tables: dict[str, pl.DataFrame], files: dict[str, str], keys: "SortedKeys | None") -> list[Fault]:
    faults: list[Fault] = []
    for name, column in UNIQUE.items():
        if name not in tables or (name == "addresses" and keys is not None and keys.unique):
            continue
        if tables[name][column].n_unique() == tables[name].height:
            continue  # counting distinct values is cheaper than marking duplicates; only a fault needs its rows
        offset = 2 if files[name].endswith(".csv") else 1
        rows, total = _rows(tables[name], pl.col(column).is_duplicated(), offset)
        if total:
            faults += _faults(files[name], column, "waarde komt vaker voor; moet uniek zijn", rows, total,
                              "unique")
    return faults


def _check_periods(tables: dict[str, pl.DataFrame], files: dict[str, str]) -> list[Fault]:
    faults: list[Fault] = []
    for name, (start, end) in PERIODS.items():
        if name not in tables:
            continue
        offset = 2 if files[name].endswith(".csv") else 1
        rows, total = _rows(tables[name], pl.col(end) < pl.col(start), offset)
        if total:
            faults += _faults(files[name], end, f"ligt vóór {start}", rows, total, "period_order")
    return faults


@dataclass(frozen=True)
class SortedKeys:
    """Numeric address ids, sorted, with the row each came from."""

    keys: np.ndarray
    rows: np.ndarray
    length: int
    unique: bool

    def frame(self) -> pl.DataFrame:
        """The keys (sorted, and said to be) with the row each came from, to join on."""
        return pl.DataFrame({"k": self.keys, "idx": self.rows.astype(np.uint32)}).with_columns(pl.col("k").set_sorted())


def _sorted_keys(ids: pl.Series) -> SortedKeys | None:
    numeric = _digits(ids, None)
    if numeric is None:
        return None
    keys = numeric[0]
    if len(keys) < 2 or bool((keys[1:] >= keys[:-1]).all()):
        rows = np.arange(len(keys))  # delivered in id order, as a BAG export is: nothing to sort
    else:
        rows = np.argsort(keys, kind="stable")
        keys = keys[rows]
    return SortedKeys(keys, rows, numeric[1], not bool((keys[1:] == keys[:-1]).any()))


def _link_addresses(tables: dict[str, pl.DataFrame], files: dict[str, str], faults: list[Fault],
                    keys: SortedKeys | None) -> dict[str, pl.DataFrame]:
    """Give every table the row number (idx) of its address; an unknown address is a fault.

    BAG identifiers (and most others) are digits of one length: then they are matched as integers,
    several times faster than joining millions of strings, and as a merge join when the referring
    table is in address order too.
    """
    addresses = tables["addresses"].with_row_index("idx")
    right = keys.frame() if keys is not None and keys.unique else None

    def link(name: str) -> tuple[pl.DataFrame, list[Fault]]:
        table = tables[name]
        offset = 2 if files[name].endswith(".csv") else 1
        if keys is not None and keys.unique and len(keys.keys):
            wanted = pl.Series("k", _digits(table["address_id"], keys.length))  # -1 matches no address
            if np.array_equal(wanted.to_numpy(), keys.keys):
                # One row per address in id order (an owner per address, say): every row is its address.
                idx = pl.Series("idx", keys.rows.astype(np.uint32))
            else:
                if len(wanted) and bool((wanted.to_numpy()[1:] >= wanted.to_numpy()[:-1]).all()):
                    wanted = wanted.set_sorted()  # in address order, as one system's exports are: a merge join
                idx = wanted.to_frame().join(right, on="k", how="left", maintain_order="left")["idx"]
            joined = table.drop("address_id").with_columns(idx)
        else:
            joined = table.join(addresses.select("address_id", "idx"), on="address_id", how="left",
                                maintain_order="left").drop("address_id")
        rows, total = _rows(joined, pl.col("idx").is_null(), offset)
        return joined, (_faults(files[name], "address_id", "adres staat niet in addresses", rows, total,
                               "unknown_address") if total else [])

    # Two tables at a time (the registrations beside the owners, at national scale): parsing and
    # joining millions of ids is Polars work outside the GIL, mostly on one core per table.
    names = [name for name in tables if name != "addresses"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(link, names))
    linked = {"addresses": addresses}
    for name, (joined, table_faults) in zip(names, done, strict=True):
        faults += table_faults
        linked[name] = joined
    return linked


def _digits(ids: pl.Series, length: int | None) -> tuple[np.ndarray, int] | np.ndarray | None:
    """Identifiers as integers when they are all digits of one length (of `length` when given).

    For the addresses (length None): (keys, their length) or None when they are not like that. For
    a table referring to them: the keys, with -1 where an id is not digits of that length (it cannot
    match any address). One select computes what it needs of the strings in a single pass.
    """
    if ids.len() == 0:
        return None if length is None else np.zeros(0, np.int64)
    if length is not None:
        # All in one select, which Polars runs outside the GIL: the tables linked side by side
        # (_link_addresses) are parsed at once. "+12" and "-12" parse as numbers but are no digits.
        number = pl.col("id").cast(pl.Int64, strict=False)
        valid = ((pl.col("id").str.len_bytes() == length) & number.is_not_null()
                 & ~(pl.col("id").str.starts_with("+") | pl.col("id").str.starts_with("-")))
        return ids.to_frame("id").select(pl.when(valid).then(number).otherwise(-1)).to_series().to_numpy()
    numbers = ids.cast(pl.Int64, strict=False)
    frame = pl.DataFrame({"id": ids, "number": numbers})
    size = pl.col("id").str.len_bytes()
    # "+12" and "-12" parse as numbers but are no digits: only strings sorting before "0" can start
    # with a sign, and BAG ids never do, so the sign is only looked for when the smallest id asks for it.
    signed = (pl.col("id").str.starts_with("+") | pl.col("id").str.starts_with("-")
              if (ids.min() or "") < "0" else pl.lit(False))
    low, high, any_signed = frame.select(size.min().alias("low"), size.max().alias("high"),
                                         signed.any().alias("signed")).row(0)
    if low != high or not low or low > 18 or numbers.null_count() or any_signed:
        return None
    return numbers.to_numpy(), low


def _warnings(tables: dict[str, pl.DataFrame], files: dict[str, str]) -> list[str]:
    warnings: list[str] = []
    addresses = tables["addresses"]
    no_area = addresses.select((pl.col("floor_area_m2").fill_null(0) <= 0).sum()).item()
    if no_area:
        warnings.append(f"{files['addresses']}: {no_area} adres(sen) zonder oppervlakte (of 0 m2); "
                        "de bezetting tegen de norm is daar niet te berekenen")
    if "signals" in tables:
        unknown = (tables["signals"].filter(~pl.col("category").is_in([*SIGNAL_CATEGORIES, OTHER_CATEGORY]))
                   .group_by("category").len().sort("category"))
        for category, count in unknown.iter_rows():
            warnings.append(f"{files['signals']}: onbekende categorie '{category}' ({count} keer); telt als 'overig'")
    if "permits" in tables:
        unknown = tables["permits"].filter(~pl.col("kind").is_in(list(PERMIT_KINDS))).group_by("kind").len().sort("kind")
        for kind, count in unknown.iter_rows():
            warnings.append(f"{files['permits']}: onbekende soort vergunning '{kind}' ({count} keer); niet gebruikt")
    if "inspections" in tables:
        odd = tables["inspections"].filter((pl.col("outcome") != "violation") & pl.col("severity").is_not_null()).height
        if odd:
            warnings.append(f"{files['inspections']}: {odd} controle(s) zonder overtreding met een ernst; ernst genegeerd")
    return warnings

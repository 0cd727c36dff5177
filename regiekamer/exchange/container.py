"""Opening a delivery: a folder or a zip with one file per table, CSV or Parquet (exchange format v1).

Nothing here trusts the delivery. A zip is checked before a byte is unpacked: no member outside the
folder (absolute paths, `..`, links), no encrypted members, at most MAX_MEMBERS members, all tables
side by side (at the top or in one folder), and the sizes the zip declares within MAX_BYTES in total
and at most MAX_RATIO times their compressed size (a zip bomb declares small and unpacks big, so
unpacking counts the real bytes too and stops at the declared size). A CSV must be UTF-8 with a
header of distinct names and the same number of fields on every row; a Parquet file may hold no
more than MAX_ROWS rows and only plain columns. Every table ends up as a frame of strings (dates as
YYYY-MM-DD), so that a CSV and a Parquet file are validated the same way (validation.py).

A fault names file, row (CSV: the record number, the header being 1; Parquet: the row number),
column and rule, as riskengine.delivery.Fault does.
"""

import csv
import io
import lzma
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import polars as pl
import pyarrow.parquet as pq
from django.conf import settings

from riskengine.delivery import Fault
from riskengine.schema import TABLES

MAX_MEMBERS = 50
MAX_RATIO = 200  # CSV compresses 5-20 times; a member that claims more than this is refused
_RATIO_FROM_BYTES = 1 << 20  # below 1 MiB unpacked, any ratio is harmless
_CHUNK = 1 << 20
SUFFIXES = (".csv", ".parquet")
# What zip tools add beside the files: skipped without a word.
_NOISE = ("__MACOSX/", ".DS_Store", "Thumbs.db")


def max_bytes() -> int:
    """The most a delivery may hold unpacked (all files together)."""
    return int(getattr(settings, "EXCHANGE_MAX_BYTES", 1024**3))


def max_rows() -> int:
    return int(getattr(settings, "EXCHANGE_MAX_ROWS", 5_000_000))


@dataclass
class Opened:
    """The tables found: table -> (file name as the report names it, path on disk)."""

    files: dict[str, tuple[str, Path]] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def open_delivery(source: Path, workdir: Path) -> Opened:
    """The table files of a folder, or of a zip unpacked into workdir (after every check passed)."""
    if source.is_dir():
        return _open_folder(source)
    if not source.is_file():
        return Opened(faults=[Fault(source.name, None, None, "bestand of map bestaat niet", "not_found")])
    return _open_zip(source, workdir)


def _table_of(name: str) -> tuple[str | None, str]:
    """(table, suffix) for 'addresses.csv'; (None, '') for a file that is no table."""
    path = PurePosixPath(name)
    if path.suffix in SUFFIXES and path.stem in TABLES:
        return path.stem, path.suffix
    return None, ""


def _pick(opened: Opened, found: dict[str, list[tuple[str, Path]]]) -> Opened:
    for table, files in found.items():
        if len(files) > 1:
            names = " en ".join(name for name, _ in files)
            opened.faults.append(Fault(files[0][0], None, None, f"de tabel {table} staat er twee keer in ({names}); "
                                       "lever één bestand per tabel", "same_table_twice"))
        else:
            opened.files[table] = files[0]
    return opened


def _open_folder(folder: Path) -> Opened:
    opened = Opened()
    found: dict[str, list[tuple[str, Path]]] = {}
    total = 0
    for path in sorted(folder.iterdir()):
        table, _suffix = _table_of(path.name)
        if table is None:
            if path.name not in _NOISE:
                opened.warnings.append(f"{path.name}: geen tabel van het uitwisselingsformaat; genegeerd")
            continue
        if path.is_symlink() or not path.is_file():
            opened.faults.append(Fault(path.name, None, None, "geen gewoon bestand (een link of map)", "zip_path"))
            continue
        total += path.stat().st_size
        found.setdefault(table, []).append((path.name, path))
    if total > max_bytes():
        opened.faults.append(Fault(folder.name, None, None, f"samen {total} bytes; het maximum is {max_bytes()}",
                                   "zip_size"))
    return _pick(opened, found)


def _open_zip(source: Path, workdir: Path) -> Opened:
    opened = Opened()
    name = source.name
    try:
        if not zipfile.is_zipfile(source):
            return Opened(faults=[Fault(name, None, None, "geen zip-bestand", "zip_format")])
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        return Opened(faults=[Fault(name, None, None, f"beschadigd zip-bestand ({type(error).__name__})", "zip_format")])
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            return Opened(faults=[Fault(name, None, None, f"{len(members)} bestanden in de zip; ten hoogste "
                                        f"{MAX_MEMBERS}", "zip_members")])
        found: dict[str, list[tuple[str, zipfile.ZipInfo]]] = {}
        folders: set[str] = set()
        declared = 0
        for info in members:
            member = info.filename
            if member.startswith(_NOISE[0]) or PurePosixPath(member).name in _NOISE:
                continue
            problem = _unsafe(info)
            if problem:
                opened.faults.append(Fault(member, None, None, problem, "zip_path"))
                continue
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                opened.faults.append(Fault(member, None, None, "versleuteld; lever de zip zonder wachtwoord",
                                           "zip_encrypted"))
                continue
            path = PurePosixPath(member)
            table, _suffix = _table_of(path.name)
            if table is None:
                opened.warnings.append(f"{member}: geen tabel van het uitwisselingsformaat; genegeerd")
                continue
            folders.add(str(path.parent))
            declared += info.file_size
            if info.file_size > _RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                opened.faults.append(Fault(member, None, None, f"pakt uit tot {info.file_size} bytes uit "
                                           f"{info.compress_size}: verdacht (zip-bom)", "zip_bomb"))
                continue
            found.setdefault(table, []).append((member, info))
        if len(folders) > 1 or any(folder.count("/") > 0 for folder in folders):
            opened.faults.append(Fault(name, None, None, "de tabellen staan in verschillende of geneste mappen ("
                                       + ", ".join(sorted(folders)) + "); zet ze naast elkaar", "zip_folders"))
        if declared > max_bytes():
            opened.faults.append(Fault(name, None, None, f"pakt uit tot {declared} bytes; het maximum is "
                                       f"{max_bytes()}", "zip_size"))
        if opened.faults:
            return opened
        picked: dict[str, list[tuple[str, Path]]] = {}
        for table, infos in found.items():
            for member, info in infos:
                target = workdir / f"{len(picked)}-{PurePosixPath(member).name}"
                fault = _unpack(archive, info, target)
                if fault:
                    opened.faults.append(fault)
                picked.setdefault(table, []).append((PurePosixPath(member).name, target))
        if opened.faults:
            return opened
    return _pick(opened, picked)


def _unsafe(info: zipfile.ZipInfo) -> str:
    """Why a member may not be unpacked, or ''."""
    member = info.filename
    parts = member.replace("\\", "/").split("/")
    if member.startswith(("/", "\\")) or (len(member) > 1 and member[1] == ":"):
        return "absoluut pad in de zip"
    if ".." in parts:
        return "pad buiten de map (..) in de zip"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "een link in de zip"
    return ""


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> Fault | None:
    """Unpack one member, counting the real bytes: never more than the zip declared."""
    written = 0
    try:
        with archive.open(info) as stream, target.open("wb") as out:
            while chunk := stream.read(_CHUNK):
                written += len(chunk)
                if written > info.file_size:
                    return Fault(info.filename, None, None, "pakt groter uit dan de zip opgeeft (zip-bom)", "zip_bomb")
                out.write(chunk)
    # What a damaged or hostile member raises while it is read: a bad CRC or header (BadZipFile), a
    # cut-off stream (EOFError), a damaged compressed stream (zlib.error and lzma.LZMAError, which are
    # no OSError; bz2 raises OSError), an unknown method (NotImplementedError), a password (RuntimeError).
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, lzma.LZMAError, NotImplementedError,
            RuntimeError) as error:
        return Fault(info.filename, None, None, f"niet uit te pakken ({type(error).__name__})", "zip_format")
    return None


# --- reading a table into a frame of strings


def read_table(table: str, name: str, path: Path) -> tuple[pl.DataFrame | None, list[Fault]]:
    if path.suffix == ".csv":
        return _read_csv(name, path)
    return _read_parquet(name, path)


def _read_csv(name: str, path: Path) -> tuple[pl.DataFrame | None, list[Fault]]:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        return None, [Fault(name, line, None, "geen UTF-8 (een teken dat niet te lezen is)", "utf8")]
    if not text.strip():
        return None, [Fault(name, None, None, "het bestand is leeg; de eerste regel moet de kolomnamen geven",
                            "empty_file")]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    try:
        header = next(reader)
        for row in reader:
            if len(row) != len(header):
                if not row:  # an empty line (a trailing one, say) holds no record
                    continue
                return None, [Fault(name, reader.line_num, None, f"{len(row)} velden waar de kop er {len(header)} "
                                    "heeft", "csv_format")]
            rows.append(row)
            if len(rows) > max_rows():
                return None, [Fault(name, None, None, f"meer dan {max_rows()} rijen", "too_many_rows")]
    except csv.Error as error:
        return None, [Fault(name, reader.line_num, None, f"geen geldige CSV ({error})", "csv_format")]
    faults = []
    seen: set[str] = set()
    for column in header:
        if column in seen:
            faults.append(Fault(name, 1, column, "kolomnaam komt twee keer voor", "duplicate_column"))
        seen.add(column)
    if faults:
        return None, faults
    columns = list(zip(*rows)) if rows else [()] * len(header)
    frame = pl.DataFrame({column: pl.Series(column, values, dtype=pl.String)
                          for column, values in zip(header, columns, strict=True)})
    # As the format says (and Polars reads it): an empty field is no value.
    return frame.with_columns(pl.when(pl.col(c) != "").then(pl.col(c)) for c in frame.columns), []


_PLAIN = (pl.String, pl.Boolean, pl.Date)


def _read_parquet(name: str, path: Path) -> tuple[pl.DataFrame | None, list[Fault]]:
    try:
        metadata = pq.ParquetFile(path).metadata
        if metadata.num_rows > max_rows():
            return None, [Fault(name, None, None, f"meer dan {max_rows()} rijen", "too_many_rows")]
        unpacked = sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
        if unpacked > max_bytes():
            return None, [Fault(name, None, None, f"pakt uit tot {unpacked} bytes; het maximum is {max_bytes()}",
                                "too_large")]
        frame = pl.read_parquet(path)
    except Exception as error:  # pyarrow and Polars raise many kinds on a damaged file
        first = (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
        return None, [Fault(name, None, None, f"geen leesbaar Parquet-bestand ({first})", "unreadable")]
    faults, columns = [], []
    for column, dtype in frame.schema.items():
        if isinstance(dtype, pl.Datetime):
            columns.append(pl.col(column).dt.date().cast(pl.String))
        elif dtype.is_numeric() or dtype in _PLAIN:
            columns.append(pl.col(column).cast(pl.String))
        elif column in {c.name for spec in TABLES.values() for c in spec}:
            faults.append(Fault(name, None, column, f"kolomtype {dtype} is niet toegestaan (tekst, getal of datum)",
                                "column_type"))
    if faults:
        return None, faults
    frame = frame.select(columns)
    return frame.with_columns(pl.when(pl.col(c) != "").then(pl.col(c)) for c in frame.columns), []

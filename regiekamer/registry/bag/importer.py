"""The BAG import service: a BAG 2.0 XML extract (folder or zip) or a flat BAG CSV into the registry.

One import of one path is all or nothing: a file that breaks half-way raises BagImportError
(naming the file and line) and leaves the registry as it was. Rows are matched on their BAG
identifier, so importing the same files again updates and never duplicates.

Two phases: first every object is read and checked (XML is staged on disk, a CSV is read once
without writing), reporting progress; then everything is written in one database transaction.
Bad input therefore fails before anything is written, and the transaction (on SQLite: the
database's write lock) is held only while writing, so a web page can show the progress that a
background import saves while it reads (registry/imports.py).

Memory: XML is streamed and staged on disk (see staging.py), CSV is read row by row; rows are
written in batches, so memory holds one batch and never a whole file. The municipality of an
object is GM + the first four digits of its identifier (for the CSV: its gemeentecode column);
objects of a code that is not a current municipality are skipped and counted.
"""

import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import batched
from pathlib import Path
from typing import Any

from django.db import transaction

from regiekamer.registry.bag.errors import BagImportError
from regiekamer.registry.bag.flat_csv import FlatRow, iter_rows
from regiekamer.registry.bag.sources import xml_sources
from regiekamer.registry.bag.staging import Staging
from regiekamer.registry.bag.writer import Counts, upsert_addresses, upsert_buildings
from regiekamer.registry.bag.xml_extract import iter_objects
from regiekamer.registry.models import AddressKind, Municipality

__all__ = ["BagImportError", "Counts", "ImportReport", "import_bag"]

DEFAULT_BATCH_SIZE = 2_000
_PROGRESS_STEP = 500
_ADDRESS_TYPES = {"VBO": AddressKind.VERBLIJFSOBJECT, "LIG": AddressKind.LIGPLAATS, "STA": AddressKind.STANDPLAATS}
SKIPPED_SECONDARY = "nevenadres (adres van een object dat al een hoofdadres heeft)"
SKIPPED_MUNICIPALITY = "onbekende gemeentecode"
INCOMPLETE_NO_ADDRESS = "hoofdadres niet gevonden (opgeslagen zonder straat en huisnummer)"


@dataclass
class ImportReport:
    """What one import read and wrote."""

    path: str
    format: str  # "xml" or "csv"
    read: int = 0  # XML: object versions (voorkomens) read; CSV: rows read
    buildings: Counts = field(default_factory=Counts)
    addresses: dict[str, Counts] = field(default_factory=lambda: {kind.value: Counts() for kind in AddressKind})
    skipped: dict[str, int] = field(default_factory=dict)  # not stored, by reason
    incomplete: dict[str, int] = field(default_factory=dict)  # stored, but missing something

    @property
    def addresses_total(self) -> Counts:
        """The address counts summed over verblijfsobject, ligplaats and standplaats."""
        counts = self.addresses.values()
        return Counts(created=sum(c.created for c in counts), updated=sum(c.updated for c in counts),
                      unchanged=sum(c.unchanged for c in counts))

    def as_dict(self) -> dict[str, Any]:
        """The report as plain JSON-serialisable data (for a task result)."""
        return asdict(self)


def import_bag(
    *, path: Path, progress: Callable[[int], None] | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
    writing: Callable[[], None] | None = None,
) -> ImportReport:
    """Import a BAG XML extract (folder, .zip or one .xml file) or a flat BAG .csv, all or nothing.

    progress receives the number of objects read since its previous call, in steps, while reading;
    writing is called once, when everything has been read and checked and the write transaction
    is about to start.
    """
    path = Path(path)
    if not path.exists():
        raise BagImportError(file=str(path), message="bestand of map bestaat niet")
    suffix = path.suffix.lower() if path.is_file() else ""
    is_csv = suffix == ".csv"
    if suffix == ".zip" and not zipfile.is_zipfile(path):
        raise BagImportError(file=path.name, message="geen leesbaar zip-bestand (afgebroken of beschadigd?)")
    if not (path.is_dir() or suffix in {".csv", ".xml"} or zipfile.is_zipfile(path)):
        raise BagImportError(file=path.name, message="geen map, .zip-, .xml- of .csv-bestand")
    report = ImportReport(path=str(path), format="csv" if is_csv else "xml")
    tick = _Ticker(progress=progress, writing=writing)
    if is_csv:
        _import_csv(path=path, report=report, tick=tick, batch_size=batch_size)
    else:
        _import_xml(path=path, report=report, tick=tick, batch_size=batch_size)
    return report


def _municipalities() -> dict[str, int]:
    return dict(Municipality.objects.values_list("code", "pk"))


class _Ticker:
    """Passes the number of objects read to the progress callback in steps, not one by one."""

    def __init__(self, *, progress: Callable[[int], None] | None, writing: Callable[[], None] | None = None) -> None:
        self.progress, self.writing, self.pending = progress, writing, 0

    def __call__(self) -> None:
        self.pending += 1
        if self.pending >= _PROGRESS_STEP:
            self.done()

    def done(self) -> None:
        if self.progress and self.pending:
            self.progress(self.pending)
        self.pending = 0

    def start_writing(self) -> None:
        """Reading is over: report what is pending, then say that writing starts."""
        self.done()
        if self.writing:
            self.writing()


def _count(counter: dict[str, int], reason: str) -> None:
    counter[reason] = counter.get(reason, 0) + 1


def _import_csv(*, path: Path, report: ImportReport, tick: _Ticker, batch_size: int) -> None:
    # Read the file twice: once to check every row (a bad row stores nothing), once to write.
    for row in _csv_rows(path=path):
        report.read += 1
        tick()
        if row.is_secondary:
            # Address has one nummeraanduiding per object; the main row of the object carries it.
            _count(report.skipped, SKIPPED_SECONDARY)
    tick.start_writing()
    with transaction.atomic():
        municipalities = _municipalities()
        main_rows = (row for row in _csv_rows(path=path) if not row.is_secondary)
        for batch in batched(main_rows, batch_size):
            _write_csv_batch(rows=batch, report=report, municipalities=municipalities)


def _csv_rows(*, path: Path) -> Iterator[FlatRow]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        try:
            yield from iter_rows(stream=stream, name=path.name)
        except UnicodeDecodeError as error:
            raise BagImportError(file=path.name, message=f"geen UTF-8-tekst ({error})") from error


def _write_csv_batch(*, rows: tuple[FlatRow, ...], report: ImportReport, municipalities: dict[str, int]) -> None:
    buildings: list[dict[str, Any]] = []
    addresses: list[dict[str, Any]] = []
    for row in rows:
        municipality_id = municipalities.get(f"GM{row.municipality_code}")
        if municipality_id is None:
            _count(report.skipped, SKIPPED_MUNICIPALITY)
            continue
        if row.building:
            buildings.append({**row.building, "municipality_id": municipality_id})
        addresses.append({**row.address, "municipality_id": municipality_id})
    upsert_buildings(rows=buildings, counts=report.buildings)
    upsert_addresses(rows=addresses, counts=report.addresses)


def _import_xml(*, path: Path, report: ImportReport, tick: _Ticker, batch_size: int) -> None:
    with tempfile.TemporaryDirectory(prefix="regiekamer-bag-") as workdir:
        staging = Staging(directory=Path(workdir))
        try:
            files = 0
            for name, stream in xml_sources(path=path, workdir=Path(workdir)):
                files += 1
                for obj in iter_objects(stream=stream, name=name):
                    staging.add(obj)
                    report.read += 1
                    tick()
            if not files:
                raise BagImportError(file=path.name,
                                     message="geen BAG-bestanden (WPL, OPR, NUM, VBO, PND, LIG, STA) gevonden")
            tick.start_writing()
            with transaction.atomic():
                _write_xml(staging=staging, report=report, municipalities=_municipalities(), batch_size=batch_size)
        finally:
            staging.close()


def _write_xml(*, staging: Staging, report: ImportReport, municipalities: dict[str, int], batch_size: int) -> None:
    # Buildings first, so that addresses can link to them.
    for batch in staging.batches(kind="PND", size=batch_size):
        rows = [_building_row(bag_id=i, data=d, municipalities=municipalities, report=report) for i, d in batch]
        upsert_buildings(rows=[r for r in rows if r], counts=report.buildings)
    for object_type in _ADDRESS_TYPES:
        for batch in staging.batches(kind=object_type, size=batch_size):
            rows = _address_rows(object_type=object_type, batch=batch, staging=staging,
                                 municipalities=municipalities, report=report)
            upsert_addresses(rows=rows, counts=report.addresses)


def _municipality(*, bag_id: str, municipalities: dict[str, int], report: ImportReport) -> int | None:
    municipality_id = municipalities.get(f"GM{bag_id[:4]}")
    if municipality_id is None:
        _count(report.skipped, SKIPPED_MUNICIPALITY)
    return municipality_id


def _building_row(*, bag_id: str, data: dict[str, Any], municipalities: dict[str, int],
                  report: ImportReport) -> dict[str, Any] | None:
    municipality_id = _municipality(bag_id=bag_id, municipalities=municipalities, report=report)
    if municipality_id is None:
        return None
    return {"bag_id": bag_id, "municipality_id": municipality_id, "building_year": data["bouwjaar"],
            "status": data["status"]}


def _address_rows(*, object_type: str, batch: list[tuple[str, dict[str, Any]]], staging: Staging,
                  municipalities: dict[str, int], report: ImportReport) -> list[dict[str, Any]]:
    """Join a batch of VBO/LIG/STA with their hoofdadres, openbare ruimte and woonplaats."""
    numbers = staging.lookup(kind="NUM", ids=(d["hoofdadres"] for _, d in batch))
    streets = staging.lookup(kind="OPR", ids=(n["openbare_ruimte"] for n in numbers.values()))
    places = staging.lookup(kind="WPL", ids=[n["woonplaats"] for n in numbers.values()]
                            + [s["woonplaats"] for s in streets.values()])
    rows = []
    for bag_id, data in batch:
        municipality_id = _municipality(bag_id=bag_id, municipalities=municipalities, report=report)
        if municipality_id is None:
            continue
        row: dict[str, Any] = {"bag_id": bag_id, "kind": _ADDRESS_TYPES[object_type],
                               "municipality_id": municipality_id, "status": data["status"]}
        row.update({k: data[k] for k in ("rd_x", "rd_y", "latitude", "longitude") if k in data})
        if object_type == "VBO":
            row.update(usage=data["gebruiksdoelen"], floor_area_m2=data["oppervlakte"], building_bag_id=data["pand"])
        if data["hoofdadres"]:
            row["address_number_id"] = data["hoofdadres"]
        number = numbers.get(data["hoofdadres"])
        if number is None:
            _count(report.incomplete, INCOMPLETE_NO_ADDRESS)
        else:
            row.update(house_number=number["huisnummer"], house_letter=number["huisletter"],
                       house_number_addition=number["toevoeging"], postcode=number["postcode"])
            street = streets.get(number["openbare_ruimte"])
            if street is not None:
                row["street"] = street["naam"]
            # A nummeraanduiding names its woonplaats only when it differs from its street's.
            place = places.get(number["woonplaats"] or (street or {}).get("woonplaats"))
            if place is not None:
                row["city"] = place["naam"]
        rows.append(row)
    return rows

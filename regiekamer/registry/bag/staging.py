"""Staging of a BAG XML extract: the current voorkomen of every object, in a temporary SQLite file.

Why stage instead of holding dicts: an address needs its nummeraanduiding, openbare ruimte and
woonplaats, which come from other files, and the versions of one object need not be adjacent
(the NUM file of the Doesburg test extract interleaves them). NLExtract-style dicts of small
tuples would do for woonplaatsen (~2,500) and openbare ruimten (~300,000), but the national
extract has ~10 million nummeraanduidingen and ~10 million verblijfsobjecten with ~20 million
older versions: a few GB of Python objects. A WITHOUT ROWID table on disk keyed by (type, id)
keeps the highest-ranked version per object in one upsert and answers the per-batch lookups
by primary key, at the cost of disk (roughly the size of the XML, minus geometry) and about a
minute per ten million rows. Memory stays at one batch.
"""

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from regiekamer.registry.bag.xml_extract import BagObject

_SCHEMA = """
CREATE TABLE staged (
    kind TEXT NOT NULL, bag_id TEXT NOT NULL,
    is_current INTEGER NOT NULL, begin TEXT NOT NULL, voorkomen INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (kind, bag_id)
) WITHOUT ROWID
"""
# A later version replaces a staged one only if it ranks higher: current first, then the latest
# beginGeldigheid, then the highest voorkomenidentificatie.
_UPSERT = """
INSERT INTO staged VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (kind, bag_id) DO UPDATE SET
    is_current = excluded.is_current, begin = excluded.begin, voorkomen = excluded.voorkomen,
    data = excluded.data
WHERE (excluded.is_current, excluded.begin, excluded.voorkomen)
    > (staged.is_current, staged.begin, staged.voorkomen)
"""
_BUFFER = 5_000
_LOOKUP_CHUNK = 900  # stays under SQLite's oldest bound-parameter limit (999)


class Staging:
    """The highest-ranked voorkomen per (type, identifier)."""

    def __init__(self, *, directory: Path) -> None:
        self._connection = sqlite3.connect(directory / "bag-staging.sqlite3")
        # Scratch data: a crash loses nothing that the next run does not rebuild.
        self._connection.execute("PRAGMA journal_mode = OFF")
        self._connection.execute("PRAGMA synchronous = OFF")
        self._connection.execute(_SCHEMA)
        self._pending: list[tuple[str, str, int, str, int, str]] = []

    def add(self, obj: BagObject) -> None:
        """Stage one voorkomen; it wins over a staged one of the same object if it ranks higher."""
        self._pending.append((obj.kind, obj.bag_id, *obj.rank, json.dumps(obj.data, separators=(",", ":"))))
        if len(self._pending) >= _BUFFER:
            self.flush()

    def flush(self) -> None:
        """Write buffered voorkomens to the staging file."""
        if self._pending:
            self._connection.executemany(_UPSERT, self._pending)
            self._connection.commit()
            self._pending.clear()

    def batches(self, *, kind: str, size: int) -> Iterator[list[tuple[str, dict[str, Any]]]]:
        """Yield the staged objects of one type in identifier order, size at a time."""
        self.flush()
        last = ""
        while True:
            rows = self._connection.execute(
                "SELECT bag_id, data FROM staged WHERE kind = ? AND bag_id > ? ORDER BY bag_id LIMIT ?",
                (kind, last, size),
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield [(bag_id, json.loads(data)) for bag_id, data in rows]

    def lookup(self, *, kind: str, ids: Iterable[str | None]) -> dict[str, dict[str, Any]]:
        """The staged data of the given objects of one type; unknown identifiers are left out."""
        self.flush()
        wanted = sorted({i for i in ids if i})
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), _LOOKUP_CHUNK):
            chunk = wanted[start:start + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT bag_id, data FROM staged WHERE kind = ? AND bag_id IN ({marks})"
            found.update((bag_id, json.loads(data)) for bag_id, data in self._connection.execute(query, (kind, *chunk)))
        return found

    def close(self) -> None:
        """Close the staging file (the caller removes its directory)."""
        self._connection.close()

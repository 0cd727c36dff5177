"""Aggregate figure packages: the only form in which figures leave a municipality.

A package holds one municipality's counts over whole quarters, suppressed (suppression.py) before
it exists, so that no small count and nothing that reveals one is ever stored, exported or added up
elsewhere. Regional and national views add packages up (`published`), whether they were built in
this installation (one region can run several municipalities in one installation) or imported from
another one (`export` / `import_package`, the `regiekamer figures` command).

What a package holds, per measure of measures.MEASURES:
- Additive measures (records): the table neighbourhood x quarter and, for each breakdown field, the
  table breakdown value x quarter, each with its margins: the whole period per row, the municipal
  total per quarter and the grand total. Both tables have the same quarter totals and grand total;
  these are the same cells in the suppression, so a margin is withheld in all tables or in none.
  Records without a neighbourhood count in the row UNKNOWN_AREA.
- Distinct measures (people, addresses) do not add up over quarters or neighbourhoods (one person
  referred in two quarters is one person in the year), so no table of them has margins that the
  parts add up to. Publishing a neighbourhood split or a period total next to the quarter totals
  would give bounds (the period total is at least every quarter and at most their sum) that can pin
  a withheld quarter. So only the municipal count per quarter is published, withheld when small.
- The occupancy (OCCUPANCY): addresses over the floor-area norm per neighbourhood at the last
  snapshot of each quarter, with the municipal total of that day. A state, not a flow: there is no
  total over the period, so only the quarter columns and their totals are lines.
- Some measures are other measures' breakdown cells under another name (IDENTITIES); those equalities
  are lines as well, so a complementary cell withheld in one measure is withheld in the other.

Zero cells of the neighbourhood and breakdown tables are not stored (an absent cell of a package
that covers the quarter is 0); the municipal totals are always stored. Cells are keyed
(measure, breakdown, area_code, period): breakdown "field:value" or "" for all, area_code "" for the
whole municipality, period "2026-Q3" or "" for the package's whole period.

A package covers whole quarters: build() widens start and end to the quarters they fall in, so the
running quarter holds what has been registered so far and a later package replaces it. Where
packages overlap, the most recently built one counts for a quarter.
"""

import datetime as dt
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.registry.models import Address, Municipality

from . import measures
from .measures import MEASURES, buckets, quarter_of
from .models import FigureCell, FigurePackage, OccupancySnapshot
from .suppression import MIN_CELL, Line, grid, suppress

FORMAT = "regiekamer-cijferpakket"
VERSION = 1
OCCUPANCY = "adressen_boven_norm"  # the occupancy snapshot, published beside the measures
UNKNOWN_AREA = "onbekend"  # records at no known neighbourhood ("" is the whole municipality)
ALL = ""

# measure (whole municipality) == the sum of these breakdown cells of another measure, per period.
IDENTITIES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("controles_overtreding", (("controles_uitgevoerd", "outcome:violation"),)),
    ("controles_met_toegang", (("controles_uitgevoerd", "outcome:violation"),
                               ("controles_uitgevoerd", "outcome:no_violation"))),
    ("dwangsommen_verbeurd", (("procedurestappen", "kind:verbeurd"),)),
    ("dwangsommen_ingevorderd", (("procedurestappen", "kind:invordering"),)),
)

CellKey = tuple[str, str, str, str]  # measure, breakdown, area_code, period

_MUNICIPALITY_CODE = re.compile(r"GM\d{4}")
_REGION_CODE = re.compile(r"[-a-zA-Z0-9_]{0,40}")
_AREA_CODE = re.compile(r"[A-Za-z0-9_-]{1,10}")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_BREAKDOWN_VALUE = re.compile(r"[A-Za-z0-9_-]*")


def is_distinct(measure_key: str) -> bool:
    return measure_key in MEASURES and MEASURES[measure_key].distinct != "pk"


def installation_name() -> str:
    return getattr(settings, "INSTALLATION_NAME", "") or "regiekamer"


# --- building ---------------------------------------------------------------------------------


def whole_quarters(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    return quarter_of(start).first, quarter_of(end).last


def figures(municipality: Municipality, start: dt.date, end: dt.date) -> tuple[dict[CellKey, int], list[Line]]:
    """Every cell of a package before suppression (zeros included) and the lines they add up along."""
    quarters = buckets(start, end, "quarter")
    periods = [q.key for q in quarters]
    quarter_of_month = {m.key: quarter_of(m.first).key for m in buckets(start, end, "month")}
    values: dict[CellKey, int] = {}
    lines: list[Line] = []
    ids = [municipality.pk]
    for measure in MEASURES.values():
        if measure.distinct != "pk":
            for quarter in quarters:
                values[(measure.key, ALL, ALL, quarter.key)] = measures.count(
                    measure, ids, quarter.first, quarter.last).total()
            continue
        splits = [("area", measures.count(measure, ids, start, end, by=("area", "month")))]
        splits += [(name, measures.count(measure, ids, start, end, by=(name, "month")))
                   for name in measure.breakdowns]
        for name, counts in splits:
            table: dict[tuple[str, str], int] = defaultdict(int)
            for (row, month), n in counts.values.items():
                if name == "area":
                    row = row or UNKNOWN_AREA
                else:
                    row = f"{name}:{'' if row is None else row}"
                table[(row, quarter_of_month[month])] += n
            rows = sorted({row for row, _period in table})

            def key(row, period, measure=measure.key, area_table=name == "area"):
                area = row if area_table and row is not None else ALL
                breakdown = row if not area_table and row is not None else ALL
                return (measure, breakdown, area, ALL if period is None else period)

            for row in rows:
                for period in periods:
                    values[key(row, period)] = table.get((row, period), 0)
            for line in grid(rows, periods, key):
                values[line.total] = sum(values[part] for part in line.parts)
            lines += grid(rows, periods, key)
    _occupancy(municipality, quarters, values, lines)
    for measure_key, sources in IDENTITIES:
        if measure_key not in MEASURES or not all(
                source in MEASURES and name.split(":")[0] in MEASURES[source].breakdowns
                for source, name in sources):
            continue
        for period in [*periods, ALL]:
            parts = tuple((source, name, ALL, period) for source, name in sources)
            for part in parts:
                values.setdefault(part, 0)
            lines.append(Line((measure_key, ALL, ALL, period), parts))
    return values, lines


def _occupancy(municipality: Municipality, quarters, values: dict, lines: list) -> None:
    snapshots = OccupancySnapshot.objects.filter(municipality=municipality)
    days = {}
    for quarter in quarters:
        day = snapshots.filter(on__gte=quarter.first, on__lte=quarter.last).aggregate(day=Max("on"))["day"]
        if day is not None:
            days[quarter.key] = day
    if not days:
        return
    table = {(row["area_code"] or UNKNOWN_AREA, row["on"]): row["over_norm"]
             for row in snapshots.filter(on__in=list(days.values())).values("area_code", "on", "over_norm")}
    rows = sorted({area for area, _day in table})
    periods = list(days)

    def key(row, period):
        return (OCCUPANCY, ALL, ALL if row is None else row, period)

    for period, day in days.items():
        for row in rows:
            values[key(row, period)] = table.get((row, day), 0)
        values[key(None, period)] = sum(values[key(row, period)] for row in rows)
    lines += grid(rows, periods, key, row_totals=False)


def _is_margin(key: CellKey) -> bool:
    return key[1] == ALL and key[2] == ALL


def suppressed_cells(values: dict[CellKey, int], lines: list[Line]) -> dict[CellKey, int | None]:
    """The cells as stored: suppressed ones None, zero cells inside tables left out."""
    hidden = suppress(values, lines)
    return {key: (None if key in hidden else value) for key, value in values.items()
            if key in hidden or value != 0 or _is_margin(key)}


def build(municipality: Municipality, start: dt.date, end: dt.date, *, installation: str,
          now: dt.datetime | None = None) -> FigurePackage:
    """Count, suppress and store the package of one municipality over the quarters of start..end.

    When the newest package of the municipality over the same period holds the same cells, that
    package is returned and nothing new is stored.
    """
    start, end = whole_quarters(start, end)
    values, lines = figures(municipality, start, end)
    cells = suppressed_cells(values, lines)
    built_at = (now or timezone.now()).astimezone(dt.UTC).replace(microsecond=0)
    region = municipality.region
    content = _content(
        municipality_code=municipality.code, municipality_name=municipality.name,
        region_code=region.code if region else "", region_name=region.name if region else "",
        start=start, end=end, installation=installation, built_at=built_at, cells=cells,
    )
    newest = (FigurePackage.objects.filter(municipality_code=municipality.code, period_start=start, period_end=end)
              .order_by("-built_at", "-id").first())
    if newest is not None and _cells_of(newest) == cells:
        return newest
    return _store(content, local=True)


def _cells_of(package: FigurePackage) -> dict[CellKey, int | None]:
    return {(m, b, a, p): v for m, b, a, p, v in
            package.cells.values_list("measure", "breakdown", "area_code", "period", "value")}


def _content(*, municipality_code, municipality_name, region_code, region_name, start, end, installation,
             built_at, cells: dict[CellKey, int | None]) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "municipality": {"code": municipality_code, "name": municipality_name},
        "region": {"code": region_code, "name": region_name},
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "installation": installation,
        "built_at": built_at.astimezone(dt.UTC).isoformat(),
        "min_cell": MIN_CELL,
        "cells": [[*key, value] for key, value in sorted(cells.items())],
    }


def _canonical(content: dict) -> bytes:
    """Key order, spacing and the order of the cells do not change a package's identity."""
    content = dict(content, cells=sorted(content["cells"], key=lambda cell: cell[:4]))
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(content: dict) -> str:
    return hashlib.sha256(_canonical(content)).hexdigest()


@transaction.atomic
def _store(content: dict, *, local: bool, imported_by_name: str = "") -> FigurePackage:
    sha = digest(content)
    existing = FigurePackage.objects.filter(sha256=sha).first()
    if existing is not None:
        return existing
    package = FigurePackage.objects.create(
        municipality_code=content["municipality"]["code"], municipality_name=content["municipality"]["name"],
        region_code=content["region"]["code"], region_name=content["region"]["name"],
        period_start=dt.date.fromisoformat(content["period"]["start"]),
        period_end=dt.date.fromisoformat(content["period"]["end"]),
        installation=content["installation"], built_at=dt.datetime.fromisoformat(content["built_at"]),
        sha256=sha, local=local, imported_at=None if local else timezone.now(), imported_by_name=imported_by_name,
    )
    FigureCell.objects.bulk_create(
        [FigureCell(package=package, measure=m, breakdown=b, area_code=a, period=p, value=v)
         for m, b, a, p, v in content["cells"]],
        batch_size=2000,
    )
    return package


def publish_local(start: dt.date, end: dt.date, *, installation: str | None = None,
                  now: dt.datetime | None = None) -> list[FigurePackage]:
    """Build the package of every municipality of this installation (the ones with addresses).

    Older packages of this installation that the new one covers entirely are removed: they can no
    longer count anywhere (the newest package counts for a quarter) and would only pile up.
    """
    installation = installation or installation_name()
    here = Municipality.objects.filter(Exists(Address.objects.filter(municipality=OuterRef("pk")))).order_by("code")
    packages = []
    for municipality in here.select_related("region"):
        package = build(municipality, start, end, installation=installation, now=now)
        FigurePackage.objects.filter(
            municipality_code=municipality.code, local=True,
            period_start__gte=package.period_start, period_end__lte=package.period_end,
        ).exclude(pk=package.pk).delete()
        packages.append(package)
    return packages


def publish_figures(today: dt.date | None = None) -> int:
    """The daily task: this year's and the two previous years' packages; returns how many."""
    today = today or timezone.localdate()
    return len(publish_local(dt.date(today.year - 2, 1, 1), today))


# --- export and import ------------------------------------------------------------------------


def export(package: FigurePackage) -> bytes:
    """The package as JSON: codes, names, period, installation and counts; nothing about anyone."""
    content = _content(
        municipality_code=package.municipality_code, municipality_name=package.municipality_name,
        region_code=package.region_code, region_name=package.region_name,
        start=package.period_start, end=package.period_end, installation=package.installation,
        built_at=package.built_at, cells=_cells_of(package),
    )
    content["sha256"] = digest(content)
    # Readable and diffable: the header fields one per line, then one cell per line.
    head = [f" {json.dumps(name)}: {json.dumps(value, ensure_ascii=False, sort_keys=True)},"
            for name, value in sorted(content.items()) if name != "cells"]
    cells = ",\n".join(f"  {json.dumps(cell, ensure_ascii=False)}" for cell in content["cells"])
    return "\n".join(["{", *head, ' "cells": [', cells, " ]", "}", ""]).encode()


def import_package(data: bytes, *, user=None) -> FigurePackage:
    """Check a package from another installation and store it; the same package twice is stored once.

    Everything is checked before anything is stored; a refused package raises ValidationError
    naming the field, and stores nothing.
    """
    content = _validated(data)
    existing = FigurePackage.objects.filter(sha256=digest(content)).first()
    if existing is not None:
        return existing
    code = content["municipality"]["code"]
    if Address.objects.filter(municipality__code=code).exists():
        raise _refuse("municipality.code", _("gemeente %(code)s wordt in deze installatie zelf bijgehouden; "
                                             "haar cijfers worden hier gemaakt, niet ingelezen."), code=code)
    return _store(content, local=False, imported_by_name=_name_of(user))


def _name_of(user) -> str:
    if user is None:
        return ""
    if isinstance(user, str):
        return user[:150]
    return (user.get_full_name() or user.get_username())[:150]


def _refuse(field: str, message: str, **params) -> ValidationError:
    return ValidationError(f"{field}: {message % params if params else message}")


_KEYS = {"format", "version", "municipality", "region", "period", "installation", "built_at", "min_cell", "cells"}


def _validated(data: bytes) -> dict:
    try:
        content = json.loads(data.decode("utf-8") if isinstance(data, bytes) else data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _refuse(_("bestand"), _("dit is geen cijferpakket: het is geen geldige JSON.")) from None
    if not isinstance(content, dict):
        raise _refuse(_("bestand"), _("dit is geen cijferpakket: verwacht een JSON-object."))
    if content.get("format") != FORMAT:
        raise _refuse("format", _("dit is geen cijferpakket (verwacht \"%(format)s\")."), format=FORMAT)
    if type(content.get("version")) is not int or content["version"] != VERSION:
        raise _refuse("version", _("versie %(version)s van het cijferpakket wordt niet ondersteund (verwacht %(expected)s)."),
                      version=json.dumps(content.get("version")), expected=VERSION)
    stated = content.pop("sha256", None)
    unknown = sorted(set(content) - _KEYS)
    if unknown:
        raise _refuse(unknown[0], _("onbekend veld in het cijferpakket."))
    missing = sorted(_KEYS - set(content))
    if missing:
        raise _refuse(missing[0], _("dit veld ontbreekt."))

    municipality = _object(content, "municipality", {"code", "name"})
    if not isinstance(municipality["code"], str) or not _MUNICIPALITY_CODE.fullmatch(municipality["code"]):
        raise _refuse("municipality.code", _("geen CBS-gemeentecode (zoals GM0983)."))
    if not Municipality.objects.filter(code=municipality["code"]).exists():
        raise _refuse("municipality.code", _("gemeente %(code)s is onbekend."), code=municipality["code"])
    _text(municipality["name"], "municipality.name", 120, required=True)
    region = _object(content, "region", {"code", "name"})
    if not isinstance(region["code"], str) or not _REGION_CODE.fullmatch(region["code"]):
        raise _refuse("region.code", _("geen geldige regiocode (letters, cijfers en streepjes, hooguit 40)."))
    _text(region["name"], "region.name", 120, required=bool(region["code"]))
    _text(content["installation"], "installation", 120, required=True)

    period = _object(content, "period", {"start", "end"})
    start, end = _date(period["start"], "period.start"), _date(period["end"], "period.end")
    if whole_quarters(start, end) != (start, end) or end < start:
        raise _refuse("period", _("de periode moet hele kwartalen beslaan (van de eerste dag van een kwartaal "
                                  "tot en met de laatste dag van een kwartaal)."))
    if not isinstance(content["built_at"], str):
        raise _refuse("built_at", _("verwacht een tijdstip (ISO 8601)."))
    try:
        built_at = dt.datetime.fromisoformat(content["built_at"])
    except ValueError:
        raise _refuse("built_at", _("verwacht een tijdstip (ISO 8601).")) from None
    if built_at.tzinfo is None:
        raise _refuse("built_at", _("het tijdstip mist een tijdzone."))
    if type(content["min_cell"]) is not int or content["min_cell"] != MIN_CELL:
        raise _refuse("min_cell", _("het pakket is onderdrukt met een andere drempel (%(value)s, hier %(expected)s)."),
                      value=json.dumps(content["min_cell"]), expected=MIN_CELL)

    quarters = {q.key for q in buckets(start, end, "quarter")}
    if not isinstance(content["cells"], list):
        raise _refuse("cells", _("verwacht een lijst van cellen."))
    seen = set()
    for number, cell in enumerate(content["cells"], start=1):
        key = _cell(cell, number, quarters)
        if key in seen:
            raise _refuse(f"cells[{number}]", _("deze cel komt twee keer voor."))
        seen.add(key)
    if stated is not None and stated != digest(content):
        raise _refuse("sha256", _("de controlesom klopt niet: het bestand is beschadigd of gewijzigd."))
    return content


def _object(content: dict, name: str, keys: set[str]) -> dict:
    value = content[name]
    if not isinstance(value, dict) or set(value) != keys:
        raise _refuse(name, _("verwacht een object met de velden %(keys)s."), keys=", ".join(sorted(keys)))
    return value


def _text(value, name: str, length: int, *, required: bool) -> None:
    if not isinstance(value, str) or len(value) > length or (required and not value.strip()):
        raise _refuse(name, _("verwacht een tekst van hooguit %(length)s tekens."), length=length)


def _date(value, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _refuse(name, _("verwacht een datum (JJJJ-MM-DD).")) from None


def _cell(cell, number: int, quarters: set[str]) -> CellKey:
    name = f"cells[{number}]"
    if not isinstance(cell, list) or len(cell) != 5 or not all(isinstance(part, str) for part in cell[:4]):
        raise _refuse(name, _("verwacht [meetwaarde, uitsplitsing, buurtcode, periode, aantal]."))
    measure, breakdown, area, period, value = cell
    if measure != OCCUPANCY and measure not in MEASURES:
        raise _refuse(name, _("onbekende meetwaarde \"%(measure)s\"."), measure=measure)
    whole = measure == OCCUPANCY or is_distinct(measure)
    if breakdown:
        field, _sep, choice = breakdown.partition(":")
        if whole or not _sep or field not in MEASURES[measure].breakdowns or not _BREAKDOWN_VALUE.fullmatch(choice):
            raise _refuse(name, _("meetwaarde \"%(measure)s\" kent de uitsplitsing \"%(breakdown)s\" niet."),
                          measure=measure, breakdown=breakdown)
    if area and (not _AREA_CODE.fullmatch(area) or is_distinct(measure) or breakdown):
        raise _refuse(name, _("ongeldige buurtcode \"%(area)s\" voor deze cel."), area=area)
    if period not in quarters and (period or whole):
        raise _refuse(name, _("periode \"%(period)s\" is geen kwartaal van dit pakket."), period=period)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise _refuse(name, _("een aantal moet een geheel getal van 0 of meer zijn, of leeg (onderdrukt)."))
    if value is not None and 0 < value < MIN_CELL:
        raise _refuse(name, _("het aantal %(value)s is kleiner dan %(min)s en had onderdrukt moeten zijn."),
                      value=value, min=MIN_CELL)
    return measure, breakdown, area, period


# --- adding packages up -----------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedMunicipality:
    code: str
    name: str
    region_code: str
    region_name: str


@dataclass(frozen=True)
class Total:
    """A sum of published cells. at_least: some cells were suppressed (each is 1 or more), so the
    true figure is larger than value; missing: (municipality, quarter) pairs no package covers."""

    value: int
    at_least: bool = False
    missing: int = 0

    def __str__(self) -> str:
        return f"≥ {self.value}" if self.at_least else str(self.value)


@dataclass
class Published:
    """The cells the regional and national views add up, per municipality and quarter."""

    start: dt.date
    end: dt.date
    region_code: str | None
    quarters: list[str]
    municipalities: list[PublishedMunicipality]
    cells: dict[tuple[str, str, str, str, str], int | None] = field(default_factory=dict)  # code + CellKey
    covered: set[tuple[str, str]] = field(default_factory=set)  # (municipality code, quarter)
    # The whole-range cells (period "") of municipalities whose one package spans exactly the range:
    # often published where some quarters are not (a neighbourhood's half year beside its quarters).
    whole: dict[tuple[str, str, str, str], int | None] = field(default_factory=dict)  # code, measure, breakdown, area
    whole_codes: set[str] = field(default_factory=set)

    @property
    def regions(self) -> list[tuple[str, str]]:
        return sorted({(m.region_code, m.region_name) for m in self.municipalities}, key=lambda r: (r[1], r[0]))

    def codes(self, region_code: str | None = None) -> list[str]:
        return [m.code for m in self.municipalities if region_code is None or m.region_code == region_code]

    def covers(self, municipality_code: str, period: str, measure: str = "") -> bool:
        if (municipality_code, period) not in self.covered:
            return False
        if measure == OCCUPANCY:  # a quarter before the first snapshot has no occupancy
            return (municipality_code, OCCUPANCY, ALL, ALL, period) in self.cells
        return True

    def value(self, measure: str, municipality_code: str, period: str, area_code: str = ALL,
              breakdown: str = ALL) -> int | None:
        """The published count; None when suppressed or not covered by any package (see covers())."""
        key = (municipality_code, measure, breakdown, area_code, period)
        if key in self.cells:
            return self.cells[key]
        return 0 if self.covers(municipality_code, period, measure) else None

    def suppressed(self, measure: str, municipality_code: str, period: str, area_code: str = ALL,
                   breakdown: str = ALL) -> bool:
        key = (municipality_code, measure, breakdown, area_code, period)
        return key in self.cells and self.cells[key] is None

    def total(self, measure: str, *, periods: Iterable[str] | None = None, region_code: str | None = None,
              municipality_code: str | None = None, area_code: str = ALL, breakdown: str = ALL) -> Total:
        """The sum over municipalities (one, a region's, or all) and quarters (default: all of them).

        Over the whole range, a municipality whose package spans exactly that range counts with its
        published whole-range cell where there is one. Distinct measures and the occupancy do not add
        up over quarters: ask for one quarter.
        """
        periods = self.quarters if periods is None else list(periods)
        if len(periods) > 1 and (measure == OCCUPANCY or is_distinct(measure)):
            raise ValueError(f"{measure} does not add up over quarters; ask for one quarter at a time")
        codes = [municipality_code] if municipality_code else self.codes(region_code)
        value, at_least, missing = 0, False, 0
        everything = periods == self.quarters
        for code in codes:
            if everything and code in self.whole_codes:
                cell = self.whole.get((code, measure, breakdown, area_code), 0)
                if cell is not None:
                    value += cell
                    continue
            for period in periods:
                if not self.covers(code, period, measure):
                    missing += 1
                    continue
                cell = self.value(measure, code, period, area_code, breakdown)
                if cell is None:
                    at_least = True
                else:
                    value += cell
        return Total(value, at_least, missing)


def published(*, region_code: str | None, start: dt.date, end: dt.date, measures_only: Iterable[str] | None = None,
              areas: bool = True) -> Published:
    """Per municipality (of the region, or all for None) and quarter of start..end, the cells of the
    most recently built package that covers that quarter. `areas=False` leaves out the
    neighbourhood cells, `measures_only` limits the measures (both for speed)."""
    quarters = buckets(start, end, "quarter")
    if not quarters:
        return Published(start, end, region_code, [], [])
    packages = FigurePackage.objects.filter(period_start__lte=quarters[-1].last, period_end__gte=quarters[0].first)
    if region_code is not None:
        packages = packages.filter(region_code=region_code)
    winner: dict[tuple[str, str], tuple] = {}
    names: dict[str, PublishedMunicipality] = {}
    spans: dict[int, tuple[dt.date, dt.date]] = {}
    for row in packages.values("id", "municipality_code", "municipality_name", "region_code", "region_name",
                               "period_start", "period_end", "built_at"):
        spans[row["id"]] = (row["period_start"], row["period_end"])
        for quarter in quarters:
            if row["period_start"] <= quarter.first and row["period_end"] >= quarter.last:
                slot = (row["municipality_code"], quarter.key)
                rank = (row["built_at"], row["id"])
                if slot not in winner or rank > winner[slot][0]:
                    winner[slot] = (rank, row["id"])
                    names[row["municipality_code"]] = PublishedMunicipality(
                        row["municipality_code"], row["municipality_name"], row["region_code"], row["region_name"])
    result = Published(start, end, region_code, [q.key for q in quarters],
                       sorted(names.values(), key=lambda m: (m.region_name, m.region_code, m.name, m.code)),
                       covered=set(winner))
    chosen = {(package_id, quarter) for (_code, quarter), (_rank, package_id) in winner.items()}
    cells = FigureCell.objects.filter(package_id__in={package_id for package_id, _q in chosen})
    if measures_only is not None:
        cells = cells.filter(measure__in=list(measures_only))
    if not areas:
        cells = cells.filter(area_code=ALL)
    code_of = {package_id: code for (code, _q), (_rank, package_id) in winner.items()}
    range_ = (quarters[0].first, quarters[-1].last)
    winners_of: dict[str, set[int]] = defaultdict(set)
    for (code, _q), (_rank, package_id) in winner.items():
        winners_of[code].add(package_id)
    whole = {next(iter(ids)) for code, ids in winners_of.items()
             if len(ids) == 1 and spans[next(iter(ids))] == range_}
    result.whole_codes = {code_of[package_id] for package_id in whole}
    cells = cells.filter(Q(period__in=result.quarters) | Q(period=ALL, package_id__in=whole))
    for package_id, measure, breakdown, area, period, value in cells.values_list(
            "package_id", "measure", "breakdown", "area_code", "period", "value").iterator(chunk_size=5000):
        if (package_id, period) in chosen:
            result.cells[(code_of[package_id], measure, breakdown, area, period)] = value
        elif period == ALL and package_id in whole:
            result.whole[(code_of[package_id], measure, breakdown, area)] = value
    return result

"""The municipal dashboard: every measure over a period, per month or quarter, with its breakdowns,
the state of the open cases, the occupancy snapshots, and the project targets.

One function builds it for the page, the report and the benchmark alike, so the figures in the
council report are those on the screen. It holds counts only, no record and no person; the
lists behind the figures are read through `measures.filtered()` from the user's scope
(views.drill).
"""

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Sum
from django.utils.translation import gettext as _

from regiekamer.cases.models import Case
from regiekamer.registry.models import Municipality
from regiekamer.walklists.selectors import HitRate, municipal_hit_rate

from . import targets as targets_module
from .measures import (
    BY_AREA, BY_MONTH, BY_QUARTER, MEASURES, RATIOS, SECTION_LABELS, Bucket, Measure, Ratio, buckets, count,
    count_together, ratio,
)
from .models import OccupancySnapshot


@dataclass(frozen=True)
class Point:
    bucket: Bucket
    value: int | float | None


@dataclass(frozen=True)
class Part:
    """One value of a breakdown (a category, an outcome...) with its count over the period."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Breakdown:
    field: str
    label: str
    parts: list[Part]


@dataclass
class Figure:
    key: str
    label: str
    unit: str
    total: int | float | None
    series: list[Point]
    breakdowns: list[Breakdown] = field(default_factory=list)
    is_ratio: bool = False


@dataclass
class Section:
    key: str
    label: str
    figures: list[Figure]


@dataclass(frozen=True)
class CaseState:
    status: str
    label: str
    open: int
    overdue: int
    median_age_days: int | None
    oldest_days: int | None


@dataclass(frozen=True)
class AreaFigures:
    area_code: str
    over_norm: int | None
    addresses: int | None
    meldingen: int
    inspections: int
    violations: int
    latitude: float | None
    longitude: float | None


@dataclass
class Dashboard:
    municipality: Municipality
    start: dt.date
    end: dt.date
    grain: str
    today: dt.date
    buckets: list[Bucket]
    sections: list[Section]
    cases: list[CaseState]
    occupancy: Figure
    snapshot_on: dt.date | None
    areas: list[AreaFigures]
    targets: list["targets_module.Progress"]
    walk_lists: HitRate | None = None

    def figure(self, key: str) -> Figure:
        for section in self.sections:
            for figure in section.figures:
                if figure.key == key:
                    return figure
        if key == self.occupancy.key:
            return self.occupancy
        raise KeyError(key)


BREAKDOWN_LABELS = {
    "category": "categorie", "source": "bron", "status": "status", "outcome": "uitkomst",
    "severity": "ernst", "case__case_type": "zaaktype", "intervention_type": "interventie", "kind": "soort",
    "case_type": "zaaktype", "result": "resultaat",
}


def _breakdowns(measure: Measure, splits: dict[str, dict[tuple, int]]) -> list[Breakdown]:
    result = []
    for name, counted_by in splits.items():
        labels = dict(measure.choices(name))
        values = list(labels) + sorted(set(k for (k,) in counted_by) - set(labels))
        parts = [Part(value, str(labels.get(value, value or "–")), counted_by[(value,)])
                 for value in values if counted_by.get((value,))]
        result.append(Breakdown(name, BREAKDOWN_LABELS.get(name, name), parts))
    return result


def _additive_figures(group: list[Measure], ids: list[int], start: dt.date, end: dt.date,
                      periods: list[Bucket]) -> list[Figure]:
    """Measures of the same records and day: one query by month and all their breakdowns."""
    counted = count_together(group, ids, start, end, by=(BY_MONTH,))
    figures = []
    for measure in group:
        counts = counted[measure.key]
        by_month = counts.summed(BY_MONTH)
        series = [Point(b, sum(v for (month,), v in by_month.items() if b.first <= _month_day(month) <= b.last))
                  for b in periods]
        splits = {name: counts.summed(name) for name in measure.breakdowns}
        figures.append(Figure(measure.key, str(measure.label), str(measure.unit), counts.total(), series,
                              _breakdowns(measure, splits)))
    return figures


def _distinct_figure(measure: Measure, ids: list[int], start: dt.date, end: dt.date, grain: str,
                     periods: list[Bucket]) -> Figure:
    """Distinct people or addresses do not add up: counted per bucket and for the whole period apart."""
    by_bucket = count(measure, ids, start, end, by=(BY_MONTH if grain == "month" else BY_QUARTER,)).values
    series = [Point(b, by_bucket.get((b.key,), 0)) for b in periods]
    total = count(measure, ids, start, end).total()
    splits = {name: count(measure, ids, start, end, by=(name,)).values for name in measure.breakdowns}
    return Figure(measure.key, str(measure.label), str(measure.unit), total, series, _breakdowns(measure, splits))


def _month_day(key: str) -> dt.date:
    return dt.date(int(key[:4]), int(key[5:7]), 1)


def _ratio_figure(item: Ratio, figures: dict[str, Figure]) -> Figure:
    numerator, denominator = figures[item.numerator], figures[item.denominator]
    series = [Point(n.bucket, ratio(n.value or 0, d.value or 0)) for n, d in zip(numerator.series, denominator.series)]
    return Figure(item.key, str(item.label), str(item.unit), ratio(numerator.total or 0, denominator.total or 0),
                  series, is_ratio=True)


def measure_figures(ids: list[int], start: dt.date, end: dt.date, grain: str) -> tuple[list[Bucket], list[Section]]:
    """Every measure and ratio for these municipalities, grouped in sections."""
    periods = buckets(start, end, grain)
    groups: dict[tuple, list[Measure]] = {}
    figures: dict[str, Figure] = {}
    for measure in MEASURES.values():
        if measure.distinct == "pk":
            groups.setdefault((measure.model, measure.day, measure.municipality), []).append(measure)
        else:
            figures[measure.key] = _distinct_figure(measure, ids, start, end, grain, periods)
    for group in groups.values():
        figures |= {figure.key: figure for figure in _additive_figures(group, ids, start, end, periods)}
    figures |= {key: _ratio_figure(item, figures) for key, item in RATIOS.items()}
    order = list(MEASURES.values()) + list(RATIOS.values())
    sections = [
        Section(section, str(label), [figures[item.key] for item in order if item.section == section])
        for section, label in SECTION_LABELS.items()
    ]
    return periods, sections


def case_states(municipality_ids: list[int], today: dt.date) -> list[CaseState]:
    """Open cases per status, how many are past their status's due date, and how old they are."""
    ages: dict[str, list[int]] = {}
    overdue: dict[str, int] = {}
    for status, opened_on, due_on in Case.objects.filter(
            municipality_id__in=municipality_ids, closed_on__isnull=True).values_list(
            "status", "opened_on", "due_on"):
        ages.setdefault(status, []).append((today - opened_on).days)
        overdue[status] = overdue.get(status, 0) + (due_on is not None and due_on < today)
    return [
        CaseState(status, str(label), len(ages[status]), overdue[status], int(statistics.median(ages[status])),
                  max(ages[status]))
        for status, label in Case._meta.get_field("status").choices if status in ages
    ]


def occupancy(municipality_ids: list[int], periods: list[Bucket]) -> tuple[Figure, dt.date | None]:
    """Addresses over the floor-area norm at the last snapshot within each month or quarter."""
    rows = (
        OccupancySnapshot.objects.filter(municipality_id__in=municipality_ids,
                                         on__gte=periods[0].first, on__lte=periods[-1].last)
        .values("on").annotate(n=Count("pk"), over=Sum("over_norm")).order_by("on")
    )
    by_day = {row["on"]: row["over"] for row in rows}
    series = []
    for bucket in periods:
        days = [day for day in by_day if bucket.first <= day <= bucket.last]
        series.append(Point(bucket, by_day[max(days)] if days else None))
    latest = max(by_day, default=None)
    return Figure(targets_module.OCCUPANCY_KEY, _("Adressen boven de oppervlaktenorm"), _("aantal"),
                  by_day[latest] if latest else None, series), latest


def centre(municipality_ids: list[int]) -> dict | None:
    """Where the map opens: the middle of the neighbourhoods' centres at the latest snapshot."""
    latest = OccupancySnapshot.objects.filter(municipality_id__in=municipality_ids, latitude__isnull=False)
    day = latest.order_by("-on").values_list("on", flat=True).first()
    if day is None:
        return None
    return latest.filter(on=day).aggregate(latitude=Avg("latitude"), longitude=Avg("longitude"))


def latest_snapshot_on(municipality_ids: list[int], on_or_before: dt.date) -> dt.date | None:
    return (OccupancySnapshot.objects.filter(municipality_id__in=municipality_ids, on__lte=on_or_before)
            .order_by("-on").values_list("on", flat=True).first())


def area_figures(municipality_ids: list[int], start: dt.date, end: dt.date,
                 snapshot_on: dt.date | None) -> list[AreaFigures]:
    """Per neighbourhood: addresses over the norm at the latest snapshot, and the period's activity."""
    snapshots = {}
    if snapshot_on is not None:
        snapshots = {row.area_code: row for row in OccupancySnapshot.objects.filter(
            municipality_id__in=municipality_ids, on=snapshot_on)}
    meldingen = count(MEASURES["meldingen_ontvangen"], municipality_ids, start, end, by=(BY_AREA,)).values
    counted = count_together([MEASURES["controles_uitgevoerd"], MEASURES["controles_overtreding"]], municipality_ids,
                             start, end, by=(BY_AREA,), with_breakdowns=False)
    inspections, violations = counted["controles_uitgevoerd"].values, counted["controles_overtreding"].values
    codes = sorted(set(snapshots) | {k for (k,) in meldingen} | {k for (k,) in inspections})
    result = []
    for code in codes:
        snapshot = snapshots.get(code)
        result.append(AreaFigures(
            code, snapshot.over_norm if snapshot else None, snapshot.addresses if snapshot else None,
            meldingen.get((code,), 0), inspections.get((code,), 0), violations.get((code,), 0),
            snapshot.latitude if snapshot else None, snapshot.longitude if snapshot else None,
        ))
    return result


def municipal(municipality: Municipality, start: dt.date, end: dt.date, grain: str, today: dt.date, *,
              with_areas: bool = True, with_targets: bool = True) -> Dashboard:
    """The whole dashboard; the page leaves the neighbourhoods and the targets out: its map, its
    neighbourhood table and its targets load on their own (views.areas_geojson, areas_table,
    targets_table), so the first response holds only the period's figures."""
    ids = [municipality.pk]
    periods, sections = measure_figures(ids, start, end, grain)
    occupancy_figure, snapshot_on = occupancy(ids, periods)
    dashboard = Dashboard(
        municipality=municipality, start=start, end=end, grain=grain, today=today, buckets=periods,
        sections=sections, cases=case_states(ids, today), occupancy=occupancy_figure, snapshot_on=snapshot_on,
        areas=area_figures(ids, start, end, snapshot_on) if with_areas else [], targets=[],
    )
    if with_targets:
        dashboard.targets = targets_module.for_municipality(municipality, today)
    dashboard.walk_lists = municipal_hit_rate(municipality.pk, start, end, period=grain)
    return dashboard

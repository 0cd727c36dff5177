"""Targets against what the registrations show: the actual value is counted, never typed in.

A count target adds a measure up over the project's period so far; a share target is a ratio
(measures.RATIOS) over that period; a reduction target compares the addresses over the norm at the
first occupancy snapshot of the project with the latest one. A count target is on track when the
count so far is at least the goal times the share of the period that has passed.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _, gettext_lazy

from regiekamer.registry.models import Municipality

from .measures import MEASURES, RATIOS, count, count_together, ratio
from .models import OccupancySnapshot, Project, Target, TargetKind

OCCUPANCY_KEY = "adressen_boven_norm"


def measure_choices(kind: str) -> list[tuple[str, str]]:
    """The measures a target of this kind can name."""
    if kind == TargetKind.COUNT:
        return [(m.key, str(m.label)) for m in MEASURES.values()]
    if kind == TargetKind.SHARE:
        return [(r.key, str(r.label)) for r in RATIOS.values()]
    return [(OCCUPANCY_KEY, str(gettext_lazy("Adressen boven de oppervlaktenorm")))]


def label_of(measure: str) -> str:
    for kind in TargetKind.values:
        for key, label in measure_choices(kind):
            if key == measure:
                return label
    return measure


@dataclass(frozen=True)
class Progress:
    project: Project
    target: Target
    label: str
    actual: float | int | None
    goal: Decimal
    measured_from: dt.date
    measured_to: dt.date
    expected_now: float | None  # count targets: where the count should be by now
    detail: str

    @property
    def met(self) -> bool | None:
        if self.actual is None:
            return None
        return self.actual >= self.goal

    @property
    def on_track(self) -> bool | None:
        if self.actual is None:
            return None
        if self.expected_now is not None:
            return self.actual >= self.expected_now
        return self.met

    @property
    def percent_of_goal(self) -> int | None:
        if self.actual is None or not self.goal:
            return None
        return min(100, int(100 * Decimal(str(self.actual)) / self.goal))


def municipality_ids(project: Project) -> list[int]:
    if project.municipality_id is not None:
        return [project.municipality_id]
    return list(Municipality.objects.filter(region_id=project.region_id).values_list("pk", flat=True))


def _needed(target: Target) -> list[str]:
    """The measures a target's actual value is counted from."""
    if target.kind == TargetKind.COUNT and target.measure in MEASURES:
        return [target.measure]
    if target.kind == TargetKind.SHARE and target.measure in RATIOS:
        return [RATIOS[target.measure].numerator, RATIOS[target.measure].denominator]
    return []


def totals(keys: list[str], ids: list[int], start: dt.date, end: dt.date) -> dict[str, int]:
    """Totals of measures over one period: additive measures of the same records in one query."""
    groups: dict[tuple, list] = {}
    result = {}
    for key in dict.fromkeys(keys):
        measure = MEASURES[key]
        if measure.distinct == "pk":
            groups.setdefault((measure.model, measure.day, measure.municipality), []).append(measure)
        else:
            result[key] = count(measure, ids, start, end).total()
    for group in groups.values():
        counted = count_together(group, ids, start, end, with_breakdowns=False)
        result |= {key: counts.total() for key, counts in counted.items()}
    return result


def progress(target: Target, today: dt.date, counted: dict[str, int] | None = None) -> Progress:
    """How far a target is; `counted` may hold the totals of its measures over the project so far."""
    project = target.project
    ids = municipality_ids(project)
    start, end = project.starts_on, min(project.ends_on, today)
    label = label_of(target.measure)
    actual, expected, detail = None, None, ""
    if end >= start and counted is None:
        counted = totals(_needed(target), ids, start, end)
    if end < start:
        detail = _("Het project is nog niet begonnen.")
    elif target.kind == TargetKind.COUNT and target.measure in MEASURES:
        actual = counted[target.measure]
        share = ((end - start).days + 1) / ((project.ends_on - project.starts_on).days + 1)
        expected = round(float(target.value) * share, 1)
        detail = _("%(actual)s van %(goal)s; bij gelijk tempo %(expected)s op %(day)s") % {
            "actual": actual, "goal": _number(target.value), "expected": _number(expected), "day": end}
    elif target.kind == TargetKind.SHARE and target.measure in RATIOS:
        item = RATIOS[target.measure]
        numerator, denominator = counted[item.numerator], counted[item.denominator]
        actual = ratio(numerator, denominator)
        detail = _("%(numerator)s van %(denominator)s") % {"numerator": numerator, "denominator": denominator}
    elif target.kind == TargetKind.REDUCTION and target.measure == OCCUPANCY_KEY:
        actual, detail = _reduction(ids, start, end)
    else:
        detail = _("Deze meetwaarde past niet bij de soort doel.")
    return Progress(project, target, label, actual, target.value, start, end, expected, detail)


def project_progress(project: Project, today: dt.date) -> list[Progress]:
    """Every target of a project, their measures counted together (one query per kind of record)."""
    targets = list(project.targets.all())
    start, end = project.starts_on, min(project.ends_on, today)
    counted = None
    if end >= start:
        counted = totals([key for target in targets for key in _needed(target)], municipality_ids(project), start, end)
    return [progress(target, today, counted) for target in targets]


def _number(value) -> str:
    return f"{float(value):g}"


def _over_norm_on(ids: list[int], day: dt.date) -> int:
    return OccupancySnapshot.objects.filter(municipality_id__in=ids, on=day).aggregate(n=Sum("over_norm"))["n"] or 0


def _reduction(ids: list[int], start: dt.date, end: dt.date) -> tuple[float | None, str]:
    """Percentage fewer addresses over the norm: the snapshot at (or last before) the start against the latest."""
    snapshots = OccupancySnapshot.objects.filter(municipality_id__in=ids)
    first = (snapshots.filter(on__lte=start).order_by("-on").values_list("on", flat=True).first()
             or snapshots.filter(on__gte=start, on__lte=end).order_by("on").values_list("on", flat=True).first())
    last = snapshots.filter(on__lte=end).order_by("-on").values_list("on", flat=True).first()
    if first is None or last is None or first >= last:
        return None, _("Nog geen twee momentopnamen in de projectperiode.")
    before, now = _over_norm_on(ids, first), _over_norm_on(ids, last)
    if not before:
        return None, _("Bij de eerste momentopname was geen adres boven de norm.")
    detail = _("%(before)s adressen boven de norm op %(first)s, %(now)s op %(last)s") % {
        "before": before, "first": first, "now": now, "last": last}
    return round(100 * (before - now) / before, 1), detail


def projects_for_municipality(municipality: Municipality) -> list[Project]:
    return list(
        Project.objects.filter(Q(municipality=municipality) | Q(region_id=municipality.region_id,
                                                                region__isnull=False))
        .select_related("municipality", "region").prefetch_related("targets")
    )


def for_municipality(municipality: Municipality, today: dt.date) -> list[Progress]:
    """The targets of the projects that run now (or ended in the last year) for this municipality."""
    result = []
    for project in projects_for_municipality(municipality):
        if project.starts_on <= today and project.ends_on >= today - dt.timedelta(days=365):
            result.extend(project_progress(project, today))
    return result

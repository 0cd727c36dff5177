"""The figures of the steering information as data: what is counted, from which records, on which day.

A Measure counts records (or distinct people or addresses) of one kind that fall on a day within a
period, in some municipalities, optionally split by a field with choices. A Ratio divides two
measures. Dashboards, targets, reports, drill-down lists and the aggregate packages all count
through `count()` and list through `records()`, so a figure and the list behind it cannot differ.

Counting happens in the database (one GROUP BY per measure), never by loading records.
"""

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import (
    CharField, Count, DateField, Exists, F, FloatField, Func, IntegerField, OuterRef, Q, QuerySet, Value,
)
from django.db.models.lookups import LessThanOrEqual
from django.db.models.functions import Cast, Coalesce, Concat, ExtractQuarter, ExtractYear, Substr, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from regiekamer.organisations.access import OVERSEES_CARE, Reach, Scope

# A melding handled within this many days counts as handled in time (the approach's 8 weeks).
HANDLING_TERM_DAYS = 56
# A melding at an address within this many days after a case there was closed is a repeat.
REPEAT_WINDOW_DAYS = 365


class Section:
    MELDINGEN = "meldingen"
    INSPECTIONS = "controles"
    INTERVENTIONS = "interventies"
    CASES = "zaken"
    CARE = "zorg"
    OUTCOMES = "resultaat"


SECTION_LABELS: dict[str, Promise] = {
    Section.MELDINGEN: _("Meldingen"),
    Section.INSPECTIONS: _("Controles"),
    Section.INTERVENTIONS: _("Interventies"),
    Section.CASES: _("Zaken"),
    Section.CARE: _("Zorg en opvolging"),
    Section.OUTCOMES: _("Resultaten"),
}


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _reads_municipality(scope: Scope) -> bool:
    return scope.reach == Reach.MUNICIPALITY and scope.reads_dossiers


def _oversees_care(scope: Scope) -> bool:
    return _reads_municipality(scope) and scope.kind in OVERSEES_CARE


@dataclass(frozen=True)
class Measure:
    key: str
    label: Promise
    section: str
    model: str  # "app_label.Model"
    day: str  # the field (path) whose date places a record in a period
    municipality: tuple[str, ...]  # path(s) to the municipality id; the first that is set counts
    area: str  # path to the neighbourhood code
    where: Callable[[], Q] = lambda: Q()
    breakdowns: tuple[str, ...] = ()  # fields with choices to split by
    distinct: str = "pk"  # what is counted: records, or distinct people / addresses
    unit: Promise = _("aantal")
    # The list behind the figure: who may open it (the figure itself is an aggregate).
    drills: Callable[[Scope], bool] = _reads_municipality

    @property
    def queryset(self) -> QuerySet:
        return apps.get_model(self.model).objects.all()

    def place(self, municipality_ids: Iterable[int]) -> Q:
        ids = list(municipality_ids)
        q = Q(**{f"{self.municipality[0]}__in": ids})
        for path in self.municipality[1:]:
            q |= Q(**{f"{self.municipality[0]}__isnull": True, f"{path}__in": ids})
        return q

    def municipality_expression(self):
        if len(self.municipality) == 1:
            return F(self.municipality[0])
        return Coalesce(*(F(path) for path in self.municipality))

    def within(self, start: dt.date, end: dt.date) -> Q:
        """Records on a day from start up to and including end (a moment's day in local time)."""
        if self.day.endswith("__date"):  # a moment: compare moments, not a conversion of every row
            moment = self.day.removesuffix("__date")
            return Q(**{f"{moment}__gte": _local_midnight(start),
                        f"{moment}__lt": _local_midnight(end + dt.timedelta(days=1))})
        return Q(**{f"{self.day}__gte": start, f"{self.day}__lte": end})

    def choices(self, breakdown: str) -> list[tuple[str, str]]:
        model = apps.get_model(self.model)
        for part in breakdown.split("__")[:-1]:
            model = model._meta.get_field(part).related_model
        return list(model._meta.get_field(breakdown.split("__")[-1]).choices or [])


@dataclass(frozen=True)
class Ratio:
    """numerator / denominator, as a percentage; None when the denominator is 0."""

    key: str
    label: Promise
    section: str
    numerator: str
    denominator: str
    unit: Promise = _("procent")


def _handled() -> Q:
    return Q(handled_on__isnull=False)


class DaysBetween(Func):
    """Whole days from the first date to the second, in the database's own arithmetic (Django's
    date arithmetic runs a Python function per row on SQLite)."""

    arity = 2
    output_field = FloatField()
    template = "(%(expressions)s)"
    arg_joiner = " - "  # PostgreSQL: date - date is a number of days

    def __init__(self, first, second, **extra):
        super().__init__(second, first, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(julianday(%(expressions)s))",
                           arg_joiner=") - julianday(", **extra)


def _handled_in_time() -> Q:
    return Q(handled_on__isnull=False) & Q(
        LessThanOrEqual(DaysBetween(F("received_on"), F("handled_on")), HANDLING_TERM_DAYS))


def _repeat() -> Q:
    Case = apps.get_model("cases", "Case")
    closed_before = Case.objects.filter(
        LessThanOrEqual(DaysBetween(F("closed_on"), OuterRef("received_on")), REPEAT_WINDOW_DAYS),
        address=OuterRef("address"), closed_on__isnull=False, closed_on__lt=OuterRef("received_on"),
    )
    return Q(address__isnull=False) & Q(Exists(closed_before))


def _recorded() -> Q:
    return Q(status="recorded")


def _with_access() -> Q:
    return Q(status="recorded", outcome__in=["violation", "no_violation"])


def _violation() -> Q:
    return Q(status="recorded", outcome="violation")


def _closed() -> Q:
    return Q(closed_on__isnull=False)


def _closed_within_norm() -> Q:
    return Q(closed_on__isnull=False, case_type="overbewoning", result__in=["gelegaliseerd", "herhuisvest"])


def _closed_ended() -> Q:
    return Q(closed_on__isnull=False, result="beeindigd")


def _referral_closed() -> Q:
    return Q(closed_on__isnull=False, status="gesloten")


_MELDING = dict(model="meldingen.Melding", municipality=("municipality_id",),
                area="address__area_code")
_INSPECTION = dict(model="inspections.Inspection", day="inspected_on", municipality=("municipality_id",),
                   area="address__area_code")
_CASE = dict(model="cases.Case", municipality=("municipality_id",), area="address__area_code")
_INTERVENTION = dict(model="enforcement.Intervention", day="decided_on",
                     municipality=("case__municipality_id",), area="case__address__area_code")
_STEP = dict(model="enforcement.ProcedureStep", day="on",
             municipality=("intervention__case__municipality_id",),
             area="intervention__case__address__area_code")
_REFERRAL = dict(model="care.CareReferral", municipality=("case__municipality_id",),
                 area="case__address__area_code", drills=_oversees_care)
_TRAJECTORY = dict(model="care.Trajectory", day="started_on", municipality=("case__municipality_id",),
                   area="case__address__area_code", drills=_oversees_care)

MEASURES: dict[str, Measure] = {m.key: m for m in [
    Measure("meldingen_ontvangen", _("Meldingen ontvangen"), Section.MELDINGEN, day="received_on",
            breakdowns=("category", "source"), **_MELDING),
    Measure("meldingen_afgehandeld", _("Meldingen afgehandeld"), Section.MELDINGEN, day="handled_on",
            where=_handled, breakdowns=("status",), **_MELDING),
    Measure("meldingen_op_tijd", _("Meldingen afgehandeld binnen 8 weken"), Section.MELDINGEN, day="handled_on",
            where=_handled_in_time, **_MELDING),
    Measure("controles_uitgevoerd", _("Controles uitgevoerd"), Section.INSPECTIONS, where=_recorded,
            breakdowns=("outcome",), **_INSPECTION),
    Measure("controles_met_toegang", _("Controles met toegang"), Section.INSPECTIONS, where=_with_access,
            **_INSPECTION),
    Measure("controles_overtreding", _("Controles met een overtreding"), Section.INSPECTIONS, where=_violation,
            breakdowns=("severity", "case__case_type"), **_INSPECTION),
    Measure("interventies", _("Interventies opgelegd"), Section.INTERVENTIONS, breakdowns=("intervention_type",),
            **_INTERVENTION),
    Measure("procedurestappen", _("Stappen in handhavingsprocedures"), Section.INTERVENTIONS,
            breakdowns=("kind",), **_STEP),
    Measure("dwangsommen_verbeurd", _("Dwangsommen verbeurd"), Section.INTERVENTIONS,
            where=lambda: Q(kind="verbeurd"), **_STEP),
    Measure("dwangsommen_ingevorderd", _("Dwangsommen ingevorderd"), Section.INTERVENTIONS,
            where=lambda: Q(kind="invordering"), **_STEP),
    Measure("zaken_geopend", _("Zaken geopend"), Section.CASES, day="opened_on", breakdowns=("case_type",), **_CASE),
    Measure("zaken_gesloten", _("Zaken gesloten"), Section.CASES, day="closed_on", where=_closed,
            breakdowns=("result",), **_CASE),
    Measure("verwijzingen", _("Verwijzingen naar zorg"), Section.CARE, day="created_at__date",
            breakdowns=("kind",), **_REFERRAL),
    Measure("mensen_verwezen", _("Mensen verwezen naar zorg"), Section.CARE, day="created_at__date",
            distinct="person_ref", **_REFERRAL),
    Measure("mensen_opgevolgd", _("Mensen verwezen en opgevolgd tot afsluiting"), Section.CARE, day="closed_on",
            where=_referral_closed, distinct="person_ref", breakdowns=("outcome",), **_REFERRAL),
    Measure("trajecten_gestart", _("Trajecten gestart (taal, inburgering, school, werk)"), Section.CARE,
            breakdowns=("kind",), **_TRAJECTORY),
    Measure("adressen_binnen_norm", _("Adressen binnen de norm gebracht"), Section.OUTCOMES, day="closed_on",
            where=_closed_within_norm, distinct="address_id", **_CASE),
    Measure("situaties_beeindigd", _("Situaties beëindigd"), Section.OUTCOMES, day="closed_on",
            where=_closed_ended, distinct="address_id", **_CASE),
    Measure("herhaalde_meldingen", _("Herhaalde meldingen binnen een jaar na afsluiten"), Section.OUTCOMES,
            day="received_on", where=_repeat, **_MELDING),
]}

RATIOS: dict[str, Ratio] = {r.key: r for r in [
    Ratio("meldingen_op_tijd_pct", _("Meldingen binnen 8 weken afgehandeld"), Section.MELDINGEN,
          "meldingen_op_tijd", "meldingen_afgehandeld"),
    Ratio("trefkans", _("Trefkans: controles met een overtreding"), Section.INSPECTIONS,
          "controles_overtreding", "controles_met_toegang"),
]}


# --- periods ----------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Bucket:
    """A month or a quarter: its key ("2026-03", "2026-Q1"), first and last day."""

    first: dt.date
    last: dt.date
    key: str

    @property
    def label(self) -> str:
        if "Q" in self.key:
            return _("K%(quarter)s %(year)s") % {"quarter": self.key[-1], "year": self.first.year}
        return date_format(self.first, "M Y")


def month_of(day: dt.date) -> Bucket:
    first = day.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return Bucket(first, last, f"{first:%Y-%m}")


def quarter_of(day: dt.date) -> Bucket:
    quarter = (day.month - 1) // 3 + 1
    first = dt.date(day.year, 3 * quarter - 2, 1)
    last = month_of(dt.date(day.year, 3 * quarter, 1)).last
    return Bucket(first, last, f"{day.year}-Q{quarter}")


GRAINS: dict[str, Callable[[dt.date], Bucket]] = {"month": month_of, "quarter": quarter_of}


def buckets(start: dt.date, end: dt.date, grain: str) -> list[Bucket]:
    """The months or quarters that touch start..end, in order."""
    of = GRAINS[grain]
    result, day = [], start
    while day <= end:
        bucket = of(day)
        result.append(bucket)
        day = bucket.last + dt.timedelta(days=1)
    return result


# --- counting ---------------------------------------------------------------------------------

# What count() can group by besides a measure's breakdown fields.
BY_MUNICIPALITY = "municipality"
BY_AREA = "area"
BY_MONTH = "month"
BY_QUARTER = "quarter"


@dataclass
class Counts:
    """Counts keyed by the tuple of the `by` values, in the order asked for."""

    by: tuple[str, ...]
    values: dict[tuple, int] = field(default_factory=dict)

    def total(self) -> int:
        return sum(self.values.values())

    def summed(self, *keep: str) -> dict[tuple, int]:
        """Re-add the counts grouped by fewer of the `by` fields."""
        positions = [self.by.index(name) for name in keep]
        result: dict[tuple, int] = defaultdict(int)
        for key, value in self.values.items():
            result[tuple(key[p] for p in positions)] += value
        return dict(result)


def filtered(measure: Measure, municipality_ids: Iterable[int], start: dt.date, end: dt.date,
             breakdown: tuple[str, str] | None = None, base: QuerySet | None = None) -> QuerySet:
    """The records a measure counts: in these municipalities, on a day from start to end inclusive."""
    queryset = measure.queryset if base is None else base
    queryset = queryset.filter(measure.place(municipality_ids), measure.within(start, end), measure.where())
    if breakdown is not None:
        queryset = queryset.filter(**{breakdown[0]: breakdown[1]})
    return queryset


def _sqlite_day_text(day: str):
    """A day as SQLite's ISO text. A moment's local day comes from SQLite's own date(x, 'localtime'):
    Django sets the process's TZ to settings.TIME_ZONE on start, so the C library converts, instead
    of Django's Python function per row (ten times slower). Where TZ is not ours (not on Unix), the
    per-row conversion stays."""
    if not day.endswith("__date"):
        return Cast(F(day), output_field=CharField())
    if os.environ.get("TZ") != settings.TIME_ZONE:
        return Cast(F(day), output_field=CharField())  # F("x__date"): Django's conversion per row
    return Func(F(day.removesuffix("__date")), Value("localtime"), function="date", output_field=CharField())


def _month(day: str):
    """The month a day falls in, as "2026-03": SQLite's own substr over its ISO date text (Django's
    TruncMonth runs a Python function per row there), the database's date_trunc elsewhere."""
    if connection.vendor == "sqlite":
        return Substr(_sqlite_day_text(day), 1, 7)
    return TruncMonth(day, output_field=DateField())


def _quarter(day: str):
    """The quarter a day falls in, as "2026-Q1" (natively on SQLite too, as _month)."""
    if connection.vendor == "sqlite":
        text = _sqlite_day_text(day)
        number = (Cast(Substr(text, 6, 2), output_field=IntegerField()) + 2) / 3
        return Concat(Substr(text, 1, 4), Value("-Q"), Cast(number, output_field=CharField()),
                      output_field=CharField())
    return Concat(Cast(ExtractYear(day), output_field=CharField()), Value("-Q"),
                  Cast(ExtractQuarter(day), output_field=CharField()), output_field=CharField())


def _annotations(measure: Measure, by: Sequence[str], breakdowns: Sequence[str]) -> dict[str, object]:
    annotations = {}
    for name in by:
        if name == BY_MUNICIPALITY:
            annotations["g_municipality"] = measure.municipality_expression()
        elif name == BY_AREA:
            annotations["g_area"] = Coalesce(F(measure.area), Value(""), output_field=CharField())
        elif name == BY_MONTH:
            annotations["g_month"] = _month(measure.day)
        elif name == BY_QUARTER:
            annotations["g_quarter"] = _quarter(measure.day)
        elif name in breakdowns:
            annotations["g_" + name] = F(name)
        else:
            raise ValueError(f"{measure.key} cannot be grouped by {name}")
    return annotations


def count(measure: Measure, municipality_ids: Iterable[int], start: dt.date, end: dt.date,
          by: Sequence[str] = ()) -> Counts:
    """Count a measure, grouped by any of municipality, area, month, quarter and its breakdowns.

    Distinct measures (people, addresses) count distinct values within each group: the same
    person referred in two months counts once in each month and once in the total of a query
    without the month, so call count() again for a total rather than adding months up.
    """
    return count_together([measure], municipality_ids, start, end, by=by, with_breakdowns=False)[measure.key]


def count_together(group: Sequence[Measure], municipality_ids: Iterable[int], start: dt.date, end: dt.date,
                   by: Sequence[str] = (), *, with_breakdowns: bool = True) -> dict[str, Counts]:
    """Count measures of the same records and day in one pass over them (conditional counts).

    Each measure is grouped by `by` plus (with_breakdowns) its own breakdowns; the query groups by
    all of them and each measure adds up the groups over the breakdowns it does not have. Only
    additive measures can share a query (a distinct count does not add up over groups).
    """
    first = group[0]
    if len(group) > 1 and any(m.distinct != "pk" or (m.model, m.day, m.municipality) !=
                              (first.model, first.day, first.municipality) for m in group):
        raise ValueError("only additive measures of the same records and day can be counted together")
    ids = list(municipality_ids)
    own = {m.key: tuple(b for b in m.breakdowns if b not in by) if with_breakdowns else () for m in group}
    fields = list(by) + [name for name in dict.fromkeys(b for m in group for b in own[m.key])]
    annotations = _annotations(first, fields, [b for m in group for b in m.breakdowns])
    wheres = [m.where() for m in group]
    queryset = first.queryset.filter(first.place(ids), first.within(start, end))
    if all(wheres):  # records that no measure counts need not be read
        any_where = Q()
        for where in wheres:
            any_where |= where
        queryset = queryset.filter(any_where)
    counters = {f"n{i}": Count(m.distinct, distinct=m.distinct != "pk", filter=where or None)
                for i, (m, where) in enumerate(zip(group, wheres))}
    result = {m.key: Counts(tuple(by) + own[m.key]) for m in group}
    if annotations:
        rows = queryset.annotate(**annotations).values(*annotations).annotate(**counters).order_by()
    else:  # values() without fields would group by every field
        rows = [queryset.aggregate(**counters)]
    for row in rows:
        for i, measure in enumerate(group):
            n = row[f"n{i}"]
            if n:
                counts = result[measure.key]
                key = tuple(_key(name, row["g_" + name]) for name in counts.by)
                counts.values[key] = counts.values.get(key, 0) + n
    return result


def _key(name: str, value):
    if name in (BY_MONTH, BY_QUARTER):
        if isinstance(value, dt.date):
            return month_of(value).key if name == BY_MONTH else quarter_of(value).key
    return "" if value is None else value


def ratio(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None

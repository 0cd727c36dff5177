"""The regional and national views: figures added up from aggregate packages (packages.published),
never from records, so a municipality's small counts stay suppressed for everyone outside it.

Who: the regional view is for every organisation of the region that reads figures
(access.reads_regional_figures), the national view for every organisation
(access.reads_national_figures). A figure of the reader's own municipality opens into the list
behind it (views.drill_list checks the rights again); other municipalities' figures do not open.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from regiekamer.organisations.access import (
    Scope, reads_municipal_figures, reads_national_figures, reads_regional_figures, scope_for,
)
from regiekamer.registry.models import Municipality, Region

from . import packages, waterbed
from .charts import bar_chart
from .dashboard import Point
from .forms import PeriodForm
from .measures import MEASURES, Bucket, buckets

# The figures shown over time for the region and the country.
TREND = ("meldingen_ontvangen", "controles_uitgevoerd", "controles_overtreding", "interventies",
         packages.OCCUPANCY)


@dataclass(frozen=True)
class Cell:
    text: str
    url: str = ""
    suppressed: bool = False


@dataclass
class Line:
    key: str
    label: str
    cells: list[Cell]
    note: str = ""


def _label(key: str) -> str:
    return str(MEASURES[key].label) if key in MEASURES else _("Adressen boven de oppervlaktenorm")


def _is_state(key: str) -> bool:
    """Not additive over quarters: shown for the last quarter of the period."""
    return key == packages.OCCUPANCY or packages.is_distinct(key)


def _total(figures: packages.Published, key: str, **where) -> packages.Total:
    periods = figures.quarters[-1:] if _is_state(key) else figures.quarters
    return figures.total(key, periods=periods, **where)


def _period(request) -> tuple[PeriodForm, dict | None]:
    form = PeriodForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    start, end = packages.whole_quarters(data["start"], data["end"])
    return form, {"start": start, "end": end, "asked_end": data["end"]}


def _drill(scope: Scope, municipality: Municipality | None, key: str, start, end) -> str:
    if municipality is None or key not in MEASURES or not reads_municipal_figures(scope, municipality.pk):
        return ""
    if not MEASURES[key].drills(scope):
        return ""
    return reverse("steering:drill", args=[municipality.code, key]) + "?" + urlencode(
        {"van": start.isoformat(), "tot": end.isoformat(), "per": "kwartaal"})


def _keys() -> list[str]:
    return list(MEASURES) + [packages.OCCUPANCY]


def _trend(figures: packages.Published, quarters: list[Bucket], **where) -> list[dict]:
    rows = []
    for key in TREND:
        points = []
        for quarter in quarters:
            total = figures.total(key, periods=[quarter.key], **where)
            points.append(Point(quarter, total.value if not total.missing else None))
        rows.append({"label": _label(key), "chart": bar_chart(points),
                     "cells": [str(figures.total(key, periods=[q.key], **where)) for q in quarters]})
    return rows


@login_required
@require_GET
def region(request, code: str):
    scope = scope_for(request.user)
    region_obj = Region.objects.filter(code=code).first()
    if region_obj is None or not reads_regional_figures(scope, region_obj.pk):
        raise Http404
    form, period = _period(request)
    if period is None:
        return render(request, "steering/region.html", {"region": region_obj, "form": form}, status=400)
    start, end = period["start"], period["end"]
    figures = packages.published(region_code=region_obj.code, start=start, end=end, areas=False)
    local = {m.code: m for m in Municipality.objects.filter(region=region_obj)}
    columns = figures.municipalities
    lines = []
    for key in _keys():
        cells = []
        for column in columns:
            total = _total(figures, key, municipality_code=column.code)
            cells.append(Cell(str(total) if not total.missing else "–",
                              _drill(scope, local.get(column.code), key, start, period["asked_end"]),
                              total.at_least))
        region_total = _total(figures, key, region_code=region_obj.code)
        cells.append(Cell(str(region_total), "", region_total.at_least))
        lines.append(Line(key, _label(key), cells, _("laatste kwartaal") if _is_state(key) else ""))
    quarters = buckets(start, end, "quarter")
    context = {
        "region": region_obj, "form": form, "start": start, "end": end, "columns": columns, "lines": lines,
        "quarters": quarters, "trend": _trend(figures, quarters, region_code=region_obj.code),
        "missing": [m for m in local.values() if m.code not in {c.code for c in columns}],
        "monitor": waterbed.monitor(region_obj, start, period["asked_end"]),
        "min_cell": packages.MIN_CELL,
    }
    return render(request, "steering/region.html", context)


@login_required
@require_GET
def country(request):
    scope = scope_for(request.user)
    if not reads_national_figures(scope):
        raise Http404
    form, period = _period(request)
    if period is None:
        return render(request, "steering/country.html", {"form": form}, status=400)
    start, end = period["start"], period["end"]
    figures = packages.published(region_code=None, start=start, end=end, areas=False)
    regions = figures.regions
    lines = []
    for key in _keys():
        cells = [Cell(str(_total(figures, key, region_code=code))) for code, _name in regions]
        cells.append(Cell(str(_total(figures, key))))
        lines.append(Line(key, _label(key), cells, _("laatste kwartaal") if _is_state(key) else ""))
    quarters = buckets(start, end, "quarter")
    context = {
        "form": form, "start": start, "end": end, "regions": regions, "lines": lines, "quarters": quarters,
        "trend": _trend(figures, quarters), "municipalities": len(figures.municipalities),
        "min_cell": packages.MIN_CELL,
    }
    return render(request, "steering/country.html", context)

"""Steering pages: the municipal dashboard, the list behind each figure, and the map's neighbourhoods.

Who: everyone of a municipal department reads its own municipality's dashboard
(access.reads_municipal_figures); the list behind a figure opens only where the reader may read
those records (measure.drills) and is read from the reader's scope. Anyone else gets 404, the same
as for a municipality that does not exist. The dashboard holds counts only; the lists name
addresses and go into the processing log.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.core.http import no_store
from regiekamer.organisations.access import (
    Reach, Scope, reads_municipal_figures, reads_national_figures, reads_risk, scope_for,
)
from regiekamer.registry.models import Municipality, Region

from . import dashboard as dashboards, drill, targets as targets_module
from .figures_cache import remembered
from .charts import bar_chart
from .forms import DrillForm, PeriodForm
from .measures import MEASURES

ROWS_PER_PAGE = 50


def _municipality(request, code: str) -> tuple[Municipality, Scope]:
    scope = scope_for(request.user)
    municipality = Municipality.objects.filter(code=code.upper()).select_related("region").first()
    if municipality is None or not reads_municipal_figures(scope, municipality.pk):
        raise Http404
    return municipality, scope


@login_required
@require_GET
def index(request):
    """Where the reader's figures are: its own municipality, its region, the country, the projects."""
    scope = scope_for(request.user)
    if not reads_national_figures(scope):
        raise Http404
    own = None
    if scope.reach == Reach.MUNICIPALITY and scope.municipality_id is not None:
        own = Municipality.objects.get(pk=scope.municipality_id)
    region = Region.objects.filter(pk=scope.region_id).first() if scope.region_id is not None else None
    return render(request, "steering/index.html", {"own": own, "region": region})


def _period_query(start, end, grain) -> dict:
    return {"van": start.isoformat(), "tot": end.isoformat(), "per": "kwartaal" if grain == "quarter" else "maand"}


@login_required
@require_GET
def municipality(request, code: str):
    municipality, scope = _municipality(request, code)
    today = timezone.localdate()
    form = PeriodForm(request.GET, today=today)
    if not form.is_valid():
        return render(request, "steering/municipality.html", {"municipality": municipality, "form": form},
                      status=400)
    data = form.cleaned_data
    # The same counts for everyone of the municipality: computed once, kept a few minutes (figures_cache).
    board, computed_at = remembered(
        "municipal", (municipality.pk, data["start"], data["end"], data["grain"], today),
        lambda: dashboards.municipal(municipality, data["start"], data["end"], data["grain"], today,
                                     with_areas=False, with_targets=False))
    center, _computed = remembered("centre", (municipality.pk,), lambda: dashboards.centre([municipality.pk]))
    period = _period_query(data["start"], data["end"], data["grain"])
    drill_base = {key: measure.drills(scope) for key, measure in MEASURES.items()}

    def sections():  # called by the template only when its rendered figures are not kept (the cache tag)
        return [
            {"section": section, "figures": [
                {"figure": figure, "chart": bar_chart(figure.series),
                 "drill": reverse("steering:drill", args=[municipality.code, figure.key])
                 if drill_base.get(figure.key) else None}
                for figure in section.figures]}
            for section in board.sections
        ]

    context = {
        "municipality": municipality, "form": form, "board": board, "sections": sections,
        "period": period, "query": urlencode(period), "computed_at": computed_at,
        # The rendered figures are kept beside the figures: they differ only by what the reader may open.
        "figures_seconds": settings.REGIEKAMER_FIGURES_CACHE_SECONDS,
        "figures_variant": ",".join(sorted(key for key, drills in drill_base.items() if drills))
                           + f";risk={reads_risk(scope)}",
        "occupancy_chart": lambda: bar_chart(board.occupancy.series),
        "tile_url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION,
        "center": center,
        "shortcuts": _shortcuts(today), "reads_risk": reads_risk(scope),
    }
    return render(request, "steering/municipality.html", context)


def _shortcuts(today) -> list[tuple[str, str]]:
    return [
        (_("Dit jaar"), urlencode({"van": dt.date(today.year, 1, 1), "tot": today, "per": "maand"})),
        (_("Vorig jaar"), urlencode({"van": dt.date(today.year - 1, 1, 1), "tot": dt.date(today.year - 1, 12, 31),
                                     "per": "maand"})),
        (_("Drie jaar, per kwartaal"), urlencode({"van": dt.date(today.year - 2, 1, 1), "tot": today,
                                                  "per": "kwartaal"})),
    ]


@login_required
@require_GET
def drill_list(request, code: str, key: str):
    municipality, scope = _municipality(request, code)
    measure = MEASURES.get(key)
    if measure is None or not measure.drills(scope):
        raise Http404
    form = DrillForm(request.GET, today=timezone.localdate(), measure_key=key)
    if not form.is_valid():
        return no_store(render(request, "steering/drill.html", {
            "municipality": municipality, "measure": measure, "form": form}, status=400))
    data = form.cleaned_data
    area = data.get("buurt") or None
    queryset = drill.records(scope, measure, municipality.pk, data["start"], data["end"],
                             breakdown=data["breakdown"], area=area)
    page = Paginator(queryset, ROWS_PER_PAGE).get_page(request.GET.get("pagina"))
    rows = drill.rows(measure, page)
    subjects = [Subject(row.address.bag_id, SubjectType.ADDRESS, row.address.municipality_id)
                for row in rows if row.address is not None]
    subjects += [Subject(row.person_ref, SubjectType.PERSON, municipality.pk) for row in rows if row.person_ref]
    if subjects:
        activity = ProcessingActivity.CARE if measure.model.startswith("care.") else ProcessingActivity.STEERING
        record(actor=request.user, name=f"lijst achter cijfer {measure.key}", operation=Operation.READ,
               activity=activity, subjects=subjects, trace_id=request.trace_id, started=request.started_at)
    breakdown_label = None
    if data["breakdown"]:
        field, value = data["breakdown"]
        breakdown_label = dict(measure.choices(field)).get(value, value or "–")
    keep = {k: v for k, v in request.GET.items() if k != "pagina"}
    context = {
        "municipality": municipality, "measure": measure, "form": form, "page": page, "rows": rows,
        "start": data["start"], "end": data["end"], "breakdown_label": breakdown_label, "area": area,
        "distinct": measure.distinct != "pk", "query": urlencode(keep),
        "back": reverse("steering:municipality", args=[municipality.code]) + "?" + urlencode(
            _period_query(data["start"], data["end"], data["grain"])),
    }
    return no_store(render(request, "steering/drill.html", context))


@login_required
@require_GET
def areas_geojson(request, code: str):
    """The neighbourhoods as points at their centre: over the norm, meldingen and inspections (counts only)."""
    municipality, scope = _municipality(request, code)
    today = timezone.localdate()
    form = PeriodForm(request.GET, today=today)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    data = form.cleaned_data
    areas, computed_at = _areas(municipality, data["start"], data["end"])
    drills = MEASURES["meldingen_ontvangen"].drills(scope)
    features = []
    for area in areas:
        if area.latitude is None:
            continue
        label = _("Buurt %(code)s: %(meldingen)s meldingen, %(inspections)s controles, %(violations)s met overtreding") % {
            "code": area.area_code, "meldingen": area.meldingen, "inspections": area.inspections,
            "violations": area.violations}
        url = ""
        if drills:
            url = reverse("steering:drill", args=[municipality.code, "meldingen_ontvangen"]) + "?" + urlencode(
                {**_period_query(data["start"], data["end"], data["grain"]), "buurt": area.area_code})
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [area.longitude, area.latitude]},
            "properties": {"label": label, "url": url, "over_norm": bool(area.over_norm),
                           "persons": area.over_norm or 0, "norm": None, "meldingen": area.meldingen},
        })
    # A foreign member of the FeatureCollection (RFC 7946, 6.1): when these counts were made.
    return JsonResponse({"type": "FeatureCollection", "features": features, "computed_at": computed_at.isoformat()})


def _areas(municipality: Municipality, start: dt.date, end: dt.date):
    """The neighbourhoods' figures (the same for every reader of the municipality), and when counted."""
    def compute():
        snapshot_on = dashboards.latest_snapshot_on([municipality.pk], end)
        return dashboards.area_figures([municipality.pk], start, end, snapshot_on)
    return remembered("areas", (municipality.pk, start, end), compute)


@login_required
@require_GET
def areas_table(request, code: str):
    """The neighbourhoods as a table: the map's text alternative, loaded when it is opened."""
    municipality, scope = _municipality(request, code)
    form = PeriodForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        return render(request, "steering/_areas.html", {"form": form, "areas": None}, status=400)
    data = form.cleaned_data
    areas, computed_at = _areas(municipality, data["start"], data["end"])
    return render(request, "steering/_areas.html", {"areas": areas, "computed_at": computed_at})


@login_required
@require_GET
def targets_table(request, code: str):
    """The targets of the projects that run for the municipality, with their actual values: counted over
    each project's own period, so loaded beside the page rather than holding it up."""
    municipality, scope = _municipality(request, code)
    today = timezone.localdate()
    targets, computed_at = remembered("targets", (municipality.pk, today),
                                      lambda: targets_module.for_municipality(municipality, today))
    return render(request, "steering/_targets.html", {"targets": targets, "computed_at": computed_at})

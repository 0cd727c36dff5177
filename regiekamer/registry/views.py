from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record, record_spans, spans
from regiekamer.cases.selectors import cases_at
from regiekamer.core.http import no_store
from regiekamer.enforcement.selectors import interventions_at
from regiekamer.organisations.access import Reach, Scope, scope_for
from regiekamer.risk.selectors import latest_score_for as latest_risk_score_for

from . import selectors
from .forms import SearchForm
from .models import Municipality, OwnerKind



@login_required
def search(request):
    scope = scope_for(request.user)
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid():
        results = selectors.search_addresses(scope, form.cleaned_data["q"])
    template = "registry/search.html#results" if request.htmx else "registry/search.html"
    return render(request, template, {"form": form, "results": results}, status=400 if form.errors else 200)


@login_required
def dossier(request, bag_id: str):
    """The address dossier: BAG facts, occupancy against the norm, owners, and the timeline."""
    scope = scope_for(request.user)
    address = selectors.address_for(scope, bag_id)
    registrations = selectors.registrations(scope, address)
    occupancy = selectors.occupancy(address, registrations=registrations) if scope.sees_persons else None
    owners = selectors.owners(scope, address)
    subjects = [Subject(address.bag_id, SubjectType.ADDRESS, address.municipality_id)]
    subjects += [Subject(r.person_ref, SubjectType.PERSON, address.municipality_id) for r in registrations]
    subjects += [
        Subject(o.owner.pseudonym, SubjectType.OWNER, address.municipality_id)
        for o in owners if o.owner.kind == OwnerKind.PERSON
    ]
    reads = [spans(
        actor=request.user, name="adresdossier inzien", operation=Operation.READ,
        activity=ProcessingActivity.DOSSIER, subjects=subjects,
        trace_id=request.trace_id, started=request.started_at,
    )]
    # The risk score (regiekamer/risk): only for the municipality's enforcement department, while the model is on.
    risk = latest_risk_score_for(scope, address)
    if risk is not None:
        reads.append(spans(
            actor=request.user, name="risicoscore van een adres inzien", operation=Operation.READ,
            activity=ProcessingActivity.RISK, subjects=subjects[:1],
            trace_id=request.trace_id, started=request.started_at,
        ))
    record_spans(*reads)  # the same rows as one record() per read, in one INSERT
    # The address's cases, read once from the scope: the case list, the timeline's case events and the
    # interventions all come from them (most addresses have none: then no further query).
    cases = cases_at(scope, address)
    context = {
        "address": address,
        "risk": risk,
        "occupancy": occupancy,
        "registrations": registrations,
        "owners": owners,
        "timeline": selectors.timeline(scope, address, cases=cases),
        "address_cases": cases if scope.reads_dossiers else [],
        "interventions": interventions_at(scope, address, cases=cases) if scope.reads_dossiers else [],
    }
    return no_store(render(request, "registry/dossier.html", context))


def _map_municipality(request, code: str) -> tuple[Municipality, Scope]:
    scope = scope_for(request.user)
    municipality = get_object_or_404(Municipality, code=code.upper())
    if scope.reach != Reach.MUNICIPALITY or not scope.reads_dossiers or scope.municipality_id != municipality.pk:
        raise Http404
    return municipality, scope


@login_required
def municipality_map(request, code: str):
    municipality, scope = _map_municipality(request, code)
    points = selectors.map_points(scope, municipality.pk)
    _record_map(request, points)
    center = points[0].address if points else None
    context = {
        "municipality": municipality,
        "points": points,
        "tile_url": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "center": center,
    }
    return no_store(render(request, "registry/map.html", context))


@login_required
def municipality_map_geojson(request, code: str):
    municipality, scope = _map_municipality(request, code)
    points = selectors.map_points(scope, municipality.pk)
    _record_map(request, points)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.address.longitude, p.address.latitude]},
            "properties": {
                "label": str(p.address),
                "url": reverse("registry:dossier", args=[p.address.bag_id]),
                "over_norm": p.over_norm,
                "persons": p.persons,
                "norm": p.max_persons,
                "meldingen": p.meldingen_last_year,
            },
        }
        for p in points
    ]
    return no_store(JsonResponse({"type": "FeatureCollection", "features": features}))


def _record_map(request, points) -> None:
    record(
        actor=request.user, name="kaart met adressen inzien", operation=Operation.READ,
        activity=ProcessingActivity.MAP,
        subjects=[Subject(p.address.bag_id, SubjectType.ADDRESS, p.address.municipality_id) for p in points],
        trace_id=request.trace_id, started=request.started_at,
    )

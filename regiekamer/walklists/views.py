"""Pages: the walk lists, drawing one up, one list on a phone (map, accept/skip), and the hit rate."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.cases.models import CaseType
from regiekamer.core.forms import errors_onto
from regiekamer.core.http import no_store
from regiekamer.organisations.access import Scope, reads_risk, scope_for, steers_risk, walks
from regiekamer.registry.models import Address
from regiekamer.risk.services import current_setting

from . import selectors, services
from .forms import DecisionForm, DrawUpForm
from .models import SkipReason


def _reader(request) -> Scope:
    """The scope of a user who may read walk lists; 404 for everyone else (not theirs to know of)."""
    scope = scope_for(request.user)
    if not reads_risk(scope) or scope.municipality_id is None:
        raise Http404
    return scope


def _log(request, name: str, addresses, operation: str = Operation.READ) -> None:
    record(actor=request.user, name=name, operation=operation, activity=ProcessingActivity.RISK,
           subjects=[Subject(a.bag_id, SubjectType.ADDRESS, a.municipality_id) for a in addresses],
           trace_id=request.trace_id, started=request.started_at)


@login_required
def walk_list_index(request):
    """The municipality's walk lists, latest day first."""
    scope = _reader(request)
    walk_lists = list(selectors.walk_lists_for(scope).annotate(size=Count("items")).select_related("risk_run")[:200])
    context = {"walk_lists": walk_lists, "may_draw_up": steers_risk(scope)}
    return no_store(render(request, "walklists/list.html", context))


@login_required
def draw_up(request):
    """Draw up a walk list (coordinators of the municipality's enforcement department)."""
    scope = _reader(request)
    if not steers_risk(scope):
        raise PermissionDenied
    municipality = request.user.membership.organisation.municipality
    setting = current_setting(municipality)
    run = selectors.latest_done_run(municipality.pk)
    model_available = setting.enabled and run is not None
    initial = {"day": timezone.localdate(), "size": 20, "random_only": "risk" if model_available else "random"}
    form = DrawUpForm(request.POST or None, initial=initial, areas=selectors.area_choices(municipality.pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        start = None
        if data["start"]:
            postcode, number = data["start"]
            start = Address.objects.filter(municipality=municipality, postcode=postcode,
                                           house_number=number).order_by("house_letter", "house_number_addition").first()
            if start is None:
                form.add_error("start", _("Dit vertrekadres is niet gevonden in %(municipality)s.") % {
                    "municipality": municipality.name})
        if not form.errors:
            share = Decimal(data["random_percentage"]) / 100 if data["random_percentage"] is not None else None
            try:
                walk_list = services.draw_up_walk_list(
                    actor=request.user, municipality=municipality, team=data["team"], day=data["day"],
                    size=data["size"], area=data["area"] or data["postcode_area"], case_types=data["case_types"],
                    random_only=data["random_only"], random_share=share, start_address=start,
                )
            except ValidationError as error:
                errors_onto(form, error)
            else:
                _log(request, "looplijst opstellen", [item.address for item in walk_list.items.select_related("address")],
                     Operation.CREATE)
                count = walk_list.items.count()
                if count < walk_list.requested_size:
                    messages.warning(request, _(
                        "De looplijst is opgesteld met %(count)s van de %(size)s gevraagde adressen: meer adressen "
                        "voldoen niet aan de filters.") % {"count": count, "size": walk_list.requested_size})
                else:
                    messages.success(request, _("De looplijst is opgesteld."))
                return redirect("walklists:detail", pk=walk_list.pk)
    context = {
        "form": form, "municipality": municipality, "setting": setting, "run": run,
        "model_available": model_available, "default_percentage": round(setting.random_share * 100),
    }
    return no_store(render(request, "walklists/draw_up.html", context, status=400 if form.errors else 200))


def _detail_context(request, scope: Scope, walk_list, **extra) -> dict:
    rows = selectors.rows(scope, walk_list)
    points = [
        {"n": row.item.position, "label": str(row.item.address), "lat": row.item.address.latitude,
         "lon": row.item.address.longitude, "anchor": f"item-{row.item.pk}"}
        for row in rows if row.item.address.latitude is not None and row.item.address.longitude is not None
    ]
    return {
        "walk_list": walk_list, "rows": rows, "points": points,
        "may_walk": walks(scope), "steers": steers_risk(scope), "may_plan": scope.changes_dossiers,
        "skip_reasons": SkipReason.choices,
        "theme_labels": [CaseType(value).label for value in walk_list.case_types if value in CaseType.values],
        "route_km": walk_list.route_length_m / 1000 if walk_list.route_length_m else None,
        "accepted": sum(1 for row in rows if row.accepted), "skipped": sum(1 for row in rows if row.skipped),
        "tile_url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION,
        **extra,
    }


@login_required
def detail(request, pk: int):
    """One walk list in route order, with a map; inspectors accept or skip each address here."""
    scope = _reader(request)
    walk_list = selectors.walk_list_for(scope, pk)
    context = _detail_context(request, scope, walk_list)
    _log(request, "looplijst inzien", [row.item.address for row in context["rows"]])
    return no_store(render(request, "walklists/detail.html", context))


@login_required
@require_POST
def decide(request, pk: int, item_pk: int):
    """Accept or skip one address (htmx: answers with that address's part of the page)."""
    scope = _reader(request)
    walk_list = selectors.walk_list_for(scope, pk)
    item = walk_list.items.select_related("address").filter(pk=item_pk).first()
    if item is None:
        raise Http404
    if not walks(scope):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            services.decide(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            errors = [message for messages_ in error.message_dict.values() for message in messages_]
        else:
            _log(request, "looplijst: adres accepteren of overslaan", [item.address], Operation.CREATE)
            if not request.htmx:
                return redirect(reverse("walklists:detail", args=[walk_list.pk]) + f"#item-{item.pk}")
    else:
        errors = [message for messages_ in form.errors.values() for message in messages_]
    context = _detail_context(request, scope, walk_list, error_item=item.pk, item_errors=errors)
    if request.htmx:
        row = next(row for row in context["rows"] if row.item.pk == item.pk)
        # htmx swaps only 2xx answers: the address's part comes back with its error message in it.
        return no_store(render(request, "walklists/detail.html#item", {**context, "row": row}))
    return no_store(render(request, "walklists/detail.html", context, status=400))


@login_required
def hit_rate(request):
    """The real hit rate: violations / inspections done, per risk decile and ranked versus random, over time."""
    scope = _reader(request)
    period = "quarter" if request.GET.get("per") == "kwartaal" else "month"
    figures = selectors.hit_rate(scope, period=period)
    return no_store(render(request, "walklists/hit_rate.html", {"figures": figures, "period": period}))

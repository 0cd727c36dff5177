"""Risk pages of the municipal enforcement department: the runs with the start form, one run (its
progress while it works, then the ranking, the weights and the fairness report), the ranking as CSV,
and the model's settings.

Who: access.reads_risk (the enforcement department of the municipality) reads; the coordinator
(access.steers_risk) starts runs and changes the settings. Anyone else gets 404 (the same as for a
run that does not exist or is another municipality's); a reader who posts what only the
coordinator may do gets 403. The ranking names addresses where people live: every page or file
that shows scored addresses is written to the processing log.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.core.forms import errors_onto
from regiekamer.core.http import no_store
from regiekamer.organisations.access import scope_for, steers_risk

from . import selectors, services
from .forms import ScoreFilterForm, SettingForm, StartRunForm
from .models import RiskRun, RunStatus

RUNS_PER_PAGE = 25


def _log(request, *, name: str, operation: str, addresses) -> None:
    subjects = [Subject(a.bag_id, SubjectType.ADDRESS, a.municipality_id) for a in addresses]
    if subjects:
        record(actor=request.user, name=name, operation=operation, activity=ProcessingActivity.RISK,
               subjects=subjects, trace_id=request.trace_id, started=request.started_at)


@login_required
@require_http_methods(["GET", "POST"])
def overview(request):
    """The municipality's runs, newest first; the coordinator starts a new one here."""
    scope = scope_for(request.user)
    municipality = selectors.municipality_for(scope)
    form = StartRunForm(request.POST or None) if steers_risk(scope) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                run = services.request_run(user=request.user, municipality=municipality,
                                           as_of=form.cleaned_data["as_of"])
            except ValidationError as error:
                errors_onto(form, error)
            else:
                messages.success(request, _("De risicoberekening staat in de wachtrij."))
                return redirect("risk:run", pk=run.pk)
    context = {
        "municipality": municipality,
        "setting": services.current_setting(municipality),
        "form": form,
        "steers": steers_risk(scope),
        "page": Paginator(selectors.runs_for(scope), RUNS_PER_PAGE).get_page(request.GET.get("pagina")),
    }
    return render(request, "risk/overview.html", context, status=400 if form is not None and form.errors else 200)


def _run_context(run: RiskRun) -> dict:
    return {"run": run, "active": run.status in (RunStatus.QUEUED, RunStatus.RUNNING)}


@login_required
@require_GET
def run_detail(request, pk: int):
    """One run: its progress while it works; when done the ranking (filtered, paged) and what the engine reported."""
    scope = scope_for(request.user)
    run = selectors.run_for(scope, pk)
    context = _run_context(run)
    if run.status == RunStatus.DONE:
        form = ScoreFilterForm(request.GET or None, areas=selectors.areas_of(run))
        area, decile = "", None
        if form.is_valid():
            area, decile = form.cleaned_data["gebied"], form.cleaned_data["deciel"]
        page = Paginator(selectors.scores_for(scope, run, area=area, decile=decile),
                         selectors.SCORES_PER_PAGE).get_page(request.GET.get("pagina"))
        _log(request, name="risicorangorde inzien", operation=Operation.READ, addresses=[s.address for s in page])
        query = request.GET.copy()
        query.pop("pagina", None)
        context.update({
            "form": form, "page": page, "query": query.urlencode(),
            "weights": selectors.weight_rows(run), "fairness": selectors.fairness_report(run),
            "weights_source": run.configuration.get("weights_source", ""),
        })
    return no_store(render(request, "risk/run.html", context))


@require_GET
def run_progress(request, pk: int):
    """The progress part of the run page, which htmx polls; when the run ends the whole page reloads."""
    if not request.user.is_authenticated:
        if request.htmx:  # the session ended while polling: send the whole page to the login form
            return HttpResponseClientRedirect(redirect_to_login(reverse("risk:run", args=[pk])).url)
        return redirect_to_login(request.get_full_path())
    run = selectors.run_for(scope_for(request.user), pk)
    if request.htmx and run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        return HttpResponseClientRefresh()
    return render(request, "risk/run.html#progress", _run_context(run))


@login_required
@require_GET
def run_csv(request, pk: int):
    """The whole ranking of a finished run as CSV (an export in the processing log)."""
    scope = scope_for(request.user)
    run = selectors.run_for(scope, pk)
    if run.status != RunStatus.DONE:
        raise Http404
    scores = list(selectors.scores_for(scope, run))
    _log(request, name="risicorangorde exporteren", operation=Operation.EXPORT, addresses=[s.address for s in scores])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="risicorangorde-{run.municipality.code}-{run.as_of:%Y-%m-%d}-{run.pk}.csv"')
    writer = csv.writer(response)
    writer.writerow(["rang", "deciel", "score", "bag_id", "adres", "postcode", "woonplaats", "buurt", "toelichting"])
    for s in scores:
        a = s.address
        writer.writerow([s.rank, s.decile, f"{s.score:.6f}", a.bag_id, a.street_line, a.postcode, a.city,
                         a.area_code or a.postcode[:4], s.explanation])
    return no_store(response)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    """The model's setting in force and its history; the coordinator changes it (a new row, with the reason)."""
    scope = scope_for(request.user)
    municipality = selectors.municipality_for(scope)
    setting = services.current_setting(municipality)
    form = SettingForm(request.POST or None, setting=setting) if steers_risk(scope) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.change_setting(user=request.user, municipality=municipality, **form.service_arguments())
            except ValidationError as error:
                errors_onto(form, error)
            else:
                messages.success(request, _("De instelling van het risicomodel is gewijzigd."))
                return redirect("risk:settings")
    context = {
        "municipality": municipality, "setting": setting, "form": form,
        "history": selectors.settings_history(scope)[:100],
        "weights_overview": selectors.expert_weight_rows(setting),
    }
    return render(request, "risk/settings.html", context, status=400 if form is not None and form.errors else 200)

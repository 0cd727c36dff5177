"""The privacy officer's pages: what goes next month (with the records behind each count), the
destruction lists to approve or reject, the history of retention runs, and access requests.

Who: the privacy officer of a municipality (selectors.may_manage_privacy); anyone else gets 404, the
same as for a list or request that does not exist or is not theirs. Every page is never cached;
the records behind a count and the exports are logged in the processing log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.core.forms import errors_onto
from regiekamer.core.http import no_store
from regiekamer.organisations.access import scope_for

from . import access_requests, expiry, inquiry, selectors, services
from .forms import AccessRequestForm, DecisionForm
from .models import ListStatus

# Whom a drill-down row is about, for the processing log: the person, or else the address.
SUBJECT_PATHS: dict[str, tuple[str, SubjectType]] = {
    "registration": ("person_ref", SubjectType.PERSON),
    "case_supervision": ("address__bag_id", SubjectType.ADDRESS),
    "case_enforcement": ("address__bag_id", SubjectType.ADDRESS),
    "melding_rejected": ("address__bag_id", SubjectType.ADDRESS),
    "meldpunt_contact": ("melding__address__bag_id", SubjectType.ADDRESS),
    "ownership": ("address__bag_id", SubjectType.ADDRESS),
    "inspection": ("address__bag_id", SubjectType.ADDRESS),
    "risk_score": ("address__bag_id", SubjectType.ADDRESS),
}


@login_required
@require_GET
def overview(request):
    """Per record type: its period, what has expired now and what will by the end of next month."""
    scope = selectors.privacy_scope(scope_for(request.user))
    today = timezone.localdate()
    rows = []
    for row in selectors.forecast(scope, today):
        period = expiry.in_force(selectors.periods(row.rule.key), today)
        rows.append({"forecast": row, "period": period})
    context = {"rows": rows, "until": selectors.end_of_next_month(today),
               "drafts": selectors.lists_for(scope).filter(status=ListStatus.DRAFT).count()}
    return no_store(render(request, "privacy/overview.html", context))


@login_required
@require_GET
def expiring(request, key: str):
    """The records behind a count: id, start event and expiry day; looking at them is logged."""
    scope = selectors.privacy_scope(scope_for(request.user))
    rule = selectors.rule_for(key)
    today = timezone.localdate()
    records = selectors.expiring_records(scope, rule, today)
    if key in SUBJECT_PATHS and records:
        path, kind = SUBJECT_PATHS[key]
        subjects = {value for value in rule.model_class.objects.filter(pk__in=[r["pk"] for r in records])
                    .values_list(path, flat=True) if value}
        if subjects:
            record(actor=request.user, name=f"Bewaartermijnen: lijst {rule.key}", operation=Operation.READ,
                   activity=ProcessingActivity.DOSSIER,
                   subjects=[Subject(s, kind, scope.municipality_id) for s in sorted(subjects)])
    context = {"rule": rule, "records": records, "today": today, "until": selectors.end_of_next_month(today)}
    return no_store(render(request, "privacy/expiring.html", context))


@login_required
@require_GET
def lists(request):
    scope = selectors.privacy_scope(scope_for(request.user))
    page = Paginator(selectors.lists_for(scope), 50).get_page(request.GET.get("pagina"))
    return no_store(render(request, "privacy/lists.html", {"page": page, "labels": selectors.BY_KEY}))


@login_required
@require_http_methods(["GET", "POST"])
def list_detail(request, pk: int):
    """One destruction list: its records (ids and expiry days), and the decision while it is a draft."""
    scope = selectors.privacy_scope(scope_for(request.user))
    destruction_list = selectors.list_for(scope, pk)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_list(destruction_list=destruction_list, user=request.user,
                                 decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"])
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("Uw besluit over de vernietigingslijst is vastgelegd."))
            return redirect("privacy:list", pk=destruction_list.pk)
    page = Paginator(selectors.items_of(destruction_list), 200).get_page(request.GET.get("pagina"))
    context = {"list": destruction_list, "rule": selectors.BY_KEY.get(destruction_list.record_type), "page": page,
               "form": form, "actions": destruction_list.actions.order_by("at", "pk")}
    return no_store(render(request, "privacy/list.html", context, status=400 if form.errors else 200))


@login_required
@require_GET
def runs(request):
    scope = selectors.privacy_scope(scope_for(request.user))
    page = Paginator(selectors.runs_for(scope), 25).get_page(request.GET.get("pagina"))
    rows = [{"run": run, "actions": selectors.actions_for(scope, run)} for run in page]
    return no_store(render(request, "privacy/runs.html", {"page": page, "rows": rows, "labels": selectors.BY_KEY}))


@login_required
@require_http_methods(["GET", "POST"])
def access_request_list(request):
    """The officer's own access requests, and the form to enter one (the identifier in the body only)."""
    scope = selectors.privacy_scope(scope_for(request.user))
    form = AccessRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            created = access_requests.request_access(user=request.user, subject_kind=form.cleaned_data["subject_kind"],
                                                     identifier=form.cleaned_data["identifier"])
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("Het inzageverzoek staat in de wachtrij."))
            return redirect("privacy:access-request", pk=created.pk)
    page = Paginator(selectors.access_requests_for(scope), 25).get_page(request.GET.get("pagina"))
    return no_store(render(request, "privacy/access_requests.html", {"form": form, "page": page},
                           status=400 if form.errors else 200))


def _request_context(access_request) -> dict:
    return {"access": access_request, "active": access_request.is_active,
            "downloadable": inquiry.downloadable(access_request), "days": inquiry.DOWNLOAD_DAYS}


@login_required
@require_GET
def access_request_detail(request, pk: int):
    scope = selectors.privacy_scope(scope_for(request.user))
    access_request = selectors.access_request_for(scope, pk)
    return no_store(render(request, "privacy/access_request.html", _request_context(access_request)))


@require_GET
def access_request_progress(request, pk: int):
    """The progress part that htmx polls; when the export is made the page reloads."""
    if not request.user.is_authenticated:
        if request.htmx:
            return HttpResponseClientRedirect(redirect_to_login(reverse("privacy:access-request", args=[pk])).url)
        return redirect_to_login(request.get_full_path())
    scope = selectors.privacy_scope(scope_for(request.user))
    access_request = selectors.access_request_for(scope, pk)
    if request.htmx and not access_request.is_active:
        return HttpResponseClientRefresh()
    return no_store(render(request, "privacy/access_request.html#progress", _request_context(access_request)))


@login_required
@require_GET
def access_request_file(request, pk: int):
    """The ZIP, for the officer who asked, within a week of it being made; the download is logged."""
    scope = selectors.privacy_scope(scope_for(request.user))
    access_request = selectors.access_request_for(scope, pk)
    if not inquiry.downloadable(access_request):
        raise Http404
    inquiry.log_download(access_request, request.user)
    response = HttpResponse(bytes(access_request.content), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="inzageverzoek-{access_request.reference}.zip"'
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)

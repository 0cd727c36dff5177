"""Pages: plan an inspection, the list of planned ones, the detail, and recording on a phone."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.cases.models import CaseStatus
from regiekamer.cases.selectors import cases_for
from regiekamer.core.forms import errors_onto
from regiekamer.core.http import no_store
from regiekamer.organisations.access import Reach, scope_for
from regiekamer.organisations.models import Organisation
from regiekamer.registry import selectors as registry
from regiekamer.registry.models import Address

from . import selectors, services
from .forms import PlanForm, RecordForm
from .models import InspectionStatus, Prefill

BAG_ID_RE = re.compile(r"^[0-9]{16}$")



def _log(request, name: str, address: Address, operation: str = Operation.READ) -> None:
    record(actor=request.user, name=name, operation=operation, activity=ProcessingActivity.DOSSIER,
           subjects=[Subject(address.bag_id, SubjectType.ADDRESS, address.municipality_id)],
           trace_id=request.trace_id, started=request.started_at)


@login_required
def inspection_list(request):
    """Planned inspections with the user's organisation in the team, by date."""
    scope = scope_for(request.user)
    return no_store(render(request, "inspections/list.html", {"inspections": selectors.planned_for(scope)}))


@login_required
def plan(request):
    """Plan an inspection of an address (municipal handlers and coordinators of its municipality)."""
    scope = scope_for(request.user)
    bag_id = request.GET.get("adres", "")
    if not BAG_ID_RE.match(bag_id) or not (scope.changes_dossiers and scope.reach == Reach.MUNICIPALITY):
        raise Http404
    address = registry.address_for(scope, bag_id)
    open_cases = cases_for(scope).filter(address=address).exclude(status=CaseStatus.CLOSED).order_by("-opened_on")
    organisations = Organisation.objects.filter(
        Q(pk=scope.organisation_id) | Q(case_participations__case__in=open_cases) | Q(responsible_cases__in=open_cases)
    ).distinct().order_by("name")
    initial = {"planned_on": timezone.localdate()}
    case_id = request.GET.get("zaak", "")
    if case_id.isdigit() and open_cases.filter(pk=int(case_id)).exists():
        initial["case"] = int(case_id)
    form = PlanForm(request.POST or None, initial=initial, cases=open_cases, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.plan_inspection(actor=request.user, address=address, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            _log(request, "pandcontrole plannen", address, Operation.CREATE)
            messages.success(request, _("De controle is gepland."))
            return redirect("inspections:detail", pk=inspection.pk)
    return no_store(render(request, "inspections/plan.html", {"form": form, "address": address},
                           status=400 if form.errors else 200))


@login_required
def detail(request, pk: int):
    """One inspection: team, findings, the norm checks against the stored norms, and the outcome."""
    scope = scope_for(request.user)
    inspection = selectors.inspection_for(scope, pk)
    _log(request, "pandcontrole inzien", inspection.address)
    items = {item.code: item for item in selectors.items(inspection)}
    findings = [(items.get(finding.item_code), finding) for finding in inspection.findings.all()]
    context = {
        "inspection": inspection,
        "team": inspection.team.select_related("organisation", "user"),
        "findings": findings,
        "checks": selectors.recorded_checks(inspection),
        "may_record": inspection.status == InspectionStatus.PLANNED and selectors.may_record(scope, inspection),
    }
    return no_store(render(request, "inspections/detail.html", context))


def _prefill(scope, inspection) -> dict[str, str]:
    """Answers known beforehand: registered persons (for those who may see them) and the BAG floor area."""
    values: dict[str, str] = {}
    for item in selectors.items(inspection):
        if item.prefill == Prefill.REGISTERED_PERSONS and scope.sees_persons:
            values[item.code] = str(registry.occupancy(inspection.address, inspection.planned_on).persons)
        elif item.prefill == Prefill.BAG_FLOOR_AREA and inspection.address.floor_area_m2:
            values[item.code] = str(inspection.address.floor_area_m2)
    return values


@login_required
def record_findings(request, pk: int):
    """Record findings on a phone: 'Toetsen' shows the checks and the proposal, 'Vastleggen' saves."""
    scope = scope_for(request.user)
    inspection = selectors.inspection_for(scope, pk)
    if not selectors.may_record(scope, inspection):
        raise Http404
    if inspection.status != InspectionStatus.PLANNED:
        messages.info(request, _("Deze controle is al vastgelegd."))
        return redirect("inspections:detail", pk=inspection.pk)
    items = selectors.items(inspection)
    initial = {"version": inspection.version, "inspected_on": timezone.localdate(), **_prefill(scope, inspection)}
    form = RecordForm(request.POST or None, initial=initial, items=items)
    assessment = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("action") == "save":
                services.record_inspection(
                    actor=request.user, inspection=inspection, expected_version=data["version"],
                    inspected_on=data["inspected_on"], answers=form.answers(), notes=form.notes(),
                    outcome=data["outcome"], severity=data["severity"], reason=data["reason"],
                )
                _log(request, "pandcontrole vastleggen", inspection.address, Operation.CREATE)
                messages.success(request, _("De controle is vastgelegd."))
                return redirect("inspections:detail", pk=inspection.pk)
            assessment = services.assess(inspection=inspection, inspected_on=data["inspected_on"],
                                         answers=form.answers())
        except ValidationError as error:
            errors_onto(form, error)
        if assessment and not form.data.get("outcome"):
            # Preselect the proposal; the recorder may still choose otherwise, with a reason.
            form.data = form.data.copy()
            form.data["outcome"] = assessment.proposed_outcome
            form.data["severity"] = assessment.proposed_severity
    context = {"inspection": inspection, "form": form, "assessment": assessment}
    return no_store(render(request, "inspections/record.html", context, status=400 if form.errors else 200))

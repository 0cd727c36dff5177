"""Case handling pages: the work queue, the case page with its forms, partner requests and
case consultations. Function views; forms only parse, services validate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.care import selectors as care_selectors
from regiekamer.core.forms import errors_onto
from regiekamer.core.http import no_store
from regiekamer.enforcement.selectors import overdue_steps
from regiekamer.knowledge import selectors as knowledge_selectors
from regiekamer.organisations.access import Reach, Scope, scope_for
from regiekamer.registry.selectors import address_for

from . import selectors, services, workflow
from .forms import (
    AgendaItemForm,
    AssignForm,
    CloseForm,
    ConsultationDecisionForm,
    ConsultationForm,
    DecisionForm,
    OpenCaseForm,
    PartnerRequestForm,
    QueueFilterForm,
    StatusForm,
)
from .models import Case, CaseStatus, ConsultationItem, RequestStatus


def _apply(form, service, **kwargs) -> bool:
    """Run a service with the form's data; put its validation errors on the form's fields."""
    if not form.is_valid():
        return False
    try:
        service(**kwargs, **form.cleaned_data)
    except ValidationError as error:
        errors_onto(form, error)
        return False
    return True


def _log_read(request, name: str, cases: list[Case]) -> None:
    record(
        actor=request.user, name=name, operation=Operation.READ, activity=ProcessingActivity.DOSSIER,
        subjects=[Subject(c.address.bag_id, SubjectType.ADDRESS, c.address.municipality_id) for c in cases],
        trace_id=request.trace_id, started=request.started_at,
    )


# --- queue -------------------------------------------------------------------------------------


@login_required
def queue(request):
    """The work queue: open cases (overdue first) and the partner requests addressed to us."""
    scope = scope_for(request.user)
    if not scope.reads_dossiers:
        raise Http404
    form = QueueFilterForm(request.GET or None)
    which = selectors.QueueFilter.ORGANISATION
    if form.is_valid() and form.cleaned_data["filter"]:
        which = form.cleaned_data["filter"]
    cases = selectors.queue(scope, which)
    _log_read(request, "werkvoorraad zaken inzien", cases)
    context = {
        "form": form, "cases": cases, "which": which, "municipal": scope.reach == Reach.MUNICIPALITY,
        "requests": list(selectors.requests_for(scope)[:100]),
        # Legal deadlines of the enforcement procedure that passed without the next step.
        "overdue_steps": overdue_steps(scope, timezone.localdate()),
    }
    return no_store(render(request, "cases/queue.html", context, status=400 if form.errors else 200))


# --- opening and the case page ------------------------------------------------------------------


@login_required
def open_case(request):
    """Open a case about an address from its dossier; the user's own organisation leads it."""
    scope = scope_for(request.user)
    if not scope.changes_dossiers:
        raise Http404
    address = address_for(scope, request.GET.get("adres", "")[:16])
    form = OpenCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = services.open_case(actor=request.user, address=address, responsible=request.user.membership.organisation,
                                  handler=request.user, **form.cleaned_data)
        messages.success(request, _("De zaak is geopend."))
        return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/open.html", {"form": form, "address": address},
                  status=400 if form.errors else 200)


def _case_page(request, scope: Scope, case: Case, *, status: int = 200, error_form=None, **forms):
    """The case page; a form that failed on POST is passed in to show with its errors."""
    may_change = selectors.may_change(scope, case)
    allowed = workflow.allowed_next(case.status)
    context = {
        "case": case,
        "may_change": may_change,
        "events": case.events.order_by("-at", "-id"),
        "participants": case.participants.select_related("organisation").order_by("organisation__name"),
        "sees_address": scope.reads_dossiers,
        # Anyone acting on the case may meet a vulnerable person; care has its own need-to-know.
        "refers_to_care": case.status != CaseStatus.CLOSED and care_selectors.acts_on_care(scope),
        "starts_trajectory": case.status != CaseStatus.CLOSED and care_selectors.starts_trajectories(scope),
        # Who was asked what is the responsible organisation's business, not every participant's.
        "partner_requests": case.partner_requests.select_related("to_organisation")
        if case.responsible_id == scope.organisation_id else None,
        # The knowledge base's procedures and best practices for this case type (knowledge/).
        "knowledge_articles": knowledge_selectors.for_case_type(scope, case.case_type),
    }
    if may_change:
        context.update({
            "status_form": forms.get("status_form") or StatusForm(case=case)
            if allowed - {CaseStatus.CLOSED} else None,
            "assign_form": forms.get("assign_form") or AssignForm(case=case),
            "close_form": forms.get("close_form") or CloseForm(case=case) if CaseStatus.CLOSED in allowed else None,
            "request_form": forms.get("request_form") or PartnerRequestForm(case=case)
            if case.status != CaseStatus.CLOSED else None,
        })
    context["error_form"] = error_form
    return no_store(render(request, "cases/detail.html", context, status=status))


@login_required
def detail(request, pk: int):
    scope = scope_for(request.user)
    case = selectors.case_for(scope, pk)
    _log_read(request, "zaak inzien", [case])
    return _case_page(request, scope, case)


def _changeable(request, pk: int) -> tuple[Scope, Case]:
    """The case, if the user may change it: 404 when out of sight, 403 for those who only read."""
    scope = scope_for(request.user)
    case = selectors.case_for(scope, pk)
    if not selectors.may_change(scope, case):
        raise PermissionDenied
    return scope, case


def _post(request, pk: int, form_class, form_key: str, service, success: str, **kwargs):
    scope, case = _changeable(request, pk)
    form = form_class(request.POST, case=case)
    if _apply(form, service, actor=request.user, case=case, **kwargs):
        messages.success(request, success)
        return redirect("cases:detail", pk=case.pk)
    if form.has_error(NON_FIELD_ERRORS, code="conflict"):
        # Someone else changed the case: show the conflict above fresh forms with the current version,
        # so that the user decides again on what is there now.
        return _case_page(request, scope, case, status=400, error_form=form)
    return _case_page(request, scope, case, status=400, error_form=form, **{form_key: form})


@login_required
@require_POST
def change_status(request, pk: int):
    return _post(request, pk, StatusForm, "status_form", services.change_status, _("De status is gewijzigd."))


@login_required
@require_POST
def assign(request, pk: int):
    return _post(request, pk, AssignForm, "assign_form", services.assign_handler, _("De behandelaar is toegewezen."))


@login_required
@require_POST
def close(request, pk: int):
    return _post(request, pk, CloseForm, "close_form", services.close_case, _("De zaak is gesloten."))


@login_required
@require_POST
def request_partner(request, pk: int):
    return _post(request, pk, PartnerRequestForm, "request_form", services.request_partner,
                 _("Het verzoek is verstuurd."))


# --- partner requests ---------------------------------------------------------------------------


@login_required
def partner_request(request, pk: int):
    """A request as its receiver sees it (the address line and the message, not the dossier), with
    the decision form; the sender sees it with the answer."""
    scope = scope_for(request.user)
    partner_request = selectors.request_for(scope, pk)
    may_decide = selectors.may_decide(scope, partner_request) and partner_request.status == RequestStatus.OPEN
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not selectors.may_decide(scope, partner_request):
            raise PermissionDenied
        if _apply(form, services.decide_request, actor=request.user, partner_request=partner_request):
            messages.success(request, _("Uw besluit over het verzoek is vastgelegd."))
            return redirect("cases:request", pk=partner_request.pk)
    case = partner_request.case
    _log_read(request, "partnerverzoek inzien", [case])
    context = {
        "partner_request": partner_request, "form": form, "may_decide": may_decide or bool(form.errors),
        "sees_case": selectors.cases_for(scope).filter(pk=case.pk).exists(),
    }
    return no_store(render(request, "cases/request.html", context, status=400 if form.errors else 200))


# --- case consultations -------------------------------------------------------------------------


@login_required
def consultations(request):
    """The case consultations the user's organisation takes part in; coordinators plan new ones."""
    scope = scope_for(request.user)
    if not scope.reads_dossiers:
        raise Http404
    may_plan = selectors.may_coordinate(scope)
    form = ConsultationForm(request.POST or None) if may_plan else None
    if request.method == "POST":
        if not may_plan:
            raise PermissionDenied
        if form.is_valid():
            try:
                consultation = services.plan_consultation(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Het casusoverleg is gepland."))
                return redirect("cases:consultation", pk=consultation.pk)
    context = {"consultations": selectors.consultations_for(scope)[:200], "form": form}
    return render(request, "cases/consultations.html", context, status=400 if form is not None and form.errors else 200)


def _consultation_page(request, scope: Scope, consultation, *, status: int = 200, item_form=None, decision_forms=None):
    may_record = selectors.may_coordinate(scope) and consultation.organiser_id == scope.organisation_id
    items = selectors.agenda(scope, consultation)
    decision_forms = decision_forms or {}
    organisations = consultation.organisations.order_by("name")
    rows = [
        (item, decision_forms.get(item.pk) or ConsultationDecisionForm(organisations=organisations, prefix=f"item{item.pk}")
         if may_record and item.decided_at is None else None)
        for item in items
    ]
    open_cases = selectors.cases_for(scope).exclude(status=CaseStatus.CLOSED).exclude(
        pk__in=consultation.items.values("case_id")).select_related("address").order_by("-pk")
    context = {
        "consultation": consultation, "rows": rows, "may_record": may_record,
        "organisations": organisations,
        "item_form": (item_form or AgendaItemForm(cases=open_cases)) if may_record else None,
        "error_form": item_form if item_form is not None and item_form.errors
        else next((f for f in decision_forms.values() if f.errors), None),
    }
    if items:
        _log_read(request, "casusoverleg inzien", [item.case for item in items])
    return no_store(render(request, "cases/consultation.html", context, status=status))


@login_required
def consultation(request, pk: int):
    scope = scope_for(request.user)
    consultation = selectors.consultation_for(scope, pk)
    if request.method == "POST":
        if not (selectors.may_coordinate(scope) and consultation.organiser_id == scope.organisation_id):
            raise PermissionDenied
        open_cases = selectors.cases_for(scope).exclude(status=CaseStatus.CLOSED)
        form = AgendaItemForm(request.POST, cases=open_cases)
        if _apply(form, services.add_agenda_item, actor=request.user, consultation=consultation):
            messages.success(request, _("De zaak staat op de agenda."))
            return redirect("cases:consultation", pk=consultation.pk)
        return _consultation_page(request, scope, consultation, status=400, item_form=form)
    return _consultation_page(request, scope, consultation)


@login_required
@require_POST
def consultation_decision(request, pk: int, item_pk: int):
    scope = scope_for(request.user)
    consultation = selectors.consultation_for(scope, pk)
    item = get_object_or_404(ConsultationItem, consultation=consultation, pk=item_pk,
                             case__in=selectors.cases_for(scope).values("pk"))
    if not (selectors.may_coordinate(scope) and consultation.organiser_id == scope.organisation_id):
        raise PermissionDenied
    form = ConsultationDecisionForm(request.POST, organisations=consultation.organisations.all(), prefix=f"item{item.pk}")
    if _apply(form, services.record_decision, actor=request.user, item=item):
        messages.success(request, _("Het besluit is vastgelegd en op de tijdlijn van de zaak gezet."))
        return redirect("cases:consultation", pk=consultation.pk)
    return _consultation_page(request, scope, consultation, status=400, decision_forms={item.pk: form})

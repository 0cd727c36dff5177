"""Enforcement pages: choose an intervention from the LHSO matrix, follow its procedure, make letters.

Every read starts from the user's scope (cases.selectors.case_for): a case or intervention out of
reach answers 404. Changes are for handlers and coordinators of the case's responsible organisation.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.cases.selectors import case_for
from regiekamer.core.forms import errors_onto
from regiekamer.core.http import no_store
from regiekamer.organisations.access import scope_for

from . import letters, selectors, services
from .forms import InterventionForm, LetterForm, LetterTemplateForm, StepForm
from .models import InterventionType, LetterKind


def _apply(form, service, **kwargs):
    """Run a service with the form's data; put its validation errors on the form's fields."""
    if not form.is_valid():
        return None
    try:
        return service(**kwargs, **form.cleaned_data)
    except ValidationError as error:
        errors_onto(form, error)
        return None


def _type_labels(types: list[str]) -> list[str]:
    return [str(InterventionType(t).label) for t in types if t in InterventionType.values]


@login_required
def create(request, case_pk: int):
    scope = scope_for(request.user)
    case = case_for(scope, case_pk)
    if not selectors.may_enforce(scope, case):
        raise Http404
    form = InterventionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST":
        intervention = _apply(form, services.create_intervention, actor=request.user, case=case)
        if intervention:
            messages.success(request, _("De interventie is vastgelegd."))
            return redirect("enforcement:detail", pk=intervention.pk)
    matrix = [
        {"cell": cell, "label": f"{cell.behaviour}{cell.consequence}", "proposals": _type_labels(cell.proposals),
         "aggravated": _type_labels(cell.aggravated_proposals)}
        for cell in selectors.matrix_for(case.address.municipality_id)
    ]
    return no_store(render(request, "enforcement/create.html",
                           {"form": form, "case": case, "matrix": matrix}, status=400 if form.errors else 200))


def _detail_context(scope, intervention, step_form=None, letter_form=None):
    return {
        "intervention": intervention,
        "case": intervention.case,
        "proposals": _type_labels(intervention.proposed_types),
        "steps": list(intervention.steps.all()),
        "dates": selectors.procedure_dates(intervention),
        "next_due": selectors.next_due(intervention),
        "letters": list(intervention.letters.defer("content")),
        "may_enforce": selectors.may_enforce(scope, intervention.case),
        "step_form": step_form or StepForm(initial={"on": timezone.localdate()}),
        "letter_form": letter_form or LetterForm(),
        "today": timezone.localdate(),
    }


@login_required
def detail(request, pk: int):
    scope = scope_for(request.user)
    intervention = selectors.intervention_for(scope, pk)
    return no_store(render(request, "enforcement/detail.html", _detail_context(scope, intervention)))


@login_required
@require_POST
def record_step(request, pk: int):
    scope = scope_for(request.user)
    intervention = selectors.intervention_for(scope, pk)
    if not selectors.may_enforce(scope, intervention.case):
        raise Http404
    form = StepForm(request.POST)
    if _apply(form, services.record_step, actor=request.user, intervention=intervention):
        messages.success(request, _("De stap is vastgelegd."))
        return redirect("enforcement:detail", pk=intervention.pk)
    return no_store(render(request, "enforcement/detail.html",
                           _detail_context(scope, intervention, step_form=form), status=400))


@login_required
@require_POST
def generate_letter(request, pk: int):
    scope = scope_for(request.user)
    intervention = selectors.intervention_for(scope, pk)
    if not selectors.may_enforce(scope, intervention.case):
        raise Http404
    form = LetterForm(request.POST)
    if _apply(form, services.generate_letter, actor=request.user, intervention=intervention):
        messages.success(request, _("De brief is gemaakt."))
        return redirect("enforcement:detail", pk=intervention.pk)
    return no_store(render(request, "enforcement/detail.html",
                           _detail_context(scope, intervention, letter_form=form), status=400))


@login_required
def letter(request, pk: int):
    """Download a stored letter (as it was generated), for everyone who may see the case."""
    scope = scope_for(request.user)
    stored = selectors.letter_for(scope, pk)
    address = stored.case.address
    subjects = [Subject(address.bag_id, SubjectType.ADDRESS, address.municipality_id)]
    if services.owner_is_person(stored.intervention):
        subjects.append(Subject(services._current_owner(stored.intervention).pseudonym, SubjectType.OWNER,
                                address.municipality_id))
    record(actor=request.user, name="handhavingsbrief downloaden", operation=Operation.EXPORT,
           activity=ProcessingActivity.DOSSIER, subjects=subjects,
           trace_id=getattr(request, "trace_id", None), started=getattr(request, "started_at", None))
    response = HttpResponse(bytes(stored.content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stored.file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)


@login_required
def overdue(request):
    """Procedure steps past their date, for the interventions of the user's own organisation."""
    scope = scope_for(request.user)
    if not scope.reads_dossiers:
        raise Http404
    today = timezone.localdate()
    return no_store(render(request, "enforcement/overdue.html",
                           {"overdue": selectors.overdue_steps(scope, today), "today": today}))


@login_required
def templates(request):
    scope = scope_for(request.user)
    if not selectors.edits_letter_templates(scope):
        raise Http404
    rows = [{"kind": kind, "label": label,
             "template": selectors.template_for(kind=kind, municipality_id=scope.municipality_id)}
            for kind, label in LetterKind.choices]
    return render(request, "enforcement/templates.html", {"rows": rows})


@login_required
def template(request, kind: str):
    scope = scope_for(request.user)
    if not selectors.edits_letter_templates(scope) or kind not in LetterKind.values:
        raise Http404
    current = selectors.template_for(kind=kind, municipality_id=scope.municipality_id)
    initial = {"title": current.title, "body": current.body} if current else {}
    form = LetterTemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and _apply(form, services.save_letter_template, actor=request.user, kind=kind):
        messages.success(request, _("Het briefsjabloon is opgeslagen."))
        return redirect("enforcement:templates")
    return render(request, "enforcement/template_form.html", {
        "form": form, "kind": LetterKind(kind), "current": current, "variables": letters.variable_list(),
        "own": bool(current and current.municipality_id),
    }, status=400 if form.errors else 200)

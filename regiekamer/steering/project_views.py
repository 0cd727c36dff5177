"""Project plans: the plan of approach, its convenant and its targets with their actual values.

Who: a municipality's project is read by its municipal departments; a region's project by every
organisation of the region that reads figures. Drawing up a plan, adding a target or a convenant is
for a coordinator (access.plans_projects): of the municipality for its projects, of the regional
programme for the region's. Others get 404 for what they may not read, 403 for what they may not do.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regiekamer.organisations.access import Reach, Scope, plans_projects, scope_for
from regiekamer.organisations.models import Organisation
from regiekamer.registry.models import Municipality

from . import targets
from .forms import AgreementForm, EvaluationForm, ProjectForm, TargetForm
from .models import Project
from .services import evaluate_project


def projects_for(scope: Scope):
    if scope.reach == Reach.MUNICIPALITY and scope.role is not None and scope.municipality_id is not None:
        region_id = Municipality.objects.filter(pk=scope.municipality_id).values_list("region_id", flat=True).first()
        return Project.objects.filter(Q(municipality_id=scope.municipality_id)
                                      | Q(region_id=region_id, region__isnull=False))
    if scope.reads_aggregates and scope.region_id is not None:
        return Project.objects.filter(region_id=scope.region_id)
    return Project.objects.none()


def _project(scope: Scope, pk: int) -> Project:
    project = projects_for(scope).select_related("municipality", "region").filter(pk=pk).first()
    if project is None:
        raise Http404
    return project


def may_plan(scope: Scope, project: Project | None = None) -> bool:
    if not plans_projects(scope):
        return False
    if project is None:
        return True
    if project.municipality_id is not None:
        return scope.reach == Reach.MUNICIPALITY and project.municipality_id == scope.municipality_id
    return scope.reach != Reach.MUNICIPALITY and project.region_id == scope.region_id


def _partners(scope: Scope):
    """The organisations a plan can name: those of the municipality and of its region."""
    region_id = scope.region_id
    return Organisation.objects.filter(
        Q(municipality__region_id=region_id) | Q(region_id=region_id) | Q(municipality_id=scope.municipality_id)
    ).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def project_list(request):
    scope = scope_for(request.user)
    if not scope.reads_aggregates:
        raise Http404
    form = None
    if may_plan(scope):
        form = ProjectForm(request.POST or None)
        form.fields["organisations"].queryset = _partners(scope)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            with transaction.atomic():
                project = form.save(commit=False)
                if scope.reach == Reach.MUNICIPALITY:
                    project.municipality_id = scope.municipality_id
                else:
                    project.region_id = scope.region_id
                project.created_by = request.user
                project.save()
                form.save_m2m()
            messages.success(request, _("Het project is vastgelegd. Voeg nu de doelen toe."))
            return redirect("steering:project", pk=project.pk)
    context = {"projects": projects_for(scope).select_related("municipality", "region"), "form": form}
    return render(request, "steering/projects.html", context, status=400 if form is not None and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def project_detail(request, pk: int):
    scope = scope_for(request.user)
    project = _project(scope, pk)
    planner = may_plan(scope, project)
    target_form = TargetForm(request.POST if "add_target" in request.POST else None) if planner else None
    agreement_form = AgreementForm(request.POST if "add_agreement" in request.POST else None) if planner else None
    evaluation_form = EvaluationForm(
        request.POST if "evaluate" in request.POST else None,
        initial={"evaluation": project.evaluation, "ended_on": project.ended_on}) if planner else None
    if request.method == "POST":
        if not planner:
            raise PermissionDenied
        if "evaluate" in request.POST:
            if evaluation_form.is_valid():
                try:
                    evaluate_project(actor=request.user, project=project, **evaluation_form.cleaned_data)
                except ValidationError as error:
                    for field, problems in error.message_dict.items():
                        for problem in problems:
                            evaluation_form.add_error(field, problem)
                else:
                    messages.success(request, _("De evaluatie is vastgelegd; de lessen staan in de kennisbank."))
                    return redirect("steering:project", pk=project.pk)
        form = None if "evaluate" in request.POST else target_form if "add_target" in request.POST else agreement_form if "add_agreement" in request.POST else None
        if form is None and "evaluate" not in request.POST:
            raise PermissionDenied
        if form is not None and form.is_valid():
            item = form.save(commit=False)
            item.project = project
            item.save()
            messages.success(request, _("Vastgelegd."))
            return redirect("steering:project", pk=project.pk)
    today = timezone.localdate()
    context = {
        "project": project, "planner": planner, "target_form": target_form, "agreement_form": agreement_form,
        "evaluation_form": evaluation_form,
        "progress": targets.project_progress(project, today),
        "agreements": project.agreements.all(), "organisations": project.organisations.order_by("name"),
    }
    invalid = (target_form is not None and target_form.errors) or (agreement_form is not None and agreement_form.errors) \
        or (evaluation_form is not None and evaluation_form.errors)
    return render(request, "steering/project.html", context, status=400 if invalid else 200)

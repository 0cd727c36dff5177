"""Care pages: the queue, referring a person, a referral with its follow-ups, trajectories.

A page the user may not see answers 404, the same as a missing one (selectors.py decides).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.cases.selectors import case_for
from regiekamer.core.forms import errors_onto
from regiekamer.core.http import no_store
from regiekamer.organisations.access import scope_for

from . import selectors, services
from .forms import (
    AcceptForm,
    CloseReferralForm,
    CloseTrajectoryForm,
    FollowUpForm,
    ReferralFollowUpForm,
    ReferralForm,
    TrajectoryForm,
)
from .models import CareReferral, ReferralStatus, Trajectory, TrajectoryStatus


def _apply(form, service, **kwargs):
    """Run a service with the form's data; put its validation errors on the form's fields.

    Returns what the service returned, or None when the form or the service refused.
    """
    if not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    if "version" in data:
        data["expected_version"] = data.pop("version")
    try:
        return service(**kwargs, **data)
    except ValidationError as error:
        errors_onto(form, error)
        return None


def _log_read(request, item: CareReferral | Trajectory, name: str) -> None:
    record(actor=request.user, name=name, operation=Operation.READ, activity=ProcessingActivity.CARE,
           subjects=[Subject(item.person_ref, SubjectType.PERSON, item.case.address.municipality_id)],
           trace_id=request.trace_id, started=request.started_at)


@login_required
def queue(request):
    scope = scope_for(request.user)
    if not (scope.reads_dossiers and scope.organisation_id):
        raise Http404
    today = timezone.localdate()
    closed_referrals, closed_trajectories = selectors.closed_for(scope)
    return no_store(render(request, "care/queue.html", {
        "items": selectors.queue_for(scope, on=today), "today": today,
        "closed_referrals": closed_referrals, "closed_trajectories": closed_trajectories,
    }))


@login_required
def refer(request, case_pk: int):
    scope = scope_for(request.user)
    case = case_for(scope, case_pk)
    if not selectors.acts_on_care(scope):
        raise Http404
    form = ReferralForm(request.POST or None, receivers=selectors.receivers_for(case))
    if request.method == "POST" and (referral := _apply(form, services.refer, actor=request.user, case=case,
                                                        trace_id=request.trace_id)):
        messages.success(request, _("De doorverwijzing is vastgelegd."))
        return redirect("care:referral", pk=referral.pk)
    return no_store(render(request, "care/form.html", {
        "form": form, "case": case, "title": _("Doorverwijzen naar zorg"), "submit": _("Doorverwijzen"),
    }, status=400 if form.errors else 200))


@login_required
def referral_detail(request, pk: int):
    scope = scope_for(request.user)
    referral = selectors.referral_for(scope, pk)
    acts = selectors.acts_on_care(scope)
    receives = acts and scope.organisation_id == referral.receiving_id
    is_open = referral.status != ReferralStatus.CLOSED
    initial = {"version": referral.version}
    follow_up_form = ReferralFollowUpForm(prefix="opvolging", initial=initial)
    accept_form = AcceptForm(prefix="accepteren", initial=initial)
    close_form = CloseReferralForm(prefix="sluiten", initial=initial)
    failed = None
    if request.method == "POST":
        action = request.POST.get("action")
        if not acts or not is_open:
            raise Http404
        common = {"actor": request.user, "referral": referral, "trace_id": request.trace_id}
        if action == "opvolging":
            failed = follow_up_form = ReferralFollowUpForm(request.POST, prefix="opvolging")
            service, message = services.follow_up_referral, _("De opvolging is vastgelegd.")
        elif action == "accepteren" and receives:
            failed = accept_form = AcceptForm(request.POST, prefix="accepteren")
            service, message = services.accept_referral, _("De doorverwijzing is geaccepteerd.")
        elif action == "sluiten" and receives:
            failed = close_form = CloseReferralForm(request.POST, prefix="sluiten")
            service, message = services.close_referral, _("De doorverwijzing is gesloten.")
        else:
            raise Http404
        if _apply(failed, service, **common) is not None:
            messages.success(request, message)
            return redirect("care:referral", pk=referral.pk)
        referral.refresh_from_db()
    _log_read(request, referral, "doorverwijzing naar zorg inzien")
    return no_store(render(request, "care/referral.html", {
        "referral": referral, "follow_ups": referral.follow_ups.all(), "today": timezone.localdate(),
        "acts": acts and is_open, "receives": receives and is_open,
        "may_accept": receives and referral.status == ReferralStatus.OPEN,
        "follow_up_form": follow_up_form, "accept_form": accept_form, "close_form": close_form,
        "failed_form": failed,
    }, status=400 if failed is not None and failed.errors else 200))


@login_required
def trajectory_create(request):
    scope = scope_for(request.user)
    try:
        case_pk = int(request.GET.get("zaak", ""))
    except ValueError:
        raise Http404 from None
    case = case_for(scope, case_pk)
    if not selectors.starts_trajectories(scope):
        raise Http404
    form = TrajectoryForm(request.POST or None, providers=selectors.receivers_for(case))
    if request.method == "POST" and (trajectory := _apply(form, services.start_trajectory, actor=request.user,
                                                          case=case, trace_id=request.trace_id)):
        messages.success(request, _("Het traject is vastgelegd."))
        return redirect("care:trajectory", pk=trajectory.pk)
    return no_store(render(request, "care/form.html", {
        "form": form, "case": case, "title": _("Traject voor integratie of onderwijs"), "submit": _("Vastleggen"),
    }, status=400 if form.errors else 200))


@login_required
def trajectory_detail(request, pk: int):
    scope = scope_for(request.user)
    trajectory = selectors.trajectory_for(scope, pk)
    acts = selectors.acts_on_care(scope)
    is_open = trajectory.status != TrajectoryStatus.CLOSED
    initial = {"version": trajectory.version}
    follow_up_form = FollowUpForm(prefix="opvolging", initial=initial)
    close_form = CloseTrajectoryForm(prefix="sluiten", initial=initial)
    failed = None
    if request.method == "POST":
        action = request.POST.get("action")
        if not acts or not is_open:
            raise Http404
        common = {"actor": request.user, "trajectory": trajectory, "trace_id": request.trace_id}
        if action == "opvolging":
            failed = follow_up_form = FollowUpForm(request.POST, prefix="opvolging")
            service, message = services.follow_up_trajectory, _("De opvolging is vastgelegd.")
        elif action == "sluiten":
            failed = close_form = CloseTrajectoryForm(request.POST, prefix="sluiten")
            service, message = services.close_trajectory, _("Het traject is afgesloten.")
        else:
            raise Http404
        if _apply(failed, service, **common) is not None:
            messages.success(request, message)
            return redirect("care:trajectory", pk=trajectory.pk)
        trajectory.refresh_from_db()
    _log_read(request, trajectory, "traject inzien")
    return no_store(render(request, "care/trajectory.html", {
        "trajectory": trajectory, "follow_ups": trajectory.follow_ups.all(), "today": timezone.localdate(),
        "acts": acts and is_open, "follow_up_form": follow_up_form, "close_form": close_form,
        "failed_form": failed,
    }, status=400 if failed is not None and failed.errors else 200))

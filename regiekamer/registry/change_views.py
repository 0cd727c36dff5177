"""Forms that record facts on a dossier: registrations (civil affairs) and owners."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from regiekamer.core.forms import errors_onto
from regiekamer.organisations.access import scope_for

from . import selectors, services
from .forms import EndRegistrationForm, OwnerForm, RegistrationForm


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


def _render(request, form, address, title: str, submit: str):
    return render(request, "registry/change_form.html",
                  {"form": form, "address": address, "title": title, "submit": submit},
                  status=400 if form.errors else 200)


@login_required
def add_registration(request, bag_id: str):
    scope = scope_for(request.user)
    address = selectors.address_for(scope, bag_id)
    if not scope.registers_persons:
        raise Http404
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and _apply(form, services.register_person, actor=request.user, address=address):
        messages.success(request, _("De inschrijving is vastgelegd."))
        return redirect("registry:dossier", bag_id=address.bag_id)
    return _render(request, form, address, _("Inschrijving vastleggen"), _("Inschrijven"))


@login_required
def end_registration(request, bag_id: str, pk: int):
    scope = scope_for(request.user)
    address = selectors.address_for(scope, bag_id)
    if not scope.registers_persons:
        raise Http404
    registration = get_object_or_404(address.registrations, pk=pk)
    form = EndRegistrationForm(request.POST or None)
    if request.method == "POST" and _apply(form, services.end_registration, actor=request.user,
                                           registration=registration):
        messages.success(request, _("De inschrijving is beëindigd."))
        return redirect("registry:dossier", bag_id=address.bag_id)
    return _render(request, form, address, _("Inschrijving beëindigen"), _("Beëindigen"))


@login_required
def add_owner(request, bag_id: str):
    scope = scope_for(request.user)
    address = selectors.address_for(scope, bag_id)
    if not scope.changes_dossiers:
        raise Http404
    form = OwnerForm(request.POST or None)
    if request.method == "POST" and _apply(form, services.record_owner, actor=request.user, address=address):
        messages.success(request, _("De eigenaar is vastgelegd."))
        return redirect("registry:dossier", bag_id=address.bag_id)
    return _render(request, form, address, _("Eigenaar vastleggen"), _("Vastleggen"))

"""Intake of meldingen: register, the intake queue, a melding's page, and joining duplicates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiekamer.audit.models import Operation, ProcessingActivity, SubjectType
from regiekamer.audit.services import Subject, record
from regiekamer.core.forms import errors_onto
from regiekamer.organisations.access import scope_for
from regiekamer.registry.selectors import address_for

from . import laa_selectors, selectors, services
from .forms import LinkForm, MeldingForm, PromoteForm, RejectForm
from .models import Melding, MeldingSource, MeldingStatus
from .routing import default_case_type, propose_route


def subject_of(melding: Melding) -> Subject:
    """The data subject of a melding in the processing log: its address, or its map point."""
    if melding.address_id:
        return Subject(melding.address.bag_id, SubjectType.ADDRESS, melding.address.municipality_id)
    return Subject(f"punt:{melding.latitude:.5f},{melding.longitude:.5f}", SubjectType.ADDRESS,
                   melding.municipality_id)


@login_required
def queue(request):
    scope = scope_for(request.user)
    if not scope.reads_dossiers:
        raise Http404
    meldingen = selectors.queue(scope)
    status = request.GET.get("status", "")
    if status in MeldingStatus.values:
        meldingen = meldingen.filter(status=status)
    page = Paginator(meldingen, 50).get_page(request.GET.get("pagina"))
    proposals: dict[tuple, list] = {}
    rows = []
    for melding in page:
        municipality = selectors.municipality_of(melding)
        key = (melding.category, melding.source, municipality.pk if municipality else None)
        if key not in proposals:
            proposals[key] = propose_route(melding.category, municipality, melding.source)
        rows.append((melding, proposals[key]))
    return render(request, "meldingen/queue.html", {
        "page": page, "rows": rows, "status": status, "statuses": MeldingStatus.choices,
        "registers": selectors.registers_meldingen(scope),
    })


def _next_steps(address, duplicates, handles: bool) -> list[tuple[str, str]]:
    if not handles:
        return []
    steps = [("queue", _("In de intakewachtrij laten"))]
    steps += [(f"case-{case.pk}", _("Koppelen aan zaak %(case)s op %(address)s") % {
        "case": case, "address": case.address.street_line}) for case in duplicates.cases]
    if address is not None:
        steps.append(("promote", _("Een nieuwe zaak maken (zaaktype en organisatie volgens het voorstel)")))
    return steps


@login_required
def create(request):
    scope = scope_for(request.user)
    if not selectors.registers_meldingen(scope):
        raise Http404
    bag_id = request.GET.get("adres", "")
    address = address_for(scope, bag_id) if bag_id else None
    municipalities = [] if address else list(selectors.point_municipalities(scope))
    if address is None and not municipalities:
        raise Http404
    duplicates = selectors.duplicates(scope, address)
    handles = selectors.handles_meldingen(scope)
    form = MeldingForm(request.POST or None, request.FILES or None, point=address is None,
                       municipalities=municipalities, next_steps=_next_steps(address, duplicates, handles))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        municipality = address.municipality if address else next(
            (m for m in municipalities if str(m.pk) == data["municipality"]), None)
        step = data.get("next_step", "queue")
        link_to = promote_to = None
        if step.startswith("case-"):
            link_to = next(case for case in duplicates.cases if f"case-{case.pk}" == step)
        elif step == "promote":
            proposal = propose_route(data["category"], municipality, data["source"])
            promote_to = (default_case_type(data["category"], data["source"]),
                          proposal[0] if proposal else request.user.membership.organisation)
        try:
            melding = services.register_melding(
                actor=request.user, address=address, latitude=data.get("latitude"), longitude=data.get("longitude"),
                municipality=municipality, category=data["category"], source=data["source"],
                description=data["description"], received_on=data["received_on"], attachments=data["attachments"],
                link_to=link_to, promote_to=promote_to,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            if melding.case_id:
                messages.success(request, _("De melding is geregistreerd en gekoppeld aan zaak %(case)s.")
                                 % {"case": melding.case.reference})
            else:
                messages.success(request, _("De melding is geregistreerd en staat in de intakewachtrij."))
            return redirect("meldingen:detail", pk=melding.pk)
    return render(request, "meldingen/create.html", {
        "form": form, "address": address, "duplicates": duplicates, "handles": handles,
    }, status=400 if form.errors else 200)


@login_required
def proposal(request):
    """The routing proposal for a category and source (an htmx partial on the intake page)."""
    scope = scope_for(request.user)
    if not selectors.registers_meldingen(scope):
        raise Http404
    bag_id = request.GET.get("adres", "")
    if bag_id:
        municipality = address_for(scope, bag_id).municipality
    else:
        municipality = selectors.point_municipalities(scope).filter(
            pk=request.GET.get("municipality") if (request.GET.get("municipality") or "").isdigit() else None
        ).first()
    category, source = request.GET.get("category", ""), request.GET.get("source", "")
    organisations = propose_route(category, municipality, source) if category else []
    return render(request, "meldingen/_proposal.html", {"proposal": organisations, "asked": bool(category)})


def _detail(request, scope, melding: Melding, *, link_form=None, promote_form=None, reject_form=None):
    municipality = selectors.municipality_of(melding)
    proposal = propose_route(melding.category, municipality, melding.source)
    handles = selectors.handles_meldingen(scope) and melding.status == MeldingStatus.NEW
    details = selectors.shows_details(scope, melding)
    organisations = list(proposal)
    own = request.user.membership.organisation if handles else None
    if own is not None and own not in organisations:
        organisations.append(own)
    record(actor=request.user, name="melding inzien", operation=Operation.READ,
           activity=ProcessingActivity.MELDING, subjects=[subject_of(melding)],
           trace_id=request.trace_id, started=request.started_at)
    errors = any(f is not None and f.errors for f in (link_form, promote_form, reject_form))
    return render(request, "meldingen/detail.html", {
        "melding": melding, "details": details,
        "attachments": list(melding.attachments.all()) if details else [],
        "duplicates": selectors.duplicates(scope, melding.address, exclude=melding),
        "proposal": proposal, "handles": handles,
        "link_form": link_form or LinkForm(),
        "promote_form": promote_form or PromoteForm(
            organisations=organisations,
            initial={"case_type": default_case_type(melding.category, melding.source),
                     "responsible": organisations[0].pk if organisations else None}),
        "reject_form": reject_form or RejectForm(),
        "laa_signal": laa_selectors.signals_for(scope).filter(melding=melding).first()
        if melding.source == MeldingSource.LAA else None,
    }, status=400 if errors else 200)


@login_required
def detail(request, pk: int):
    scope = scope_for(request.user)
    return _detail(request, scope, selectors.melding_for(scope, pk))


def _handled(request, pk: int):
    scope = scope_for(request.user)
    melding = selectors.melding_for(scope, pk)
    if not selectors.handles_meldingen(scope):
        raise Http404
    return scope, melding


@login_required
@require_POST
def link(request, pk: int):
    scope, melding = _handled(request, pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        case = selectors.open_case_for(scope, form.cleaned_data["case"])
        if case is None:
            form.add_error("case", _("Kies een open zaak binnen uw bereik."))
        else:
            try:
                services.link_melding(actor=request.user, melding=melding, case=case)
            except ValidationError as error:
                errors_onto(form, error)
            else:
                messages.success(request, _("De melding is gekoppeld aan zaak %(case)s.") % {"case": case.reference})
                return redirect("meldingen:detail", pk=melding.pk)
    return _detail(request, scope, melding, link_form=form)


@login_required
@require_POST
def promote(request, pk: int):
    scope, melding = _handled(request, pk)
    organisations = propose_route(melding.category, selectors.municipality_of(melding), melding.source)
    own = request.user.membership.organisation
    if own not in organisations:
        organisations.append(own)
    form = PromoteForm(request.POST, organisations=organisations)
    if form.is_valid():
        responsible = next(o for o in organisations if str(o.pk) == form.cleaned_data["responsible"])
        try:
            melding = services.promote_melding(actor=request.user, melding=melding,
                                               case_type=form.cleaned_data["case_type"], responsible=responsible)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("Zaak %(case)s is geopend en de melding is eraan gekoppeld.")
                             % {"case": melding.case.reference})
            return redirect("meldingen:detail", pk=melding.pk)
    return _detail(request, scope, melding, promote_form=form)


@login_required
@require_POST
def reject(request, pk: int):
    scope, melding = _handled(request, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject_melding(actor=request.user, melding=melding, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("De melding is afgewezen."))
            return redirect("meldingen:detail", pk=melding.pk)
    return _detail(request, scope, melding, reject_form=form)


@login_required
def attachment(request, pk: int, attachment_pk: int):
    """A download, never a public URL: the same scope as the melding's description."""
    scope = scope_for(request.user)
    melding = selectors.melding_for(scope, pk)
    if not selectors.shows_details(scope, melding):
        raise Http404
    item = get_object_or_404(melding.attachments, pk=attachment_pk)
    record(actor=request.user, name="bijlage van melding downloaden", operation=Operation.READ,
           activity=ProcessingActivity.MELDING, subjects=[subject_of(melding)],
           trace_id=request.trace_id, started=request.started_at)
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name,
                            content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

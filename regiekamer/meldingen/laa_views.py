"""LAA signals: the municipality's list with its deadlines, a signal's page, enter one, import a file.

404 for whoever may not read the municipality's signals (partners, other municipalities); 403 for
its readers who may not act (viewers, administrators).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiekamer.audit.models import Operation, ProcessingActivity
from regiekamer.audit.services import record
from regiekamer.core import uploads
from regiekamer.core.forms import errors_onto
from regiekamer.core.http import no_store
from regiekamer.organisations.access import Scope, scope_for

from . import laa, laa_selectors as selectors
from .laa_forms import LaaImportForm, LaaSignalForm, LaaStatusForm
from .models import LaaIndicator, LaaSignal, LaaStatus
from .views import subject_of


def _reader(request) -> Scope:
    scope = scope_for(request.user)
    if not selectors.reads_laa(scope):
        raise Http404
    return scope


def _writer(request) -> Scope:
    scope = _reader(request)
    if not selectors.writes_laa(scope):
        raise PermissionDenied
    return scope


@login_required
def signal_list(request):
    scope = _reader(request)
    today = timezone.localdate()
    status, overdue = request.GET.get("status", ""), request.GET.get("te_laat", "")
    page = Paginator(selectors.signal_list(scope, status=status, overdue=overdue, today=today), 50).get_page(
        request.GET.get("pagina"))
    return render(request, "meldingen/laa/list.html", {
        "page": page, "rows": selectors.rows(list(page), today), "figures": selectors.figures(scope, today),
        "status": status, "statuses": LaaStatus.choices, "overdue": overdue, "deadlines": laa.DEADLINES,
        "writes": selectors.writes_laa(scope), "query": f"status={status}&te_laat={overdue}",
    })


def _detail(request, scope: Scope, signal: LaaSignal, *, status_form: LaaStatusForm | None = None):
    today = timezone.localdate()
    allowed = laa.next_statuses(signal.current_status)
    writes = selectors.writes_laa(scope) and bool(allowed)
    record(actor=request.user, name="LAA-signaal inzien", operation=Operation.READ,
           activity=ProcessingActivity.MELDING, subjects=[subject_of(signal.melding)],
           trace_id=request.trace_id, started=request.started_at)
    response = render(request, "meldingen/laa/detail.html", {
        "signal": signal, "row": selectors.rows([signal], today)[0], "history": selectors.history(signal),
        "writes": writes,
        "status_form": status_form or LaaStatusForm(allowed=allowed, initial={"on": today}),
    }, status=400 if status_form is not None and status_form.errors else 200)
    return no_store(response)


@login_required
def detail(request, pk: int):
    scope = _reader(request)
    return _detail(request, scope, selectors.signal_for(scope, pk))


@login_required
@require_POST
def set_status(request, pk: int):
    scope = _reader(request)
    signal = selectors.signal_for(scope, pk)
    if not selectors.writes_laa(scope):
        raise PermissionDenied
    form = LaaStatusForm(request.POST, allowed=laa.next_statuses(signal.current_status))
    if form.is_valid():
        data = form.cleaned_data
        try:
            change = laa.set_laa_status(actor=request.user, signal=signal, status=data["status"], on=data["on"],
                                        note=data["note"])
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("De status is nu: %(status)s.") % {"status": change.get_status_display()})
            return redirect("meldingen:laa-detail", pk=signal.pk)
    return _detail(request, scope, signal, status_form=form)


@login_required
def create(request):
    scope = _writer(request)
    form = LaaSignalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signal = laa.register_laa_signal(
                actor=request.user, municipality=selectors.municipality_of(scope),
                signal_number=data["signal_number"], indicator=data["indicator"], received_on=data["received_on"],
                postcode=data["postcode"], house_number=data["house_number"], house_letter=data["house_letter"],
                addition=data["addition"], note=data["note"],
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("LAA-signaal %(number)s is ingevoerd als melding %(ref)s.") % {
                "number": signal.signal_number, "ref": signal.melding.reference})
            return redirect("meldingen:laa-detail", pk=signal.pk)
    return render(request, "meldingen/laa/create.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def import_file(request):
    scope = _writer(request)
    form = LaaImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > laa.MAX_FILE_BYTES:
            form.add_error("file", _("Het bestand is groter dan %(max)d MB.") % {"max": laa.MAX_FILE_BYTES // 2**20})
        else:
            try:
                uploads.scan(upload, field="file")  # refused: nothing read in
                report = laa.import_laa_file(actor=request.user, municipality=selectors.municipality_of(scope),
                                             data=upload.read())
            except ValidationError as error:  # the scan, or another import stored the same numbers at once
                errors_onto(form, error)
                report = None
            if report is not None and report.accepted:
                messages.success(request, _("%(created)d signalen ingelezen; %(skipped)d stonden er al in en zijn "
                                            "overgeslagen.") % {"created": report.created, "skipped": report.skipped})
                return redirect("meldingen:laa-list")
    refused = bool(form.errors) or (report is not None and not report.accepted)
    return render(request, "meldingen/laa/import.html", {
        "form": form, "report": report, "columns": laa.COLUMNS, "indicators": LaaIndicator.choices,
        "max_rows": laa.MAX_ROWS, "max_mb": laa.MAX_FILE_BYTES // 2**20,
    }, status=400 if refused else 200)

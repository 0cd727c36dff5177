"""The BAG import in the browser: the runs of one's organisation with the upload form, one run, and its
progress (an htmx partial the run page polls every 2 s while the run is queued or running).

Only a municipal organisation's administrator reaches these pages (imports.may_import_bag); anyone
else gets 404, the same as for a run that does not exist. The partial checks the same, because it
can be requested on its own.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from regiekamer.core.uploads import SizeLimitUploadHandler
from regiekamer.organisations.access import Scope, scope_for

from . import imports
from .models import AddressKind, ImportRun

RUNS_PER_PAGE = 25


class BagUploadForm(forms.Form):
    file = forms.FileField(
        label=_("BAG-bestand"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(imports.ALLOWED_SUFFIXES)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "Een BAG 2.0-extract als .zip (ook een zip met zips, zoals het Kadaster levert) of .xml, of een platte "
            "BAG-CSV (.csv); ten hoogste %(limit)s.") % {"limit": filesizeformat(imports.max_upload_bytes())}


def _administrator(request) -> Scope:
    scope = scope_for(request.user)
    if not imports.may_import_bag(scope):
        raise Http404
    return scope


def _run(request, pk: int) -> ImportRun:
    scope = _administrator(request)
    return get_object_or_404(imports.runs_for(scope), pk=pk)


@csrf_exempt  # the size limit must be in place before the body is read; _upload checks CSRF itself
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def import_list(request):
    """The organisation's runs, newest first, and the form to upload a new extract."""
    scope = _administrator(request)  # 404 before a byte of the body is read
    if request.method == "POST":
        handler = SizeLimitUploadHandler(request, imports.max_upload_bytes())
        request.upload_handlers.insert(0, handler)
        return _upload(request, scope, handler)
    return _list(request, scope, BagUploadForm())


@csrf_protect
def _upload(request, scope: Scope, handler: SizeLimitUploadHandler):
    form = BagUploadForm(request.POST, request.FILES)
    if handler.exceeded is not None:
        form.is_valid()
        form.errors.pop("file", None)  # "required": the file was cut off, say why instead
        form.add_error("file", imports.too_large_message(handler.exceeded))
    elif form.is_valid():
        try:
            run = imports.start_bag_import(actor=request.user, uploaded_file=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, gettext("„%(name)s” is ontvangen; de import staat in de wachtrij.")
                             % {"name": run.file_name})
            return redirect("registry:import-detail", pk=run.pk)
    return _list(request, scope, form, status=400)


def _list(request, scope: Scope, form: BagUploadForm, *, status: int = 200):
    page = Paginator(imports.runs_for(scope), RUNS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "registry/imports/list.html", {"form": form, "page": page}, status=status)


@never_cache
@login_required
@require_GET
def import_detail(request, pk: int):
    run = _run(request, pk)
    return render(request, "registry/imports/detail.html", {"run": run, "summary": summary(run)})


@never_cache
@require_GET
def import_progress(request, pk: int):
    """The progress part of the run page, which htmx polls; the same permission check as the page."""
    if not request.user.is_authenticated:
        detail = reverse("registry:import-detail", args=[pk])
        if request.htmx:  # the session ended while polling: send the whole page to the login form
            return HttpResponseClientRedirect(redirect_to_login(detail).url)
        return redirect_to_login(request.get_full_path())
    run = _run(request, pk)
    return render(request, "registry/imports/detail.html#progress", {"run": run, "summary": summary(run)})


def summary(run: ImportRun) -> dict | None:
    """The counts of a finished run's report, as rows for the page."""
    report = run.report
    if not report:
        return None
    kinds = dict(AddressKind.choices)
    addresses = [{"label": kinds.get(kind, kind), **counts} for kind, counts in report.get("addresses", {}).items()]
    return {
        "format": report.get("format"),
        "read": report.get("read", run.objects_read),
        "buildings": report.get("buildings", {}),
        "addresses": addresses,
        "addresses_total": {key: sum(row.get(key, 0) for row in addresses) for key in ("created", "updated", "unchanged")},
        "skipped": report.get("skipped", {}),
        "incomplete": report.get("incomplete", {}),
    }

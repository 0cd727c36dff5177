"""Deliveries in the browser: the list with the upload form, one delivery with its report, its
progress (an htmx partial polled every 2 s while queued or running), and the export of the
organisation's own view as a zip. Who may: selectors.py and services.may_deliver; anyone else 404.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from regiekamer.core.http import no_store
from regiekamer.core.uploads import SizeLimitUploadHandler
from regiekamer.organisations.access import Scope, scope_for
from regiekamer.organisations.models import Organisation

from . import exports, services
from .selectors import deliveries_for, delivery_for

PER_PAGE = 25


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Levering (zip)"), widget=forms.ClearableFileInput(attrs={"accept": ".zip"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "Een zip met één bestand per tabel (addresses.csv of addresses.parquet, registrations, signals, "
            "inspections, ownership, permits) in uitwisselingsformaat v1; ten hoogste %(limit)s.") % {
            "limit": filesizeformat(services.max_upload_bytes())}


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Bestandsformaat"), choices=[("csv", "CSV"), ("parquet", "Parquet")],
                               initial="csv")


def _deliverer(request) -> Scope:
    scope = scope_for(request.user)
    if not services.may_deliver(scope):
        raise Http404
    return scope


@csrf_exempt  # the size limit must be in place before the body is read; _upload checks CSRF itself
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delivery_list(request):
    """The deliveries this user may see, newest first, and the form to deliver a zip."""
    scope = _deliverer(request)  # 404 before a byte of the body is read
    if request.method == "POST":
        handler = SizeLimitUploadHandler(request, services.max_upload_bytes())
        request.upload_handlers.insert(0, handler)
        return _upload(request, scope, handler)
    return _list(request, scope, UploadForm())


@csrf_protect
def _upload(request, scope: Scope, handler: SizeLimitUploadHandler):
    form = UploadForm(request.POST, request.FILES)
    if handler.exceeded is not None:
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", gettext("„%(name)s” is groter dan %(limit)s; dat is het maximum voor een levering.")
                       % {"name": handler.exceeded, "limit": filesizeformat(services.max_upload_bytes())})
    elif form.is_valid():
        try:
            delivery = services.start_upload(actor=request.user, uploaded_file=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, gettext("„%(name)s” is ontvangen; de levering wordt gecontroleerd.")
                             % {"name": delivery.file_name})
            return redirect("exchange:delivery", pk=delivery.pk)
    return _list(request, scope, form, status=400)


def _list(request, scope: Scope, form: UploadForm, *, status: int = 200):
    page = Paginator(deliveries_for(scope), PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "exchange/list.html", {"form": form, "page": page, "scope": scope}, status=status)


@never_cache
@login_required
@require_GET
def delivery_detail(request, pk: int):
    delivery = delivery_for(_deliverer(request), pk)
    return render(request, "exchange/detail.html", {"delivery": delivery})


@never_cache
@require_GET
def delivery_progress(request, pk: int):
    """The progress and report part of the delivery page, which htmx polls; the same check as the page."""
    if not request.user.is_authenticated:
        detail = reverse("exchange:delivery", args=[pk])
        if request.htmx:
            return HttpResponseClientRedirect(redirect_to_login(detail).url)
        return redirect_to_login(request.get_full_path())
    delivery = delivery_for(_deliverer(request), pk)
    return render(request, "exchange/detail.html#progress", {"delivery": delivery})


@login_required
@require_http_methods(["GET", "POST"])
def export(request):
    """The organisation's own view as a zip (GET: the form; POST: the download, logged)."""
    scope = _deliverer(request)
    organisation = Organisation.objects.get(pk=scope.organisation_id)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        file_format = form.cleaned_data["format"]
        try:
            view = exports.view(organisation=organisation, recipient=organisation)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            exports.log_export(view, organisation=organisation, recipient=organisation, user=request.user)
            response = HttpResponse(exports.zipped(view.tables, file_format), content_type="application/zip")
            name = f"uitwisseling-{timezone.localdate():%Y%m%d}-{file_format}.zip"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return no_store(response)
    return no_store(render(request, "exchange/export.html", {"form": form, "organisation": organisation},
                           status=400 if form.errors else 200))

"""The quarterly council reports of a municipality: the list with the request form, one report (its
progress while it is made, then its three files), the progress part that htmx polls, and the files.

Who: everyone of a municipal department of the municipality, the readers of its dashboard
(access.reads_municipal_figures); anyone else gets 404, the same as for a report that does not
exist or is another municipality's. The files hold counts only, no personal data, so a download is
not a processing-log entry; they are still never cached.
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from regiekamer.core.forms import errors_onto
from regiekamer.core.http import no_store
from regiekamer.organisations.access import scope_for

from . import report_selectors as selectors
from . import report_services as services
from .measures import quarter_of
from .models import Report, ReportStatus

REPORTS_PER_PAGE = 25
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ReportRequestForm(forms.Form):
    """Year and quarter; whether the quarter has begun is the service's rule."""

    year = forms.IntegerField(label=gettext_lazy("Jaar"),
                              error_messages={"invalid": gettext_lazy("Vul een jaar in, bijvoorbeeld 2026."),
                                              "required": gettext_lazy("Vul een jaar in.")})
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Kwartaal"), coerce=int,
        choices=[(1, gettext_lazy("1e kwartaal (januari-maart)")), (2, gettext_lazy("2e kwartaal (april-juni)")),
                 (3, gettext_lazy("3e kwartaal (juli-september)")), (4, gettext_lazy("4e kwartaal (oktober-december)"))],
        error_messages={"invalid_choice": gettext_lazy("Kies kwartaal 1, 2, 3 of 4."),
                        "required": gettext_lazy("Kies een kwartaal.")})


def last_ended_quarter(today: dt.date) -> tuple[int, int]:
    """The quarter a council report is usually asked for: the one before today's."""
    previous = quarter_of(today).first - dt.timedelta(days=1)
    return previous.year, (previous.month - 1) // 3 + 1


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def reports(request, code: str):
    """The municipality's reports, newest first, and the form to ask for one."""
    scope = scope_for(request.user)
    municipality = selectors.municipality_for(scope, code)
    year, quarter = last_ended_quarter(timezone.localdate())
    form = ReportRequestForm(request.POST if request.method == "POST" else None, initial={"year": year, "quarter": quarter})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.request_report(user=request.user, municipality=municipality,
                                             year=form.cleaned_data["year"], quarter=form.cleaned_data["quarter"])
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("De kwartaalrapportage staat in de wachtrij."))
            return redirect("steering:report", pk=report.pk)
    page = Paginator(selectors.reports_for(scope, municipality), REPORTS_PER_PAGE).get_page(request.GET.get("pagina"))
    context = {"municipality": municipality, "form": form, "page": page}
    return render(request, "steering/reports.html", context, status=400 if form.errors else 200)


def _context(report: Report) -> dict:
    period = quarter_of(dt.date(report.year, 3 * report.quarter - 2, 1)) if 1 <= report.quarter <= 4 else None
    context = {"report": report, "active": report.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)}
    if period is not None:
        screen = reverse("steering:municipality", args=[report.municipality.code])
        context["quarter_url"] = f"{screen}?{urlencode({'van': period.first, 'tot': period.last, 'per': 'maand'})}"
        context["year_url"] = (f"{screen}?"
                               f"{urlencode({'van': dt.date(report.year, 1, 1), 'tot': period.last, 'per': 'kwartaal'})}")
    return context


@never_cache
@login_required
@require_GET
def report_detail(request, pk: int):
    """One report: its progress while it is made; when done, its three files."""
    report = selectors.report_for(scope_for(request.user), pk)
    return render(request, "steering/report.html", _context(report))


@never_cache
@require_GET
def report_progress(request, pk: int):
    """The progress part of the report page, which htmx polls; when the report is done the page reloads."""
    if not request.user.is_authenticated:
        if request.htmx:  # the session ended while polling: send the whole page to the login form
            return HttpResponseClientRedirect(redirect_to_login(reverse("steering:report", args=[pk])).url)
        return redirect_to_login(request.get_full_path())
    report = selectors.report_for(scope_for(request.user), pk)
    if request.htmx and report.status not in (ReportStatus.QUEUED, ReportStatus.RUNNING):
        return HttpResponseClientRefresh()
    return render(request, "steering/report.html#progress", _context(report))


@login_required
@require_GET
def report_file(request, pk: int, kind: str):
    """The PDF, CSV or Excel file of a finished report, under a name of municipality code and quarter only."""
    if kind not in selectors.FILES:
        raise Http404
    report = selectors.report_for(scope_for(request.user), pk, file=kind)
    content = getattr(report, kind)
    if report.status != ReportStatus.DONE or content is None:
        raise Http404
    response = HttpResponse(bytes(content), content_type=CONTENT_TYPES[kind])
    name = f"kwartaalrapportage-{report.municipality.code}-{report.year}-K{report.quarter}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)

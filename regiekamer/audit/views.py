from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from regiekamer.organisations.access import scope_for

from .forms import LogFilterForm
from .selectors import filter_log, log_for


@login_required
def log(request):
    """The processing log, for the privacy officer: who processed whose data, when and why."""
    scope = scope_for(request.user)
    if not scope.reads_processing_log:
        raise Http404
    form = LogFilterForm(request.GET or None)
    entries = log_for(scope).select_related("municipality")
    if form.is_bound and form.is_valid():
        entries = filter_log(entries, form.to_filter())
    elif form.is_bound:
        entries = entries.none()
    page = Paginator(entries, 50).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    response = render(request, "audit/log.html", {"form": form, "page": page, "query": query.urlencode()},
                      status=400 if form.errors else 200)
    response["Cache-Control"] = "no-store"
    return response

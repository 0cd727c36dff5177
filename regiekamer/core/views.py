from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

from regiekamer.organisations.access import scope_for

from .selectors import region_figures, whats_new


@login_required
def start(request):
    """What is new for this user: recent activity within reach, or regional figures for analysts."""
    scope = scope_for(request.user)
    context = {
        "news": whats_new(scope) if scope.reads_dossiers else None,
        "figures": region_figures(scope) if not scope.reads_dossiers else [],
    }
    return render(request, "core/start.html", context)


def not_found(request, exception=None):
    """404 (config/urls.py handler404): JSON under /api/, where a partner system expects JSON also for a URL
    that no route matches (an identifier of the wrong form), and our own page everywhere else."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Niet gevonden.")}, status=404)
    return page_not_found(request, exception)

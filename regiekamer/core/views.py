from django.contrib.auth.decorators import login_required
from django.shortcuts import render

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

"""The database is away (restarted, failed over, unreachable): a clear 503, not a stack trace.

Django would turn the OperationalError into a 500 ("Server Error"), and a developer's debug page
with DEBUG on. While PostgreSQL restarts, the truth is "temporarily unavailable, try again": a
Dutch page for people, JSON for the API, both 503 with Retry-After. The page is rendered without
the request's context processors, which read the session and the membership from the very database
that is away. Nothing needs restarting afterwards: each request takes a connection anew, or checks
a kept one first (CONN_HEALTH_CHECKS in config/settings.py), so the first request after PostgreSQL
is back is served. docs/deployment.md ("Faults and recovery"); tests/reliability/test_postgres_restart.py.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def unavailable_response(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({
            "detail": _("Tijdelijk niet beschikbaar: de database is niet bereikbaar. Probeer het over een minuut "
                        "opnieuw."),
            "code": "database_unavailable",
        }, status=503)
    else:
        response = HttpResponse(render_to_string("core/unavailable.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Last in MIDDLEWARE, so its process_exception is asked first about an exception of a view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        # The driver's first line says what happened (connection refused, server closed the connection);
        # no SQL and no parameters, so no personal data, in the log.
        first_line = str(exception).strip().splitlines()[0] if str(exception).strip() else ""
        logger.error("Database unavailable (%s: %s) for %s %s", type(exception).__name__, first_line[:200],
                     request.method, request.path)
        return unavailable_response(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the 503 as well when the database went away outside a view.

    Middleware that reads the session or the user (the session guard of regiekamer/accounts, on
    every request of a logged-in user) meets a stopped database before any view does, and Django
    turns what a middleware raises into a 500 before DatabaseUnavailableMiddleware could see it.
    Django calls this handler inside its `except`, so the exception is still at hand.
    """
    if isinstance(sys.exception(), (OperationalError, InterfaceError)):
        return unavailable_response(request)
    return defaults.server_error(request)

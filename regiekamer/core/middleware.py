"""Methods no page of Regiekamer uses are refused before any view runs (ASVS 13.4.4).

Class-based views already answer TRACE with 405, but a function view answers it like a GET. TRACE
(and CONNECT, which a web application never serves) gain nothing and only widen what a proxy or a
scanner can probe, so they get 405 everywhere, with the usual security headers of the outer middleware.
"""

from django.http import HttpResponseNotAllowed

REFUSED_METHODS = frozenset({"TRACE", "CONNECT"})
ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def refuse_unused_methods(get_response):
    def middleware(request):
        if request.method in REFUSED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return get_response(request)

    return middleware

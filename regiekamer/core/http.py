"""Small response helpers shared by the apps' views."""

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers


def no_store(response: HttpResponse) -> HttpResponse:
    """Pages with personal data must not be kept in any cache (browser, proxy or back button)."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, " + response["Cache-Control"]
    return response

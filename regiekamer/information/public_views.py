"""The public pages (no login): the published information material in the meldpunt's languages,
and each item's A4 leaflet as PDF.

The language comes from the URL, as on the meldpunt (meldpunt.views.in_language): the page, its
<html lang> and Content-Language agree whatever the browser or a cookie says. Nothing here is
personal data and nothing depends on the visitor, so the pages may be cached.
"""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import require_GET

from regiekamer.core import markdown
from regiekamer.meldpunt.languages import LANGUAGE_CODES, LANGUAGES
from regiekamer.meldpunt.views import in_language

from . import leaflet as leaflets, selectors
from .models import Audience

CACHE_SECONDS = 600


def _cacheable(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def _switch(lang: str, codes, url_for) -> list[dict]:
    return [{"code": code, "name": name, "current": code == lang, "url": url_for(code)}
            for code, name in LANGUAGES if code in codes]


@require_GET
def start(request):
    """/voorlichting/: the index in the browser's language if we have it, else Dutch."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")[:500]):
        lang = code.split("-")[0].lower()
        if lang in LANGUAGE_CODES:
            return redirect("information:public-index", lang=lang)
    return redirect("information:public-index", lang="nl")


@require_GET
@in_language
def index(request, lang: str):
    found = selectors.public_items(lang)
    groups = [{"audience": audience, "label": label, "items": [(item, text) for item, text in found
                                                              if item.audience == audience]}
              for audience, label in Audience.choices]
    switch = _switch(lang, LANGUAGE_CODES, lambda code: reverse("information:public-index", kwargs={"lang": code}))
    return _cacheable(render(request, "information/public_index.html", {
        "lang": lang, "switch": switch, "groups": [group for group in groups if group["items"]]}))


@require_GET
@in_language
def item(request, lang: str, slug: str):
    found, text = selectors.public_item(lang, slug)
    switch = _switch(lang, selectors.public_languages(found), lambda code: reverse(
        "information:public-item", kwargs={"lang": code, "slug": found.slug}))
    return _cacheable(render(request, "information/public_item.html", {
        "lang": lang, "switch": switch, "item": found, "text": text, "body": markdown.render(text.body, markdown.LEAFLET),
        "audience": found.get_audience_display(), "meldpunt": selectors.meldpunt_path(found, lang),
        "owner": found.municipality.name if found.municipality_id else found.region.name}))


@require_GET
@in_language
def leaflet(request, lang: str, slug: str):
    found, text = selectors.public_item(lang, slug)
    content = leaflets.pdf_bytes(leaflets.Leaflet(
        language=lang, audience=str(found.get_audience_display()), title=text.title, body_html=markdown.render(text.body, markdown.LEAFLET),
        meldpunt_url=request.build_absolute_uri(selectors.meldpunt_path(found, lang)),
        owner=found.municipality.name if found.municipality_id else found.region.name, version=text.version))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{found.slug}-{lang}.pdf"'
    return _cacheable(response)

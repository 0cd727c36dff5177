"""The public meldpunt (no login): landing page, report form per municipality or region, referral,
confirmation, status by code; and, for the intake, the reporter's contact details.

The language is part of the URL (/meldpunt/pl/gm0983/); each view runs inside that language, so
that the page, its messages and <html lang> agree, whatever the browser or a cookie says.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from regiekamer.audit.models import Operation, ProcessingActivity
from regiekamer.audit.services import record
from regiekamer.core.forms import errors_onto
from regiekamer.core.http import no_store
from regiekamer.meldingen import selectors as meldingen_selectors
from regiekamer.meldingen.models import Melding
from regiekamer.meldingen.views import subject_of
from regiekamer.organisations.access import scope_for

from . import selectors, services, throttle, topics
from .forms import HONEYPOT, ReportForm, StatusForm
from .languages import LANGUAGE_CODES, LANGUAGES
from .models import Report

DONE_KEY = "meldpunt_done"


def in_language(view):
    """Run the view in the URL's language and say so in Content-Language."""
    @wraps(view)
    def wrapper(request, lang: str, *args, **kwargs):
        if lang not in LANGUAGE_CODES:
            raise Http404
        with translation.override(lang):
            request.LANGUAGE_CODE = lang
            response = view(request, lang, *args, **kwargs)
        response.headers["Content-Language"] = lang
        return response
    return wrapper


def _switch(request, lang: str) -> list[dict]:
    """The same page in each language, for the language switch."""
    match = request.resolver_match
    return [{"code": code, "name": name, "current": code == lang,
             "url": reverse(match.view_name, kwargs={**match.kwargs, "lang": code})} for code, name in LANGUAGES]


def _page(request, lang: str, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, template, {"lang": lang, "switch": _switch(request, lang), **context}, status=status)


def start(request):
    """/meldpunt/: the landing page in the browser's language if the meldpunt speaks it, else Dutch.

    Read from Accept-Language here, not by LocaleMiddleware: Polish, Romanian and Bulgarian are
    the meldpunt's languages only, not the staff interface's (settings.LANGUAGES)."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")[:500]):
        lang = code.split("-")[0].lower()
        if lang in LANGUAGE_CODES:
            return redirect("meldpunt:landing", lang=lang)
    return redirect("meldpunt:landing", lang="nl")


@in_language
def landing(request, lang: str):
    municipalities = list(selectors.meldpunt_municipalities())
    regions = list(selectors.meldpunt_regions())
    return _page(request, lang, "meldpunt/landing.html", {"municipalities": municipalities, "regions": regions})


# The most a report can weigh: five files of 10 MB and the text fields. A larger request is refused
# before Django reads it (so before it spools to disk); the reverse proxy should cap it as well.
MAX_BODY = services.meldingen.MAX_ATTACHMENTS * services.meldingen.MAX_ATTACHMENT_BYTES + 2**20


def limited_body(view):
    """Refuse an oversized POST before anything reads it (the CSRF check reads the body, so it runs after)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = MAX_BODY + 1
        if request.method == "POST" and length > MAX_BODY:
            lang = kwargs.get("lang") if kwargs.get("lang") in LANGUAGE_CODES else "nl"
            with translation.override(lang):
                response = _refused(request, lang, _("Uw melding is te groot om te versturen. Stuur minder of "
                                                     "kleinere foto's mee (samen ten hoogste 50 MB)."), 413)
            response.headers["Content-Language"] = lang
            return response
        return protected(request, *args, **kwargs)
    return wrapper


@limited_body
@in_language
def municipality_form(request, lang: str, code: str):
    municipality = selectors.municipality_by_code(code)
    return _report(request, lang, [municipality], place_name=municipality.name, region_code="")


@limited_body
@in_language
def region_form(request, lang: str, code: str):
    region, municipalities = selectors.region_by_code(code)
    return _report(request, lang, municipalities, place_name=region.name, region_code=region.code)


def _refused(request, lang: str, message: str, status: int) -> HttpResponse:
    return no_store(_page(request, lang, "meldpunt/refused.html", {"message": message}, status=status))


def _point_municipality(municipalities, data):
    if len(municipalities) == 1:
        return municipalities[0]
    code = data.get("point_municipality") or ""
    return next((m for m in municipalities if m.code == code), None)


def _report(request, lang: str, municipalities: list, *, place_name: str, region_code: str) -> HttpResponse:
    posted = request.method == "POST"  # an empty POST is still an answer, with every required field missing
    form = ReportForm(request.POST if posted else None, request.FILES if posted else None,
                      municipalities=municipalities)
    found = None
    context = {"form": form, "place_name": place_name, "municipalities": municipalities, "region_code": region_code,
               "single": municipalities[0] if len(municipalities) == 1 else None,
               "tile_url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION,
               "center": selectors.centre_of(municipalities)}
    if request.method == "POST":
        client = throttle.client_address(request)
        if throttle.take("post-ip", client) is None:
            return _refused(request, lang, _("U heeft in korte tijd heel vaak iets verstuurd. Wacht tien minuten "
                                             "en probeer het dan opnieuw."), 429)
        if request.POST.get(HONEYPOT):
            return _refused(request, lang, _("Uw melding is niet verstuurd. Laat het veld 'Laat dit veld leeg' "
                                             "leeg en probeer het opnieuw."), 400)
        referral = topics.referral_for(landlord=request.POST.get("landlord", ""), topic=request.POST.get("topic", ""))
        if referral is not None:
            return _page(request, lang, "meldpunt/referral.html",
                         {"referral": topics.REFERRALS[referral], "back": request.path})
        if form.is_valid():
            data = form.cleaned_data
            address, point_municipality = None, None
            if data["place"] == "adres":
                lookup = selectors.find_address(municipalities, data["postcode"], data["house_number"],
                                                data["house_addition"])
                found = lookup
                if lookup.error:
                    form.add_error("postcode", lookup.error)
                address = lookup.address
            else:
                point_municipality = _point_municipality(municipalities, data)
            if not form.errors and request.POST.get("action") == "zoek-adres":
                return _page(request, lang, "meldpunt/form.html", {**context, "found": found})
            if not form.errors:
                return _submit(request, lang, form, data, address, point_municipality, client, context)
        return _page(request, lang, "meldpunt/form.html", {**context, "found": found}, status=400)
    return _page(request, lang, "meldpunt/form.html", context)


def _submit(request, lang, form, data, address, point_municipality, client, context) -> HttpResponse:
    too_many = _("Vanaf dit internetadres zijn in het afgelopen uur al veel meldingen gedaan. Probeer het over "
                 "een uur opnieuw. Is er direct gevaar? Bel 112.")
    if throttle.over("report-ip", client) or throttle.over("report-net", throttle.network_of(client)):
        return _refused(request, lang, too_many, 429)
    events = [throttle.take("report-ip", client), throttle.take("report-net", throttle.network_of(client))]
    if None in events:
        throttle.release(events)
        return _refused(request, lang, too_many, 429)
    anonymous = data["contact"] == "anoniem"
    try:
        submitted = services.submit_report(
            municipality=point_municipality, address=address, latitude=data["latitude"], longitude=data["longitude"],
            topic=data["topic"], landlord=data["landlord"], description=data["description"],
            happened_on=data["happened_on"], photos=data["photos"], anonymous=anonymous, name=data["name"],
            email=data["email"], phone=data["phone"], language=lang,
        )
    except ValidationError as error:
        throttle.release(events)
        errors_onto(form, error)
        return _page(request, lang, "meldpunt/form.html", context, status=400)
    melding = submitted.melding
    request.session[DONE_KEY] = {"code": submitted.code, "place": melding.place,
                                 "municipality": melding.municipality.name}
    return redirect("meldpunt:done", lang=lang)


@in_language
def done(request, lang: str):
    """The confirmation, shown once: the code is not kept in the session after this page."""
    receipt = request.session.pop(DONE_KEY, None)
    return no_store(_page(request, lang, "meldpunt/done.html", {"receipt": receipt}))


@in_language
@require_GET
def address(request, lang: str):
    """The street and place for a postcode and house number (htmx, while the reporter types)."""
    code, region = request.GET.get("gemeente", ""), request.GET.get("regio", "")
    if code:
        municipalities = [selectors.municipality_by_code(code)]
    elif region:
        municipalities = selectors.region_by_code(region)[1]
    else:
        raise Http404
    form = ReportForm({"postcode": request.GET.get("postcode", ""), "house_number": request.GET.get("house_number", ""),
                       "house_addition": request.GET.get("house_addition", "")}, municipalities=municipalities)
    form.is_valid()
    data = form.cleaned_data
    lookup = None
    if data.get("postcode") and data.get("house_number") is not None and "house_addition" in data:
        lookup = selectors.find_address(municipalities, data["postcode"], data["house_number"], data["house_addition"])
    return _page(request, lang, "meldpunt/_address.html", {"found": lookup})


@in_language
def status(request, lang: str):
    form = StatusForm(request.POST if request.method == "POST" else None)
    report = None
    if request.method == "POST":
        client = throttle.client_address(request)
        typed = (request.POST.get("code") or "")[:100]
        if throttle.take("status-ip", client) is None or throttle.take("status-code", typed.upper()) is None:
            return _refused(request, lang, _("U heeft te vaak een code geprobeerd. Wacht even en probeer het later "
                                             "opnieuw."), 429)
        if form.is_valid():
            report = selectors.report_by_code(form.cleaned_data["code"])
            if report is None:
                form.add_error("code", _("We vinden geen melding met deze code. Kijk of u de code goed heeft "
                                         "overgenomen."))
    steps = selectors.status_steps(report.melding) if report else []
    return no_store(_page(request, lang, "meldpunt/status.html", {"form": form, "steps": steps},
                          status=400 if form.errors else 200))


@login_required
def contact(request, pk: int):
    """The reporter's contact details, for the intake handlers of the municipality only; logged."""
    scope = scope_for(request.user)
    melding: Melding = meldingen_selectors.melding_for(scope, pk)
    report = Report.objects.filter(melding=melding).first()
    if report is None or not selectors.sees_contact(scope, melding):
        raise Http404
    if not report.anonymous:
        record(actor=request.user, name="contactgegevens melder inzien", operation=Operation.READ,
               activity=ProcessingActivity.MELDING, subjects=[subject_of(melding)],
               trace_id=request.trace_id, started=request.started_at)
    template = "meldpunt/_contact.html" if request.htmx else "meldpunt/contact.html"
    return no_store(render(request, template, {"melding": melding, "report": report}))

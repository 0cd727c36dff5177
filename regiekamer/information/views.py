"""Staff pages for information material: the region's items with the state of each translation,
one item with its history, and the forms that append a new version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiekamer.core import markdown
from regiekamer.core.forms import errors_onto
from regiekamer.meldpunt.languages import LANGUAGES
from regiekamer.organisations.access import scope_for
from regiekamer.registry.models import Municipality, Region

from . import selectors, services
from .access import edits_in_region, edits_item, reads_information
from .forms import ItemForm, TextForm, TranslationForm
from .models import SOURCE_LANGUAGE

LANGUAGE_NAMES = dict(LANGUAGES)


def _reader_scope(request):
    scope = scope_for(request.user)
    if not reads_information(scope):
        raise Http404
    return scope


def _editable(request, slug: str):
    """The item if it is of the user's region (else 404) and the user may edit it (else 403)."""
    scope = _reader_scope(request)
    item = selectors.staff_item(scope, slug)
    if not edits_item(scope, item):
        raise PermissionDenied
    return item


@login_required
def item_list(request):
    scope = _reader_scope(request)
    return render(request, "information/list.html", {
        "rows": selectors.staff_overview(scope), "may_create": edits_in_region(scope),
        "language_columns": LANGUAGES})


@login_required
def item_detail(request, slug: str):
    scope = _reader_scope(request)
    item = selectors.staff_item(scope, slug)
    texts = selectors.history(item)
    states = selectors.states_of(selectors.latest_texts(texts))
    source = states[0].text
    return render(request, "information/detail.html", {
        "item": item, "states": states, "source": source, "source_html": markdown.render(source.body, markdown.LEAFLET) if source else "",
        "history": [(text, LANGUAGE_NAMES.get(text.language, text.language)) for text in texts], "may_edit": edits_item(scope, item), "public_languages": selectors.public_languages(item)})


@login_required
def item_create(request):
    scope = _reader_scope(request)
    if not edits_in_region(scope):
        raise PermissionDenied
    municipalities = Municipality.objects.filter(region_id=scope.region_id).order_by("name")
    if scope.municipality_id is not None:  # a municipal department makes items of its own municipality or the region
        municipalities = municipalities.filter(pk=scope.municipality_id)
    form = ItemForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.create_item(
                region=Region.objects.get(pk=scope.region_id), municipality=data["municipality"], slug=data["slug"],
                audience=data["audience"], topic=data["topic"], title=data["title"], body=data["body"],
                actor=request.user)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("Het item is aangemaakt. Vertaal het en publiceer het daarna."))
            return redirect("information:item", slug=item.slug)
    return render(request, "information/form.html", {
        "form": form, "heading": _("Nieuw voorlichtingsitem"), "item": None},
        status=400 if form.errors else 200)


@login_required
def edit_source(request, slug: str):
    item = _editable(request, slug)
    source = item.texts.filter(language=SOURCE_LANGUAGE).order_by("-version").first()
    initial = {"title": source.title, "body": source.body} if source else {}
    form = TextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            text = services.edit_source(item=item, title=form.cleaned_data["title"], body=form.cleaned_data["body"],
                                        actor=request.user)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("Versie %(version)s van de Nederlandse tekst is opgeslagen. Vertalingen van "
                                        "een eerdere versie zijn nu verouderd.") % {"version": text.version})
            return redirect("information:item", slug=item.slug)
    return render(request, "information/form.html", {
        "form": form, "heading": _("Nederlandse brontekst bewerken"), "item": item},
        status=400 if form.errors else 200)


@login_required
def translation(request, slug: str, lang: str):
    if lang == SOURCE_LANGUAGE:
        raise Http404
    item = _editable(request, slug)
    latest = selectors.latest_texts(item.texts.filter(language__in=[lang, SOURCE_LANGUAGE]))
    current, source = latest.get(lang), latest.get(SOURCE_LANGUAGE)
    initial = {"title": current.title, "body": current.body, "published": current.published} if current else {}
    form = TranslationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_translation(item=item, language=lang, title=data["title"], body=data["body"],
                                      published=data["published"], actor=request.user)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("De vertaling (%(language)s) is opgeslagen.") % {
                "language": LANGUAGE_NAMES[lang]})
            return redirect("information:item", slug=item.slug)
    return render(request, "information/translation.html", {
        "form": form, "item": item, "lang": lang, "language_name": LANGUAGE_NAMES[lang], "current": current,
        "source": source, "source_html": markdown.render(source.body, markdown.LEAFLET) if source else ""},
        status=400 if form.errors else 200)


@login_required
@require_POST
def publish(request, slug: str):
    item = _editable(request, slug)
    published = request.POST.get("published") == "1"
    try:
        services.set_published(item=item, published=published, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Het item is gepubliceerd.") if published else _("Het item is niet meer openbaar."))
    return redirect("information:item", slug=item.slug)

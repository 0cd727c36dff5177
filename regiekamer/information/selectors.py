"""Reads of information material: the staff overview with its flags, and the public pages.

Staff reads start from the user's scope (the region); the public sees only published items and,
in each language, only a published latest text."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from regiekamer.meldpunt import selectors as meldpunt_selectors
from regiekamer.meldpunt.languages import LANGUAGES
from regiekamer.organisations.access import Scope

from .access import reads_information
from .models import SOURCE_LANGUAGE, Item, ItemText

CURRENT, MISSING, OUTDATED = "actueel", "ontbreekt", "verouderd"


@dataclass(frozen=True)
class LanguageState:
    code: str
    name: str
    text: ItemText | None
    state: str  # CURRENT, MISSING or OUTDATED
    source_version: int | None  # the latest Dutch version

    @property
    def flagged(self) -> bool:
        return self.state != CURRENT


def latest_texts(texts) -> dict[str, ItemText]:
    """The newest text per language from any iterable of one item's texts."""
    latest: dict[str, ItemText] = {}
    for text in texts:
        if text.language not in latest or text.version > latest[text.language].version:
            latest[text.language] = text
    return latest


def states_of(latest: dict[str, ItemText]) -> list[LanguageState]:
    source = latest.get(SOURCE_LANGUAGE)
    source_version = source.version if source else None
    states = []
    for code, name in LANGUAGES:
        text = latest.get(code)
        if text is None:
            state = MISSING
        elif code != SOURCE_LANGUAGE and source_version is not None and text.source_version < source_version:
            state = OUTDATED
        else:
            state = CURRENT
        states.append(LanguageState(code, name, text, state, source_version))
    return states


def staff_items(scope: Scope) -> QuerySet[Item]:
    if not reads_information(scope):
        return Item.objects.none()
    return Item.objects.filter(region_id=scope.region_id).select_related("region", "municipality")


def staff_overview(scope: Scope) -> list[dict]:
    """Every item of the region with the state of each language, in two queries."""
    items = list(staff_items(scope))
    by_item: dict[int, list[ItemText]] = {item.pk: [] for item in items}
    for text in ItemText.objects.filter(item__in=items).defer("body"):
        by_item[text.item_id].append(text)
    rows = []
    for item in items:
        latest = latest_texts(by_item[item.pk])
        source = latest.get(SOURCE_LANGUAGE)
        rows.append({"item": item, "title": source.title if source else item.slug, "states": states_of(latest)})
    return rows


def staff_item(scope: Scope, slug: str) -> Item:
    """The item, if it is of the user's region: 404 for 'does not exist' and 'not yours' alike."""
    item = staff_items(scope).filter(slug=slug[:80]).first()
    if item is None:
        raise Http404
    return item


def history(item: Item) -> list[ItemText]:
    return list(item.texts.order_by("-created_at", "-pk"))


def public_items(lang: str) -> list[tuple[Item, ItemText]]:
    """Published items with a published text in the language, each with that text."""
    items = list(Item.objects.filter(published=True).select_related("region", "municipality"))
    texts = ItemText.objects.filter(item__in=items, language=lang)
    latest: dict[int, ItemText] = {}
    for text in texts:
        if text.item_id not in latest or text.version > latest[text.item_id].version:
            latest[text.item_id] = text
    return [(item, latest[item.pk]) for item in items if item.pk in latest and latest[item.pk].published]


def public_item(lang: str, slug: str) -> tuple[Item, ItemText]:
    item = Item.objects.filter(published=True, slug=slug[:80]).select_related("region", "municipality").first()
    text = item.texts.filter(language=lang).order_by("-version").first() if item else None
    if text is None or not text.published:
        raise Http404
    return item, text


def public_languages(item: Item) -> list[str]:
    """The languages in which the item can be read publicly."""
    latest = latest_texts(item.texts.defer("body"))
    return [code for code, _name in LANGUAGES if code in latest and latest[code].published]


def meldpunt_path(item: Item, lang: str) -> str:
    """Where to report for this item: its municipality's meldpunt form, else its region's, else the start."""
    if item.municipality_id and meldpunt_selectors.meldpunt_municipalities().filter(pk=item.municipality_id).exists():
        return reverse("meldpunt:form", kwargs={"lang": lang, "code": item.municipality.code.lower()})
    if meldpunt_selectors.meldpunt_regions().filter(pk=item.region_id).exists():
        return reverse("meldpunt:region", kwargs={"lang": lang, "code": item.region.code})
    return reverse("meldpunt:landing", kwargs={"lang": lang})

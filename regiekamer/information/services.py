"""Writes on information material. Texts are appended, never changed: an edit is a new version."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regiekamer.meldpunt.languages import LANGUAGE_CODES
from regiekamer.registry.models import Municipality, Region

from .models import SOURCE_LANGUAGE, Item, ItemText

# Staff URLs under /voorlichtingsmateriaal/ that an item's slug would shadow.
RESERVED_SLUGS = frozenset({"nieuw"})


def _latest(item: Item, language: str) -> ItemText | None:
    return item.texts.filter(language=language).order_by("-version").first()


def _append(*, item: Item, language: str, title: str, body: str, source_version: int | None, published: bool,
            author: str) -> ItemText:
    latest = _latest(item, language)
    version = latest.version + 1 if latest else 1
    text = ItemText(item=item, language=language, version=version,
                    source_version=version if source_version is None else source_version,
                    title=title.strip(), body=body.strip().replace("\r\n", "\n"), published=published,
                    created_by_name=author)
    # A translation saved unchanged against a newer Dutch version is a confirmation, so it counts as a change.
    same_source = source_version is None or latest is None or latest.source_version == source_version
    if latest is not None and same_source and (latest.title, latest.body, latest.published) == (
            text.title, text.body, text.published):
        raise ValidationError(_("Er is niets gewijzigd: de tekst is gelijk aan de laatste versie."), code="unchanged")
    text.full_clean()
    text.save()
    return text


@transaction.atomic
def create_item(*, region: Region, municipality: Municipality | None, slug: str, audience: str, topic: str,
                title: str, body: str, actor: User) -> Item:
    """A new item with its first Dutch text (not yet published)."""
    if municipality is not None and municipality.region_id != region.pk:
        raise ValidationError({"municipality": _("Deze gemeente hoort niet bij de regio.")})
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("Deze korte naam is gereserveerd; kies een andere.")})
    if Item.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Er is al een item met deze korte naam.")})
    item = Item(slug=slug, audience=audience, topic=topic, region=region, municipality=municipality,
                created_by_name=actor.get_username())
    item.full_clean()
    item.save()
    _append(item=item, language=SOURCE_LANGUAGE, title=title, body=body, source_version=None, published=True,
            author=actor.get_username())
    return item


@transaction.atomic
def edit_source(*, item: Item, title: str, body: str, actor: User) -> ItemText:
    """A new version of the Dutch source text; every translation made from an older one becomes outdated."""
    Item.objects.select_for_update().filter(pk=item.pk).first()  # one version number at a time
    return _append(item=item, language=SOURCE_LANGUAGE, title=title, body=body, source_version=None, published=True,
                   author=actor.get_username())


@transaction.atomic
def save_translation(*, item: Item, language: str, title: str, body: str, published: bool, actor: User) -> ItemText:
    """A new version of a translation, made from the current Dutch version."""
    if language == SOURCE_LANGUAGE or language not in LANGUAGE_CODES:
        raise ValidationError({"language": _("Voor deze taal is geen vertaling mogelijk.")})
    Item.objects.select_for_update().filter(pk=item.pk).first()
    source = _latest(item, SOURCE_LANGUAGE)
    if source is None:
        raise ValidationError(_("Dit item heeft nog geen Nederlandse brontekst."))
    return _append(item=item, language=language, title=title, body=body, source_version=source.version,
                   published=published, author=actor.get_username())


@transaction.atomic
def set_published(*, item: Item, published: bool, actor: User) -> Item:
    """Publish or withdraw the item as a whole (each translation keeps its own published flag)."""
    if published and _latest(item, SOURCE_LANGUAGE) is None:
        raise ValidationError(_("Een item zonder Nederlandse brontekst kan niet worden gepubliceerd."))
    Item.objects.filter(pk=item.pk).update(published=published)
    item.published = published
    return item

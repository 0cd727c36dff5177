"""The shipped information material: content/items.toml lists the items, content/<slug>.<lang>.md
holds each text (first line '# title', then the Markdown body). The demo region loads it, published
in all five languages; a region can then edit it like any other item."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from regiekamer.meldpunt.languages import LANGUAGE_CODES
from regiekamer.registry.models import Region

from .models import Item, ItemText

CONTENT = Path(__file__).resolve().parent / "content"


@dataclass(frozen=True)
class ContentItem:
    slug: str
    audience: str
    topic: str
    texts: dict[str, tuple[str, str]]  # language -> (title, body)


def parse(text: str, *, name: str) -> tuple[str, str]:
    """A text file's title (its '# ' first line) and body; an empty title or body is refused."""
    first, _newline, body = text.strip().partition("\n")
    if not first.startswith("# ") or not first[2:].strip():
        raise ValueError(f"{name}: the first line must be '# title'")
    if not body.strip():
        raise ValueError(f"{name}: the body is empty")
    return first[2:].strip(), body.strip()


def load(folder: Path = CONTENT) -> list[ContentItem]:
    """Every item with its text in every language; a missing or empty file is an error."""
    listing = tomllib.loads((folder / "items.toml").read_text(encoding="utf-8"))
    items = []
    for entry in listing["item"]:
        texts = {}
        for lang in LANGUAGE_CODES:
            path = folder / f"{entry['slug']}.{lang}.md"
            if not path.exists():
                raise ValueError(f"{path.name}: missing")
            texts[lang] = parse(path.read_text(encoding="utf-8"), name=path.name)
        items.append(ContentItem(entry["slug"], entry["audience"], entry["topic"], texts))
    return items


@transaction.atomic
def install(*, region: Region, author: str, folder: Path = CONTENT) -> list[Item]:
    """The shipped items for the region, published, each language made from Dutch version 1.
    An item whose slug exists already is left as it is (a second demo run changes nothing)."""
    made = []
    for content in load(folder):
        if Item.objects.filter(slug=content.slug).exists():
            continue
        item = Item.objects.create(slug=content.slug, audience=content.audience, topic=content.topic, region=region,
                                   published=True, created_by_name=author)
        ItemText.objects.bulk_create([
            ItemText(item=item, language=lang, version=1, source_version=1, title=title, body=body, published=True,
                     created_by_name=author)
            for lang, (title, body) in content.texts.items()])
        made.append(item)
    return made

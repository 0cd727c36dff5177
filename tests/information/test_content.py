"""The shipped information material: every item in all five languages, with a title and a real body."""

import io
import re
import shutil
import tomllib

import pypdf
import pytest

from regiekamer.information import content, leaflet
from regiekamer.core.markdown import LEAFLET, render


def to_html(text):
    return render(text, LEAFLET)
from regiekamer.information.models import Item, ItemText
from regiekamer.information.selectors import public_items

LANGUAGES = ("nl", "en", "pl", "ro", "bg")
LISTING = tomllib.loads((content.CONTENT / "items.toml").read_text(encoding="utf-8"))["item"]


def test_there_are_five_resident_and_three_landlord_texts_at_least():
    audiences = [entry["audience"] for entry in LISTING]
    assert audiences.count("bewoners") >= 5 and audiences.count("verhuurders") >= 3
    topics = {entry["topic"] for entry in LISTING}
    assert {"rechten", "contracten", "melden", "controle", "hulp", "goed-verhuurderschap", "normen",
            "vergunning"} <= topics


@pytest.mark.parametrize("entry", LISTING, ids=[entry["slug"] for entry in LISTING])
def test_every_item_has_a_file_per_language_with_a_title_and_a_plain_length_body(entry):
    for lang in LANGUAGES:
        path = content.CONTENT / f"{entry['slug']}.{lang}.md"
        assert path.exists(), f"{path.name} is missing"
        title, body = content.parse(path.read_text(encoding="utf-8"), name=path.name)
        assert title and body
        words = len(re.findall(r"\w+", body))
        assert 100 <= words <= 260, f"{path.name}: {words} words"


def test_the_languages_are_written_with_their_own_letters():
    texts = {(item.slug, lang): f"{title}\n{body}" for item in content.load() for lang, (title, body) in item.texts.items()}
    for (slug, lang), text in texts.items():
        if lang == "ro":
            # Romanian s and t take a comma below (ș ț), not the cedilla (ş ţ) of old fonts.
            assert not re.search("[şţŞŢ]", text), slug
            assert re.search("[șț]", text) and re.search("[ăâî]", text), slug
        if lang == "pl":
            assert re.search("[ąęłńóśźż]", text), slug
        if lang == "bg":
            assert len(re.findall("[а-яА-Я]", text)) > 300, slug


def test_a_missing_translation_file_is_an_error(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(content.CONTENT, folder)
    (folder / "waar-melden.bg.md").unlink()
    with pytest.raises(ValueError, match="waar-melden.bg.md: missing"):
        content.load(folder)


def test_an_empty_body_or_a_missing_title_is_an_error():
    with pytest.raises(ValueError, match="empty"):
        content.parse("# Titel\n\n   \n", name="x.md")
    with pytest.raises(ValueError, match="title"):
        content.parse("Geen titel\n\nTekst.", name="x.md")


@pytest.mark.django_db
def test_the_demo_installs_every_item_published_in_five_languages_once(region):
    made = content.install(region=region, author="demo")
    assert len(made) == len(LISTING) == Item.objects.filter(published=True).count()
    assert ItemText.objects.filter(published=True).count() == len(LISTING) * 5
    assert len(public_items("bg")) == len(LISTING)
    assert content.install(region=region, author="demo") == []  # a second run leaves everything as it is
    assert ItemText.objects.count() == len(LISTING) * 5


@pytest.mark.parametrize("item", content.load(), ids=lambda item: item.slug)
def test_every_leaflet_fits_one_or_two_a4_pages(item):
    for lang, (title, body) in item.texts.items():
        data = leaflet.pdf_bytes(leaflet.Leaflet(
            language=lang, audience="-", title=title, body_html=to_html(body), owner="Noord-Limburg", version=1,
            meldpunt_url="https://regiekamer.example.org/meldpunt/pl/regio/noord-limburg/"))
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert 1 <= len(reader.pages) <= 2, (item.slug, lang)
        assert title.split()[0] in reader.pages[0].extract_text()

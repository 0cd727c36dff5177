"""The meldpunt speaks Dutch, English, Polish, Romanian and Bulgarian: complete catalogues, the
language in the URL, <html lang> and the page's messages in that language."""

import gettext
import re
from pathlib import Path

import pytest
from django.test import Client

from regiekamer.meldingen.models import Melding
from tests.test_translations import _PLACEHOLDER, parse_po

from .conftest import valid

LOCALE = Path(__file__).resolve().parents[2] / "regiekamer" / "meldpunt" / "locale"
LANGUAGES = ("en", "pl", "ro", "bg")
# A known string per language, as the landing page shows it (translated by hand, checked here).
HEADINGS = {
    "nl": "Meld een probleem met een verhuurder of een onveilig huis",
    "en": "Report a problem with a landlord or an unsafe home",
    "pl": "Zgłoś problem z wynajmującym lub niebezpiecznym mieszkaniem",
    "ro": "Semnalați o problemă cu un proprietar sau o locuință nesigură",
    "bg": "Подайте сигнал за проблем с наемодател или опасно жилище",
}
FUTURE_DATE = {
    "nl": "Deze datum ligt in de toekomst.",
    "en": "This date is in the future.",
    "pl": "Ta data jest w przyszłości.",
    "ro": "Această dată este în viitor.",
    "bg": "Тази дата е в бъдещето.",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalogue_is_complete_and_compiled(lang):
    po_file = LOCALE / lang / "LC_MESSAGES" / "django.po"
    header, entries = parse_po(po_file)
    assert f"Language: {lang}\n" in header.msgstr[0] and "charset=UTF-8" in header.msgstr[0]
    assert len(entries) > 150
    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags or not entry.msgstr.get(0):
            problems.append(f"untranslated or fuzzy: {entry.label}")
        elif set(_PLACEHOLDER.findall(entry.msgstr[0])) != set(_PLACEHOLDER.findall(entry.msgid)):
            problems.append(f"placeholders differ: {entry.label}")
    assert "fuzzy" not in header.flags
    with (po_file.parent / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    problems += [f"stale .mo: {e.label}" for e in entries if compiled.gettext(e.msgid) != e.msgstr[0]]
    assert not problems, "\n".join(problems)


def _html_lang(content: str) -> str:
    return re.search(r'<html lang="([a-z]+)"', content).group(1)


@pytest.mark.parametrize("lang", ("nl", *LANGUAGES))
def test_a_known_string_renders_in_each_language(world, lang):
    response = Client().get(f"/meldpunt/{lang}/", HTTP_ACCEPT_LANGUAGE="nl")
    content = response.content.decode()
    assert response.status_code == 200 and response["Content-Language"] == lang
    assert _html_lang(content) == lang
    assert HEADINGS[lang] in content
    # The switch links to the same page in every language, each marked with its own lang.
    for other in ("nl", *LANGUAGES):
        assert f'href="/meldpunt/{other}/" lang="{other}" hreflang="{other}"' in content


@pytest.mark.parametrize("lang", ("nl", *LANGUAGES))
def test_a_bad_date_is_explained_in_the_pages_language(world, lang):
    response = Client().post(f"/meldpunt/{lang}/gm0983/", valid(happened_on="2999-01-01"))
    assert response.status_code == 400 and Melding.objects.count() == 0
    assert FUTURE_DATE[lang] in response.content.decode()


def test_the_language_is_stored_with_the_report(world):
    Client().post("/meldpunt/ro/gm0983/", valid())
    assert Melding.objects.get().meldpunt_report.language == "ro"


def test_an_unknown_language_is_not_found(world):
    assert Client().get("/meldpunt/de/").status_code == 404
    assert Client().get("/meldpunt/de/gm0983/").status_code == 404


def test_a_polish_browser_still_gets_the_dutch_staff_pages_marked_dutch(world):
    """The meldpunt's extra languages are not the staff interface's: no Dutch page marked Polish."""
    response = Client().get("/inloggen/", HTTP_ACCEPT_LANGUAGE="pl")
    assert _html_lang(response.content.decode()) == "nl" and response["Content-Language"] == "nl"
    assert Client().get("/meldpunt/", HTTP_ACCEPT_LANGUAGE="ro-RO,ro;q=0.9").url == "/meldpunt/ro/"

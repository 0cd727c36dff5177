"""The English translation: complete, compiled, and served to users who ask for English.

The interface is Dutch first (the msgids are Dutch); English comes from
regiekamer/locale/en/LC_MESSAGES/django.po and its compiled django.mo, both committed so that
machines without gettext run the application and this suite. After changing Dutch strings:
`regiekamer makemessages -l en --ignore=.venv --ignore=node_modules --ignore=tests --ignore=var`
from the repository root, translate, then `make messages`.
"""

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from regiekamer.core.validators import normalise_postcode
from regiekamer.meldingen.models import Melding, MeldingCategory
from regiekamer.organisations.models import OrganisationKind

LC_MESSAGES = Path(settings.BASE_DIR) / "regiekamer" / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"

DUTCH_HEADING = "Inloggen bij Regiekamer"
ENGLISH_HEADING = "Log in to Regiekamer"


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # 0 for a singular entry
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def label(self) -> str:
        return f"django.po:{self.line} {self.msgid!r}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")\s*$')


def _unquote(text: str) -> str:
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], text[1:-1])


def parse_po(path: Path) -> tuple[Entry, list[Entry]]:
    """A small .po reader (polib is not a dependency): the header entry and the live entries.

    Obsolete entries (#~) are skipped; they are not compiled into the .mo.
    """
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None  # the keyword (and plural index) a continuation line extends

    def finish():
        nonlocal current, target
        if current is not None:
            entries.append(current)
        current, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        match = _KEYWORD.match(line)
        starts_entry = line.startswith("#") or (match and match.group(1) in {"msgctxt", "msgid"})
        if current is not None and current.msgstr and starts_entry:
            finish()  # the next entry follows without a blank line
        if current is None:
            current = Entry(line=number)
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
        elif line.startswith("#"):
            continue
        elif match:
            keyword, index, value = match.group(1), int(match.group(2) or 0), _unquote(match.group(3))
            target = (keyword, index)
            if keyword == "msgstr":
                current.msgstr[index] = value
            else:
                setattr(current, keyword, value)
        elif line.startswith('"') and target is not None:
            keyword, index = target
            if keyword == "msgstr":
                current.msgstr[index] += _unquote(line)
            else:
                setattr(current, keyword, getattr(current, keyword) + _unquote(line))
        else:
            raise AssertionError(f"django.po:{number}: cannot parse {raw!r}")
    finish()

    headers = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    assert len(headers) == 1, "django.po needs exactly one header entry"
    return headers[0], [e for e in entries if e is not headers[0]]


@pytest.fixture(scope="module")
def po():
    assert PO_FILE.is_file(), f"{PO_FILE} is missing: run makemessages -l en"
    return parse_po(PO_FILE)


# (a) The catalogue is complete: every message translated, nothing fuzzy.


def test_po_file_has_messages(po):
    header, entries = po
    assert len(entries) > 200
    assert "Language: en\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]


def test_every_message_is_translated(po):
    _, entries = po
    untranslated = []
    for entry in entries:
        expected_forms = {0, 1} if entry.msgid_plural is not None else {0}
        if set(entry.msgstr) != expected_forms or not all(entry.msgstr.values()):
            untranslated.append(entry.label)
    assert not untranslated, "Untranslated messages:\n" + "\n".join(untranslated)


def test_no_fuzzy_entries(po):
    header, entries = po
    fuzzy = [entry.label for entry in [header, *entries] if "fuzzy" in entry.flags]
    assert not fuzzy, "Fuzzy entries (check the translation, then remove the flag):\n" + "\n".join(fuzzy)


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*\w+\s*\}\}|\{\w*\}")


def test_translations_keep_their_placeholders(po):
    """%(name)s placeholders must survive translation, or Django raises KeyError or shows them raw."""
    _, entries = po
    wrong = []
    for entry in entries:
        source = set(_PLACEHOLDER.findall(entry.msgid)) | set(_PLACEHOLDER.findall(entry.msgid_plural or ""))
        for form, text in entry.msgstr.items():
            if set(_PLACEHOLDER.findall(text)) != source:
                wrong.append(f"{entry.label} msgstr[{form}] {text!r}")
    assert not wrong, "Placeholders differ from the msgid:\n" + "\n".join(wrong)


def test_msgids_are_unique(po):
    _, entries = po
    keys = [(entry.msgctxt, entry.msgid) for entry in entries]
    assert len(keys) == len(set(keys))


# (b) The committed .mo is compiled from the current .po.


def test_mo_file_matches_the_po_file(po):
    """Reads the .mo with Python's own gettext, so it needs no msgfmt and ignores file times."""
    assert MO_FILE.is_file(), f"{MO_FILE} is missing: run `make messages` and commit it"
    _, entries = po
    with MO_FILE.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for entry in entries:
        if entry.msgid_plural is not None:
            compiled = [catalogue.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
            expected = [entry.msgstr[0], entry.msgstr[1]]
        elif entry.msgctxt is not None:
            compiled, expected = catalogue.pgettext(entry.msgctxt, entry.msgid), entry.msgstr[0]
        else:
            compiled, expected = catalogue.gettext(entry.msgid), entry.msgstr[0]
        if compiled != expected:
            stale.append(entry.label)
    assert not stale, "django.mo is out of date; run `make messages`:\n" + "\n".join(stale)


@pytest.mark.parametrize(
    "dutch, english",
    [
        (DUTCH_HEADING, ENGLISH_HEADING),
        ("Uitloggen", "Log out"),
        ("Direct naar de inhoud", "Skip to content"),
        ("Verwerkingslog", "Processing log"),
        ("Adres zoeken", "Find an address"),
        ("Nederlands", "Dutch"),
    ],
)
def test_django_translates_known_messages(dutch, english):
    with translation.override("en"):
        assert translation.gettext(dutch) == english
    with translation.override("nl"):
        assert translation.gettext(dutch) == dutch


def test_django_translates_plurals_and_placeholders():
    with translation.override("en"):
        assert translation.ngettext("%(counter)s adres gevonden", "%(counter)s adressen gevonden", 1) % {
            "counter": 1
        } == "1 address found"
        assert translation.ngettext("%(counter)s adres gevonden", "%(counter)s adressen gevonden", 3) % {
            "counter": 3
        } == "3 addresses found"
        assert translation.gettext("Welkom, %(name)s") % {"name": "Anna"} == "Welcome, Anna"


def test_model_labels_choices_and_validators_follow_the_language():
    with translation.override("en"):
        assert str(Melding._meta.verbose_name) == "report (melding)"
        assert str(MeldingCategory.OVERCROWDING.label) == "Overcrowding"
        # Organisation names stay names.
        assert str(OrganisationKind.LABOUR_INSPECTORATE.label) == "Nederlandse Arbeidsinspectie"
        with pytest.raises(ValidationError) as error:
            normalise_postcode("12345")
        assert error.value.messages == ["Not a valid postcode: use four digits and two letters, for example 5911 AB."]
    with translation.override("nl"):
        assert str(Melding._meta.verbose_name) == "melding"
        with pytest.raises(ValidationError) as error:
            normalise_postcode("12345")
        assert error.value.messages[0].startswith("Geen geldige postcode")


# (c) and (d) The pages follow the user's language: browser preference, cookie, language switch.


def _heading(response) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    assert match, "no <h1> on the page"
    return match.group(1).strip()


def _html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]*)"', response.content.decode())
    assert match, "no <html lang> on the page"
    return match.group(1)


@pytest.mark.django_db
def test_login_page_is_dutch_without_a_preference(client):
    response = client.get("/inloggen/")
    assert response.status_code == 200
    assert _heading(response) == DUTCH_HEADING
    assert _html_lang(response) == "nl"
    assert response.headers["Content-Language"] == "nl"


@pytest.mark.django_db
@pytest.mark.parametrize("accept_language", ["en", "en-GB,en;q=0.9", "en-US,en;q=0.8,nl;q=0.5"])
def test_login_page_is_english_for_an_english_browser(client, accept_language):
    response = client.get("/inloggen/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 200
    assert _heading(response) == ENGLISH_HEADING
    assert _html_lang(response) == "en"
    content = response.content.decode()
    assert "Username" in content and "Password" in content
    assert DUTCH_HEADING not in content


@pytest.mark.django_db
def test_login_page_is_dutch_for_a_dutch_browser(client):
    response = client.get("/inloggen/", HTTP_ACCEPT_LANGUAGE="nl-NL,nl;q=0.9,en;q=0.8")
    assert _heading(response) == DUTCH_HEADING
    assert _html_lang(response) == "nl"


@pytest.mark.django_db
def test_language_cookie_wins_over_the_browser(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/inloggen/", HTTP_ACCEPT_LANGUAGE="nl")
    assert _heading(response) == ENGLISH_HEADING
    assert _html_lang(response) == "en"


@pytest.mark.django_db
def test_english_login_error_message(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/inloggen/", {"username": "nobody", "password": "wrong-password-123"})
    assert response.status_code == 200
    assert "The username or password is incorrect." in response.content.decode()


@pytest.mark.django_db
def test_language_switch_sets_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/inloggen/"})
    assert response.status_code == 302
    assert response.url == "/inloggen/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    response = client.get("/inloggen/")
    assert _heading(response) == ENGLISH_HEADING
    assert _html_lang(response) == "en"
    # The switch itself offers both languages, the current one selected.
    assert re.search(r'<option value="en" lang="en" selected>', response.content.decode())

    response = client.post("/i18n/setlang/", {"language": "nl", "next": "/inloggen/"}, follow=True)
    assert _heading(response) == DUTCH_HEADING
    assert _html_lang(response) == "nl"


# The signed-in pages in English: headings, labels and the texts handed to map.js.


@pytest.fixture
def english_handler(client):
    from tests.factories import (
        AddressFactory, CaseFactory, InspectionFactory, MeldingFactory, MembershipFactory, OwnershipFactory,
        RegistrationFactory,
    )

    membership = MembershipFactory()
    address = AddressFactory(floor_area_m2=40)
    RegistrationFactory.create_batch(5, address=address)
    today = timezone.localdate()
    MeldingFactory(address=address, received_on=today)
    InspectionFactory(address=address, inspected_on=today)
    CaseFactory(address=address, responsible=membership.organisation, opened_on=today)
    OwnershipFactory(address=address)
    client.force_login(membership.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client, address


@pytest.mark.django_db
def test_signed_in_pages_in_english(english_handler):
    client, address = english_handler
    pages = {
        "/": ["Log out", "Change language", "Main menu", "Ongoing cases", "Case type", "Overcrowding",
              "1 new report since", "1 recent inspection"],
        "/zoeken/?q=5913AB": ["Find an address", "Postcode and house number, or street",
                              "1 address found", "Intended use"],
        "/zoeken/?q=x": ["Something went wrong", "Enter a postcode (1234 AB)"],
        f"/adressen/{address.bag_id}/": ["Address dossier", "BAG data", "Year of construction",
                                         "Currently registered", "Above the norm", "at most 3 persons",
                                         "5 registrations (including ended ones)", "Owner and portfolio",
                                         "Timeline"],
        f"/kaart/{address.municipality.code}/": ["Addresses with warning signs in Venlo",
                                                  'data-text-loading="Loading map…"',
                                                  'data-text-open="Open dossier"'],
    }
    for path, expected in pages.items():
        response = client.get(path)
        assert response.status_code == (400 if path.endswith("q=x") else 200), path
        content = response.content.decode()
        assert _html_lang(response) == "en", path
        missing = [text for text in expected if text not in content]
        assert not missing, f"{path} lacks {missing}"

"""Issue 7's information material in a real browser: the public reads a Polish text and downloads its
A4 leaflet with the QR code to the meldpunt; a coordinator edits a Dutch source text and sees the
translations flagged as outdated, and a new item's translations flagged as missing."""

import io
import re

import pypdf
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import log_in
from tests.information.test_leaflet import drawn_qr, expected_qr

pytestmark = pytest.mark.e2e

A4 = (595.28, 841.89)


def test_anonymous_reader_downloads_the_polish_leaflet(page: Page, e2e_server):
    page.goto("/meldpunt/pl/")
    page.get_by_role("link", name="Przeczytaj o swoich prawach, zasadach dla wynajmujących i o tym, gdzie znaleźć "
                                   "pomoc.").click()
    expect(page).to_have_url(re.compile(r"/voorlichting/pl/$"))
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Informacje w Twoim języku")
    page.get_by_role("link", name="Twoje prawa jako najemcy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Twoje prawa jako najemcy")
    expect(page.get_by_text("Pobrać kaucję w wysokości")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Pobierz ulotkę (PDF, A4)").click()
    download = download_info.value
    assert download.suggested_filename == "rechten-als-huurder-pl.pdf"
    with open(download.path(), "rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    assert 1 <= len(reader.pages) <= 2
    assert all((float(p.mediabox.width), float(p.mediabox.height)) == A4 for p in reader.pages)
    first = reader.pages[0]
    assert "Twoje prawa jako najemcy" in first.extract_text()
    text = "".join(p.extract_text() for p in reader.pages)
    meldpunt = f"{e2e_server.base_url}/meldpunt/pl/regio/noord-limburg/"
    assert meldpunt in text
    qr_page = next(p for p in reader.pages if meldpunt in p.extract_text())
    assert drawn_qr(qr_page, reader) == expected_qr(meldpunt)


def test_coordinator_sees_outdated_and_missing_translations_flagged(page: Page):
    log_in(page, "venlo.coordinator")
    page.get_by_role("navigation").get_by_role("link", name="Voorlichtingsmateriaal").click()
    row = page.locator("tr[data-slug='hulp-vinden']")
    expect(row.locator("td[data-language='pl']")).to_have_text("actueel")

    row.get_by_role("link").first.click()
    page.get_by_role("link", name="Brontekst bewerken").click()
    page.get_by_label("Tekst").fill(page.get_by_label("Tekst").input_value() + "\n\nBel bij twijfel de gemeente.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Vertalingen van een eerdere versie zijn nu verouderd.")).to_be_visible()
    for code in ("en", "pl", "ro", "bg"):
        expect(page.locator(f"#languages tr[data-language='{code}'] td").first).to_have_text("verouderd")

    page.get_by_role("link", name="Voorlichtingsmateriaal").first.click()
    expect(page.locator("tr[data-slug='hulp-vinden'] td[data-language='pl']")).to_have_text("verouderd")

    page.get_by_role("link", name="Nieuw item").click()
    page.get_by_label("Korte naam (in de webadressen)").fill("e2e-nieuw-item")
    page.get_by_label("Doelgroep").select_option("bewoners")
    page.get_by_label("Onderwerp").select_option("hulp")
    page.get_by_label("Titel").fill("Hulp bij het invullen van formulieren")
    page.get_by_label("Tekst").fill("De gemeente helpt u met formulieren.")
    page.get_by_role("button", name="Opslaan").click()
    for code in ("en", "pl", "ro", "bg"):
        expect(page.locator(f"#languages tr[data-language='{code}'] td").first).to_have_text("ontbreekt")
    page.get_by_role("link", name="Voorlichtingsmateriaal").first.click()
    expect(page.locator("tr[data-slug='e2e-nieuw-item'] td[data-language='bg']")).to_have_text("ontbreekt")

"""Issue 7's knowledge base in a real browser: a coordinator writes a procedure tagged with a case
type, finds it by full-text search with another Dutch word form, and opens it from a case of that
type; a script in the Markdown body is shown as text and never runs; and, as the issue's one journey
asks, the same browser then downloads a resident leaflet in Polish with its QR code to the meldpunt
(the information material's own journeys are in test_information.py)."""

import datetime as dt
import io
import json
import secrets

import pypdf
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import log_in
from tests.information.test_leaflet import drawn_qr, expected_qr

pytestmark = pytest.mark.e2e

# An open overcrowding case of Venlo (the demo has several).
FIND_CASE = """
from regiekamer.cases.models import Case
case = Case.objects.filter(municipality__code="GM0983", case_type="overbewoning").exclude(status="afgesloten").order_by("pk").first()
print(case.pk)
"""


def test_procedure_written_found_and_opened_from_a_case(page: Page, e2e_server):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    title = f"Hercontrole na een last {secrets.token_hex(3)}"
    log_in(page, "venlo.coordinator")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Kennisbank").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kennisbank")
    page.get_by_role("link", name="Nieuw artikel").click()
    page.get_by_label("Soort").select_option(label="Procedure")
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Tekst (Markdown)").fill(
        "## Stappen\n\n1. Controleer de huisvesting opnieuw na de begunstigingstermijn.\n"
        "2. Leg de bevindingen vast.\n\n<script>alert('kennisbank')</script>\n")
    page.get_by_label("Herzien vóór").fill((dt.date.today() + dt.timedelta(days=365)).isoformat())
    page.get_by_label("Overbewoning", exact=True).check()
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    body = page.locator("#article-body")
    expect(body.get_by_role("heading", level=2)).to_have_text("Stappen")
    expect(body).to_contain_text("<script>alert('kennisbank')</script>")  # shown as text
    assert body.locator("script").count() == 0
    expect(page.locator("#article-tags")).to_contain_text("Zaaktype: Overbewoning")

    # Another word form: "huisvesten" finds "huisvesting" (both stem to "huisvest").
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Kennisbank").click()
    page.get_by_label("Zoeken", exact=True).fill("huisvesten")
    page.get_by_role("button", name="Zoeken").click()
    page.locator("#articles").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    case_pk = json.loads(e2e_server.run_django(FIND_CASE).strip())
    page.goto(f"/zaken/{case_pk}/")
    page.locator("#knowledge-for-case").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert dialogs == []

    # The resident leaflet in Polish, from the public pages (no login needed, the session does no harm).
    page.goto("/voorlichting/pl/")
    page.get_by_role("link", name="Twoje prawa jako najemcy").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Pobierz ulotkę (PDF, A4)").click()
    with open(download_info.value.path(), "rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Twoje prawa jako najemcy" in text
    meldpunt = f"{e2e_server.base_url}/meldpunt/pl/regio/noord-limburg/"
    qr_page = next(p for p in reader.pages if meldpunt in p.extract_text())
    assert drawn_qr(qr_page, reader) == expected_qr(meldpunt)

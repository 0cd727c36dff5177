"""Issue 5's steering information in a real browser: the Venlo coordinator opens the municipal
dashboard, drills from a figure to the list behind it (the same number), opens the regional view
(municipalities side by side from their aggregate packages, the waterbed monitor), and has the
quarterly council report made in the background and downloads its PDF."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in

pytestmark = pytest.mark.e2e

COORDINATOR = "venlo.coordinator"

# The demo's figures as the dashboard counts them, computed independently of the page.
DEMO_FIGURES = """
import datetime as dt
from django.utils import timezone
from django.db.models import Q
from regiekamer.meldingen.models import Melding
from regiekamer.steering.models import FigurePackage
today = timezone.localdate()
start = dt.date(today.year - 2, 1, 1)
in_venlo = Q(address__municipality__code="GM0983") | Q(address__isnull=True, municipality__code="GM0983")
received = Melding.objects.filter(in_venlo, received_on__gte=start, received_on__lte=today).count()
print(received, FigurePackage.objects.filter(municipality_code="GM0983").count())
"""


def number(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


def test_dashboard_drill_down_region_and_council_report(page, e2e_server, start_worker):
    received, packages = (int(x) for x in e2e_server.run_django(DEMO_FIGURES).split())
    assert received > 10, "the demo has too few meldingen in Venlo for a meaningful dashboard"
    assert packages >= 1, "the demo publishes Venlo's aggregate package"

    # 1. The dashboard, over three years per quarter.
    log_in(page, COORDINATOR)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Sturingsinformatie").click()
    page.get_by_role("link", name="Gemeente Venlo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sturingsinformatie Venlo")
    page.get_by_role("link", name="Drie jaar, per kwartaal").click()
    figure = page.locator('#figure-meldingen_ontvangen [data-figure="meldingen_ontvangen"]')
    assert number(figure.inner_text()) == received
    # Every chart has its numbers as a table.
    expect(page.locator("#section-meldingen ~ details table")).to_have_count(1)
    expect(page.locator("#targets")).to_contain_text("Controles uitgevoerd")

    # 2. From the figure to the list behind it: the same number.
    figure.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meldingen ontvangen")
    assert number(page.locator("#drill-summary [data-count]").get_attribute("data-count")) == received
    expect(page.locator("#drill-rows tbody tr")).to_have_count(min(received, 50))  # the first page
    page.locator("#drill-rows tbody tr").first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()  # a dossier of Venlo opens

    # 3. The region: municipalities side by side from their packages, and the waterbed monitor.
    page.goto("/sturing/")
    page.get_by_role("link", name=re.compile("Regio Noord-Limburg")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sturingsinformatie regio Noord-Limburg")
    expect(page.locator("#municipalities thead")).to_contain_text("Venlo")
    expect(page.locator("#municipalities thead")).to_contain_text("Horst aan de Maas")
    expect(page.locator("#waterbed")).to_contain_text("Nieuwe inschrijvingen")
    # Venlo's own figures open into their list; another municipality's do not.
    row = page.locator('#municipalities tr[data-measure="meldingen_ontvangen"]')
    expect(row.get_by_role("link")).to_have_count(1)

    # 4. The quarterly council report, made in the background, as PDF.
    start_worker()
    page.goto("/sturing/gemeente/GM0983/rapportages/")
    page.get_by_label("Jaar").fill("2026")
    page.get_by_label("Kwartaal").select_option("3")
    page.get_by_role("button", name="Rapportage maken").click()
    expect(page.locator("#report-progress")).to_have_attribute("data-status", "done", timeout=60_000)
    with page.expect_download() as download_info:
        page.locator("#report-files").get_by_role("link", name="PDF").click()
    download = download_info.value
    assert download.suggested_filename == "kwartaalrapportage-GM0983-2026-K3.pdf"
    assert open(download.path(), "rb").read(5) == b"%PDF-"

"""A municipal administrator delivers data in exchange format v1 in the browser: a zip with a fault is
refused with a report naming file, row, column and rule; the corrected zip is stored, and the page
follows both from the queue to the end (a real db_worker, as in production)."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import log_in

pytestmark = pytest.mark.e2e

FINISH_TIMEOUT_MS = 60_000
ADDRESSES = ("address_id,municipality_code,postcode,house_number,street,city,floor_area_m2\n"
             "0983019990000001,GM0983,5911AB,301,Parade,Venlo,70\n"
             "0983019990000002,{code},5911AB,303,Parade,Venlo,45\n")
REGISTRATIONS = ("address_id,person_ref,registry,start_date,end_date\n"
                 "0983019990000001,e2e-persoon-1,RNI,2025-01-06,\n")


def _zip(path: Path, code: str) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("addresses.csv", ADDRESSES.format(code=code))
        archive.writestr("registrations.csv", REGISTRATIONS)
    path.write_bytes(buffer.getvalue())
    return path


def _deliver(page: Page, path: Path):
    page.goto("/uitwisseling/leveringen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gegevens leveren")
    page.get_by_label("Levering (zip)").set_input_files(str(path))
    page.get_by_role("button", name="Levering aanbieden").click()
    expect(page).to_have_url(re.compile(r"/uitwisseling/leveringen/\d+/$"))
    return page.locator("#delivery-progress")


def test_a_refused_and_an_accepted_delivery(page, e2e_server, tmp_path, start_worker):
    log_in(page, "venlo.beheer")
    progress = _deliver(page, _zip(tmp_path / "fout.zip", "GM9999"))
    expect(progress).to_have_attribute("data-status", "queued")
    expect(progress).to_have_attribute("hx-trigger", "every 2s")
    start_worker()
    expect(progress).to_have_attribute("data-status", "refused", timeout=FINISH_TIMEOUT_MS)
    expect(progress).to_contain_text("De levering is geweigerd: 1 fout. Er is niets opgeslagen.")
    fault = page.locator("#delivery-faults tbody tr")
    expect(fault).to_have_count(1)
    expect(fault.locator("td")).to_have_text(["addresses.csv", "3", "municipality_code", "unknown_municipality",
                                              re.compile("onbekende gemeentecode")])
    stored = e2e_server.run_django(
        'print(Address.objects.filter(bag_id__startswith="098301999").count())')
    assert stored.strip() == "0"

    progress = _deliver(page, _zip(tmp_path / "goed.zip", "GM0983"))
    expect(progress).to_have_attribute("data-status", "accepted", timeout=FINISH_TIMEOUT_MS)
    expect(progress).to_contain_text("De levering is opgeslagen: 3 nieuw, 0 gewijzigd, 0 ongewijzigd.")
    expect(page.locator("#count-registrations td").first).to_have_text("1")
    page.get_by_role("link", name="Naar alle leveringen en een nieuwe levering").click()
    rows = page.locator("#deliveries tbody tr")
    expect(rows.first).to_contain_text("goed.zip")
    expect(rows.nth(1)).to_contain_text("fout.zip")

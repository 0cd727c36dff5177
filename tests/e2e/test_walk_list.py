"""Issue 4's walk list in a real browser: the Venlo enforcement coordinator draws up a walk list
from the demo's risk run, walks it on a phone (the route on a map, one address accepted, one
skipped with a reason), records the inspection of the accepted address through the inspection
pages, and finds the outcome back on the list and on the hit-rate page."""

import json
import re

import pytest
from playwright.sync_api import Page, expect


from .conftest import RESULTS_DIR
from tests.e2e.browser import log_in

pytestmark = pytest.mark.e2e

COORDINATOR = "venlo.coordinator"
TEAM = "Team Looplijst E2E"

# The demo has one finished risk run per municipality; Venlo's must have scored addresses.
CHECK_RUN = """
from regiekamer.risk.models import RiskRun
run = RiskRun.objects.filter(municipality__code="GM0983", status="done").order_by("-finished_at").first()
print(run.scores.count() if run else 0)
"""

# The list's addresses in route order: item id, selection, floor area, and today's date.
LIST_ITEMS = """
import json
from django.utils import timezone
from regiekamer.walklists.models import WalkList
walk_list = WalkList.objects.get(pk={pk})
print(json.dumps({{"today": timezone.localdate().isoformat(), "items": [
    {{"id": i.pk, "position": i.position, "selection": i.selection, "street_line": i.address.street_line,
      "floor_area": i.address.floor_area_m2}}
    for i in walk_list.items.select_related("address").order_by("position")]}}))
"""


def expect_message(page: Page, text: str) -> None:
    expect(page.locator(".rk-messages")).to_contain_text(text)


def test_walk_list_from_drawing_up_to_hit_rate(page, browser, e2e_server):
    assert int(e2e_server.run_django(CHECK_RUN).strip()) > 20, "the demo's Venlo risk run has too few scores"

    # 1. The coordinator draws up a list of ten addresses at the desk.
    log_in(page, COORDINATOR)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Looplijsten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Looplijsten")
    page.get_by_role("link", name="Looplijst opstellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Looplijst opstellen")
    expect(page.get_by_label("Op risico, met een willekeurige steekproef")).to_be_checked()
    page.get_by_label("Team").fill(TEAM)
    page.get_by_label("Aantal adressen").fill("10")
    page.get_by_role("button", name="Opstellen").click()
    expect_message(page, "De looplijst is opgesteld.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Looplijst {TEAM}")
    pk = int(re.search(r"/looplijsten/(\d+)/", page.url).group(1))
    listed = json.loads(e2e_server.run_django(LIST_ITEMS.format(pk=pk)).strip())
    items = listed["items"]
    assert len(items) == 10
    assert sum(item["selection"] == "random" for item in items) == 1  # 10% of 10
    # The coordinator sees how each address was chosen, below the list.
    expect(page.locator("#accounting")).to_contain_text("Willekeurige steekproef")

    # 2. On a phone: the route on the map, and the addresses in route order.
    phone_context = browser.new_context(base_url=e2e_server.base_url, locale="nl-NL",
                                        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone_context.set_default_timeout(15_000)
    phone = phone_context.new_page()
    try:
        _walk(phone, e2e_server, pk, listed)
    except Exception:
        RESULTS_DIR.mkdir(exist_ok=True)
        phone.screenshot(path=str(RESULTS_DIR / "test_walk_list_phone.png"), full_page=True)
        raise
    finally:
        phone_context.close()

    # 5. The hit-rate page counts the inspection under the accepted address's selection.
    accepted, skipped = listed["accepted"], listed["skipped"]
    page.goto("/looplijsten/trefkans/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trefkans van de looplijsten")
    table = page.locator("table").filter(has=page.get_by_role("columnheader", name="Selectie")).first
    for selection, label in (("ranked", "Hoogste risico"), ("random", "Willekeurige steekproef")):
        on_list = sum(item["selection"] == selection for item in items)
        row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=label, exact=True))
        cells = row.get_by_role("cell")
        expect(cells.nth(0)).to_have_text(str(on_list))
        expect(cells.nth(1)).to_have_text("1" if skipped["selection"] == selection else "0")
        expect(cells.nth(3)).to_have_text("1" if accepted["selection"] == selection else "0")
        expect(cells.nth(4)).to_have_text("1" if accepted["selection"] == selection else "0")
        if accepted["selection"] == selection:
            expect(cells.nth(5)).to_contain_text("100%")


def _walk(phone: Page, e2e_server, pk: int, listed: dict) -> None:
    items = listed["items"]
    log_in(phone, COORDINATOR)
    phone.goto(f"/looplijsten/{pk}/")
    walk_map = phone.locator("#walk-map")
    expect(walk_map).to_have_attribute("data-loaded", "true")
    expect(walk_map).to_have_attribute("data-count", "10")
    # One numbered marker per place (units in one building share theirs).
    places = int(walk_map.get_attribute("data-places"))
    assert 1 <= places <= 10
    expect(phone.locator(".rk-walk-marker__badge")).to_have_count(places)
    addresses = phone.locator("li.rk-walk-item")
    expect(addresses).to_have_count(10)
    for index, item in enumerate(items):
        expect(addresses.nth(index)).to_contain_text(item["street_line"])
    # Inspectors on the list do not see whether an address was ranked or random.
    expect(phone.locator(".rk-walk-list")).not_to_contain_text("Willekeurige steekproef")

    # 3. Accept the first address with a floor area (so the norm can be checked); skip another.
    accepted = next(item for item in items if (item["floor_area"] or 0) >= 24)
    skipped = next(item for item in items if item["id"] != accepted["id"])
    listed["accepted"], listed["skipped"] = accepted, skipped
    row = phone.locator(f"#item-{accepted['id']}")
    row.get_by_role("button", name="Accepteren").click()
    expect(phone.locator(f"#item-{accepted['id']}")).to_contain_text("Geaccepteerd")
    row = phone.locator(f"#item-{skipped['id']}")
    row.get_by_role("button", name="Overslaan").click()  # without a reason: refused, nothing stored
    expect(phone.locator(f"#item-{skipped['id']}")).to_contain_text("Kies waarom u dit adres overslaat.")
    row = phone.locator(f"#item-{skipped['id']}")
    row.get_by_label("Reden om over te slaan").select_option(label="Niet veilig om te bezoeken")
    row.get_by_label("Toelichting").fill("Agressieve hond")
    row.get_by_role("button", name="Overslaan").click()
    expect(phone.locator(f"#item-{skipped['id']}")).to_contain_text("Niet veilig om te bezoeken: Agressieve hond")
    phone.reload()
    expect(phone.locator("#walk-list-progress")).to_contain_text("1 geaccepteerd, 1 overgeslagen")

    # 4. Record the inspection of the accepted address: plan it, count the people, save the outcome.
    phone.locator(f"#item-{accepted['id']}").get_by_role("link", name="Controle vastleggen").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Controle plannen")
    expect(phone.get_by_label("Datum van de controle")).to_have_value(listed["today"])
    phone.get_by_label("Checklist").select_option(label="Pandcontrole huisvesting arbeidsmigranten (v1)")
    phone.get_by_role("button", name="Plannen").click()
    expect_message(phone, "De controle is gepland.")
    phone.get_by_role("link", name="Bevindingen vastleggen").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Bevindingen vastleggen")
    phone.get_by_label("Aantal aanwezige personen (geteld)").fill(str(accepted["floor_area"]))
    phone.get_by_role("button", name="Normen toetsen").click()
    expect(phone.locator("#proposal")).to_contain_text("Overtreding")
    phone.locator(".rk-inspection-outcome").get_by_role("button", name="Vastleggen", exact=True).click()
    expect_message(phone, "De controle is vastgelegd.")

    # The outcome flows back onto the walk list.
    phone.goto(f"/looplijsten/{pk}/")
    day = "-".join(str(int(part)) for part in reversed(listed["today"].split("-")))
    expect(phone.locator(f"#item-{accepted['id']}")).to_contain_text(f"Controle vastgelegd op {day}: Overtreding")

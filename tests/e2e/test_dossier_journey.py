"""The foundation's journey in a real browser: a municipal handler finds an address by postcode,
opens its dossier and the municipality's map; a housing-corporation user is refused that dossier."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in

pytestmark = pytest.mark.e2e

# A Venlo address with people registered and no case in which the housing corporation takes part.
FIND_ADDRESS = """
from regiekamer.registry.models import Address
address = (
    Address.objects.filter(municipality__code="GM0983", registrations__end_date__isnull=True)
    .exclude(cases__participants__organisation__kind="woningcorporatie")
    .exclude(cases__responsible__kind="woningcorporatie")
    .order_by("bag_id").first()
)
print(address.bag_id, address.postcode, address.house_number, address.street_line, sep="|")
"""


@pytest.fixture(scope="module")
def venlo_address(e2e_server):
    bag_id, postcode, house_number, street_line = e2e_server.run_django(FIND_ADDRESS).strip().split("|")
    return {"bag_id": bag_id, "postcode": postcode, "house_number": house_number, "street_line": street_line}


def test_handler_finds_an_address_by_postcode_and_opens_dossier_and_map(page, venlo_address):
    log_in(page, "venlo.handhaver")

    page.get_by_role("link", name="Zoeken").click()
    search = page.get_by_label("Postcode en huisnummer, of straat")
    search.fill(f"{venlo_address['postcode'][:4]} {venlo_address['postcode'][4:].lower()} {venlo_address['house_number']}")
    search.press("Enter")
    results = page.locator("#search-results")
    expect(results).to_contain_text("gevonden")
    results.get_by_role("link", name=venlo_address["street_line"], exact=True).click()

    expect(page).to_have_url(re.compile(f"/adressen/{venlo_address['bag_id']}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(venlo_address["street_line"])
    expect(page.get_by_role("heading", name="BAG-gegevens")).to_be_visible()
    expect(page.get_by_role("heading", name="Ingeschreven personen en oppervlakte")).to_be_visible()
    expect(page.locator("#persons-registered")).to_contain_text(re.compile(r"^\s*[1-9]"))
    expect(page.get_by_role("heading", name="Tijdlijn")).to_be_visible()

    page.get_by_role("link", name="Kaart").click()
    expect(page).to_have_url(re.compile("/kaart/GM0983/$"))
    map_element = page.locator("#map")
    expect(map_element).to_have_attribute("data-loaded", "true")
    expect(page.locator("#map-count")).to_have_text(re.compile(r"^[1-9]\d* adres(sen)?$"))
    assert int(map_element.get_attribute("data-count")) >= 1
    expect(page.locator("#map canvas")).to_have_count(1)  # markers are drawn on one canvas


def test_housing_corporation_is_refused_that_dossier(page, venlo_address):
    log_in(page, "corporatie.medewerker")

    response = page.goto(f"/adressen/{venlo_address['bag_id']}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    expect(page.locator("body")).not_to_contain_text(venlo_address["street_line"])

    page.goto(f"/zoeken/?q={venlo_address['postcode']}+{venlo_address['house_number']}")
    expect(page.locator("#search-results")).to_contain_text("Geen adressen gevonden")
    expect(page.get_by_role("link", name="Kaart")).to_have_count(0)

"""Issue 6's public meldpunt in a real browser: an anonymous report on a phone, a report with contact
details in Polish that the reporter follows by its code, and both in Venlo's intake queue (source
Meldpunt), where the intake handler opens the Polish reporter's contact details."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import log_in

pytestmark = pytest.mark.e2e

# Two Venlo addresses that are the only ones at their postcode and house number.
FIND_ADDRESSES = """
from regiekamer.registry.models import Address
found = []
for a in Address.objects.filter(municipality__code="GM0983", house_letter="", house_number_addition="",
                                house_number__isnull=False).exclude(postcode="").order_by("bag_id"):
    if Address.objects.filter(postcode=a.postcode, house_number=a.house_number).count() == 1:
        found.append(f"{a.postcode}|{a.house_number}|{a.street_line}")
    if len(found) == 2:
        break
print(";".join(found))
"""
FIND_MELDING = """
from regiekamer.meldpunt.models import Report
report = Report.objects.filter(language="{lang}", anonymous={anonymous}).select_related("melding").latest("pk")
print(report.melding.reference, report.melding.pk, sep="|")
"""


def _csp_violations(page: Page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return violations


def _fill_common(page: Page, *, postcode: str, number: str, description: str) -> None:
    page.locator("input[name='landlord'][value='werkgever']").check()
    page.locator("input[name='topic'][value='te-veel-mensen']").check()
    page.locator("#id_description").fill(description)
    page.locator("#id_happened_on").fill((dt.date.today() - dt.timedelta(days=3)).isoformat())
    page.locator("input[name='place'][value='adres']").check()
    page.locator("#id_postcode").fill(postcode)
    page.locator("#id_house_number").fill(number)
    page.locator("#id_house_number").press("Tab")


def test_anonymous_and_polish_reports_reach_the_intake_queue(page: Page, e2e_server):
    violations = _csp_violations(page)
    first, second = [line.split("|") for line in e2e_server.run_django(FIND_ADDRESSES).strip().split(";")]

    # 1. Anonymous, on a phone, in Dutch: from the landing page to the Venlo form.
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/meldpunt/")
    expect(page).to_have_url(re.compile(r"/meldpunt/nl/$"))
    page.get_by_role("link", name="Venlo", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    _fill_common(page, postcode=first[0], number=first[1], description="Zestien mensen in een huis met vier kamers.")
    expect(page.locator("#address-found")).to_contain_text(first[2])  # the street, found while typing
    page.get_by_label("Nee, ik meld anoniem").check()
    expect(page.locator("#anonymous-notice")).to_contain_text("u krijgt geen code")
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.locator("#anonymous-done")).to_be_visible()
    expect(page.locator("#reference-code")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling

    # 2. With contact details, in Polish, chosen with the language switch.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/meldpunt/nl/gm0983/")
    page.get_by_role("link", name="Polski").click()
    expect(page).to_have_url(re.compile(r"/meldpunt/pl/gm0983/$"))
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zgłoszenie: Venlo")
    _fill_common(page, postcode=second[0], number=second[1], description="W domu mieszka szesnaście osób.")
    page.get_by_label("Tak, możecie się ze mną skontaktować").check()
    page.get_by_label("Adres e-mail").fill("anna.nowak@example.org")
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dziękujemy. Otrzymaliśmy Twoje zgłoszenie.")
    code = page.locator("#reference-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code)

    # 3. The reporter follows it by its code: the status and date only.
    page.get_by_role("link", name="Sprawdź status").first.click()
    page.get_by_label("Twój kod").fill(code.lower())
    page.get_by_role("button", name="Sprawdź status").click()
    expect(page.locator("#status-steps")).to_contain_text("Otrzymano")
    expect(page.locator("main")).not_to_contain_text("szesnaście")

    # 4. Venlo's intake handler sees both in the intake queue, marked as coming from the meldpunt.
    anonymous_ref, _ = e2e_server.run_django(FIND_MELDING.format(lang="nl", anonymous=True)).strip().split("|")
    polish_ref, polish_pk = e2e_server.run_django(FIND_MELDING.format(lang="pl", anonymous=False)).strip().split("|")
    log_in(page, "venlo.handhaver")
    page.goto("/meldingen/")
    for reference in (anonymous_ref, polish_ref):
        row = page.locator("tr").filter(has_text=reference)
        expect(row).to_contain_text("Meldpunt")
    page.get_by_role("link", name=polish_ref).first.click()
    expect(page).to_have_url(re.compile(rf"/meldingen/{polish_pk}/$"))
    expect(page.locator("#meldpunt-report")).to_contain_text("Polski")
    page.get_by_role("link", name=re.compile("Contactgegevens van de melder tonen")).click()
    expect(page.locator("#meldpunt-contact-details")).to_contain_text("anna.nowak@example.org")
    assert not violations, violations

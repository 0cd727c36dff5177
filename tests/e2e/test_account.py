"""A user's own account in a real browser: logged in on a laptop and a phone, the user changes the
password on the laptop (the phone is logged out), logs in on the phone again with the new password,
and ends the phone's session from "Mijn sessies" on the laptop."""

import re

import pytest
from playwright.sync_api import expect

from regiekamer.demo.accounts import DEMO_PASSWORD
from tests.e2e.browser import enter_code, enter_password

pytestmark = pytest.mark.e2e

USER = "abu.medewerker"  # no other browser test logs in as this user: its password changes here
NEW_PASSWORD = "zeven blauwe fietsen op de dijk"
PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1"
ON_LOGIN_PAGE = re.compile(r"/inloggen/(\?.*)?$")


def _log_in(page, password: str) -> None:
    enter_password(page, USER, password)
    enter_code(page, USER)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def test_change_the_password_and_end_another_session(page, browser, e2e_server):
    phone_context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844},
                                        base_url=e2e_server.base_url, user_agent=PHONE_UA)
    phone_context.set_default_timeout(15_000)
    phone = phone_context.new_page()
    try:
        _log_in(page, DEMO_PASSWORD)
        _log_in(phone, DEMO_PASSWORD)

        # Both sessions are listed on the laptop, this one marked.
        page.get_by_role("link", name="Mijn account").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Mijn sessies")
        expect(page.locator("#my-sessions tbody tr")).to_have_count(2)
        expect(page.locator("#my-sessions")).to_contain_text("Dit apparaat (huidige sessie)")
        expect(page.locator("#my-sessions")).to_contain_text("Safari / iPhone")

        # The password is changed on the laptop: the phone's session ends on the server.
        page.get_by_role("link", name="Wachtwoord wijzigen").click()
        page.get_by_label("Huidig wachtwoord").fill(DEMO_PASSWORD)
        page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("Herhaal het nieuwe wachtwoord").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Wachtwoord wijzigen").click()
        expect(page.get_by_role("status")).to_contain_text("Uw wachtwoord is gewijzigd")
        phone.goto("/")
        expect(phone).to_have_url(ON_LOGIN_PAGE)

        # The phone logs in again with the new password; the laptop ends that session.
        _log_in(phone, NEW_PASSWORD)
        page.get_by_role("link", name="Mijn sessies").click()
        expect(page.locator("#my-sessions tbody tr")).to_have_count(2)
        page.locator("#my-sessions tr", has_text="Safari / iPhone").get_by_role("link", name="Beëindigen").click()
        page.get_by_label("Uw wachtwoord").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Beëindigen").click()
        expect(page.get_by_role("status")).to_contain_text("De sessie is beëindigd")
        expect(page.locator("#my-sessions tbody tr")).to_have_count(1)
        phone.goto("/")
        expect(phone).to_have_url(ON_LOGIN_PAGE)
        page.goto("/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    finally:
        phone_context.close()

"""Steps every browser test shares."""

from playwright.sync_api import Page, expect

from regiekamer.demo.accounts import DEMO_PASSWORD


def log_in(page: Page, username: str) -> None:
    """Log in as a demo user through the login form and land on the start page."""
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")

"""Smoke test of the browser harness: the login page, a good and a bad login, in a real browser,
through both steps (password, then the code of an authenticator app)."""

import re

import pytest
from playwright.sync_api import expect

from regiekamer.demo.accounts import DEMO_PASSWORD
from tests.e2e.browser import enter_code, enter_password, log_in

pytestmark = pytest.mark.e2e

LOGIN_PATH = "/inloggen/"
ON_LOGIN_PAGE = re.compile(r"/inloggen/$")
DEMO_USER = "venlo.handhaver"


def test_login_page_shows_the_form(page):
    page.goto(LOGIN_PATH)

    expect(page.locator("#id_username")).to_be_visible()
    expect(page.locator("#id_password")).to_have_attribute("type", "password")


def test_a_new_user_links_an_app_and_logs_in_with_its_code(page):
    enter_password(page, "venlo.raadpleger")
    expect(page).to_have_url(re.compile(r"/inloggen/koppelen/$"))
    expect(page.locator("#enrol-qr svg")).to_be_visible()  # the QR code, drawn under the strict CSP
    expect(page.locator("#enrol-secret")).to_have_text(re.compile(r"^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$"))
    enter_code(page, "venlo.raadpleger")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def test_demo_user_logs_in_and_leaves_the_login_page(page):
    log_in(page, DEMO_USER)

    expect(page).not_to_have_url(ON_LOGIN_PAGE)
    expect(page.locator("#id_password")).to_have_count(0)


def test_a_wrong_code_shows_an_error_and_keeps_the_code_step(page):
    log_in(page, DEMO_USER)  # enrolled (also when this test runs alone)
    page.get_by_role("button", name="Uitloggen").click()
    enter_password(page, DEMO_USER)
    expect(page).to_have_url(re.compile(r"/inloggen/verificatie/$"))
    page.get_by_label("Verificatiecode").fill("12345")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul de 6 cijfers in")
    enter_code(page, DEMO_USER)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def test_wrong_password_shows_an_error_and_stays_on_the_login_page(page):
    page.goto(LOGIN_PATH)
    page.locator("#id_username").fill(DEMO_USER)
    page.locator("#id_password").fill(DEMO_PASSWORD + "-wrong")
    page.locator("#id_password").press("Enter")

    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(ON_LOGIN_PAGE)
    expect(page.locator("#id_password")).to_be_visible()
    expect(page.locator("#id_username")).to_have_value(DEMO_USER)

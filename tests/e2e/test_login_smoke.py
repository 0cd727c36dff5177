"""Smoke test of the browser harness: the login page, a good and a bad login, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from regiekamer.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

LOGIN_PATH = "/inloggen/"
ON_LOGIN_PAGE = re.compile(r"/inloggen/")
DEMO_USER = "venlo.handhaver"


def test_login_page_shows_the_form(page):
    page.goto(LOGIN_PATH)

    expect(page.locator("#id_username")).to_be_visible()
    expect(page.locator("#id_password")).to_have_attribute("type", "password")


def test_demo_user_logs_in_and_leaves_the_login_page(page):
    page.goto(LOGIN_PATH)
    page.locator("#id_username").fill(DEMO_USER)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("#id_password").press("Enter")

    expect(page).not_to_have_url(ON_LOGIN_PAGE)
    expect(page.locator("#id_password")).to_have_count(0)


def test_wrong_password_shows_an_error_and_stays_on_the_login_page(page):
    page.goto(LOGIN_PATH)
    page.locator("#id_username").fill(DEMO_USER)
    page.locator("#id_password").fill(DEMO_PASSWORD + "-wrong")
    page.locator("#id_password").press("Enter")

    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(ON_LOGIN_PAGE)
    expect(page.locator("#id_password")).to_be_visible()
    expect(page.locator("#id_username")).to_have_value(DEMO_USER)

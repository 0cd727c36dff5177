"""Steps every browser test shares."""

import base64
import re
import time

from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from regiekamer.demo.accounts import DEMO_PASSWORD

# The authenticator app of this test session: the secret of each demo user, read from the enrolment
# page at the user's first login (as a person scans or types it), and the last time step used.
# Every browser test logs in through log_in, so this is all the server has accepted.
_SECRETS: dict[str, bytes] = {}
_LAST_STEP: dict[str, int] = {}
STEP = 30


def next_code(username: str) -> str:
    """The code of the user's app for a time step not used yet: the server accepts each step once
    (a replayed code is refused) and one step either side of its clock."""
    now = int(time.time()) // STEP
    step = max(now, _LAST_STEP.get(username, -1) + 1)
    if step > now + 1:  # both usable steps taken: wait for the next one
        time.sleep((step - 1) * STEP - time.time() + 0.5)
    _LAST_STEP[username] = step
    totp = TOTP(_SECRETS[username], STEP, 0, 6, 0)
    totp.time = step * STEP + 1
    return f"{totp.token():06d}"


def enter_password(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def enter_code(page: Page, username: str) -> None:
    """Step 2: link the app the first time (reading the secret off the page), then type its code."""
    if page.url.split("?")[0].endswith("/inloggen/koppelen/"):
        secret = page.locator("#enrol-secret").inner_text().replace(" ", "")
        _SECRETS[username] = base64.b32decode(secret + "=" * (-len(secret) % 8))
        _LAST_STEP.pop(username, None)
    else:
        expect(page).to_have_url(re.compile(r"/inloggen/verificatie/"))
    page.get_by_label("Verificatiecode").fill(next_code(username))
    page.get_by_role("button", name="Bevestigen").click()


def log_in(page: Page, username: str) -> None:
    """Log in as a demo user through both steps (password, then the authenticator code) and land on
    the start page."""
    enter_password(page, username)
    enter_code(page, username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")

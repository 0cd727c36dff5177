"""A user changes their own password ("Wachtwoord wijzigen", ASVS V6.2.2, V6.2.3, V7.4.3): the current
password is required and a wrong one counts towards the lockout; the new one passes the password
rules; the session gets a new id and every other session of the user ends on the server."""

from django.contrib.sessions.models import Session
from django.test import Client

from regiekamer.accounts.models import SecurityEvent, UserSession

from .conftest import PASSWORD, browser, device_of, log_in, post_password

NEW = "zeven blauwe fietsen op de dijk"
PAGE = "/account/wachtwoord/"


def _change(client: Client, current: str = PASSWORD, new: str = NEW, again: str | None = None):
    return client.post(PAGE, {"current_password": current, "new_password": new,
                              "new_password_again": new if again is None else again})


def _logged_in_twice(user):
    device = device_of(user)
    laptop, phone = browser(), browser(ua="Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Safari/604.1")
    log_in(laptop, user, device)
    device.refresh_from_db()
    device.last_t -= 1  # the phone logs in within the same 30 s: let the test reuse the time step
    device.save()
    log_in(phone, user, device)
    return laptop, phone


def test_a_user_changes_their_password_and_their_other_sessions_end(handler):
    laptop, phone = _logged_in_twice(handler)
    before, phone_key = laptop.session.session_key, phone.session.session_key
    assert UserSession.objects.filter(user=handler).count() == 2
    response = _change(laptop)
    assert response.status_code == 302 and response.url == PAGE
    assert "Uw wachtwoord is gewijzigd. Uw andere sessies (1) zijn beëindigd" in laptop.get(PAGE).content.decode()
    handler.refresh_from_db()
    assert handler.check_password(NEW) and not handler.check_password(PASSWORD)
    # This session: a new id, still logged in; the old id is gone from the server.
    after = laptop.session.session_key
    assert after != before and not Session.objects.filter(session_key=before).exists()
    assert laptop.get("/").status_code == 200
    # The phone's session was ended on the server, not merely at its next request.
    assert not Session.objects.filter(session_key=phone_key).exists()
    assert phone.get("/").status_code == 302
    assert UserSession.objects.filter(user=handler).count() == 1
    assert SecurityEvent.objects.filter(user=handler, kind="password_changed").count() == 1


def test_the_current_password_is_required_and_a_wrong_one_changes_nothing(handler):
    laptop, phone = _logged_in_twice(handler)
    key = laptop.session.session_key
    response = _change(laptop, current="niet-mijn-wachtwoord")
    assert response.status_code == 400
    assert "Het wachtwoord klopt niet" in response.content.decode()
    missing = laptop.post(PAGE, {"new_password": NEW, "new_password_again": NEW})
    assert missing.status_code == 400
    handler.refresh_from_db()
    assert handler.check_password(PASSWORD)
    assert laptop.session.session_key == key and phone.get("/").status_code == 200
    assert SecurityEvent.objects.filter(user=handler, kind="reauth_failure").count() == 1
    assert not SecurityEvent.objects.filter(kind="password_changed").exists()


def test_wrong_current_passwords_count_towards_the_lockout(handler):
    laptop, _phone = _logged_in_twice(handler)
    for attempt in range(4):
        assert _change(laptop, current=f"gok-nummer-{attempt}").status_code == 400
    response = _change(laptop, current="gok-nummer-5")  # the fifth failure locks and ends the session
    assert response.status_code == 302 and response.url == "/inloggen/"
    assert "Te veel mislukte pogingen" in laptop.get("/inloggen/").content.decode()
    assert laptop.get("/").status_code == 302
    handler.refresh_from_db()
    assert handler.check_password(PASSWORD)
    # The right password does not help from this browser now: the login is locked too.
    assert post_password(browser(), handler.username).status_code == 200
    assert SecurityEvent.objects.filter(user=handler, kind="lockout").count() == 1


def test_the_new_password_passes_the_password_rules(handler):
    laptop, _phone = _logged_in_twice(handler)
    short = _change(laptop, new="kort-2026")
    assert short.status_code == 400 and "te kort: gebruik minstens 12 tekens" in short.content.decode()
    context = _change(laptop, new="mijn Regiekamer wachtwoord")
    assert context.status_code == 400 and "regiekamer" in context.content.decode()
    different = _change(laptop, again=NEW + "!")
    assert different.status_code == 400 and "niet gelijk" in different.content.decode()
    handler.refresh_from_db()
    assert handler.check_password(PASSWORD)
    assert not SecurityEvent.objects.filter(kind="password_changed").exists()


def test_the_page_needs_a_login_with_the_second_factor(handler):
    assert Client().get(PAGE).url == f"/inloggen/?next={PAGE}"
    halfway = browser()
    device_of(handler)
    post_password(halfway, handler.username)
    assert halfway.get(PAGE).url.startswith("/inloggen/verificatie/")
    assert halfway.post(PAGE, {"current_password": PASSWORD, "new_password": NEW,
                               "new_password_again": NEW}).status_code == 302
    handler.refresh_from_db()
    assert handler.check_password(PASSWORD)


def test_every_page_links_to_the_account_pages(handler):
    client = browser()
    client.force_login(handler)
    start = client.get("/").content.decode()
    assert 'href="/account/sessies/"' in start and "Mijn account" in start
    account = client.get("/account/sessies/").content.decode()
    assert 'href="/account/wachtwoord/"' in account and 'href="/account/api-sleutels/"' in account
    page = client.get(PAGE)
    assert page.status_code == 200 and page["Cache-Control"].startswith("no-store")
    html = page.content.decode()
    assert 'autocomplete="current-password"' in html and html.count('autocomplete="new-password"') == 2

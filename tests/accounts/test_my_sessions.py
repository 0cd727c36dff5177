"""Mijn sessies (ASVS V7.5.2, V7.4.3, V7.1.2): the user sees their own sessions, ends another one or
all others after the password once more; at most REGIEKAMER_MAX_SESSIONS at once; the rows cost no
query on an ordinary request and leave with their session."""

import datetime as dt
import hashlib

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from regiekamer.accounts import sessions
from regiekamer.accounts.models import SecurityEvent, UserSession
from regiekamer.accounts.services import deactivate_user
from regiekamer.privacy.services import run_retention

from .conftest import PASSWORD, browser, device_of, log_in

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1"
EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36 Edg/140.0"


def _logged_in(user, *user_agents: str, ip: str = "192.0.2.10"):
    """A browser per user agent, each through both login steps, in this order (oldest first)."""
    device = device_of(user) if not hasattr(user, "_device") else user._device
    user._device = device
    clients = []
    for ua in user_agents:
        device.refresh_from_db()
        device.last_t = -1  # several logins within one 30-second step in a test: let the code count again
        device.save()
        client = browser(ip=ip, ua=ua)
        log_in(client, user, device)
        clients.append(client)
    return clients


def _row_of(client) -> UserSession:
    return UserSession.objects.get(key_hash=hashlib.sha256(client.session.session_key.encode()).hexdigest())


def test_the_page_lists_only_the_users_own_sessions_with_this_one_marked(handler, colleague):
    laptop, phone = _logged_in(handler, FIREFOX, IPHONE)
    _logged_in(colleague, EDGE)
    page = laptop.get("/account/sessies/")
    assert page.status_code == 200 and page["Cache-Control"].startswith("no-store")
    html = page.content.decode()
    assert "Firefox / Linux" in html and "Safari / iPhone" in html and "Edge / Windows" not in html
    assert html.count("Dit apparaat (huidige sessie)") == 1 and html.count("192.0.2.10") == 2
    assert f'href="/account/sessies/{_row_of(phone).pk}/beeindigen/"' in html
    assert f'href="/account/sessies/{_row_of(laptop).pk}/beeindigen/"' not in html  # this one: log out
    # A hash of the key, never the key itself.
    keys = {laptop.session.session_key, phone.session.session_key}
    assert not keys & set(UserSession.objects.values_list("key_hash", flat=True))
    assert _row_of(laptop).device == "Firefox / Linux"


def test_ending_another_session_asks_the_password_and_ends_it_on_the_server(handler):
    laptop, phone = _logged_in(handler, FIREFOX, IPHONE)
    phone_key, url = phone.session.session_key, f"/account/sessies/{_row_of(phone).pk}/beeindigen/"
    assert "Safari / iPhone" in laptop.get(url).content.decode()
    wrong = laptop.post(url, {"password": "niet-mijn-wachtwoord"})
    assert wrong.status_code == 400 and "Het wachtwoord klopt niet" in wrong.content.decode()
    assert phone.get("/").status_code == 200
    assert SecurityEvent.objects.filter(user=handler, kind="reauth_failure").count() == 1
    response = laptop.post(url, {"password": PASSWORD})
    assert response.status_code == 302 and response.url == "/account/sessies/"
    assert not Session.objects.filter(session_key=phone_key).exists()
    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 200
    assert list(UserSession.objects.filter(user=handler)) == [_row_of(laptop)]
    assert SecurityEvent.objects.filter(user=handler, kind="session_ended").count() == 1


def test_ending_all_other_sessions_keeps_only_this_one(handler, colleague):
    laptop, phone, tablet = _logged_in(handler, FIREFOX, IPHONE, EDGE)
    [other] = _logged_in(colleague, FIREFOX)
    assert laptop.get("/account/sessies/andere-beeindigen/").status_code == 200
    response = laptop.post("/account/sessies/andere-beeindigen/", {"password": PASSWORD})
    assert response.status_code == 302
    assert "Uw andere sessies (2) zijn beëindigd" in laptop.get("/account/sessies/").content.decode()
    assert phone.get("/").status_code == 302 and tablet.get("/").status_code == 302
    assert laptop.get("/").status_code == 200 and other.get("/").status_code == 200
    assert UserSession.objects.filter(user=handler).count() == 1


def test_another_users_session_and_this_session_cannot_be_ended_from_the_page(handler, colleague):
    [laptop] = _logged_in(handler, FIREFOX)
    [theirs] = _logged_in(colleague, EDGE)
    for pk in (_row_of(theirs).pk, _row_of(laptop).pk, 999999):
        url = f"/account/sessies/{pk}/beeindigen/"
        assert laptop.get(url).status_code == 404
        assert laptop.post(url, {"password": PASSWORD}).status_code == 404
    assert theirs.get("/").status_code == 200 and laptop.get("/").status_code == 200


def test_a_fourth_login_ends_the_oldest_session(handler, settings):
    assert settings.REGIEKAMER_MAX_SESSIONS == 3
    first, second, third = _logged_in(handler, FIREFOX, IPHONE, EDGE)
    oldest = first.session.session_key
    UserSession.objects.filter(key_hash=_row_of(first).key_hash).update(
        created_at=timezone.now() - dt.timedelta(minutes=5))  # the first really is the oldest
    assert not SecurityEvent.objects.filter(kind="session_limit").exists()
    [fourth] = _logged_in(handler, FIREFOX)
    assert not Session.objects.filter(session_key=oldest).exists()
    assert first.get("/").status_code == 302
    assert all(c.get("/").status_code == 200 for c in (second, third, fourth))
    assert UserSession.objects.filter(user=handler).count() == 3
    assert SecurityEvent.objects.filter(user=handler, kind="session_limit").count() == 1


def test_the_maximum_follows_its_setting(handler, settings):
    settings.REGIEKAMER_MAX_SESSIONS = 1
    first, second = _logged_in(handler, FIREFOX, IPHONE)
    assert first.get("/").status_code == 302 and second.get("/").status_code == 200


def test_an_ordinary_request_costs_no_query_for_the_rows_and_last_seen_moves_once_a_minute(handler):
    [laptop] = _logged_in(handler, FIREFOX)
    laptop.get("/")
    with CaptureQueriesContext(connection) as ordinary:
        assert laptop.get("/").status_code == 200
    assert not [q for q in ordinary.captured_queries if "accounts_usersession" in q["sql"]]
    assert not [q for q in ordinary.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]
    # A minute later the idle clock moves, and "last seen" with it: one UPDATE of the row.
    session = laptop.session
    state = session[sessions.KEY]
    session[sessions.KEY] = {**state, "seen_at": state["seen_at"] - 61}
    session.save()
    UserSession.objects.filter(user=handler).update(last_seen_at=timezone.now() - dt.timedelta(seconds=61))
    with CaptureQueriesContext(connection) as minute_later:
        assert laptop.get("/").status_code == 200
    writes = [q for q in minute_later.captured_queries if "accounts_usersession" in q["sql"]]
    assert len(writes) == 1 and writes[0]["sql"].startswith("UPDATE")
    assert timezone.now() - UserSession.objects.get(user=handler).last_seen_at < dt.timedelta(seconds=5)


def test_a_session_made_another_way_gets_its_row_at_its_first_request(handler):
    client = browser(ua=EDGE)
    client.force_login(handler)
    assert not UserSession.objects.exists()
    client.get("/")
    assert _row_of(client).device == "Edge / Windows"
    client.get("/")
    assert UserSession.objects.count() == 1


def test_the_rows_leave_with_their_sessions(handler, settings):
    laptop, phone, tablet = _logged_in(handler, FIREFOX, IPHONE, EDGE)
    laptop.post("/uitloggen/")
    assert UserSession.objects.filter(user=handler).count() == 2
    session = phone.session  # idle for longer than allowed: the next request ends it
    session[sessions.KEY] = {**session[sessions.KEY], "seen_at": int(timezone.now().timestamp()) - 31 * 60}
    session.save()
    assert phone.get("/").status_code == 302
    assert UserSession.objects.filter(user=handler).count() == 1
    deactivate_user(user=handler)
    assert not UserSession.objects.exists() and tablet.get("/").status_code == 302


def test_rows_of_abandoned_sessions_are_not_listed_and_leave_at_the_next_login_or_the_retention_round(handler):
    [laptop] = _logged_in(handler, FIREFOX)
    now = timezone.now()
    abandoned = UserSession.objects.create(user=handler, key_hash="a" * 64, created_at=now - dt.timedelta(hours=3),
                                           last_seen_at=now - dt.timedelta(hours=2), device="Chrome / Android")
    assert "Chrome / Android" not in laptop.get("/account/sessies/").content.decode()
    _logged_in(handler, IPHONE)
    assert not UserSession.objects.filter(pk=abandoned.pk).exists()
    old = UserSession.objects.create(user=handler, key_hash="b" * 64, created_at=now - dt.timedelta(days=3),
                                     last_seen_at=now - dt.timedelta(days=2))
    run_retention()
    assert not UserSession.objects.filter(pk=old.pk).exists()
    assert UserSession.objects.filter(user=handler).count() == 2  # the two live ones stay

"""Sessions: a new id at login, ended on the server at logout and when an account is disabled, and
an idle and an absolute timeout (explicit timestamps, no waiting)."""

import datetime as dt

from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.utils import timezone

from regiekamer.accounts import mfa, sessions
from regiekamer.accounts.models import SecurityEvent
from regiekamer.accounts.services import deactivate_user

from .conftest import browser, device_of, log_in, post_password


def _sessions_of(user) -> list[str]:
    return [s.session_key for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)]


def test_the_session_id_changes_at_login_and_again_after_the_code(handler):
    device = device_of(handler)
    client = browser()
    before = client.session.session_key  # an anonymous session (the test client makes one)
    post_password(client, "venlo.handhaver")
    after_password = client.session.session_key
    assert after_password != before and not Session.objects.filter(session_key=before).exists()
    log_in_code = client.post("/inloggen/verificatie/", {"code": mfa.code_for(device)})
    assert log_in_code.url == "/"
    assert client.session.session_key not in (before, after_password)
    assert not Session.objects.filter(session_key=after_password).exists()


def test_logout_ends_the_session_on_the_server(handler):
    device = device_of(handler)
    client = browser()
    log_in(client, handler, device)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    assert client.get("/uitloggen/").status_code == 405  # only a POST logs out
    response = client.post("/uitloggen/")
    assert response.status_code == 302 and response.url == "/inloggen/"
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/").status_code == 302
    assert SecurityEvent.objects.filter(user=handler, kind="logout").count() == 1


def test_logout_tells_the_browser_to_clear_what_it_kept_of_the_site(handler):
    device = device_of(handler)
    client = browser()
    log_in(client, handler, device)
    response = client.post("/uitloggen/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'


def test_disabling_an_account_ends_its_sessions_before_any_request(handler, colleague):
    phone, laptop, other = browser(), browser(ua="Tablet"), browser()
    phone.force_login(handler), laptop.force_login(handler), other.force_login(colleague)
    assert len(_sessions_of(handler)) == 2
    deactivate_user(user=handler)
    assert _sessions_of(handler) == [] and len(_sessions_of(colleague)) == 1
    assert phone.get("/").status_code == 302 and laptop.get("/").status_code == 302
    assert other.get("/").status_code == 200
    assert SecurityEvent.objects.filter(user=handler, kind="account_disabled").count() == 1


def test_disabling_an_account_in_the_admin_ends_its_sessions(handler):
    admin_user = User.objects.create_superuser("functioneel.beheer", password="a-long-superuser-password")
    session_of_handler = browser()
    session_of_handler.force_login(handler)
    admin = browser()
    admin.force_login(admin_user)
    response = admin.post("/beheer/auth/user/", {"action": "deactivate", "_selected_action": [handler.pk]})
    assert response.status_code == 302
    handler.refresh_from_db()
    assert not handler.is_active and _sessions_of(handler) == []
    assert session_of_handler.get("/").status_code == 302


def test_disabling_through_the_user_form_in_the_admin_ends_its_sessions(handler):
    admin_user = User.objects.create_superuser("functioneel.beheer", password="a-long-superuser-password")
    session_of_handler = browser()
    session_of_handler.force_login(handler)
    admin = browser()
    admin.force_login(admin_user)
    form = {"username": handler.username, "first_name": "", "last_name": "", "email": "", "is_active": "",
            "is_staff": "", "is_superuser": "", "last_login_0": "", "last_login_1": "",
            "date_joined_0": "2026-01-01", "date_joined_1": "09:00:00", "password": handler.password}
    response = admin.post(f"/beheer/auth/user/{handler.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    handler.refresh_from_db()
    assert not handler.is_active and _sessions_of(handler) == []


def _with_login_state(client, *, login_ago: dt.timedelta, seen_ago: dt.timedelta) -> None:
    now = timezone.now()
    session = client.session
    session[sessions.KEY] = {"login_at": int((now - login_ago).timestamp()),
                             "seen_at": int((now - seen_ago).timestamp()), "verified": True}
    session.save()


def test_an_idle_session_ends_after_30_minutes(handler, settings):
    assert settings.REGIEKAMER_SESSION_IDLE_MINUTES == 30
    client = browser()
    client.force_login(handler)
    _with_login_state(client, login_ago=dt.timedelta(hours=1), seen_ago=dt.timedelta(minutes=29, seconds=50))
    assert client.get("/").status_code == 200
    _with_login_state(client, login_ago=dt.timedelta(hours=1), seen_ago=dt.timedelta(minutes=30, seconds=10))
    key = client.session.session_key
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/inloggen/?next=/"
    assert not Session.objects.filter(session_key=key).exists()
    assert "niet actief" in client.get("/inloggen/").content.decode()
    assert SecurityEvent.objects.filter(user=handler, kind="session_expired").count() == 1


def test_a_session_ends_10_hours_after_login_however_active(handler, settings):
    assert settings.REGIEKAMER_SESSION_ABSOLUTE_HOURS == 10
    client = browser()
    client.force_login(handler)
    _with_login_state(client, login_ago=dt.timedelta(hours=9, minutes=59), seen_ago=dt.timedelta(seconds=5))
    assert client.get("/").status_code == 200
    _with_login_state(client, login_ago=dt.timedelta(hours=10, seconds=10), seen_ago=dt.timedelta(seconds=5))
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/inloggen/?next=/"
    assert "langer dan 10 uur" in client.get("/inloggen/").content.decode()


def test_the_timeouts_follow_their_settings(handler, settings):
    settings.REGIEKAMER_SESSION_IDLE_MINUTES = 5
    client = browser()
    client.force_login(handler)
    _with_login_state(client, login_ago=dt.timedelta(minutes=10), seen_ago=dt.timedelta(minutes=6))
    assert client.get("/").status_code == 302


def test_the_idle_clock_moves_on_with_use(handler):
    client = browser()
    client.force_login(handler)
    _with_login_state(client, login_ago=dt.timedelta(hours=1), seen_ago=dt.timedelta(minutes=20))
    client.get("/")
    seen = client.session[sessions.KEY]["seen_at"]
    assert abs(seen - timezone.now().timestamp()) < 5

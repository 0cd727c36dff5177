"""The lockout: 5 failures of one (user name, address, browser) within 15 minutes lock that key only."""

import datetime as dt

from django.utils import timezone

from regiekamer.accounts import mfa
from regiekamer.accounts.models import LoginFailure, SecurityEvent

from .conftest import IP, OTHER_IP, OTHER_UA, browser, device_of, post_code, post_password

LOCKED = "Te veel mislukte pogingen."


def _fail_five_times(client, username="venlo.handhaver"):
    for attempt in range(5):
        response = post_password(client, username, "wrong-password-1234")
        assert response.status_code == 200
    return response


def test_the_sixth_attempt_is_refused_even_with_the_right_password(handler):
    client = browser()
    for attempt in range(4):
        response = post_password(client, "venlo.handhaver", "wrong-password-1234")
        assert "De gebruikersnaam of het wachtwoord klopt niet." in response.content.decode()
    fifth = post_password(client, "venlo.handhaver", "wrong-password-1234")
    assert LOCKED in fifth.content.decode()
    sixth = post_password(client, "venlo.handhaver")  # the right password
    assert sixth.status_code == 200 and LOCKED in sixth.content.decode()
    assert "_auth_user_id" not in client.session
    kinds = list(SecurityEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["login_failure"] * 5 + ["lockout", "locked_refused"]


def test_a_second_user_behind_the_same_address_is_not_locked_out(handler, colleague):
    _fail_five_times(browser())
    response = post_password(browser(), "venlo.collega")  # same IP and browser, another user name
    assert response.status_code == 302 and response.url == "/inloggen/koppelen/"


def test_the_same_user_from_another_address_or_browser_is_not_locked_out(handler):
    _fail_five_times(browser())
    assert post_password(browser(ip=OTHER_IP), "venlo.handhaver").url == "/inloggen/koppelen/"
    assert post_password(browser(ua=OTHER_UA), "venlo.handhaver").url == "/inloggen/koppelen/"
    assert LOCKED in post_password(browser(), "venlo.handhaver").content.decode()


def test_after_the_window_the_login_works_again(handler):
    _fail_five_times(browser())
    LoginFailure.objects.update(at=timezone.now() - dt.timedelta(minutes=14, seconds=59))
    assert LOCKED in post_password(browser(), "venlo.handhaver").content.decode()
    LoginFailure.objects.update(at=timezone.now() - dt.timedelta(minutes=15, seconds=1))
    assert post_password(browser(), "venlo.handhaver").url == "/inloggen/koppelen/"


def test_wrong_codes_count_as_failures_and_lock_out_the_session(handler):
    device = device_of(handler)
    client = browser()
    for attempt in range(2):  # two wrong passwords
        post_password(client, "venlo.handhaver", "wrong-password-1234")
    post_password(client, "venlo.handhaver")
    wrong = "000000" if mfa.code_for(device) != "000000" else "111111"
    for attempt in range(3):  # and three wrong codes make five
        device.throttling_failure_count, device.throttling_failure_timestamp = 0, None  # django-otp's own delay
        device.save()
        response = post_code(client, wrong)
    assert response.status_code == 302 and response.url == "/inloggen/"
    assert "_auth_user_id" not in client.session  # the half-finished session ended
    assert LOCKED in client.get("/inloggen/").content.decode()
    assert LOCKED in post_password(client, "venlo.handhaver").content.decode()


def test_a_successful_login_forgets_earlier_typos(handler):
    device = device_of(handler)
    client = browser()
    for attempt in range(4):
        post_password(client, "venlo.handhaver", "wrong-password-1234")
    post_password(client, "venlo.handhaver")
    assert post_code(client, mfa.code_for(device)).url == "/"
    assert LoginFailure.objects.count() == 0


def test_the_lockout_keeps_keyed_hashes_not_names_addresses_or_browsers(handler):
    _fail_five_times(browser())
    stored = " ".join(f"{bucket} {digest}" for bucket, digest in LoginFailure.objects.values_list("bucket", "digest"))
    assert LoginFailure.objects.count() == 5
    for clear in ("venlo.handhaver", IP, "Firefox"):
        assert clear not in stored

"""The second factor: enrolment of an authenticator app at first login, the code step, a replayed code."""

import re
import time

from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice

from regiekamer.accounts import mfa
from regiekamer.accounts.models import SecurityEvent

from .conftest import browser, device_of, log_in, post_code, post_password


def test_first_login_shows_a_qr_code_as_inline_svg_and_the_secret_to_type_in(handler):
    client = browser()
    response = post_password(client, "venlo.handhaver")
    assert response.status_code == 302 and response.url == "/inloggen/koppelen/"
    page = client.get("/inloggen/koppelen/")
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user=handler)
    assert not device.confirmed
    assert re.search(r'<figure class="rk-qr" id="enrol-qr">\s*<svg ', html)  # an element, no <img src=...>
    assert "<img" not in html.split('id="enrol-qr"')[1].split("</figure>")[0]
    secret = re.search(r'<code id="enrol-secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert secret.replace(" ", "") == mfa.secret_base32(device).replace(" ", "") and len(secret.replace(" ", "")) == 32
    # The same device (and QR code) on a second visit, while the user is still scanning.
    client.get("/inloggen/koppelen/")
    assert TOTPDevice.objects.filter(user=handler).count() == 1


def test_enrolment_is_confirmed_by_a_valid_code_and_completes_the_login(handler):
    client = browser()
    post_password(client, "venlo.handhaver")
    client.get("/inloggen/koppelen/")
    device = TOTPDevice.objects.get(user=handler)
    wrong = post_code(client, "000000" if mfa.code_for(device) != "000000" else "111111", "/inloggen/koppelen/")
    assert wrong.status_code == 200 and "Deze verificatiecode klopt niet" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None  # django-otp's delay
    device.save()
    response = post_code(client, mfa.code_for(device), "/inloggen/koppelen/")
    assert response.status_code == 302 and response.url == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    assert list(SecurityEvent.objects.filter(user=handler).order_by("id").values_list("kind", flat=True)) == [
        "mfa_failure", "mfa_enrolled", "login_success"]


def test_a_user_with_an_app_gives_its_code_after_the_password(handler):
    device = device_of(handler)
    client = browser()
    response = post_password(client, "venlo.handhaver")
    assert response.url == "/inloggen/verificatie/"
    page = client.get(response.url)
    assert page.status_code == 200 and "Verificatiecode" in page.content.decode()
    assert client.get("/inloggen/koppelen/").url == "/inloggen/verificatie/"  # no second app by password alone
    done = post_code(client, mfa.code_for(device))
    assert done.status_code == 302 and done.url == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_code_is_refused_in_dutch(handler):
    device = device_of(handler)
    client = browser()
    post_password(client, "venlo.handhaver")
    wrong = "000000" if mfa.code_for(device) != "000000" else "111111"
    response = post_code(client, wrong)
    assert response.status_code == 200
    assert "Deze verificatiecode klopt niet." in response.content.decode()
    assert client.get("/").url.startswith("/inloggen/verificatie/")
    malformed = post_code(client, "12ab")
    assert malformed.status_code == 400 and "Vul de 6 cijfers in" in malformed.content.decode()


def test_a_replayed_code_is_refused_with_a_clear_message(handler):
    device = device_of(handler)
    first = browser()
    code = mfa.code_for(device)
    assert post_password(first, "venlo.handhaver").url == "/inloggen/verificatie/"
    assert post_code(first, code).url == "/"
    # The same code, seen by someone else within its 30 seconds, with the password too.
    second = browser(ip="203.0.113.5")
    post_password(second, "venlo.handhaver")
    response = post_code(second, code)
    assert response.status_code == 200
    assert "Deze verificatiecode is al gebruikt." in response.content.decode()
    assert second.get("/").url.startswith("/inloggen/verificatie/")
    assert SecurityEvent.objects.filter(user=handler, kind="mfa_replayed").count() == 1


def test_the_password_alone_opens_no_page_and_no_api(handler):
    device_of(handler)
    client = browser()
    post_password(client, "venlo.handhaver")
    for path in ("/", "/zoeken/?q=5912BB", "/beheer/", "/privacy/verwerkingslog/"):
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith("/inloggen/verificatie/?next="), path
    # The API treats the half-finished session as no session at all.
    assert client.get("/api/v1/addresses/").status_code in (401, 403)
    # Public pages stay public.
    assert client.get("/meldpunt/nl/").status_code == 200


def test_the_admin_login_form_sends_to_the_login_with_lockout_and_code(db):
    response = browser().get("/beheer/login/?next=/beheer/auth/user/")
    assert response.status_code == 302 and response.url == "/inloggen/?next=/beheer/auth/user/"


def test_staff_and_superusers_need_the_code_too(db):
    User.objects.create_superuser("root", password="a-long-superuser-password")
    client = browser()
    response = client.post("/inloggen/", {"username": "root", "password": "a-long-superuser-password"})
    assert response.url == "/inloggen/koppelen/"
    assert client.get("/beheer/").url.startswith("/inloggen/verificatie/")


def test_each_app_gets_its_own_160_bit_secret_and_a_code_is_dead_after_its_step_and_one_more(handler, colleague):
    """RFC 6238 with 30-second steps and one step of tolerance for clock drift (ADR 0012): a code
    two steps old is refused even though it was never used."""
    mine, theirs = mfa.enrolment_device(handler), mfa.enrolment_device(colleague)
    assert len(mine.bin_key) == 20 and mine.bin_key != theirs.bin_key  # django-otp: os.urandom
    assert (mine.step, mine.digits, mine.tolerance, mine.drift) == (30, 6, 1, 0)
    late, in_time = device_of(handler), device_of(colleague)  # two: a wrong code delays the next try
    now = time.time()
    assert mfa.verify(late, mfa.code_for(late, at=now - 65)) == mfa.Outcome.WRONG
    assert mfa.verify(in_time, mfa.code_for(in_time, at=now - 30)) == mfa.Outcome.OK

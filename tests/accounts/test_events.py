"""Security events: authentication events and refused requests, in the append-only table and in the
`regiekamer.security` log, never with a password, a code or a citizen service number."""

import datetime as dt
import logging

import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django.utils import timezone

from regiekamer.accounts import mfa
from regiekamer.accounts.models import SecurityEvent
from regiekamer.organisations.models import OrganisationKind as K, Role
from regiekamer.privacy.services import run_retention
from tests.factories import MembershipFactory, OrganisationFactory, municipality

from .conftest import IP, UA, browser, device_of, post_password


def test_a_login_leaves_events_in_the_table_and_the_log_without_password_or_code(handler, caplog):
    device = device_of(handler)
    code = mfa.code_for(device)
    client = browser()
    with caplog.at_level(logging.INFO, logger="regiekamer.security"):
        post_password(client, "venlo.handhaver", "wrong-password-1234")
        post_password(client, "venlo.handhaver")
        client.post("/inloggen/verificatie/", {"code": code})
        client.post("/uitloggen/")
    events = list(SecurityEvent.objects.order_by("id"))
    assert [e.kind for e in events] == ["login_failure", "login_success", "logout"]
    failure = events[0]
    assert (failure.user, failure.username, failure.ip_address, failure.user_agent, failure.path) == (
        handler, "venlo.handhaver", IP, UA, "/inloggen/")
    assert failure.organisation == handler.membership.organisation
    assert failure.municipality_id == handler.membership.organisation.municipality_id
    lines = [r.getMessage() for r in caplog.records if r.name == "regiekamer.security"]
    assert len(lines) == 3 and 'event=login_failure user="venlo.handhaver"' in lines[0]
    stored = " ".join(str(v) for e in events for v in e.__dict__.values()) + " ".join(lines)
    assert "wrong-password-1234" not in stored and "correct-horse-battery" not in stored and code not in stored


def test_an_unknown_user_name_is_logged_and_a_bsn_typed_as_user_name_is_not(db, caplog):
    with caplog.at_level(logging.INFO, logger="regiekamer.security"):
        post_password(browser(), "niemand", "wrong-password-1234")
        post_password(browser(), "123456782", "wrong-password-1234")  # a valid BSN, typed by mistake
    assert list(SecurityEvent.objects.order_by("id").values_list("username", "user")) == [
        ("niemand", None), ("#########", None)]
    assert "123456782" not in caplog.text


def test_a_forged_line_in_a_user_name_stays_inside_its_quotes(db, caplog):
    forged = "niemand\nsecurity event=login_success user=venlo.beheer"
    with caplog.at_level(logging.INFO, logger="regiekamer.security"):
        post_password(browser(), forged, "wrong-password-1234")
    [line] = [r.getMessage() for r in caplog.records if r.name == "regiekamer.security"]
    assert "\n" not in line
    assert line.startswith('security event=login_failure user="niemand\\nsecurity event=login_success user=venlo.beheer" ')
    assert line.endswith(' path="/inloggen/"')


def test_every_401_of_the_api_is_an_event(db):
    response = Client().get("/api/v1/addresses/")
    assert response.status_code == 401
    event = SecurityEvent.objects.get()
    assert (event.kind, event.status, event.path, event.user) == ("unauthenticated", 401, "/api/v1/addresses/", None)
    Client().get("/api/v1/addresses/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert SecurityEvent.objects.filter(kind="unauthenticated").count() == 2


def test_every_403_is_an_event_with_the_user(handler):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=IP)
    client.force_login(handler)
    response = client.post("/meldingen/nieuw/", {})  # no CSRF token: refused before any view
    assert response.status_code == 403
    event = SecurityEvent.objects.get(kind="forbidden")
    assert (event.user, event.status, event.path) == (handler, 403, "/meldingen/nieuw/")


def test_a_404_of_a_logged_in_user_on_an_existing_route_is_an_event(handler):
    client = browser()
    client.force_login(handler)
    assert client.get("/adressen/0983010000999999/").status_code == 404  # not there, or not theirs
    assert client.get("/bestaat-niet/").status_code == 404  # no route: no event
    assert list(SecurityEvent.objects.values_list("kind", "path")) == [("not_found", "/adressen/0983010000999999/")]


def test_the_security_events_are_append_only(handler):
    event = SecurityEvent.objects.create(at=timezone.now(), kind="logout", user=handler, username="venlo.handhaver")
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).update(username="iemand-anders")
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).delete()
    assert SecurityEvent.objects.get().username == "venlo.handhaver"


def test_the_administrator_sees_the_events_of_their_own_organisation(handler, administrator, venlo):
    horst = OrganisationFactory(name="Horst handhaving", kind=K.MUNICIPAL_ENFORCEMENT, municipality=municipality("GM1507"))
    outsider = MembershipFactory(organisation=horst, role=Role.HANDLER, user__username="horst.handhaver").user
    post_password(browser(), "venlo.handhaver", "wrong-password-1234")
    post_password(browser(), "horst.handhaver", "wrong-password-1234")
    client = browser()
    client.force_login(administrator)
    response = client.get("/beveiliging/gebeurtenissen/")
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "venlo.handhaver" in html and "Inloggen mislukt" in html and IP in html
    assert "horst.handhaver" not in html
    assert 'href="/beveiliging/gebeurtenissen/"' in html  # in the menu
    colleague = browser()
    colleague.force_login(handler)
    assert colleague.get("/beveiliging/gebeurtenissen/").status_code == 404
    assert 'href="/beveiliging/gebeurtenissen/"' not in colleague.get("/").content.decode()
    assert outsider.membership.organisation == horst


def test_the_retention_round_removes_security_events_after_a_year(handler):
    org = handler.membership.organisation
    old, recent = (SecurityEvent.objects.create(at=timezone.now() - age, kind="login_success", user=handler,
                                                organisation=org, municipality_id=org.municipality_id,
                                                username=handler.username)
                   for age in (dt.timedelta(days=370), dt.timedelta(days=300)))
    run_retention()
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk


def test_a_failed_login_from_a_logged_in_session_names_the_target_not_the_session(administrator):
    client = browser()
    client.force_login(administrator)
    post_password(client, "niemand", "wrong-password-1234")
    event = SecurityEvent.objects.get(kind="login_failure")
    assert (event.user, event.username, event.organisation) == (None, "niemand", None)

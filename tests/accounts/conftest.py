"""Accounts tests log in through the real steps (password, then code); they never use force_login's
shortcut for the second factor except where a test says so."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from regiekamer.accounts import mfa
from regiekamer.organisations.models import OrganisationKind as K, Role
from tests.factories import MembershipFactory, OrganisationFactory, municipality

PASSWORD = "correct-horse-battery"  # tests/factories.UserFactory
IP, OTHER_IP = "192.0.2.10", "198.51.100.20"
UA, OTHER_UA = "Mozilla/5.0 (X11; Linux) Firefox/140.0", "Mozilla/5.0 (Windows NT 10.0) Edge/140.0"


@pytest.fixture
def venlo(db):
    return OrganisationFactory(name="Venlo handhaving", kind=K.MUNICIPAL_ENFORCEMENT, municipality=municipality("GM0983"))


@pytest.fixture
def handler(venlo):
    return MembershipFactory(organisation=venlo, role=Role.HANDLER, user__username="venlo.handhaver").user


@pytest.fixture
def colleague(venlo):
    return MembershipFactory(organisation=venlo, role=Role.HANDLER, user__username="venlo.collega").user


@pytest.fixture
def administrator(venlo):
    return MembershipFactory(organisation=venlo, role=Role.ADMINISTRATOR, user__username="venlo.beheer").user


def device_of(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def browser(ip: str = IP, ua: str = UA) -> Client:
    return Client(REMOTE_ADDR=ip, HTTP_USER_AGENT=ua)


def post_password(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post("/inloggen/", {"username": username, "password": password}, **extra)


def post_code(client: Client, code: str, path: str = "/inloggen/verificatie/"):
    return client.post(path, {"code": code})


def log_in(client: Client, user, device: TOTPDevice):
    """Both steps, with the code the device shows now; returns the last response."""
    assert post_password(client, user.username).url == "/inloggen/verificatie/"
    return post_code(client, mfa.code_for(device))

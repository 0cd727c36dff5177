"""The demo-data and demo-logins commands against a database."""

import datetime as dt
import io
import re

import pytest
from django.test import TestCase
from django.contrib import admin
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import F
from rest_framework.test import APIClient

from regiekamer.cases.models import Case, CaseParticipant
from regiekamer.core.validators import bsn_is_valid
from regiekamer.accounts.models import PersonalApiToken
from regiekamer.demo.accounts import DEMO_PASSWORD, ORGANISATIONS, PARTNER_KEYS, TOKEN_USER, USERS
from regiekamer.demo.generator import generate_demo_region
from regiekamer.demo.models import ProblemTruth
from regiekamer.demo.places import PLACES, PLACES_BY_CODE
from regiekamer.organisations.models import ApiClient, Membership, Organisation, OrganisationKind
from regiekamer.registry.models import Address, Municipality, Owner, Region, Registration

N = 600
pytestmark = pytest.mark.django_db


# One demo region for the tests that read it: generated once for the class (each test rolls back to
# it), not once per test, which cost up to 25 s a test on PostgreSQL.
class DemoRegionTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("demo_data", addresses=N, seed=7, verbosity=0, stdout=io.StringIO())

    def test_region_and_its_seven_municipalities(self):
        region = Region.objects.get(code="noord-limburg")
        assert set(region.municipalities.values_list("code", flat=True)) == {p.code for p in PLACES}
        assert set(Municipality.objects.filter(region=region).values_list("name", flat=True)) == {
            "Venlo", "Horst aan de Maas", "Peel en Maas", "Venray", "Beesel", "Bergen (L.)", "Gennep",
        }

    def test_address_count_ids_and_postcodes(self):
        assert Address.objects.count() == N
        for bag_id, number_id, postcode, code in Address.objects.values_list(
            "bag_id", "address_number_id", "postcode", "municipality__code"
        ):
            assert re.fullmatch(r"\d{16}", bag_id) and bag_id.startswith(code[2:] + "01")
            assert number_id.startswith(code[2:] + "20")
            assert int(postcode[:4]) in PLACES_BY_CODE[code].postcode_numbers

    def test_every_address_has_its_hidden_truth(self):
        assert ProblemTruth.objects.count() == N
        assert 0.03 <= ProblemTruth.objects.filter(is_problem=True).count() / N <= 0.06

    def test_no_bsn_is_stored(self):
        refs = list(Registration.objects.values_list("person_ref", flat=True))
        refs += list(Owner.objects.exclude(pseudonym="").values_list("pseudonym", flat=True))
        assert refs
        assert not [ref for ref in refs if not re.fullmatch(r"[0-9a-f]{32}", ref) or bsn_is_valid(ref)]

    def test_every_demo_user_has_a_membership_and_the_demo_password(self):
        for spec in USERS:
            user = User.objects.get(username=spec.username)
            membership = Membership.objects.get(user=user)
            assert membership.role == spec.role
            assert authenticate(username=spec.username, password=DEMO_PASSWORD) == user
        assert len({spec.organisation for spec in USERS}) >= 8

    def test_organisations_know_their_municipality_or_region(self):
        for spec in ORGANISATIONS:
            organisation = Organisation.objects.get(name=spec.name)
            assert (organisation.municipality.code if organisation.municipality else None) == spec.municipality_code
            assert (organisation.region is not None) == spec.regional

    def test_if_empty_leaves_an_existing_database_alone(self):
        before = (Address.objects.count(), Registration.objects.count(), Case.objects.count())
        out = io.StringIO()
        call_command("demo_data", addresses=50, seed=1, if_empty=True, verbosity=0, stdout=out)
        assert "already has" in out.getvalue()
        assert (Address.objects.count(), Registration.objects.count(), Case.objects.count()) == before

    def test_without_if_empty_a_filled_database_is_refused(self):
        with pytest.raises(CommandError):
            call_command("demo_data", addresses=50, verbosity=0, stdout=io.StringIO())

    def test_cases_belong_to_municipal_enforcement(self):
        assert Case.objects.exists()
        assert not Case.objects.exclude(responsible__kind=OrganisationKind.MUNICIPAL_ENFORCEMENT).exists()
        assert not Case.objects.exclude(responsible__municipality=F("address__municipality")).exists()

    def test_each_external_partner_sees_some_cases_and_not_others(self):
        names = {spec.key: spec.name for spec in ORGANISATIONS}
        total = Case.objects.count()
        for key in PARTNER_KEYS:
            taking_part = CaseParticipant.objects.filter(organisation__name=names[key]).count()
            assert 1 <= taking_part < total, key

    def test_demo_logins_prints_users_password_how_to_make_an_api_key_and_a_partner_token(self):
        out = io.StringIO()
        call_command("demo_logins", stdout=out)
        text = out.getvalue()
        for spec in USERS:
            assert spec.username in text
        assert DEMO_PASSWORD in text and "http://127.0.0.1:8000/inloggen/" in text
        # A personal API key is made by its user after the second factor: the command says how, makes none.
        assert f"log in as {TOKEN_USER}" in text and "http://127.0.0.1:8000/account/api-sleutels/" in text
        assert 'curl -H "Authorization: Token <key>" http://127.0.0.1:8000/api/v1/addresses/' in text
        partner = next(line for line in text.splitlines() if line.startswith("Partner system token"))
        system_token = partner.rsplit(": ", 1)[1]
        assert APIClient().get("/api/v1/meldingen/", HTTP_AUTHORIZATION=f"Bearer {system_token}").status_code == 200
        call_command("demo_logins", stdout=io.StringIO())
        assert not PersonalApiToken.objects.exists()
        # Each run makes a fresh partner token (only hashes are kept) and revokes the one before.
        assert APIClient().get("/api/v1/meldingen/", HTTP_AUTHORIZATION=f"Bearer {system_token}").status_code == 401
        assert ApiClient.objects.filter(revoked_at__isnull=True).count() == 1


def test_same_seed_twice_gives_the_same_data():
    def run() -> tuple[list[str], int]:
        with transaction.atomic():
            generate_demo_region(addresses=200, seed=11, today=dt.date(2026, 11, 27))
            result = (sorted(Address.objects.values_list("bag_id", flat=True)), Registration.objects.count())
            transaction.set_rollback(True)
        return result

    assert run() == run()


def test_problem_truth_is_not_in_the_admin():
    assert not admin.site.is_registered(ProblemTruth)


def test_demo_logins_creates_no_users():
    with pytest.raises(CommandError):
        call_command("demo_logins", stdout=io.StringIO())
    assert not User.objects.exists()

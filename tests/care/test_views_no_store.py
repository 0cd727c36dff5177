"""Care pages show person pseudonyms and referrals: no cache may keep them (Cache-Control: no-store)."""

import pytest
from django.test import Client

from regiekamer.organisations.models import OrganisationKind as K, Role
from tests.care.factories import CareReferralFactory
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_care_pages_are_never_cached():
    social = MembershipFactory(organisation=OrganisationFactory(kind=K.MUNICIPAL_SOCIAL), role=Role.HANDLER)
    referral = CareReferralFactory()
    client = Client()
    client.force_login(social.user)
    for url in ("/zorg/", f"/zorg/doorverwijzingen/{referral.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"].startswith("no-store"), url

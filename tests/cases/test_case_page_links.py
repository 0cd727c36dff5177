"""The case page offers the next steps only to those who may take them."""

import pytest

from regiekamer.organisations.models import OrganisationKind as K, Role
from tests.factories import CaseFactory, CaseParticipantFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _page(client, user, case):
    client.force_login(user)
    response = client.get(f"/zaken/{case.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_links_follow_the_rules(client):
    enforcement = MembershipFactory(role=Role.HANDLER)
    case = CaseFactory(responsible=enforcement.organisation)
    fire = MembershipFactory(role=Role.HANDLER, organisation=OrganisationFactory(kind=K.FIRE_SERVICE, municipality=None))
    corporation = MembershipFactory(role=Role.VIEWER,
                                    organisation=OrganisationFactory(kind=K.HOUSING_CORPORATION, municipality=None))
    for member in (fire, corporation):
        CaseParticipantFactory(case=case, organisation=member.organisation)

    lead = _page(client, enforcement.user, case)
    assert f"/controles/nieuw/?adres={case.address.bag_id}&amp;zaak={case.pk}" in lead
    assert f"/handhaving/zaken/{case.pk}/interventie/" in lead
    assert f"/zorg/zaken/{case.pk}/doorverwijzen/" in lead

    fire_page = _page(client, fire.user, case)
    assert f"/zorg/zaken/{case.pk}/doorverwijzen/" in fire_page  # a fire inspector meets people too
    assert "/controles/nieuw/" not in fire_page and "/interventie/" not in fire_page

    corporation_page = _page(client, corporation.user, case)
    assert "/doorverwijzen/" not in corporation_page and "/controles/nieuw/" not in corporation_page  # a viewer

import pytest

from regiekamer.information import services
from regiekamer.organisations.models import OrganisationKind as K, Role
from tests.factories import MembershipFactory, OrganisationFactory, RegionFactory, municipality


@pytest.fixture
def region(db):
    region = RegionFactory()
    for code in ("GM0983", "GM1507"):  # Venlo and Horst aan de Maas
        place = municipality(code)
        place.region = region
        place.save()
    return region


@pytest.fixture
def venlo(region):
    return municipality("GM0983")


@pytest.fixture
def horst(region):
    return municipality("GM1507")


def member(kind: str, role: str, *, place=None, region=None):
    organisation = OrganisationFactory(kind=kind, municipality=place, region=region)
    return MembershipFactory(organisation=organisation, role=role).user


@pytest.fixture
def coordinator(venlo):
    """A coordinator of Venlo's enforcement department: edits Venlo's and the region's items."""
    return member(K.MUNICIPAL_ENFORCEMENT, Role.COORDINATOR, place=venlo)


@pytest.fixture
def handler(venlo):
    return member(K.MUNICIPAL_ENFORCEMENT, Role.HANDLER, place=venlo)


@pytest.fixture
def item(region, coordinator):
    """A region item with Dutch version 1, a current Polish translation and nothing else; published."""
    item = services.create_item(region=region, municipality=None, slug="uw-rechten", audience="bewoners",
                                topic="rechten", title="Uw rechten", body="U krijgt een **huurcontract**.",
                                actor=coordinator)
    services.save_translation(item=item, language="pl", title="Twoje prawa", body="Dostajesz **umowę najmu**.",
                              published=True, actor=coordinator)
    return services.set_published(item=item, published=True, actor=coordinator)

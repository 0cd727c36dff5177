import pytest

from regiekamer.organisations.models import OrganisationKind as K, Role
from tests.factories import MembershipFactory, OrganisationFactory, RegionFactory, municipality


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Attachments go to a temporary MEDIA_ROOT, so that a test can count the files on disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def venlo(db):
    region = RegionFactory()
    venlo, horst = municipality("GM0983"), municipality("GM1507")
    venlo.region = horst.region = region
    venlo.save(), horst.save()
    return venlo


@pytest.fixture
def orgs(venlo):
    region = venlo.region
    return {
        "handhaving": OrganisationFactory(name="Venlo handhaving", kind=K.MUNICIPAL_ENFORCEMENT, municipality=venlo),
        "burgerzaken": OrganisationFactory(name="Venlo burgerzaken", kind=K.MUNICIPAL_CIVIL_AFFAIRS, municipality=venlo),
        "horst": OrganisationFactory(name="Horst handhaving", kind=K.MUNICIPAL_ENFORCEMENT,
                                     municipality=municipality("GM1507")),
        "brandweer": OrganisationFactory(name="Brandweer Noord-Limburg", kind=K.FIRE_SERVICE, municipality=None,
                                         region=region),
        "arbeidsinspectie": OrganisationFactory(name="Arbeidsinspectie Zuid", kind=K.LABOUR_INSPECTORATE,
                                                municipality=None, region=region),
        "politie": OrganisationFactory(name="Politie Limburg", kind=K.POLICE, municipality=None, region=region),
        "corporatie": OrganisationFactory(name="Woonwenz", kind=K.HOUSING_CORPORATION, municipality=None,
                                          region=region),
    }


@pytest.fixture
def handler(orgs):
    return MembershipFactory(organisation=orgs["handhaving"], role=Role.HANDLER).user


@pytest.fixture
def viewer(orgs):
    return MembershipFactory(organisation=orgs["handhaving"], role=Role.VIEWER).user


@pytest.fixture
def horst_handler(orgs):
    return MembershipFactory(organisation=orgs["horst"], role=Role.HANDLER).user


@pytest.fixture
def fire_handler(orgs):
    return MembershipFactory(organisation=orgs["brandweer"], role=Role.HANDLER).user


@pytest.fixture
def police_handler(orgs):
    return MembershipFactory(organisation=orgs["politie"], role=Role.HANDLER).user

import datetime as dt

import pytest

from regiekamer.organisations.models import OrganisationKind as K, Role
from tests.factories import AddressFactory, MembershipFactory, OrganisationFactory, RegionFactory, municipality

VENLO_FORM = "/meldpunt/nl/gm0983/"
HORST_FORM = "/meldpunt/nl/gm1507/"
REGION_FORM = "/meldpunt/nl/regio/noord-limburg/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(db):
    """Venlo and Horst aan de Maas in region Noord-Limburg, each with an enforcement department;
    two Venlo addresses (one with a letter beside it), one in Horst; a handler of each, a fire-service handler."""
    region = RegionFactory()
    venlo, horst = municipality("GM0983"), municipality("GM1507")
    venlo.region = horst.region = region
    venlo.save(), horst.save()
    orgs = {
        "venlo": OrganisationFactory(name="Venlo handhaving", kind=K.MUNICIPAL_ENFORCEMENT, municipality=venlo),
        "horst": OrganisationFactory(name="Horst handhaving", kind=K.MUNICIPAL_ENFORCEMENT, municipality=horst),
        "brandweer": OrganisationFactory(name="Brandweer", kind=K.FIRE_SERVICE, municipality=None, region=region),
    }
    parade = AddressFactory(street="Parade", house_number=1, postcode="5911AA", city="Venlo")
    kerk = AddressFactory(street="Kerkstraat", house_number=7, postcode="5912BB", city="Venlo")
    kerk_a = AddressFactory(street="Kerkstraat", house_number=7, house_letter="A", postcode="5912BB", city="Venlo")
    horst_address = AddressFactory(municipality=horst, street="Steeg", house_number=3, postcode="5961CC",
                                   city="Horst", bag_id="1507010000000003")
    return {
        "region": region, "venlo": venlo, "horst": horst, "orgs": orgs, "parade": parade, "kerk": kerk,
        "kerk_a": kerk_a, "horst_address": horst_address,
        "handler": MembershipFactory(organisation=orgs["venlo"], role=Role.HANDLER).user,
        "viewer": MembershipFactory(organisation=orgs["venlo"], role=Role.VIEWER).user,
        "horst_handler": MembershipFactory(organisation=orgs["horst"], role=Role.HANDLER).user,
        "fire_handler": MembershipFactory(organisation=orgs["brandweer"], role=Role.HANDLER).user,
    }


def valid(**changes) -> dict:
    """A complete report about Parade 1, Venlo, with contact details."""
    data = {
        "landlord": "particulier", "topic": "te-veel-mensen",
        "description": "In dit huis wonen zestien mensen in vier kamers.",
        "happened_on": (dt.date.today() - dt.timedelta(days=2)).isoformat(),
        "place": "adres", "postcode": "5911 aa", "house_number": "1", "house_addition": "",
        "latitude": "", "longitude": "", "contact": "contact", "name": "Anna Nowak",
        "email": "anna@example.org", "phone": "", "website_adres": "", "action": "versturen",
    }
    data.update(changes)
    return data

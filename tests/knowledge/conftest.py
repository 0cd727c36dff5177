"""A region with two municipalities and its partners, and a municipality of another region."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from regiekamer.knowledge import services
from regiekamer.knowledge.models import Article, ArticleKind, Tag, Visibility
from regiekamer.organisations.models import Organisation, OrganisationKind as K, Role
from regiekamer.registry.models import Region
from tests.factories import MembershipFactory, OrganisationFactory, RegionFactory, municipality


@dataclass
class Cast:
    region: Region
    venlo: Organisation
    horst: Organisation
    fire: Organisation
    programme: Organisation
    utrecht: Organisation
    author: User  # Venlo enforcement handler
    venlo_coordinator: User
    venlo_viewer: User
    horst_handler: User
    fire_viewer: User
    programme_coordinator: User
    programme_viewer: User
    utrecht_handler: User
    privacy: User
    loose: User  # logged in without a membership


def _user(organisation, role, name):
    return MembershipFactory(organisation=organisation, role=role, user__username=name).user


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def cast(db, media) -> Cast:
    region = RegionFactory()
    other = RegionFactory(code="utrecht", name="Utrecht")
    venlo_m, horst_m, utrecht_m = municipality("GM0983"), municipality("GM1507"), municipality("GM0344")
    venlo_m.region = horst_m.region = region
    utrecht_m.region = other
    for item in (venlo_m, horst_m, utrecht_m):
        item.save()
    venlo = OrganisationFactory(name="Venlo handhaving", municipality=venlo_m)
    horst = OrganisationFactory(name="Horst handhaving", municipality=horst_m)
    fire = OrganisationFactory(name="Brandweer Limburg-Noord", kind=K.FIRE_SERVICE, municipality=None, region=region)
    programme = OrganisationFactory(name="Regioprogramma", kind=K.REGIONAL_PROGRAMME, municipality=None, region=region)
    utrecht = OrganisationFactory(name="Utrecht handhaving", municipality=utrecht_m)
    return Cast(
        region=region, venlo=venlo, horst=horst, fire=fire, programme=programme, utrecht=utrecht,
        author=_user(venlo, Role.HANDLER, "anna"),
        venlo_coordinator=_user(venlo, Role.COORDINATOR, "cor"),
        venlo_viewer=_user(venlo, Role.VIEWER, "vera"),
        horst_handler=_user(horst, Role.HANDLER, "henk"),
        fire_viewer=_user(fire, Role.VIEWER, "frits"),
        programme_coordinator=_user(programme, Role.COORDINATOR, "regina"),
        programme_viewer=_user(programme, Role.VIEWER, "rob"),
        utrecht_handler=_user(utrecht, Role.HANDLER, "ursula"),
        privacy=_user(venlo, Role.PRIVACY_OFFICER, "pim"),
        loose=User.objects.create_user("los"),
    )


def tag(value: str) -> Tag:
    return Tag.objects.get(value=value)


def write(author, *, title="Gezamenlijke controle", body="De inspectie van een vakantiepark.",
          kind=ArticleKind.PROCEDURE, visibility=Visibility.REGION, tags=(), review_on=None) -> Article:
    return services.create_article(actor=author, kind=kind, title=title, body=body, visibility=visibility,
                                   review_on=review_on or dt.date.today() + dt.timedelta(days=365),
                                   tags=[tag(value) for value in tags])

"""Routing proposals from the default rules (migration 0003) and a municipal override."""

import pytest

from regiekamer.meldingen.models import MeldingCategory as C, MeldingSource as S, RoutingRule
from regiekamer.meldingen.routing import default_case_type, propose_route
from regiekamer.organisations.models import OrganisationKind as K
from tests.factories import OrganisationFactory, municipality

pytestmark = pytest.mark.django_db


def names(organisations):
    return [o.name for o in organisations]


@pytest.mark.parametrize("category", [C.OVERCROWDING, C.ILLEGAL_LETTING, C.LANDLORD_COMPLAINT, C.POLLUTION,
                                      C.NUISANCE, C.UNSAFE_HOUSING])
def test_housing_categories_go_to_municipal_enforcement(orgs, venlo, category):
    assert names(propose_route(category, venlo, S.CITIZEN)) == ["Venlo handhaving"]


def test_fire_safety_goes_to_the_fire_service_then_enforcement(orgs, venlo):
    assert names(propose_route(C.FIRE_SAFETY, venlo, S.CITIZEN)) == ["Brandweer Noord-Limburg", "Venlo handhaving"]


def test_exploitation_goes_to_the_labour_inspectorate_and_the_police(orgs, venlo):
    assert names(propose_route(C.EXPLOITATION, venlo, S.PARTNER)) == ["Arbeidsinspectie Zuid", "Politie Limburg"]


def test_an_laa_signal_goes_to_civil_affairs_first(orgs, venlo):
    # The LAA rule (priority 5) comes before the category's rule (priority 10).
    assert names(propose_route(C.OVERCROWDING, venlo, S.LAA)) == ["Venlo burgerzaken", "Venlo handhaving"]
    assert default_case_type(C.OVERCROWDING, S.LAA) == "brp_adresonderzoek"


def test_each_municipality_gets_its_own_department(orgs, venlo):
    assert names(propose_route(C.OVERCROWDING, municipality("GM1507"), S.CITIZEN)) == ["Horst handhaving"]
    # Venray has no enforcement department in this world: no proposal rather than another town's.
    assert propose_route(C.OVERCROWDING, municipality("GM0984"), S.CITIZEN) == []


def test_a_municipal_override_replaces_the_default_for_that_municipality_only(orgs, venlo):
    OrganisationFactory(name="Venlo sociaal domein", kind=K.MUNICIPAL_SOCIAL, municipality=venlo)
    RoutingRule.objects.create(category=C.POLLUTION, municipality=venlo, organisation_kind=K.MUNICIPAL_SOCIAL,
                               priority=10)
    assert names(propose_route(C.POLLUTION, venlo, S.CITIZEN)) == ["Venlo sociaal domein"]
    assert names(propose_route(C.POLLUTION, municipality("GM1507"), S.CITIZEN)) == ["Horst handhaving"]
    # Other categories in Venlo keep the default, and so does the LAA rule (its own key).
    assert names(propose_route(C.OVERCROWDING, venlo, S.CITIZEN)) == ["Venlo handhaving"]
    assert names(propose_route(C.POLLUTION, venlo, S.LAA)) == ["Venlo burgerzaken", "Venlo sociaal domein"]

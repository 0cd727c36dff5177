"""Reads: staff see their region's items with flags; the public sees only what is published."""

import pytest
from django.http import Http404

from regiekamer.information import selectors, services
from regiekamer.organisations.access import scope_for
from regiekamer.organisations.models import OrganisationKind as K, Role
from tests.factories import RegionFactory, UserFactory, municipality

from .conftest import member


def test_the_public_sees_a_published_item_only_in_its_published_languages(item):
    assert [(i.slug, t.title) for i, t in selectors.public_items("pl")] == [("uw-rechten", "Twoje prawa")]
    assert [(i.slug, t.title) for i, t in selectors.public_items("nl")] == [("uw-rechten", "Uw rechten")]
    assert selectors.public_items("bg") == []  # no translation
    assert selectors.public_languages(item) == ["nl", "pl"]
    with pytest.raises(Http404):
        selectors.public_item("bg", "uw-rechten")


def test_an_unpublished_translation_and_an_unpublished_item_are_not_public(item, coordinator):
    services.save_translation(item=item, language="ro", title="Drepturile", body="Text.", published=False,
                              actor=coordinator)
    assert selectors.public_items("ro") == []
    with pytest.raises(Http404):
        selectors.public_item("ro", "uw-rechten")
    # Withdrawing the Polish translation: its newest version is unpublished, so the older one is not shown either.
    services.save_translation(item=item, language="pl", title="Twoje prawa", body="Dostajesz **umowę najmu**.",
                              published=False, actor=coordinator)
    assert selectors.public_items("pl") == []
    services.set_published(item=item, published=False, actor=coordinator)
    assert selectors.public_items("nl") == []
    with pytest.raises(Http404):
        selectors.public_item("nl", "uw-rechten")


def test_staff_see_the_items_of_their_own_region_only(item, venlo):
    other_region = RegionFactory(code="elders", name="Elders")
    amsterdam = municipality("GM0363")
    amsterdam.region = other_region
    amsterdam.save()
    outsider = member(K.MUNICIPAL_ENFORCEMENT, Role.COORDINATOR, place=amsterdam)
    insider = member(K.FIRE_SERVICE, Role.VIEWER, region=item.region)
    assert [row["item"].slug for row in selectors.staff_overview(scope_for(insider))] == ["uw-rechten"]
    assert selectors.staff_overview(scope_for(outsider)) == []
    with pytest.raises(Http404):
        selectors.staff_item(scope_for(outsider), "uw-rechten")
    no_membership = UserFactory()
    assert list(selectors.staff_items(scope_for(no_membership))) == []


def test_the_overview_flags_missing_and_outdated_translations(item, coordinator):
    services.save_translation(item=item, language="en", title="Your rights", body="You get a contract.",
                              published=True, actor=coordinator)
    services.edit_source(item=item, title="Uw rechten", body="Nieuw.", actor=coordinator)
    services.save_translation(item=item, language="en", title="Your rights", body="New.", published=True,
                              actor=coordinator)
    [row] = selectors.staff_overview(scope_for(coordinator))
    assert row["title"] == "Uw rechten"
    assert [(s.code, s.state, s.text.version if s.text else None) for s in row["states"]] == [
        ("nl", "actueel", 2), ("en", "actueel", 2), ("pl", "verouderd", 1), ("ro", "ontbreekt", None),
        ("bg", "ontbreekt", None)]


def test_the_meldpunt_link_goes_to_the_municipality_or_the_region(item, coordinator, venlo, horst):
    # The coordinator's department (Venlo enforcement) runs Venlo's intake, so the region has a form.
    assert selectors.meldpunt_path(item, "pl") == "/meldpunt/pl/regio/noord-limburg/"
    own = services.create_item(region=item.region, municipality=venlo, slug="venlo", audience="bewoners",
                               topic="melden", title="Melden in Venlo", body="Tekst.", actor=coordinator)
    assert selectors.meldpunt_path(own, "bg") == "/meldpunt/bg/gm0983/"
    horst_item = services.create_item(region=item.region, municipality=horst, slug="horst", audience="bewoners",
                                      topic="melden", title="Melden in Horst", body="Tekst.", actor=coordinator)
    # Horst has no intake department: its items point to the region's form.
    assert selectors.meldpunt_path(horst_item, "nl") == "/meldpunt/nl/regio/noord-limburg/"
    # A region where nobody runs an intake: the meldpunt's start page.
    elsewhere = RegionFactory(code="elders", name="Elders")
    lonely = services.create_item(region=elsewhere, municipality=None, slug="elders", audience="bewoners",
                                  topic="melden", title="Melden", body="Tekst.", actor=coordinator)
    assert selectors.meldpunt_path(lonely, "ro") == "/meldpunt/ro/"

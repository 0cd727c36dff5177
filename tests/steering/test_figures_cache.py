"""The municipal dashboard's figures are computed once per municipality and period and kept for
REGIEKAMER_FIGURES_CACHE_SECONDS in the shared "figures" cache (docs/adr/0013-figures-cache.md):
a second reader gets the same counts without counting again, the page says when they were computed,
a reader of another municipality still gets nothing, and 0 seconds counts on every request."""

import datetime as dt
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from regiekamer.organisations.models import OrganisationKind as K, Role
from regiekamer.steering.models import OccupancySnapshot
from tests.factories import AddressFactory, MeldingFactory, MembershipFactory, OrganisationFactory, municipality

pytestmark = pytest.mark.django_db
PAGE = "/sturing/gemeente/GM0983/?van=2026-01-01&tot=2026-03-31&per=maand"
TARGETS = "/sturing/gemeente/GM0983/doelen/"
MAP = "/sturing/gemeente/GM0983/buurten.geojson?van=2026-01-01&tot=2026-03-31"


@pytest.fixture(autouse=True)
def _empty_cache():
    caches["figures"].clear()


def _client(code="GM0983", role=Role.VIEWER) -> Client:
    client = Client()
    client.force_login(MembershipFactory(organisation=OrganisationFactory(municipality=municipality(code)),
                                         role=role).user)
    return client


def _meldingen(html: str) -> str:
    return re.search(r'data-figure="meldingen_ontvangen">([^<]*)<', html).group(1)


def _melding():
    MeldingFactory(address=AddressFactory(area_code="BU09830101"), received_on=dt.date(2026, 2, 1))


def test_a_second_reader_gets_the_kept_figures_with_the_time_they_were_computed(settings):
    settings.REGIEKAMER_FIGURES_CACHE_SECONDS = 300
    _melding()
    first, second = _client(), _client(role=Role.HANDLER)
    before = timezone.localtime()
    with CaptureQueriesContext(connection) as counted:
        html = first.get(PAGE).content.decode()
    assert _meldingen(html) == "1"
    computed = re.search(r'id="figures-computed">Cijfers berekend op ([^.]*)\.', html).group(1)
    assert computed in (before.strftime("%-d-%-m-%Y %H:%M"), timezone.localtime().strftime("%-d-%-m-%Y %H:%M"))
    _melding()  # counted only when the kept figures have expired
    with CaptureQueriesContext(connection) as kept:
        again = second.get(PAGE).content.decode()
    assert _meldingen(again) == "1"
    assert f"Cijfers berekend op {computed}." in again
    assert len(kept) < len(counted) - 20  # the thirty counting queries are not sent again
    # Another period is other figures: counted now, with both meldingen.
    assert _meldingen(second.get(PAGE.replace("2026-03-31", "2026-03-30")).content.decode()) == "2"


def test_the_map_data_is_kept_too_and_says_when(settings):
    settings.REGIEKAMER_FIGURES_CACHE_SECONDS = 300
    OccupancySnapshot.objects.create(municipality=municipality("GM0983"), area_code="BU09830101",
                                     on=dt.date(2026, 3, 1), addresses=20, over_norm=2, persons=50,
                                     latitude=51.37, longitude=6.17, taken_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    _melding()
    client = _client()
    first = client.get(MAP).json()
    assert [f["properties"]["meldingen"] for f in first["features"]] == [1]
    _melding()
    second = client.get(MAP).json()
    assert [f["properties"]["meldingen"] for f in second["features"]] == [1]
    assert second["computed_at"] == first["computed_at"]
    assert dt.datetime.fromisoformat(first["computed_at"]) <= timezone.now()


def test_another_municipality_gets_nothing_from_the_cache(settings):
    settings.REGIEKAMER_FIGURES_CACHE_SECONDS = 300
    assert _client().get(PAGE).status_code == 200  # Venlo's figures are now kept
    horst = _client(code="GM1507")
    assert horst.get(PAGE).status_code == 404
    assert horst.get(TARGETS).status_code == 404
    assert horst.get(MAP).status_code == 404


def test_zero_seconds_counts_every_time(settings):
    settings.REGIEKAMER_FIGURES_CACHE_SECONDS = 0
    _melding()
    client = _client()
    assert _meldingen(client.get(PAGE).content.decode()) == "1"
    _melding()
    assert _meldingen(client.get(PAGE).content.decode()) == "2"


def test_the_kept_page_still_links_only_what_this_reader_may_open(settings):
    """The rendered figures are kept per set of lists the reader may open: the social domain's care
    lists are not linked for enforcement, even when enforcement's page was rendered first."""
    settings.REGIEKAMER_FIGURES_CACHE_SECONDS = 300
    link = "/sturing/gemeente/GM0983/lijst/verwijzingen/"
    enforcement = _client().get(PAGE).content.decode()
    social = Client()
    social.force_login(MembershipFactory(organisation=OrganisationFactory(kind=K.MUNICIPAL_SOCIAL)).user)
    care = social.get(PAGE).content.decode()
    assert link not in enforcement and link in care
    assert link not in _client(role=Role.HANDLER).get(PAGE).content.decode()

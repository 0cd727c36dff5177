"""The municipal dashboard page, the list behind a figure, targets, and the regional view's suppression."""

import datetime as dt
import re

import pytest
from django.test import Client

from regiekamer.audit.models import ProcessingLogEntry
from regiekamer.organisations.models import OrganisationKind as K, Role
from regiekamer.steering import packages
from regiekamer.steering.models import OccupancySnapshot, Project, Target
from regiekamer.steering.targets import progress
from tests.factories import (
    AddressFactory, InspectionFactory, MeldingFactory, MembershipFactory, OrganisationFactory, RegionFactory,
    municipality,
)

pytestmark = pytest.mark.django_db


def _client(kind=K.MUNICIPAL_ENFORCEMENT, role=Role.VIEWER, **organisation) -> Client:
    membership = MembershipFactory(organisation=OrganisationFactory(kind=kind, **organisation), role=role)
    client = Client()
    client.force_login(membership.user)
    return client


def _figure(html: str, key: str) -> str:
    match = re.search(rf'data-figure="{key}">([^<]*)<', html)
    assert match, key
    return match.group(1)


def test_the_dashboard_counts_and_the_list_behind_a_figure_has_exactly_its_records():
    a, b = (AddressFactory(street="Telstraat", area_code="BU09830101") for _ in range(2))
    MeldingFactory(address=a, received_on=dt.date(2026, 2, 1), category="overbewoning")
    MeldingFactory(address=b, received_on=dt.date(2026, 3, 31), category="overlast")
    MeldingFactory(address=b, received_on=dt.date(2026, 4, 1))  # outside the period
    MeldingFactory(address=AddressFactory(municipality=municipality("GM1507"), bag_id="1507010000000001"),
                   received_on=dt.date(2026, 2, 1))  # another municipality
    InspectionFactory(address=a, inspected_on=dt.date(2026, 3, 1), status="recorded", outcome="violation")
    client = _client()
    html = client.get("/sturing/gemeente/GM0983/?van=2026-01-01&tot=2026-03-31&per=maand").content.decode()
    assert _figure(html, "meldingen_ontvangen") == "2"
    assert _figure(html, "controles_uitgevoerd") == "1"
    assert _figure(html, "trefkans") == "100,0"  # Dutch decimal comma
    listed = client.get("/sturing/gemeente/GM0983/lijst/meldingen_ontvangen/?van=2026-01-01&tot=2026-03-31")
    assert listed.status_code == 200
    assert 'data-count="2"' in listed.content.decode()
    assert listed["Cache-Control"].startswith("no-store")
    assert ProcessingLogEntry.objects.filter(processing_activity__contains="sturingsinformatie").count() == 2
    areas = client.get("/sturing/gemeente/GM0983/buurten/?van=2026-01-01&tot=2026-03-31").content.decode()
    assert re.findall(r'<th class="utrecht-table__cell" scope="row">([^<]*)</th>\s*'
                      r'<td[^>]*>[^<]*</td>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>', areas) == [("BU09830101", "2", "1")]
    split = client.get("/sturing/gemeente/GM0983/lijst/meldingen_ontvangen/"
                       "?van=2026-01-01&tot=2026-03-31&veld=category&waarde=overlast")
    assert 'data-count="1"' in split.content.decode()


def test_bad_period_and_breakdown_get_a_dutch_message():
    client = _client()
    response = client.get("/sturing/gemeente/GM0983/?van=2026-05-01&tot=2026-01-01")
    assert response.status_code == 400
    assert "De einddatum ligt vóór de begindatum." in response.content.decode()
    response = client.get("/sturing/gemeente/GM0983/lijst/meldingen_ontvangen/?veld=person_ref")
    assert response.status_code == 400
    assert "Deze uitsplitsing bestaat niet voor dit cijfer." in response.content.decode()


def test_a_partner_sees_no_municipal_dashboard_and_care_lists_are_for_the_social_domain():
    assert _client(kind=K.FIRE_SERVICE, municipality=None).get("/sturing/gemeente/GM0983/").status_code == 404
    assert _client().get("/sturing/gemeente/GM0983/lijst/verwijzingen/").status_code == 404
    assert _client(kind=K.MUNICIPAL_SOCIAL).get("/sturing/gemeente/GM0983/lijst/verwijzingen/").status_code == 200


def test_targets_are_counted_from_the_registrations():
    venlo = municipality("GM0983")
    project = Project.objects.create(name="Aanpak 2026", municipality=venlo, aim="a", starts_on=dt.date(2026, 1, 1),
                                     ends_on=dt.date(2026, 12, 31))
    for day in (dt.date(2026, 2, 1), dt.date(2026, 3, 1), dt.date(2026, 3, 2)):
        InspectionFactory(inspected_on=day, status="recorded", outcome="violation" if day.day == 1 else "no_violation")
    count_target = Target.objects.create(project=project, measure="controles_uitgevoerd", kind="count", value=200)
    share_target = Target.objects.create(project=project, measure="trefkans", kind="share", value=60)
    on = dt.date(2026, 7, 2)  # day 183 of 365
    counted = progress(count_target, on)
    assert counted.actual == 3
    assert counted.expected_now == round(200 * 183 / 365, 1)
    assert counted.on_track is False
    shared = progress(share_target, on)
    assert shared.actual == round(100 * 2 / 3, 1)
    assert shared.met is True
    area = AddressFactory().area_code
    for day, over in ((dt.date(2025, 12, 31), 8), (dt.date(2026, 6, 30), 6)):
        OccupancySnapshot.objects.create(municipality=venlo, area_code=area, on=day, addresses=20, over_norm=over,
                                         persons=50, taken_at=dt.datetime(2026, 7, 1, tzinfo=dt.UTC))
    reduction = progress(Target.objects.create(project=project, measure="adressen_boven_norm", kind="reduction",
                                               value=25), on)
    assert reduction.actual == 25.0  # from 8 to 6
    assert reduction.met is True


def test_the_regional_view_adds_up_packages_and_never_shows_a_small_count_of_another_municipality():
    region = RegionFactory()
    venlo, horst = municipality("GM0983"), municipality("GM1507")
    venlo.region = horst.region = region
    venlo.save(), horst.save()
    for _ in range(7):
        MeldingFactory(received_on=dt.date(2026, 2, 1))
    MeldingFactory(address=AddressFactory(municipality=horst, bag_id="1507010000000009"),
                   received_on=dt.date(2026, 2, 1))
    for place in (venlo, horst):
        packages.build(place, dt.date(2026, 1, 1), dt.date(2026, 3, 31), installation="test")
    client = _client(kind=K.REGIONAL_PROGRAMME, municipality=None, region=region)
    html = client.get("/sturing/regio/noord-limburg/?van=2026-01-01&tot=2026-03-31").content.decode()
    row = re.search(r'data-measure="meldingen_ontvangen">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r'numeric-column[^"]*">(?:<a[^>]*>)?([^<]*)<', row)
    assert cells[-1] == "≥ 7"  # the region: Venlo's 7 plus Horst's suppressed 1
    assert "1" not in cells


def test_the_dashboard_compares_ranked_and_random_walk_list_addresses():
    from regiekamer.walklists.models import WalkList, WalkListItem

    venlo = municipality("GM0983")
    organisation = OrganisationFactory()
    walk_list = WalkList.objects.create(municipality=venlo, organisation=organisation, team="Team A",
                                        day=dt.date(2026, 3, 2), requested_size=3, random_share="0.34", seed=1,
                                        created_by_name="t")
    ranked_a, ranked_b, random_c = AddressFactory(), AddressFactory(), AddressFactory()
    for position, (address, selection) in enumerate(((ranked_a, "ranked"), (ranked_b, "ranked"),
                                                     (random_c, "random")), start=1):
        WalkListItem.objects.create(walk_list=walk_list, address=address, position=position, selection=selection)
    InspectionFactory(address=ranked_a, inspected_on=dt.date(2026, 3, 2), status="recorded", outcome="violation")
    InspectionFactory(address=ranked_b, inspected_on=dt.date(2026, 3, 3), status="recorded", outcome="no_violation")
    InspectionFactory(address=random_c, inspected_on=dt.date(2026, 3, 2), status="recorded", outcome="no_violation")
    html = _client().get("/sturing/gemeente/GM0983/?van=2026-01-01&tot=2026-03-31").content.decode()
    table = re.search(r'id="walk-list-hit-rate">(.*?)</table>', html, re.S).group(1)
    rows = [re.findall(r"numeric-column\">([^<]*)<", row) for row in table.split("</tr>")[1:3]]
    assert rows == [["2", "2", "1", "50%"], ["1", "1", "0", "0%"]]  # ranked, random


def test_the_targets_load_beside_the_page_with_their_actual_values():
    venlo = municipality("GM0983")
    today = dt.date.today()
    project = Project.objects.create(name="Aanpak dit jaar", municipality=venlo, aim="a",
                                     starts_on=dt.date(today.year, 1, 1), ends_on=dt.date(today.year, 12, 31))
    Target.objects.create(project=project, measure="controles_uitgevoerd", kind="count", value=200)
    InspectionFactory(inspected_on=dt.date(today.year, 1, 1), status="recorded", outcome="violation")
    client = _client()
    page = client.get("/sturing/gemeente/GM0983/").content.decode()
    assert 'hx-get="/sturing/gemeente/GM0983/doelen/"' in page
    assert "Aanpak dit jaar" not in page  # not counted in the first response
    part = client.get("/sturing/gemeente/GM0983/doelen/").content.decode()
    assert "Aanpak dit jaar" in part
    assert re.search(r'numeric-column">200</td>\s*<td[^>]*>1</td>', part)

"""The real hit rate on a small hand-counted fixture: two Venlo lists (January and April 2026)
joined to the inspections recorded at their addresses, and a Horst list that must not count."""

import datetime as dt

import pytest
from django.utils import timezone

from regiekamer.inspections.models import Outcome
from regiekamer.organisations.access import scope_for
from regiekamer.walklists import selectors
from regiekamer.walklists.models import Decision, Selection, WalkList, WalkListDecision, WalkListItem
from tests.factories import AddressFactory, InspectionFactory, municipality

from .helpers import enforcement, member

pytestmark = pytest.mark.django_db

V, NV, NA = Outcome.VIOLATION, Outcome.NO_VIOLATION, Outcome.NO_ACCESS
R, X = Selection.RANKED, Selection.RANDOM


def make_list(organisation, user, day, items, code="GM0983"):
    """items: (selection, decile, [(inspected_on, outcome), ...], [decisions])."""
    walk_list = WalkList.objects.create(
        municipality=municipality(code), organisation=organisation, team="Team", day=day, requested_size=len(items),
        random_share="0.10", seed=1, created_by=user, created_by_name="test")
    for position, (selection, decile, inspections, decisions) in enumerate(items, start=1):
        address = AddressFactory(municipality=municipality(code))
        item = WalkListItem.objects.create(walk_list=walk_list, address=address, position=position,
                                           selection=selection, rank=position, decile=decile)
        for inspected_on, outcome in inspections:
            InspectionFactory(address=address, inspected_on=inspected_on, outcome=outcome)
        for minute, decision in enumerate(decisions):
            WalkListDecision.objects.create(
                item=item, decision=decision, reason="no_time" if decision == Decision.SKIPPED else "",
                by_name="test", at=timezone.now() + dt.timedelta(minutes=minute))
    return walk_list


@pytest.fixture
def coordinator():
    venlo = enforcement("GM0983")
    user = member(venlo)
    jan, apr = dt.date(2026, 1, 10), dt.date(2026, 4, 5)
    make_list(venlo, user, jan, [
        (R, 1, [(jan, V)], []),                                   # a1: violation on the day itself
        (R, 1, [(dt.date(2026, 1, 20), NV)], [Decision.ACCEPTED]),  # a2: no violation
        (R, 2, [(dt.date(2026, 1, 9), V)], []),                    # a3: inspected the day before: not the list's
        (X, 5, [(dt.date(2026, 2, 1), NV)], []),                   # a4: no violation
        (X, 9, [(dt.date(2026, 1, 15), V)], [Decision.SKIPPED]),   # a5: skipped: not counted as inspected
        (R, 1, [(dt.date(2026, 5, 1), V)], []),                    # a6: 111 days later: outside the window
    ])
    make_list(venlo, user, apr, [
        (R, 1, [(apr, V)], []),                                                     # b1: violation
        (X, 10, [(dt.date(2026, 4, 6), NA)], []),                                   # b2: no access
        (X, 3, [(dt.date(2026, 4, 10), NV), (dt.date(2026, 4, 20), V)], []),        # b3: the first one counts
        (R, 2, [(dt.date(2026, 4, 7), NV)], [Decision.ACCEPTED, Decision.SKIPPED, Decision.ACCEPTED]),  # b4
    ])
    horst = enforcement("GM1507")
    make_list(horst, member(horst), apr, [(R, 1, [(apr, V)], [])], code="GM1507")
    return user


def counts(tally):
    return (tally.on_list, tally.skipped, tally.no_access, tally.inspected, tally.violations)


def test_ranked_versus_random(coordinator):
    figures = selectors.hit_rate(scope_for(coordinator))
    assert figures.lists == 2
    ranked, random_ = figures.by_selection
    assert counts(ranked) == (6, 0, 0, 4, 2) and ranked.hit_rate == 0.5      # a1, b1 of a1, a2, b1, b4
    assert counts(random_) == (4, 1, 1, 2, 0) and random_.hit_rate == 0.0    # a4, b3 inspected; a5 skipped; b2 no access


def test_per_decile(coordinator):
    by_decile = {tally.label: counts(tally) for tally in selectors.hit_rate(scope_for(coordinator)).by_decile}
    assert by_decile == {
        "1": (4, 0, 0, 3, 2), "2": (2, 0, 0, 1, 0), "3": (1, 0, 0, 1, 0), "4": (0, 0, 0, 0, 0),
        "5": (1, 0, 0, 1, 0), "6": (0, 0, 0, 0, 0), "7": (0, 0, 0, 0, 0), "8": (0, 0, 0, 0, 0),
        "9": (1, 1, 0, 0, 0), "10": (1, 0, 1, 0, 0),
    }
    first = selectors.hit_rate(scope_for(coordinator)).by_decile[0]
    assert first.hit_rate == pytest.approx(2 / 3)


def test_per_month_and_per_quarter(coordinator):
    months = selectors.hit_rate(scope_for(coordinator), period="month").by_period
    assert [(p.key, p.label) for p in months] == [("2026-04", "april 2026"), ("2026-01", "januari 2026")]
    assert (counts(months[0].ranked), counts(months[0].random)) == ((2, 0, 0, 2, 1), (2, 0, 1, 1, 0))
    assert (counts(months[1].ranked), counts(months[1].random)) == ((4, 0, 0, 2, 1), (2, 1, 0, 1, 0))
    quarters = selectors.hit_rate(scope_for(coordinator), period="quarter").by_period
    assert [(p.key, p.label) for p in quarters] == [("2026-Q2", "K2 2026"), ("2026-Q1", "K1 2026")]
    assert counts(quarters[1].ranked) == (4, 0, 0, 2, 1)


def test_the_page_shows_the_figures(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/looplijsten/trefkans/?per=kwartaal")
    assert response.status_code == 200
    html = response.content.decode()
    assert "K2 2026" in html and "50%" in html and "67%" in html
    assert 'value="0.5000"' in html  # the bar beside the number

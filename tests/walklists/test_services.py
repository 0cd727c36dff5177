"""Drawing up walk lists: the random share, the seed, the filters, the exclusions, the refusals;
and decisions, appended never edited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from regiekamer.cases.models import CaseStatus, CaseType
from regiekamer.inspections.models import InspectionStatus
from regiekamer.walklists import services
from regiekamer.walklists.models import Decision, Selection, SkipReason, WalkList, WalkListDecision
from tests.factories import AddressFactory, CaseFactory, InspectionFactory, municipality

from .helpers import enforcement, member, scored_addresses, switch_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return member(enforcement())


def draw(actor, **kwargs):
    defaults = {"municipality": municipality("GM0983"), "team": "Team Noord", "day": timezone.localdate(),
                "size": 20, "seed": 7}
    return services.draw_up_walk_list(actor=actor, **{**defaults, **kwargs})


def selection(walk_list: WalkList) -> list[tuple[int, str]]:
    return sorted((item.rank, item.selection) for item in walk_list.items.all())


def forget(walk_list: WalkList) -> None:
    """Remove an undecided list, so that the same addresses can be drawn again."""
    walk_list.items.all().delete()
    walk_list.delete()


def test_random_count_rounds_half_up():
    assert services.random_count(20, Decimal("0.10")) == 2
    assert services.random_count(5, Decimal("0.10")) == 1  # 0.5 rounds up
    assert services.random_count(4, Decimal("0.10")) == 0
    assert services.random_count(7, Decimal("0")) == 0
    assert services.random_count(7, Decimal("1")) == 7


def test_twenty_addresses_at_ten_percent_are_eighteen_ranked_and_two_random(coordinator):
    run, _addresses = scored_addresses(40)
    walk_list = draw(coordinator)
    items = list(walk_list.items.all())
    ranked = sorted(item.rank for item in items if item.selection == Selection.RANKED)
    random_ = [item for item in items if item.selection == Selection.RANDOM]
    assert ranked == list(range(1, 19))
    assert len(random_) == 2 and all(item.rank > 18 for item in random_)
    assert walk_list.risk_run == run and walk_list.random_share == Decimal("0.10") and walk_list.seed == 7
    assert walk_list.pool_size == 40
    # The reasons are copied at selection time.
    first = walk_list.items.get(rank=1)
    assert first.explanation == "reden 1" and first.decile == 1 and first.score == 40.0
    assert first.contributions[0]["indicator"] == "persons_over_norm"


def test_the_setting_gives_the_default_share_and_a_form_value_overrides_it(coordinator):
    scored_addresses(40)
    switch_model("GM0983", enabled=True, share="0.25")
    walk_list = draw(coordinator)
    assert [s for _r, s in selection(walk_list)].count(Selection.RANDOM) == 5
    forget(walk_list)
    walk_list = draw(coordinator, random_share=Decimal("0.5"))
    assert [s for _r, s in selection(walk_list)].count(Selection.RANDOM) == 10


def test_the_same_seed_draws_the_same_addresses(coordinator):
    scored_addresses(40)
    first = draw(coordinator, seed=12345)
    picked = selection(first)
    forget(first)
    again = draw(coordinator, seed=12345)
    assert selection(again) == picked
    forget(again)
    other = draw(coordinator, seed=54321)
    assert [r for r, s in selection(other) if s == Selection.RANKED] == list(range(1, 19))
    assert selection(other) != picked  # ranks 19..40 hold 231 pairs; these two seeds pick different ones


def test_a_list_is_ordered_into_a_route_along_the_line(coordinator):
    # Addresses lie 100 m apart on a line in rank order: from the top-ranked one the route walks on.
    scored_addresses(10)
    walk_list = draw(coordinator, size=5, random_share=Decimal("0"))
    assert [item.rank for item in walk_list.items.order_by("position")] == [1, 2, 3, 4, 5]
    assert walk_list.route_length_m == 400
    # Starting from the far end turns the route around.
    forget(walk_list)
    far_end = AddressFactory(rd_x=200_000.0 + 100 * 6, rd_y=370_000.0, postcode="5913ZZ", house_number=99)
    walk_list = draw(coordinator, size=5, random_share=Decimal("0"), start_address=far_end)
    assert [item.rank for item in walk_list.items.order_by("position")] == [5, 4, 3, 2, 1]
    assert walk_list.route_length_m == 200 + 400


def test_area_filters(coordinator):
    # Even addresses in buurt 01 of wijk 01, odd ones in buurt 02 of wijk 02; the last five in postcode 5914.
    scored_addresses(20, area=lambda i: "BU09830101" if i % 2 == 0 else "BU09830202",
                     postcode=lambda i: "5914AA" if i >= 15 else "5913AB")
    walk_list = draw(coordinator, size=4, random_share=Decimal("0"), area="BU09830202")
    assert [r for r, _s in selection(walk_list)] == [2, 4, 6, 8]
    forget(walk_list)
    walk_list = draw(coordinator, size=3, random_share=Decimal("0"), area="WK098301")
    assert [r for r, _s in selection(walk_list)] == [1, 3, 5]
    forget(walk_list)
    walk_list = draw(coordinator, size=10, random_share=Decimal("0"), area="5914")
    assert [r for r, _s in selection(walk_list)] == [16, 17, 18, 19, 20]  # only five there
    forget(walk_list)
    with pytest.raises(ValidationError) as error:
        draw(coordinator, area="Venlo-Noord")
    assert "area" in error.value.message_dict


def test_themes_select_by_the_reasons_or_an_open_case(coordinator):
    def contributions(i):
        indicator = "signals_12m_brandveiligheid" if i in (3, 7) else "persons_over_norm"
        return [{"indicator": indicator, "value": 1.0, "contribution": 0.5, "text": "x"}]
    _run, addresses = scored_addresses(12, contributions=contributions)
    CaseFactory(address=addresses[10], case_type=CaseType.FIRE_SAFETY)  # open: rank 11
    CaseFactory(address=addresses[11], case_type=CaseType.FIRE_SAFETY, status=CaseStatus.CLOSED,
                closed_on=dt.date(2025, 6, 1), result="geen_overtreding")
    walk_list = draw(coordinator, size=10, random_share=Decimal("0"), case_types=[CaseType.FIRE_SAFETY])
    assert [r for r, _s in selection(walk_list)] == [4, 8, 11]
    assert walk_list.case_types == ["brandveiligheid"]
    assert walk_list.pool_size == 3


def test_recently_visited_addresses_are_left_out(coordinator):
    _run, addresses = scored_addresses(10)
    today = timezone.localdate()
    InspectionFactory(address=addresses[0], status=InspectionStatus.PLANNED, outcome="", inspected_on=today)
    InspectionFactory(address=addresses[1], inspected_on=today - dt.timedelta(days=90))  # within 90 days
    InspectionFactory(address=addresses[2], inspected_on=today - dt.timedelta(days=91))  # long enough ago
    earlier = draw(coordinator, size=2, random_share=Decimal("0"), day=today)
    assert [r for r, _s in selection(earlier)] == [3, 4]
    # Rank 3 was skipped on the earlier list, rank 4 is still open there.
    services.decide(actor=coordinator, item=earlier.items.get(rank=3), decision=Decision.SKIPPED,
                    reason=SkipReason.NO_TIME)
    later = draw(coordinator, size=3, random_share=Decimal("0"), day=today)
    assert [r for r, _s in selection(later)] == [3, 5, 6]
    # A day later, the inspection of 90 days before today is 91 days old: rank 2 may be visited again.
    tomorrow = draw(coordinator, size=1, random_share=Decimal("0"), day=today + dt.timedelta(days=1))
    assert [r for r, _s in selection(tomorrow)] == [2]


def test_model_switched_off_refuses_a_ranked_list_but_allows_a_random_one(coordinator):
    scored_addresses(10)
    switch_model("GM0983", enabled=False)
    with pytest.raises(ValidationError) as error:
        draw(coordinator, size=5)
    assert "staat uit" in error.value.message_dict["random_only"][0]
    walk_list = draw(coordinator, size=5, random_only=True)
    assert walk_list.risk_run is None and walk_list.random_only and walk_list.random_share == Decimal("1")
    items = list(walk_list.items.all())
    assert len(items) == 5 and {item.selection for item in items} == {Selection.RANDOM}
    assert all(item.rank is None and item.explanation == "" for item in items)


def test_without_a_finished_run_only_a_random_list(coordinator):
    for i in range(6):
        AddressFactory(house_number=i + 1)
    with pytest.raises(ValidationError) as error:
        draw(coordinator, size=3)
    assert "nog geen afgeronde risicoberekening" in error.value.message_dict["random_only"][0]
    with pytest.raises(ValidationError) as error:
        draw(coordinator, size=3, random_only=True, case_types=[CaseType.OVERCROWDING])
    assert "case_types" in error.value.message_dict
    walk_list = draw(coordinator, size=3, random_only=True)
    assert walk_list.items.count() == 3 and walk_list.pool_size == 6


def test_bad_input_changes_nothing(coordinator):
    scored_addresses(5)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        draw(coordinator, team=" ", day=yesterday, size=0, case_types=["onzin"], random_share=Decimal("1.5"))
    assert set(error.value.message_dict) == {"team", "day", "size", "case_types", "random_share"}
    assert WalkList.objects.count() == 0


def test_decisions_are_appended_and_the_latest_counts(coordinator):
    scored_addresses(5)
    item = draw(coordinator, size=2).items.order_by("position").first()
    with pytest.raises(ValidationError) as error:
        services.decide(actor=coordinator, item=item, decision=Decision.SKIPPED)
    assert error.value.message_dict == {"reason": ["Kies waarom u dit adres overslaat."]}
    with pytest.raises(ValidationError) as error:
        services.decide(actor=coordinator, item=item, decision=Decision.SKIPPED, reason=SkipReason.OTHER)
    assert "note" in error.value.message_dict
    assert not WalkListDecision.objects.exists()
    services.decide(actor=coordinator, item=item, decision=Decision.SKIPPED, reason=SkipReason.UNSAFE, note="hond")
    services.decide(actor=coordinator, item=item, decision=Decision.ACCEPTED, reason=SkipReason.UNSAFE)
    decisions = list(item.decisions.order_by("at", "id"))
    assert [(d.decision, d.reason, d.note) for d in decisions] == [
        ("skipped", "unsafe", "hond"), ("accepted", "", "")]
    with pytest.raises(DatabaseError), transaction.atomic():
        WalkListDecision.objects.filter(pk=decisions[0].pk).update(note="anders")
    with pytest.raises(DatabaseError), transaction.atomic():
        decisions[0].delete()
    assert WalkListDecision.objects.get(pk=decisions[0].pk).note == "hond"

"""The demo plan, without a database: shape, determinism and the planted signal."""

import datetime as dt
import re
from collections import Counter

import pytest

from regiekamer.core.validators import bsn_is_valid
from regiekamer.demo.generator import plan_region
from regiekamer.demo.places import PLACES_BY_CODE
from regiekamer.demo.rows import Plan
from regiekamer.registry.models import Registry

TODAY = dt.date(2026, 11, 27)
N = 600


@pytest.fixture(scope="module")
def plan() -> Plan:
    return plan_region(addresses=N, seed=2026, today=TODAY)


def test_address_count_is_exactly_n(plan):
    assert len(plan.addresses) == N
    assert len(plan.truths) == N


def test_bag_ids_are_16_digits_of_their_municipality(plan):
    for address in plan.addresses:
        digits = PLACES_BY_CODE[address.municipality_code].bag_code
        assert re.fullmatch(rf"{digits}01\d{{10}}", address.bag_id)
        assert re.fullmatch(rf"{digits}20\d{{10}}", address.address_number_id)
        assert re.fullmatch(rf"{digits}10\d{{10}}", plan.buildings[address.building].bag_id)
    assert len({a.bag_id for a in plan.addresses}) == N
    assert len({b.bag_id for b in plan.buildings}) == len(plan.buildings)


def test_postcodes_fall_in_the_municipality_range(plan):
    for address in plan.addresses:
        assert re.fullmatch(r"[1-9]\d{3}[A-Z]{2}", address.postcode)
        assert address.postcode[4:] not in {"SA", "SD", "SS"}
        assert int(address.postcode[:4]) in PLACES_BY_CODE[address.municipality_code].postcode_numbers


def test_every_municipality_has_addresses_and_venlo_most(plan):
    per_municipality = Counter(a.municipality_code for a in plan.addresses)
    assert set(per_municipality) == set(PLACES_BY_CODE)
    assert per_municipality.most_common(1)[0][0] == "GM0983"


def test_coordinates_lie_in_noord_limburg(plan):
    for address in plan.addresses:
        assert 185_000 < address.rd_x < 215_000 and 360_000 < address.rd_y < 420_000
        assert 51.2 < address.latitude < 51.8 and 5.8 < address.longitude < 6.3


def test_same_seed_gives_the_same_plan(plan):
    again = plan_region(addresses=N, seed=2026, today=TODAY)
    assert [a.bag_id for a in again.addresses] == [a.bag_id for a in plan.addresses]
    assert len(again.registrations) == len(plan.registrations)
    assert again.registrations == plan.registrations
    assert again.meldingen == plan.meldingen and again.inspections == plan.inspections
    assert again.truths == plan.truths


def test_another_seed_gives_another_plan(plan):
    other = plan_region(addresses=N, seed=2027, today=TODAY)
    assert [a.bag_id for a in other.addresses] != [a.bag_id for a in plan.addresses]


def test_share_of_problem_addresses_is_in_the_band(plan):
    share = sum(t.is_problem for t in plan.truths) / N
    assert 0.03 <= share <= 0.06


def test_signals_point_at_problems_but_not_perfectly(plan):
    current = Counter(r.address for r in plan.registrations if r.end_date is None)
    violations = Counter(i.address for i in plan.inspections if i.outcome == "violation")
    meldingen = Counter(m.address for m in plan.meldingen)
    problems = [t.address for t in plan.truths if t.is_problem]
    others = [t.address for t in plan.truths if not t.is_problem and plan.addresses[t.address].is_residential]

    def persons_per_m2(indexes: list[int]) -> float:
        return sum(current[i] / plan.addresses[i].floor_area_m2 for i in indexes) / len(indexes)

    def mean_violations(indexes: list[int]) -> float:
        return sum(violations[i] for i in indexes) / len(indexes)

    assert persons_per_m2(problems) > 2 * persons_per_m2(others)
    assert mean_violations(problems) > 5 * mean_violations(others)
    # Noise: some problem addresses look clean, some ordinary homes draw complaints.
    quiet = [i for i in problems
             if not violations[i] and not meldingen[i] and current[i] <= plan.addresses[i].floor_area_m2 / 12]
    complained_about = [i for i in others if meldingen[i]]
    assert quiet and complained_about


def test_person_refs_are_pseudonyms_never_bsns(plan):
    refs = [r.person_ref for r in plan.registrations] + [o.pseudonym for o in plan.owners if o.pseudonym]
    assert refs
    for ref in refs:
        # A keyed hash: 32 hex characters, never a nine-digit number (let alone a valid BSN).
        assert re.fullmatch(r"[0-9a-f]{32}", ref)
        assert not ref.isdigit() and not bsn_is_valid(ref)


def test_registrations_cover_the_last_three_years(plan):
    window_start = TODAY - dt.timedelta(days=3 * 365)
    for r in plan.registrations:
        assert r.start_date <= TODAY
        assert r.end_date is None or (window_start <= r.end_date <= TODAY and r.end_date >= r.start_date)
    assert {r.registry for r in plan.registrations} == {Registry.BRP, Registry.RNI}


def test_events_lie_in_the_last_three_years(plan):
    window_start = TODAY - dt.timedelta(days=3 * 365)
    assert all(window_start <= m.received_on <= TODAY for m in plan.meldingen)
    assert all(window_start <= i.inspected_on <= TODAY for i in plan.inspections)
    assert all(c.opened_on <= TODAY and (c.closed_on is None or c.opened_on <= c.closed_on <= TODAY)
               for c in plan.cases)


def test_problem_addresses_have_short_stays():
    plan = plan_region(addresses=3000, seed=5, today=TODAY)
    problems = {t.address for t in plan.truths if t.is_problem}
    per_address = Counter(r.address for r in plan.registrations)
    at_problems = sum(per_address[i] for i in problems) / len(problems)
    elsewhere = sum(n for i, n in per_address.items() if i not in problems) / (len(plan.addresses) - len(problems))
    assert at_problems > 5 * elsewhere


def test_most_owners_own_one_or_two_and_a_few_own_dozens():
    plan = plan_region(addresses=3000, seed=5, today=TODAY)
    sizes = Counter(o.owner for o in plan.ownerships if o.end_date is None).values()
    assert sum(1 for s in sizes if s <= 2) / len(sizes) > 0.8
    landlords = [s for o, s in Counter(o.owner for o in plan.ownerships if o.end_date is None).items()
                 if plan.owners[o].profile in {"landlord", "rogue"}]
    assert max(landlords) >= 24

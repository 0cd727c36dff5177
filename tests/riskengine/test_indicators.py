"""Indicator values and explanations on a small delivery, computed by hand."""

import datetime as dt
from math import log

import pytest

from riskengine import Config, from_frames, score
from riskengine.indicators import arrays, compute

from .helpers import addresses, inspections, ownership, permits, registrations, signals

T = dt.date(2025, 6, 1)  # T - 365 days = 2024-06-01


@pytest.fixture
def delivery():
    return from_frames({
        "addresses": addresses(
            ("a1", "GM0983", "BU1", 80.0, "woonfunctie", 1),
            ("a2", "GM0983", "BU1", 120.0, "kantoorfunctie", 1),
            ("a3", "GM0983", "BU1", 60.0, "woonfunctie", 1),
        ),
        "registrations": registrations(
            *(("a1", f"p{i}", "RNI", "2025-01-01", None) for i in range(13)),
            ("a1", "p13", "BRP", "2020-01-01", None),
            ("a1", "p14", "BRP", "2019-01-01", "2025-05-31"),  # ended before T: gone
            ("a1", "p15", "BRP", "2025-06-01", None),  # starts on T: not yet
            *(("a2", f"q{i}", "BRP", "2023-03-01", None) for i in range(3)),
        ),
        "signals": signals(
            ("s1", "a1", "2025-05-31", "overbewoning"),
            ("s2", "a1", "2024-06-01", "overbewoning"),  # first day of the 12 months
            ("s3", "a1", "2025-06-01", "overbewoning"),  # on T: not used
            ("s4", "a1", "2023-12-01", "overlast"),  # the 12 months before
        ),
        "inspections": inspections(
            ("i1", "a1", "2025-01-10", "violation", "serious"),
            ("i2", "a3", "2025-03-01", "no_violation", None),
            ("i3", "a2", "2023-01-01", "violation", "other"),
            ("i4", "a3", "2025-06-01", "violation", "serious"),  # on T: not used
        ),
        "ownership": ownership(
            ("a1", "O1", "2015-01-01", None), ("a2", "O1", None, None), ("a3", "O1", "2024-01-01", None),
            ("a3", "O2", "2010-01-01", "2023-12-31"),
        ),
        "permits": permits(
            ("a1", "verhuurvergunning", "2020-01-01", "2024-12-31"),
            ("a2", "snf_keurmerk", "2024-01-01", None),
        ),
    })


def test_indicator_values_by_hand(delivery):
    computed = compute(arrays(delivery), T, Config())
    f = {name: [round(v, 6) for v in values] for name, values in computed.features.items()}
    assert f["persons_over_norm"] == [round(log(1 + 14 - 6), 6), 0.0, 0.0]  # 80 m2 / 12 = room for 6
    assert f["turnover_12m"] == [round(log(1 + 13 / 6), 6), 0.0, 0.0]
    assert f["persons_non_residential"] == [0.0, round(log(1 + 3), 6), 0.0]
    assert f["signals_12m_overbewoning"] == [round(log(3), 6), 0.0, 0.0]
    assert f["signals_12m_overlast"] == [0.0, 0.0, 0.0]
    assert f["signal_trend"] == [round(log(1 + (2 - 1)), 6), 0.0, 0.0]
    assert f["serious_violations_12m"] == [round(log(2), 6), 0.0, 0.0]
    assert f["other_violations_12m"] == [0.0, 0.0, 0.0]
    assert f["violations_13_36m"] == [0.0, round(log(2), 6), 0.0]
    assert f["violation_not_rechecked"] == [1.0, 1.0, 0.0]  # a1: 142 days since the violation
    assert f["clean_inspection_12m"] == [0.0, 0.0, 1.0]
    # O1 owns all three now; a1 and a2 had a violation in 3 years (a1 also meldingen), a3 not.
    assert f["owner_portfolio_share"] == [0.5, 0.5, 1.0]
    assert f["permit_missing"] == [1.0, 0.0, 0.0]  # 14 persons, permit expired; a2 has the SNF mark
    assert f["permit_expired"] == [1.0, 0.0, 0.0]
    assert f["area_violation_rate"] == [0.0, 0.0, 0.0]  # 3 addresses: too few to say anything
    assert computed.details["persons"].tolist() == [14, 3, 0]


def test_score_is_the_sum_of_expert_weight_times_feature_and_the_explanation_names_the_largest(delivery):
    result = score(delivery, as_of=T, config=Config(weights="expert"))
    row = result.scores.filter(result.scores["address_id"] == "a1").row(0, named=True)
    expected = (2.0 * log(9) + 1.0 * log(1 + 13 / 6) + 1.2 * log(3) + 0.5 * log(2) + 2.0 * log(2)
                + 1.0 + 2.0 * 0.5 + 1.0 + 1.0)
    assert row["score"] == pytest.approx(expected, abs=1e-6)
    assert row["rank"] == 1
    assert row["explanation"] == ("14 personen ingeschreven op 80 m2, norm 6 personen; "
                                  "1 ernstige overtreding bij controle in 12 maanden; "
                                  "2 meldingen in 12 maanden (overbewoning)")
    assert [c["indicator"] for c in row["contributions"]] == [
        "persons_over_norm", "serious_violations_12m", "signals_12m_overbewoning"]
    assert row["contributions"][0]["contribution"] == pytest.approx(2.0 * log(9), abs=1e-6)
    # a3: a clean inspection (-1) and an owner whose other addresses all had problems (+2).
    a3 = result.scores.filter(result.scores["address_id"] == "a3").row(0, named=True)
    assert a3["score"] == pytest.approx(-1.0 + 2.0, abs=1e-6)
    assert a3["explanation"] == "eigenaar heeft 2 andere adressen, 2 daarvan met overtredingen of meldingen"
    assert result.weights_source == "expert"


def test_nothing_to_report_reads_so():
    delivery = from_frames({"addresses": addresses(("a1", "GM0983", None, 50.0, None, None))})
    result = score(delivery, as_of=T, config=Config(weights="expert"))
    assert result.scores.row(0, named=True)["explanation"] == "geen bijzondere signalen"
    assert result.scores.row(0, named=True)["score"] == 0.0
    assert "ingeschrevenen boven de oppervlaktenorm: niet berekend, tabel registrations ontbreekt" in result.skipped
    assert "meldingen overbewoning in 12 maanden: niet berekend, tabel signals ontbreekt" in result.skipped


def test_neighbourhood_rate_leaves_the_address_itself_out_and_needs_signs_of_its_own():
    # 10 addresses in BU1, 2 with a violation in 3 years; 10 in BU2 without. Overall 2/20 = 10%.
    # a2 (BU1) has a melding of its own; a3 (BU1) has nothing.
    rows = [(f"a{i}", "GM0983", "BU1" if i < 10 else "BU2", 50.0, None, None) for i in range(20)]
    delivery = from_frames({
        "addresses": addresses(*rows),
        "inspections": inspections(("i1", "a0", "2024-01-01", "violation", "other"),
                                   ("i2", "a1", "2024-01-01", "violation", "other")),
        "signals": signals(("s1", "a2", "2025-03-01", "overlast")),
    })
    computed = compute(arrays(delivery), T, Config())
    rate = computed.details["area_rate"]
    assert rate[0] == pytest.approx(1 / 9)  # a0: of the 9 others, a1 had one
    assert rate[2] == pytest.approx(2 / 9)
    assert rate[3] == pytest.approx(2 / 9)
    assert rate[15] == 0.0
    # feature: how far above the overall rate, as a ratio minus one, where the address has signs of its own
    area = computed.features["area_violation_rate"]
    assert area[2] == pytest.approx((2 / 9) / 0.1 - 1)
    assert area[0] == pytest.approx((1 / 9) / 0.1 - 1)
    assert area[3] == 0.0  # the same neighbourhood, but nothing at the address itself
    assert area[15] == 0.0

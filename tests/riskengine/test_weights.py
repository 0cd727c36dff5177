"""Fitted weights learn from the year before the as-of date; too little history falls back to experts."""

import datetime as dt

import numpy as np
import pytest

from riskengine import Config, from_frames, score
from riskengine.weights import EXPERT_WEIGHTS, expert

from .helpers import addresses, inspections, signals

T = dt.date(2025, 1, 1)


def _history(n=400, seed=3):
    """Addresses where fire-safety meldingen precede serious violations a year later, and overlast does not."""
    rng = np.random.default_rng(seed)
    rows, sig, ins = [], [], []
    for i in range(n):
        rows.append((f"a{i}", "GM0983", f"BU{i % 4}", 60.0, "woonfunctie", 1))
        for year in (2023, 2024):
            fire = rng.random() < 0.3
            if fire:
                sig.append((f"s{len(sig)}", f"a{i}", f"{year - 1}-10-01", "brandveiligheid"))
            if rng.random() < 0.3:
                sig.append((f"s{len(sig)}", f"a{i}", f"{year - 1}-11-01", "overlast"))
            if rng.random() < (0.8 if fire else 0.05):
                ins.append((f"i{len(ins)}", f"a{i}", f"{year}-05-01", "violation", "serious"))
            elif rng.random() < 0.2:
                ins.append((f"i{len(ins)}", f"a{i}", f"{year}-05-01", "no_violation", None))
    return from_frames({"addresses": addresses(*rows), "signals": signals(*sig), "inspections": inspections(*ins)})


def test_fitted_weights_find_the_signal_that_predicts_and_ignore_the_one_that_does_not():
    result = score(_history(), as_of=T, config=Config(weights="fitted"))
    assert result.weights_source == "fitted"
    assert result.weights["signals_12m_brandveiligheid"] > 2.0
    assert abs(result.weights["signals_12m_overlast"]) < 0.5
    # Still additive: the score is the sum of weight x feature.
    computed = result.indicators
    a0 = sum(result.weights[name] * computed.features[name][0] for name in result.weights)
    assert result.scores.filter(result.scores["address_id"] == "a0")["score"].item() == pytest.approx(a0, abs=1e-5)


def test_auto_fits_when_the_data_allows_and_experts_otherwise():
    assert score(_history(), as_of=T).weights_source == "fitted"
    thin = from_frames({"addresses": addresses(("a1", "GM0983", None, 50.0, None, None)),
                        "inspections": inspections(("i1", "a1", "2024-05-01", "violation", "serious"))})
    auto = score(thin, as_of=T)
    assert auto.weights_source == "expert"
    assert not any(w.startswith("Te weinig") for w in auto.warnings)  # auto does not complain
    asked = score(thin, as_of=T, config=Config(weights="fitted"))
    assert asked.weights_source == "expert"
    assert asked.warnings[0].startswith("Te weinig controle-uitkomsten")


def test_fitting_is_deterministic():
    first = score(_history(), as_of=T, config=Config(weights="fitted"))
    second = score(_history(), as_of=T, config=Config(weights="fitted"))
    assert first.weights == second.weights
    assert first.scores.equals(second.scores)


def test_expert_overrides_replace_named_weights_only():
    weights = expert({"signals_12m_overlast": 0.0})
    assert weights.values["signals_12m_overlast"] == 0.0
    assert weights.values["serious_violations_12m"] == EXPERT_WEIGHTS["serious_violations_12m"]
    with pytest.raises(ValueError, match="onbekende indicator"):
        expert({"nationality": 5.0})


def test_a_sign_of_trouble_never_gets_a_negative_fitted_weight():
    # Overlast is reported only at addresses that turn out fine: the plain fit would weigh it negative.
    rng = np.random.default_rng(5)
    rows, sig, ins = [], [], []
    for i in range(400):
        rows.append((f"a{i}", "GM0983", None, 60.0, "woonfunctie", 1))
        for year in (2023, 2024):
            fire = rng.random() < 0.3
            if fire:
                sig.append((f"s{len(sig)}", f"a{i}", f"{year - 1}-10-01", "brandveiligheid"))
            violation = rng.random() < (0.8 if fire else 0.05)
            if not violation and rng.random() < 0.5:
                sig.append((f"s{len(sig)}", f"a{i}", f"{year - 1}-11-01", "overlast"))
            outcome = ("violation", "serious") if violation else ("no_violation", None)
            ins.append((f"i{len(ins)}", f"a{i}", f"{year}-05-01", *outcome))
    delivery = from_frames({"addresses": addresses(*rows), "signals": signals(*sig), "inspections": inspections(*ins)})
    result = score(delivery, as_of=T, config=Config(weights="fitted"))
    assert result.weights["signals_12m_overlast"] == 0.0
    assert "gewicht 0 omdat de schatting negatief was: " in result.weights_note
    assert "signals_12m_overlast" in result.weights_note.split("negatief was: ")[1]
    assert result.weights["signals_12m_brandveiligheid"] > 0
    assert all(w >= 0 for name, w in result.weights.items() if name not in {"clean_inspection_12m", "units_in_building"})

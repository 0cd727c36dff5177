"""The synthetic proof: on the generated demo region, the engine's top 5% holds at least three times
the share of real problem addresses that random selection finds, and more than the best simple rule.

The generator decides first which addresses really are problem addresses (regiekamer.demo's
ProblemTruth, never shown in the application) and derives the registers, meldingen and inspections
from that, noisily. Every address is exported exactly as a risk run exports it (exchange/export.py)
and scored as of the demo's today, with the application's default configuration (expert weights,
the floor-area norm in force) and with weights fitted on the year before. The simple rules count,
from the same exported tables, violations found in the year before today, and violations plus
meldingen in that year; ties are broken at random with a fixed seed. Run with -s to see the figures.
"""

import datetime as dt

import numpy as np
import polars as pl
import pytest

import riskengine
from regiekamer.demo.generator import generate_demo_region
from regiekamer.demo.models import ProblemTruth
from regiekamer.norms.models import NormKey
from regiekamer.norms.selectors import norm_in_force
from regiekamer.registry.models import Address
from regiekamer.exchange.export import export_tables
from regiekamer.risk.selectors import setting_in_force
from tests.factories import municipality

pytestmark = pytest.mark.django_db

ADDRESSES = 12_000
SEED = 2026
TODAY = dt.date(2026, 11, 27)
SHARE = 0.05
TIE_SEED = 7
YEAR = dt.timedelta(days=365)


def _rule_counts(tables: dict[str, pl.DataFrame], *, with_meldingen: bool) -> pl.DataFrame:
    """Per address: violations found in the year before TODAY (plus meldingen received in it)."""
    last_year = (pl.col("date") >= TODAY - YEAR) & (pl.col("date") < TODAY)
    counts = tables["inspections"].filter(last_year & (pl.col("outcome") == "violation")).select("address_id")
    if with_meldingen:
        counts = pl.concat([counts, tables["signals"].filter(last_year).select("address_id")])
    per_address = counts.group_by("address_id").len("count")
    return (tables["addresses"].select("address_id").join(per_address, on="address_id", how="left")
            .with_columns(pl.col("count").fill_null(0)))


def _rule_top(counts: pl.DataFrame, k: int) -> pl.Series:
    """The k addresses with the highest count; ties broken by a seeded random order."""
    tie = np.random.default_rng(TIE_SEED).permutation(counts.height)
    return (counts.with_columns(tie=pl.Series(tie)).sort(["count", "tie"], descending=[True, False])
            .head(k)["address_id"])


def _hits(selected: pl.Series, problems: set[str]) -> int:
    return sum(1 for address_id in selected.to_list() if address_id in problems)


def _default_config() -> riskengine.Config:
    """The configuration a risk run uses for a municipality that never changed its setting (risk/runs.py)."""
    venlo = municipality("GM0983")
    setting = setting_in_force(venlo)
    assert setting.pk is None and setting.weights_mode == "expert" and not setting.expert_weights
    norm = norm_in_force(key=NormKey.FLOOR_AREA_PER_PERSON, municipality_id=venlo.pk, on=TODAY)
    return riskengine.Config(weights=setting.weights_mode, expert_weights=dict(setting.expert_weights),
                             floor_area_per_person=float(norm))


def test_engine_beats_random_threefold_and_the_best_rule_in_the_top_5_percent():
    generate_demo_region(addresses=ADDRESSES, seed=SEED, today=TODAY)
    tables = export_tables(Address.objects.all(), as_of=TODAY)
    problems = set(ProblemTruth.objects.filter(is_problem=True).values_list("address__bag_id", flat=True))
    n = tables["addresses"].height
    k = round(SHARE * n)
    assert n == ADDRESSES and k == 600
    base_rate = len(problems) / n
    random_hits = base_rate * k  # what random selection finds on average

    rules = {
        "overtredingen vorig jaar": _hits(_rule_top(_rule_counts(tables, with_meldingen=False), k), problems),
        "overtredingen + meldingen vorig jaar": _hits(_rule_top(_rule_counts(tables, with_meldingen=True), k), problems),
    }
    best_rule = max(rules.values())

    delivery = riskengine.from_frames(tables)
    engine = {}
    for label, config in (("model, standaardconfiguratie (expert)", _default_config()),
                          ("model, geschatte gewichten", riskengine.Config(weights="fitted"))):
        result = riskengine.score(delivery, as_of=TODAY, config=config, with_contributions=False)
        engine[label] = (_hits(result.scores.sort("rank").head(k)["address_id"], problems), result.weights_source)
    assert [source for _, source in engine.values()] == ["expert", "fitted"]

    print(f"\nDemo {n} adressen (seed {SEED}, peildatum {TODAY}); {len(problems)} probleemadressen "
          f"(basiskans {base_rate:.3f}); top 5% = {k} adressen")
    print(f"  {'willekeurig (verwachting)':40} {random_hits:6.1f}  {random_hits / k:.3f}")
    for label, hits in rules.items():
        print(f"  {label:40} {hits:6d}  {hits / k:.3f}  {hits / random_hits:4.1f}x willekeurig")
    for label, (hits, _) in engine.items():
        print(f"  {label:40} {hits:6d}  {hits / k:.3f}  {hits / random_hits:4.1f}x willekeurig")

    for label, (hits, _) in engine.items():
        assert hits >= 3 * random_hits, f"{label}: {hits} < 3 x {random_hits:.1f}"
        assert hits > best_rule, f"{label}: {hits} <= beste regel {best_rule}"

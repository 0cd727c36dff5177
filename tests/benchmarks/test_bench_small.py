"""The benchmark's correctness at a small size: the engine and the pandas reference compute the same.

`make bench` times the engine against benchmarks/pandas_reference.py on 10 million addresses; a
timing is only worth something when both do the same work. This runs both on 20,000 generated
addresses (the engine through its command line, exactly as the benchmark does) and demands the same
score for every address, the same ranks, the same explanations and the same fairness counts.
No timing is asserted here.
"""

import datetime as dt
import json
import subprocess
from pathlib import Path

import polars as pl
import pytest

from benchmarks import generate, pandas_reference

REPO = Path(__file__).resolve().parents[2]

AS_OF = "2026-01-01"
SIZE = 20_000


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return generate.ensure(SIZE, seed=7, root=tmp_path_factory.mktemp("bench"), log=lambda *_: None)


@pytest.fixture(scope="module")
def both(folder: Path) -> tuple[pl.DataFrame, pl.DataFrame, dict, dict]:
    engine_csv = folder.parent / "engine.csv"
    pandas_csv = folder.parent / "pandas.csv"
    done = subprocess.run(
        [str(REPO / ".venv" / "bin" / "regiekamer"), "risk", "score", "--data", str(folder), "--as-of", AS_OF,
         "--out", str(engine_csv), "--weights", "expert", "--quiet"],
        check=False, cwd=REPO, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    assert pandas_reference.main(["--data", str(folder), "--as-of", AS_OF, "--out", str(pandas_csv)]) == 0
    schema = {"address_id": pl.String, "score": pl.Float64, "rank": pl.Int64, "explanation": pl.String}
    return (
        pl.read_csv(engine_csv, schema_overrides=schema),
        pl.read_csv(pandas_csv, schema_overrides=schema),
        json.loads(engine_csv.with_suffix(".fairness.json").read_text()),
        json.loads(pandas_csv.with_suffix(".fairness.json").read_text()),
    )


def test_generator_sizes_and_shape(folder: Path):
    sizes = generate.sizes_for(SIZE)
    tables = {p.stem: pl.read_parquet(p) for p in folder.glob("*.parquet")}
    assert set(tables) == {"addresses", "registrations", "signals", "inspections", "ownership", "permits"}
    assert tables["addresses"].height == SIZE
    assert tables["registrations"].height == 36_000
    assert tables["signals"].height == 2_000
    assert tables["inspections"].height == 600
    assert tables["ownership"].height == SIZE  # an owner for every address
    assert tables["addresses"]["address_id"].n_unique() == SIZE
    assert tables["addresses"]["address_id"].str.contains(r"^0\d{15}$").all()
    assert tables["addresses"]["municipality_code"].n_unique() == sizes["municipalities"]
    first, last = dt.date(2021, 1, 1), dt.date(2025, 12, 31)
    for name, column in (("registrations", "start_date"), ("signals", "date"), ("inspections", "date")):
        dates = tables[name][column]
        assert dates.min() >= first and dates.max() <= last, (name, column)
    # The hidden truth drives the data: problem addresses are inspected with far more violations.
    truth = pl.read_parquet(folder.parent / f"{folder.name}.truth.parquet")
    rates = (tables["inspections"].join(truth, on="address_id")
             .group_by("problem").agg((pl.col("outcome") == "violation").mean().alias("rate")))
    rate = dict(rates.iter_rows())
    assert rate[True] > 3 * rate[False]


def test_generator_is_seeded(tmp_path: Path):
    a = generate.ensure(2_000, seed=3, root=tmp_path / "a", log=lambda *_: None)
    b = generate.ensure(2_000, seed=3, root=tmp_path / "b", log=lambda *_: None)
    for name in ("addresses", "registrations", "signals", "inspections", "ownership", "permits"):
        assert pl.read_parquet(a / f"{name}.parquet").equals(pl.read_parquet(b / f"{name}.parquet")), name


def test_same_score_for_every_address(both):
    engine, pandas, _, _ = both
    assert engine.height == pandas.height == SIZE
    joined = engine.join(pandas, on="address_id", suffix="_pandas")
    assert joined.height == SIZE
    assert (joined["score"] - joined["score_pandas"]).abs().max() <= 1e-6
    # The scores are not trivially equal: many addresses score, and they spread (hundreds of
    # distinct values at 20,000 addresses; the neighbourhood counts only beside signs of its own).
    assert engine["score"].n_unique() > 300
    assert (engine["score"] > 0).sum() > SIZE // 10


def test_same_ranks_and_explanations(both):
    engine, pandas, _, _ = both
    joined = engine.join(pandas, on="address_id", suffix="_pandas")
    assert (joined["rank"] == joined["rank_pandas"]).all()
    differing = joined.filter(pl.col("explanation") != pl.col("explanation_pandas"))
    assert differing.height == 0, differing.select("address_id", "explanation", "explanation_pandas").head(3).to_dicts()
    assert sorted(engine["rank"].to_list()) == list(range(1, SIZE + 1))
    assert engine.filter(pl.col("explanation") == "geen bijzondere signalen").height > 0
    assert engine.filter(pl.col("explanation").str.contains("; ")).height > 0


def test_same_fairness_counts(both):
    _, _, engine, pandas = both
    assert engine["selected"] == pandas["selected"]
    for key in ("by_municipality", "by_area"):
        assert engine[key] == pandas[key], key
    for name, r in engine["correlations"].items():
        assert (r is None) == (pandas["correlations"][name] is None), name
        if r is not None:
            assert abs(r - pandas["correlations"][name]) <= 1e-4, name


def test_same_on_the_bronx_csv_folder(tmp_path: Path):
    """Real data, CSV files, text ids and absent tables: the reference still computes what the engine does."""
    bronx = REPO.parent / "shared" / "data" / "benchmarks" / "nyc-bronx" / "data"
    engine_csv, pandas_csv = tmp_path / "engine.csv", tmp_path / "pandas.csv"
    done = subprocess.run(
        [str(REPO / ".venv" / "bin" / "regiekamer"), "risk", "score", "--data", str(bronx), "--as-of", "2016-01-01",
         "--out", str(engine_csv), "--weights", "expert", "--quiet"],
        check=False, cwd=REPO, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    assert pandas_reference.main(["--data", str(bronx), "--as-of", "2016-01-01", "--out", str(pandas_csv)]) == 0
    schema = {"address_id": pl.String, "score": pl.Float64, "rank": pl.Int64, "explanation": pl.String}
    engine = pl.read_csv(engine_csv, schema_overrides=schema)
    pandas = pl.read_csv(pandas_csv, schema_overrides=schema)
    assert engine.height == pandas.height == 21_100
    joined = engine.join(pandas, on="address_id", suffix="_pandas")
    assert joined.height == 21_100
    assert (joined["score"] - joined["score_pandas"]).abs().max() <= 1e-6
    assert (joined["rank"] == joined["rank_pandas"]).all()
    assert (joined["explanation"] == joined["explanation_pandas"]).all()

"""A seeded, national-scale exchange-format v1 folder in Parquet, for the risk engine's benchmark.

    .venv/bin/python benchmarks/generate.py --addresses 10000000 --seed 1   # -> var/bench/10000000-1/

Every table scales with `--addresses` (N): 1.8 N registrations, 0.1 N signals (meldingen),
0.03 N inspections, one owner per address and 0.02 N permits; about 340 municipalities and
13,000 areas at N = 10,000,000 (fewer at small N). Everything is numpy-vectorised, so 10M
addresses take well under two minutes. A finished folder is cached (a `COMPLETE` marker is written
last) and reused by the next call with the same size and seed.

The data is mildly realistic: every address has a hidden risk (its own, its neighbourhood's and its
owner's) that decides whether it is a "problem address"; problem addresses get more registrations
per m2 with more turnover, more (and more recent) meldingen and more violations when inspected, so a
model fitted on the past inspections has something to learn. The hidden truth is written beside the
folder (`<folder>.truth.parquet`: address_id, problem), never inside it.

Dates lie in 2021-01-01 .. 2025-12-31; the benchmark scores as of 2026-01-01.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

GENERATOR_VERSION = "2"
REPO = Path(__file__).resolve().parent.parent
DEFAULT_ROOT = REPO / "var" / "bench"

EPOCH = dt.date(1970, 1, 1)
FIRST_DAY = (dt.date(2021, 1, 1) - EPOCH).days
LAST_DAY = (dt.date(2025, 12, 31) - EPOCH).days
SPAN = LAST_DAY - FIRST_DAY + 1

USAGES = ["woonfunctie", "kantoorfunctie", "industriefunctie", "woonfunctie;winkelfunctie",
          "winkelfunctie", "logiesfunctie", "bijeenkomstfunctie"]
USAGE_P = [0.885, 0.03, 0.02, 0.03, 0.015, 0.01, 0.01]

CATEGORIES = ["overbewoning", "brandveiligheid", "overlast", "uitbuiting", "illegale_verhuur",
              "huisvesting_klacht", "rechtszaak_huurder", "verwaarlozing"]  # the last one: "other"
CATEGORY_P_PROBLEM = [0.34, 0.13, 0.18, 0.05, 0.13, 0.10, 0.02, 0.05]
CATEGORY_P_NORMAL = [0.08, 0.05, 0.48, 0.01, 0.05, 0.16, 0.03, 0.14]
SOURCES = ["burger", "anoniem", "politie", "brandweer", "laa", "gemeente"]
SOURCE_P = [0.45, 0.20, 0.12, 0.08, 0.05, 0.10]
PERMIT_KINDS = ["verhuurvergunning", "omzettingsvergunning", "snf_keurmerk"]
PERMIT_P = [0.6, 0.25, 0.15]


def sizes_for(n: int) -> dict[str, int]:
    """How many rows each table gets for n addresses."""
    municipalities = int(np.clip(round(340 * (n / 10_000_000) ** 0.5), 3, 340))
    areas = max(2 * municipalities, round(13_000 * n / 10_000_000))
    return {
        "addresses": n, "registrations": round(1.8 * n), "signals": round(0.1 * n),
        "inspections": round(0.03 * n), "permits": round(0.02 * n),
        "municipalities": municipalities, "areas": areas,
    }


def folder_for(n: int, seed: int, root: Path = DEFAULT_ROOT) -> Path:
    return Path(root) / f"{n}-{seed}"


def _dates(days: np.ndarray) -> pl.Series:
    """int days since 1970-01-01 (-1 = empty) -> a polars Date series with nulls."""
    s = pl.Series(days.astype(np.int32))
    return pl.select(pl.when(pl.lit(s) >= 0).then(pl.lit(s)).cast(pl.Date)).to_series()


def _zfill_ids(prefix: str, numbers: np.ndarray, width: int) -> pl.Expr:
    return pl.concat_str([pl.lit(prefix), pl.lit(pl.Series(numbers)).cast(pl.Utf8).str.zfill(width)])


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pl.Series:
    return pl.select(_zfill_ids(prefix, numbers, width).alias("id")).to_series()


def _pick(rng: np.random.Generator, values: list[str], p_rows: np.ndarray) -> pl.Series:
    """One value per row from `values`, row i drawn with probabilities p_rows[i] (rows x values)."""
    cum = np.cumsum(p_rows, axis=1)
    u = rng.random(len(p_rows))[:, None]
    index = np.minimum((u > cum).sum(axis=1), len(values) - 1).astype(np.uint32)
    return pl.Series("v", values).gather(pl.Series(index))


def _choice(rng, values: list[str], p: list[float], size: int) -> pl.Series:
    index = rng.choice(len(values), size=size, p=np.asarray(p) / np.sum(p)).astype(np.uint32)
    return pl.Series("v", values).gather(pl.Series(index))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def generate(n: int, seed: int, out: Path, log=print) -> dict[str, int]:
    """Write the six tables of an n-address folder into `out` (and the truth beside it)."""
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    size = sizes_for(n)
    out.mkdir(parents=True, exist_ok=True)

    # --- municipalities and areas -----------------------------------------------------------------
    m = size["municipalities"]
    gm_codes = np.sort(rng.choice(np.arange(1, 2000), size=m, replace=False))
    muni_weight = rng.lognormal(0.0, 1.0, m)
    muni_size = 1 + rng.multinomial(n - m, muni_weight / muni_weight.sum())
    areas_per_muni = np.maximum(1, np.round(size["areas"] * muni_size / n).astype(np.int64))
    area_offset = np.concatenate([[0], np.cumsum(areas_per_muni)[:-1]])
    n_areas = int(areas_per_muni.sum())
    muni_x = rng.uniform(20_000, 270_000, m)
    muni_y = rng.uniform(310_000, 610_000, m)

    muni = np.repeat(np.arange(m), muni_size)                        # addresses sorted by municipality
    local_area = np.floor(rng.random(n) ** 1.3 * areas_per_muni[muni]).astype(np.int64)
    area = area_offset[muni] + local_area
    area_local_index = np.arange(n_areas) - np.repeat(area_offset, areas_per_muni)
    area_muni = np.repeat(np.arange(m), areas_per_muni)
    area_x = muni_x[area_muni] + rng.normal(0, 2_500, n_areas)
    area_y = muni_y[area_muni] + rng.normal(0, 2_500, n_areas)

    # --- owners: a skewed portfolio size distribution ---------------------------------------------
    # About half the addresses belong to an owner of just that one; the rest to landlords whose
    # portfolio sizes follow a power law, up to a few (large) housing corporations with thousands.
    singles = round(0.5 * n)
    cap = max(50, round(25_000 * n / 10_000_000))
    landlords = np.minimum(1 + rng.zipf(2.2, size=n), cap)
    cut = int(np.searchsorted(np.cumsum(landlords), n - singles)) + 1
    landlords = landlords[:cut]
    landlords[-1] -= int(landlords.sum() - (n - singles))
    portfolio = np.concatenate([np.ones(singles, dtype=np.int64), landlords[landlords > 0]])
    n_owners = len(portfolio)
    owner = np.empty(n, dtype=np.int64)
    owner[rng.permutation(n)] = np.repeat(np.arange(n_owners), portfolio)
    owner_effect = np.where(portfolio >= 2, rng.normal(0, 0.6, n_owners), 0.0)
    owner_effect += np.where((portfolio >= 2) & (rng.random(n_owners) < 0.08), 1.6, 0.0)

    # --- the hidden risk ---------------------------------------------------------------------------
    area_effect = rng.normal(0, 0.5, n_areas) + np.where(rng.random(n_areas) < 0.03, 1.5, 0.0)
    own_effect = rng.normal(0, 0.8, n)
    latent = own_effect + area_effect[area] + owner_effect[owner]
    problem = rng.random(n) < _sigmoid(1.2 * latent - 3.6)

    # --- addresses ---------------------------------------------------------------------------------
    usage_index = rng.choice(len(USAGES), size=n, p=USAGE_P)
    residential = usage_index == 0
    floor = np.clip(rng.lognormal(np.log(92), 0.5, n), 12, 5_000).round(0)
    floor = np.where(residential, floor, np.clip(floor * rng.uniform(1, 6, n), 20, 20_000).round(0))
    floor = np.where(rng.random(n) < 0.002, np.nan, floor)           # a few unknown floor areas
    year = np.clip(np.round(rng.normal(1968, 30, n)), 1600, 2025).astype(np.int32)
    units = np.where(rng.random(n) < 0.6, 1,
                     np.clip(np.round(rng.lognormal(np.log(12), 1.0, n)), 2, 400)).astype(np.int32)
    gm4 = pl.Series(gm_codes[muni]).cast(pl.Utf8).str.zfill(4)
    addresses = pl.DataFrame({
        "address_id": _ids("0", gm_codes[muni] * 10**11 + 10**9 + np.arange(n), 15),
        "municipality_code": pl.select(pl.concat_str([pl.lit("GM"), pl.lit(gm4)])).to_series(),
        "area_code": pl.select(pl.concat_str([
            pl.lit("BU"), pl.lit(gm4), pl.lit(pl.Series(area_local_index[area])).cast(pl.Utf8).str.zfill(4),
        ])).to_series(),
        "floor_area_m2": pl.Series(floor, nan_to_null=True),
        "usage": pl.Series("v", USAGES).gather(pl.Series(usage_index.astype(np.uint32))),
        "building_year": year,
        "units_in_building": units,
        "x": (area_x[area] + rng.normal(0, 600, n)).round(1),
        "y": (area_y[area] + rng.normal(0, 600, n)).round(1),
    })
    address_ids = addresses["address_id"]
    addresses.write_parquet(out / "addresses.parquet")
    pl.DataFrame({"address_id": address_ids, "problem": problem}).write_parquet(
        out.parent / f"{out.name}.truth.parquet")
    log(f"  addresses      {n:>12,}  ({time.perf_counter() - t0:.1f} s)")

    # --- registrations: more per m2 and more turnover at problem addresses -------------------------
    crowding = 1.0 + problem * rng.gamma(2.0, 5.0, n)
    reg_weight = np.nan_to_num(floor, nan=80.0) / 90.0 * crowding
    reg_weight = np.where(residential | problem, reg_weight, reg_weight * 0.03)
    counts = rng.multinomial(size["registrations"], reg_weight / reg_weight.sum())
    reg_addr = np.repeat(np.arange(n), counts)
    r = len(reg_addr)
    reg_problem = problem[reg_addr]
    start = FIRST_DAY + np.floor(rng.random(r) * SPAN).astype(np.int64)
    stay = rng.exponential(np.where(reg_problem, 160.0, 900.0))
    end = start + 1 + np.floor(stay).astype(np.int64)
    end = np.where(end > LAST_DAY, -1, end)
    person = rng.integers(0, int(r * 0.9) + 1, r)
    registrations = pl.DataFrame({
        "address_id": address_ids.gather(pl.Series(reg_addr)),
        "person_ref": _ids("P", person, 10),
        "registry": pl.Series("v", ["BRP", "RNI"]).gather(
            pl.Series((rng.random(r) < np.where(reg_problem, 0.45, 0.08)).astype(np.uint32))),
        "start_date": _dates(start),
        "end_date": _dates(end),
    })
    registrations.write_parquet(out / "registrations.parquet")
    del registrations, reg_addr, reg_problem, start, end, stay, person
    log(f"  registrations  {r:>12,}  ({time.perf_counter() - t0:.1f} s)")

    # --- signals (meldingen): more, more serious and more recent at problem addresses -------------
    sig_weight = (0.25 + 9.0 * problem) * np.exp(0.3 * area_effect[area])
    s = size["signals"]
    sig_addr = np.minimum(np.searchsorted(np.cumsum(sig_weight) / sig_weight.sum(), rng.random(s)), n - 1)
    sig_problem = problem[sig_addr]
    p_cat = np.where(sig_problem[:, None], np.asarray(CATEGORY_P_PROBLEM)[None, :],
                     np.asarray(CATEGORY_P_NORMAL)[None, :])
    recency = np.where(sig_problem, rng.random(s) ** (1 / 1.6), rng.random(s))   # a rising trend
    order = np.argsort(sig_addr, kind="stable")
    signals = pl.DataFrame({
        "signal_id": _ids("M", rng.permutation(s) + 1, 9),
        "address_id": address_ids.gather(pl.Series(sig_addr)),
        "date": _dates(FIRST_DAY + np.floor(recency * SPAN).astype(np.int64)),
        "category": _pick(rng, CATEGORIES, p_cat),
        "source": _choice(rng, SOURCES, SOURCE_P, s),
    })[order]
    signals.write_parquet(out / "signals.parquet")
    del signals, p_cat
    log(f"  signals        {s:>12,}  ({time.perf_counter() - t0:.1f} s)")

    # --- inspections: aimed a little at problem addresses; violations mostly there ----------------
    i = size["inspections"]
    insp_weight = 0.5 + 4.0 * problem
    insp_addr = np.minimum(np.searchsorted(np.cumsum(insp_weight) / insp_weight.sum(), rng.random(i)), n - 1)
    insp_problem = problem[insp_addr]
    p_out = np.where(insp_problem[:, None], np.array([[0.62, 0.22, 0.16]]), np.array([[0.10, 0.82, 0.08]]))
    outcome = _pick(rng, ["violation", "no_violation", "no_access"], p_out)
    serious = rng.random(i) < np.where(insp_problem, 0.55, 0.2)
    severity = pl.select(
        pl.when(pl.lit(outcome) == "violation")
        .then(pl.when(pl.lit(pl.Series(serious))).then(pl.lit("serious")).otherwise(pl.lit("other")))
    ).to_series()
    order = np.argsort(insp_addr, kind="stable")
    inspections = pl.DataFrame({
        "inspection_id": _ids("I", rng.permutation(i) + 1, 9),
        "address_id": address_ids.gather(pl.Series(insp_addr)),
        "date": _dates(FIRST_DAY + np.floor(rng.random(i) * SPAN).astype(np.int64)),
        "outcome": outcome,
        "severity": severity,
    })[order]
    inspections.write_parquet(out / "inspections.parquet")
    del inspections
    log(f"  inspections    {i:>12,}  ({time.perf_counter() - t0:.1f} s)")

    # --- ownership: one row for every address ------------------------------------------------------
    owner_kvk = portfolio >= 2
    owner_numbers = np.where(owner_kvk, 10_000_000 + np.arange(n_owners), 100_000_000 + np.arange(n_owners))
    owner_ref = pl.select(pl.when(pl.lit(pl.Series(owner_kvk)))
                          .then(_zfill_ids("KVK", owner_numbers, 8))
                          .otherwise(_zfill_ids("NP", owner_numbers, 9))).to_series()
    own_start = (dt.date(1990, 1, 1) - EPOCH).days + np.floor(rng.random(n) * (LAST_DAY - 7305)).astype(np.int64) % 13_000
    ownership = pl.DataFrame({
        "address_id": address_ids,
        "owner_ref": owner_ref.gather(pl.Series(owner)),
        "start_date": _dates(np.where(rng.random(n) < 0.9, np.minimum(own_start, LAST_DAY), -1)),
        "end_date": _dates(np.full(n, -1)),
    })
    ownership.write_parquet(out / "ownership.parquet")
    del ownership
    log(f"  ownership      {n:>12,}  ({n_owners:,} owners, largest {portfolio.max():,}; "
        f"{time.perf_counter() - t0:.1f} s)")

    # --- permits: mostly at let addresses, less often at problem addresses -------------------------
    p = size["permits"]
    perm_weight = np.where(portfolio[owner] >= 2, 1.0, 0.05) * np.where(problem, 0.4, 1.0)
    perm_addr = np.minimum(np.searchsorted(np.cumsum(perm_weight) / perm_weight.sum(), rng.random(p)), n - 1)
    valid_from = (dt.date(2019, 1, 1) - EPOCH).days + np.floor(rng.random(p) * (LAST_DAY - (dt.date(2019, 1, 1) - EPOCH).days)).astype(np.int64)
    valid_to = valid_from + 365 * rng.integers(1, 6, p)
    valid_to = np.where(rng.random(p) < 0.4, -1, valid_to)
    order = np.argsort(perm_addr, kind="stable")
    permits = pl.DataFrame({
        "address_id": address_ids.gather(pl.Series(perm_addr)),
        "kind": _choice(rng, PERMIT_KINDS, PERMIT_P, p),
        "valid_from": _dates(valid_from),
        "valid_to": _dates(valid_to),
    })[order]
    permits.write_parquet(out / "permits.parquet")
    log(f"  permits        {p:>12,}  ({time.perf_counter() - t0:.1f} s)")

    return {**size, "owners": n_owners, "problem_addresses": int(problem.sum())}


def ensure(n: int, seed: int = 1, root: Path = DEFAULT_ROOT, log=print) -> Path:
    """The folder for (n, seed), generated unless a complete one is already there."""
    out = folder_for(n, seed, root)
    marker = out / "COMPLETE"
    if marker.exists() and marker.read_text().strip() == GENERATOR_VERSION:
        log(f"Reusing {out}")
        return out
    log(f"Generating {n:,} addresses (seed {seed}) into {out}")
    t0 = time.perf_counter()
    if marker.exists():
        marker.unlink()
    generate(n, seed, out, log=log)
    marker.write_text(GENERATOR_VERSION + "\n")
    log(f"Generated in {time.perf_counter() - t0:.1f} s")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--addresses", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--force", action="store_true", help="generate even when a cached folder exists")
    args = parser.parse_args(argv)
    if args.force:
        marker = folder_for(args.addresses, args.seed, args.root) / "COMPLETE"
        if marker.exists():
            marker.unlink()
    print(ensure(args.addresses, args.seed, args.root))
    return 0


if __name__ == "__main__":
    sys.exit(main())

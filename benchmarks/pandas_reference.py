"""The risk engine's work, written the straightforward way in pandas: the benchmark's yardstick.

    .venv/bin/python benchmarks/pandas_reference.py --data DIR --as-of 2026-01-01 --out scores.csv

Same indicators, same expert weights, same ranking and the same Dutch explanations as riskengine/
(indicators.py, weights.py, scoring.py, fairness.py), so that `make bench` compares two ways of
doing one computation. Idiomatic pandas: read_parquet, boolean masks, value_counts/groupby,
aligned assignment on the address index, vectorised string concatenation; not deliberately slow,
not tuned either. Only the expert-weight path is implemented (fitting is the engine's business).

Taken from the engine instead of re-typed: the expert weight table and the tie-break seed
(configuration, not computation). Equal scores are ordered by SplitMix64 of numeric ids, as in the
engine; other ids by a keyed BLAKE2b, and beyond two million of them by polars' seeded hash, which
pandas cannot reproduce, so that one call is polars.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from riskengine.scoring import STABLE_TEXT_HASH_UP_TO, TIE_SEED
from riskengine.weights import EXPERT_WEIGHTS

FLOOR_AREA_PER_PERSON = 12.0
PERMIT_FROM_PERSONS = 5
EXPLAIN_TOP = 3
SELECTION_SHARE = 0.05
CORRELATION_SAMPLE = 1_000_000
NAMED_FROM = 0.005
NOTHING = "geen bijzondere signalen"
RECHECK_DAYS = 120
MIN_AREA_ADDRESSES = 10
MIN_PORTFOLIO = 2
DAY = pd.Timedelta(days=1)
YEAR = pd.Timedelta(days=365)

CATEGORIES = ["overbewoning", "brandveiligheid", "overlast", "uitbuiting", "illegale_verhuur",
              "huisvesting_klacht", "rechtszaak_huurder"]
GROUPS = [*CATEGORIES, "other"]
WORDS = {
    "overbewoning": "overbewoning", "brandveiligheid": "brandveiligheid", "overlast": "overlast",
    "uitbuiting": "uitbuiting", "illegale_verhuur": "illegale verhuur", "huisvesting_klacht": "klacht over de woning",
    "rechtszaak_huurder": "rechtszaak van huurders", "other": "overig",
}
PERMIT_KINDS = ["verhuurvergunning", "omzettingsvergunning", "kamerverhuurvergunning", "snf_keurmerk"]
OUTCOME_CODE = {"no_violation": 0, "no_access": 1, "violation": 2}

# The indicators in the engine's order (the order of summing and of breaking explanation ties).
ORDER = [
    "persons_over_norm", "turnover_12m", "persons_non_residential",
    *(f"signals_12m_{g}" for g in GROUPS),
    "signal_trend", "serious_violations_12m", "other_violations_12m", "violations_13_36m", "no_access_24m",
    "violation_not_rechecked", "clean_inspection_12m", "owner_portfolio_share", "permit_missing",
    "permit_expired", "area_violation_rate", "units_in_building",
]

COLUMNS = {
    "addresses": ["address_id", "municipality_code", "area_code", "floor_area_m2", "usage", "units_in_building"],
    "registrations": ["address_id", "start_date", "end_date"],
    "signals": ["address_id", "date", "category"],
    "inspections": ["address_id", "date", "outcome", "severity"],
    "ownership": ["address_id", "owner_ref", "start_date", "end_date"],
    "permits": ["address_id", "kind", "valid_from", "valid_to"],
}
DATES = {"start_date", "end_date", "date", "valid_from", "valid_to"}
NUMBERS = {"floor_area_m2", "units_in_building"}


def read(folder: Path) -> dict[str, pd.DataFrame]:
    tables = {}
    for name, wanted in COLUMNS.items():
        parquet, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
        if parquet.exists():
            present = set(pq.read_schema(parquet).names)
            frame = pd.read_parquet(parquet, columns=[c for c in wanted if c in present])
        elif csv.exists():
            frame = pd.read_csv(csv, dtype=str, keep_default_na=False, na_values=[""])
            frame = frame[[c for c in wanted if c in frame.columns]]
        else:
            continue
        for column in wanted:
            if column not in frame.columns:
                frame[column] = None
            elif column in DATES:
                frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d" if frame[column].dtype == "str" else None)
            elif column in NUMBERS:
                frame[column] = pd.to_numeric(frame[column])
        tables[name] = frame
    if "addresses" not in tables:
        raise SystemExit("addresses ontbreekt")
    return tables


def validate(tables: dict[str, pd.DataFrame]) -> None:
    """The checks the engine makes before using anything: unique ids, known addresses, sane periods."""
    addresses = tables["addresses"]
    if addresses["address_id"].duplicated().any():
        raise SystemExit("addresses: address_id niet uniek")
    known = pd.Index(addresses["address_id"])
    for name, frame in tables.items():
        if name == "addresses":
            continue
        # Every reference must be a known address; its row number is the key from here on (as in the
        # engine): grouping and aligning on integers instead of 10M strings at every step.
        frame["row"] = known.get_indexer(frame["address_id"])
        if (frame["row"] < 0).any():
            raise SystemExit(f"{name}: adres staat niet in addresses")
    for name, (start, end) in {"registrations": ("start_date", "end_date"), "ownership": ("start_date", "end_date"),
                               "permits": ("valid_from", "valid_to")}.items():
        if name in tables and (tables[name][end] < tables[name][start]).any():
            raise SystemExit(f"{name}: {end} ligt vóór {start}")


def per_address(index: pd.Index, ids: pd.Series) -> pd.Series:
    """How often each address occurs in ids, for every address (0 where none)."""
    return ids.value_counts().reindex(index, fill_value=0).astype("float64")


def indicators(tables: dict[str, pd.DataFrame], as_of: dt.date) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The features (one column per indicator), the details the texts need, and the fairness counts."""
    T = pd.Timestamp(as_of)
    a = tables["addresses"]  # rows 0..n-1: the key the other tables got in validate()
    index = a.index
    f = pd.DataFrame(index=index)
    d = pd.DataFrame(index=index)
    floor = a["floor_area_m2"].fillna(0).astype("float64")
    capacity = np.floor(floor / FLOOR_AREA_PER_PERSON)
    known_area = floor > 0
    usage = a["usage"]  # BAG gebruiksdoelen are lower case
    residential = pd.Series(np.where(usage.isna(), -1, usage.str.contains("woonfunctie", na=False).astype(int)), index=index)
    d["floor_area"] = floor
    d["capacity"] = capacity
    d["usage"] = a["usage"].fillna("onbekend")
    d["area_code"] = a["area_code"].fillna("onbekend")

    persons = pd.Series(0.0, index=index)
    if "registrations" in tables:
        r = tables["registrations"]
        current = (r["start_date"] < T) & (r["end_date"].isna() | (r["end_date"] >= T))
        persons = per_address(index, r.loc[current, "row"])
        starts = per_address(index, r.loc[(r["start_date"] < T) & (r["start_date"] >= T - YEAR), "row"])
        over = (persons - capacity).clip(lower=0).where(known_area, 0.0)
        f["persons_over_norm"] = np.log1p(over)
        f["turnover_12m"] = np.log1p(starts / capacity.clip(lower=1)).where(known_area & (starts >= 3), 0.0)
        f["persons_non_residential"] = np.log1p(persons).where(residential == 0, 0.0)
        d["persons"] = persons
        d["starts_12m"] = starts

    signals_12m = pd.Series(0.0, index=index)
    if "signals" in tables:
        s = tables["signals"]
        group = s["category"].where(s["category"].isin(CATEGORIES), "other")
        recent = (s["date"] < T) & (s["date"] >= T - YEAR)
        before = (s["date"] < T - YEAR) & (s["date"] >= T - 2 * YEAR)
        by_group = (pd.DataFrame({"row": s.loc[recent, "row"], "group": group[recent]})
                    .groupby(["row", "group"]).size().unstack(fill_value=0)
                    .reindex(index=index, columns=GROUPS, fill_value=0).astype("float64"))
        for g in GROUPS:
            f[f"signals_12m_{g}"] = np.log1p(by_group[g])
            d[f"signals_{g}"] = by_group[g]
        signals_12m = per_address(index, s.loc[recent, "row"])
        previous = per_address(index, s.loc[before, "row"])
        f["signal_trend"] = np.log1p((signals_12m - previous).clip(lower=0))
        d["signals_12m"] = signals_12m
        d["signals_prev"] = previous

    inspected_36m = violations_36m = pd.Series(0.0, index=index)
    if "inspections" in tables:
        i = tables["inspections"]
        past = i["date"] < T
        violation = i["outcome"] == "violation"
        serious = (i["severity"] == "serious").fillna(False).astype(bool)
        recent = past & (i["date"] >= T - YEAR)
        ids = i["row"]
        d["serious_12m"] = per_address(index, ids[recent & violation & serious])
        d["other_12m"] = per_address(index, ids[recent & violation & ~serious])
        d["violations_13_36m"] = per_address(index, ids[past & violation & (i["date"] < T - YEAR) & (i["date"] >= T - 3 * YEAR)])
        d["no_access_24m"] = per_address(index, ids[past & (i["outcome"] == "no_access") & (i["date"] >= T - 2 * YEAR)])
        f["serious_violations_12m"] = np.log1p(d["serious_12m"])
        f["other_violations_12m"] = np.log1p(d["other_12m"])
        f["violations_13_36m"] = np.log1p(d["violations_13_36m"])
        f["no_access_24m"] = np.log1p(d["no_access_24m"])
        # The last inspection before T; on one day the worst outcome counts.
        last = (i.loc[past, ["row", "date"]].assign(code=i.loc[past, "outcome"].map(OUTCOME_CODE))
                .sort_values(["row", "date", "code"]).drop_duplicates("row", keep="last")
                .set_index("row").reindex(index))
        f["violation_not_rechecked"] = ((last["code"] == 2) & (last["date"] <= T - RECHECK_DAYS * DAY)).astype("float64")
        f["clean_inspection_12m"] = ((last["code"] == 0) & (last["date"] >= T - YEAR)).astype("float64")
        d["last_inspection"] = last["date"]
        window = past & (i["date"] >= T - 3 * YEAR)
        inspected_36m = per_address(index, ids[window & (i["outcome"] != "no_access")])
        violations_36m = per_address(index, ids[window & violation])

    flagged = ((violations_36m > 0) | (signals_12m > 0)).astype("float64")
    if "ownership" in tables:
        o = tables["ownership"]
        current = (o["start_date"].isna() | (o["start_date"] < T)) & (o["end_date"].isna() | (o["end_date"] >= T))
        # One owner per address: the latest start; on the same day the one listed last in the delivery.
        owners = (o[current].assign(listed=np.arange(current.sum()))
                  .sort_values(["row", "start_date", "listed"], na_position="first")
                  .drop_duplicates("row", keep="last").copy())
        owners["flagged"] = owners["row"].map(flagged)
        by_owner = owners.groupby("owner_ref")["flagged"]
        owners["others"] = by_owner.transform("size") - 1
        owners["owner_flagged"] = by_owner.transform("sum") - owners["flagged"]
        owners = owners.set_index("row").reindex(index)
        others = owners["others"].fillna(0).astype("float64")
        owner_flagged = owners["owner_flagged"].fillna(0).astype("float64")
        f["owner_portfolio_share"] = (owner_flagged / others.clip(lower=1)).where(others >= MIN_PORTFOLIO, 0.0)
        d["owner_others"] = others
        d["owner_flagged"] = owner_flagged

    if "permits" in tables:
        p = tables["permits"]
        p = p[p["kind"].isin(PERMIT_KINDS)]
        started = p["valid_from"] < T
        valid = per_address(index, p.loc[started & (p["valid_to"].isna() | (p["valid_to"] >= T)), "row"]) > 0
        expired_on = p[started & (p["valid_to"] < T)].groupby("row")["valid_to"].max().reindex(index)
        lived_in = persons > 0 if "registrations" in tables else pd.Series(True, index=index)
        f["permit_expired"] = (expired_on.notna() & ~valid & lived_in).astype("float64")
        d["permit_expired_on"] = expired_on
        if "registrations" in tables:
            f["permit_missing"] = ((persons >= PERMIT_FROM_PERSONS) & ~valid).astype("float64")

    # The neighbourhood's share of addresses with a violation in 3 years, the address itself left out.
    with_violation = (violations_36m > 0).astype("float64")
    has_area = a["area_code"].notna()
    overall = with_violation[has_area].sum() / has_area.sum() if has_area.any() else 0.0
    area = pd.DataFrame({"area": a["area_code"], "v": with_violation})[has_area]
    size = area.groupby("area")["v"].transform("size")
    bad = area.groupby("area")["v"].transform("sum")
    rate = ((bad - area["v"]) / (size - 1).clip(lower=1)).where(size >= MIN_AREA_ADDRESSES, 0.0).reindex(index, fill_value=0.0)
    ratio = rate / overall if overall > 0 else pd.Series(0.0, index=index)
    # Only where the address shows signs of its own: meldingen, a past violation, more people than room.
    own_signs = (signals_12m > 0) | (violations_36m > 0) | ((persons > capacity) & known_area)
    f["area_violation_rate"] = (ratio - 1.0).clip(0.0, 4.0).where(own_signs, 0.0)
    d["area_rate"] = rate
    d["overall_rate"] = overall

    units = a["units_in_building"].fillna(0).astype("float64")
    f["units_in_building"] = np.log1p(units)
    d["units"] = units
    if not known_area.any():
        f = f.drop(columns=["persons_over_norm", "turnover_12m"], errors="ignore")
    counts = pd.DataFrame({"municipality": a["municipality_code"], "area": a["area_code"].fillna("(onbekend)"),
                           "inspections": inspected_36m, "violations": violations_36m})
    return f[[name for name in ORDER if name in f.columns]], d, counts


def whole(s: pd.Series) -> pd.Series:
    return s.astype("int64").astype(str)


def count_of(s: pd.Series, one: str, many: str) -> pd.Series:
    """'1 melding', '3 meldingen'."""
    return whole(s) + " " + pd.Series(many, index=s.index).where(s != 1, one)


def day(s: pd.Series) -> pd.Series:
    return s.dt.strftime("%d-%m-%Y")


def text(name: str, d: pd.DataFrame) -> pd.Series:
    """The Dutch sentence of one indicator for the rows of d."""
    if name.startswith("signals_12m_"):
        group = name.removeprefix("signals_12m_")
        return count_of(d[f"signals_{group}"], "melding", "meldingen") + " in 12 maanden (" + WORDS[group] + ")"
    match name:
        case "persons_over_norm":
            return (whole(d["persons"]) + " personen ingeschreven op " + whole(d["floor_area"]) + " m2, norm "
                    + whole(d["capacity"]) + " personen")
        case "turnover_12m":
            return (whole(d["starts_12m"]) + " nieuwe inschrijvingen in 12 maanden, ruimte voor "
                    + whole(d["capacity"]) + " personen")
        case "persons_non_residential":
            return whole(d["persons"]) + " personen ingeschreven op een adres zonder woonfunctie (" + d["usage"] + ")"
        case "signal_trend":
            return ("meldingen nemen toe: " + whole(d["signals_12m"]) + " in de laatste 12 maanden, "
                    + whole(d["signals_prev"]) + " in de 12 maanden daarvoor")
        case "serious_violations_12m":
            return count_of(d["serious_12m"], "ernstige overtreding", "ernstige overtredingen") + " bij controle in 12 maanden"
        case "other_violations_12m":
            return count_of(d["other_12m"], "overige overtreding", "overige overtredingen") + " bij controle in 12 maanden"
        case "violations_13_36m":
            return count_of(d["violations_13_36m"], "overtreding", "overtredingen") + " 1 tot 3 jaar geleden"
        case "no_access_24m":
            return whole(d["no_access_24m"]) + " keer geen toegang bij controle in 24 maanden"
        case "violation_not_rechecked":
            return "laatste controle (" + day(d["last_inspection"]) + ") vond een overtreding; sindsdien niet gecontroleerd"
        case "clean_inspection_12m":
            return "controle zonder overtreding op " + day(d["last_inspection"])
        case "owner_portfolio_share":
            return ("eigenaar heeft " + whole(d["owner_others"]) + " andere adressen, " + whole(d["owner_flagged"])
                    + " daarvan met overtredingen of meldingen")
        case "permit_missing":
            return whole(d["persons"]) + " personen ingeschreven zonder geldige verhuurvergunning of keurmerk"
        case "permit_expired":
            return "vergunning of keurmerk verlopen op " + day(d["permit_expired_on"])
        case "area_violation_rate":
            return ("buurt " + d["area_code"] + ": " + whole((d["area_rate"] * 100).round(0)) + "% van de adressen met "
                    "een overtreding in 3 jaar, gemiddeld " + whole((d["overall_rate"] * 100).round(0)) + "%")
        case "units_in_building":
            return "pand met " + count_of(d["units"], "woning", "woningen")
    raise KeyError(name)


def splitmix64(values: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser, keyed like the engine's: a fixed hash of integers."""
    with np.errstate(over="ignore"):
        z = values.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15 ^ TIE_SEED)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def tie_hash(ids: pd.Series) -> np.ndarray:
    """Ids that are all digits of one length (BAG) as integers through SplitMix64; other ids through
    a keyed BLAKE2b (up to two million) or polars' seeded hash beyond: the engine's rule."""
    lengths = ids.str.len()
    if len(ids) and lengths.min() == lengths.max() <= 18 and ids.str.fullmatch(r"[0-9]+").all():
        return splitmix64(ids.astype("int64").to_numpy())
    if len(ids) <= STABLE_TEXT_HASH_UP_TO:
        key = TIE_SEED.to_bytes(8, "little")
        return np.array([int.from_bytes(hashlib.blake2b(i.encode(), digest_size=8, key=key).digest(), "little")
                         for i in ids], dtype=np.uint64)
    import polars as pl

    return pl.Series(ids.to_numpy()).hash(seed=TIE_SEED).to_numpy()


def score(tables: dict[str, pd.DataFrame], as_of: dt.date) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    f, d, counts = indicators(tables, as_of)
    weights = {name: EXPERT_WEIGHTS.get(name, 0.0) for name in f.columns}
    total = pd.Series(0.0, index=f.index)
    for name in f.columns:
        total += weights[name] * f[name]
    ids = tables["addresses"]["address_id"].to_numpy()
    out = pd.DataFrame({"address_id": ids, "score": total.round(6).to_numpy()})
    # Rank: highest score first; equal scores ordered by 23 bits of a keyed hash of the id (the engine's rule).
    micro = (out["score"] * 1_000_000).round().astype("int64")
    tie = (tie_hash(out["address_id"]) >> np.uint64(41)).astype("int64")
    out["key"] = -micro * (1 << 23) + tie
    out["rank"] = out["key"].rank(method="first").astype("int64")

    # Explanations: the largest positive contributions, at most EXPLAIN_TOP, in Dutch.
    active = [name for name in f.columns if weights[name] > 0]
    contributions = pd.DataFrame({name: (weights[name] * f[name]).astype("float32") for name in active})
    explanation = pd.Series(pd.NA, index=f.index, dtype="str")
    for position in range(EXPLAIN_TOP):
        best = contributions.idxmax(axis=1).astype("category")  # compared per indicator below
        value = contributions.max(axis=1)
        named = value > NAMED_FROM
        if not named.any():
            break
        texts = pd.Series(pd.NA, index=f.index, dtype="str")
        for name in active:
            rows = named & (best == name)
            if rows.any():
                texts[rows] = text(name, d[rows])
                contributions.loc[rows, name] = -np.inf
        explanation = texts if position == 0 else explanation.where(texts.isna(), explanation + "; " + texts)
    out["explanation"] = explanation.fillna(NOTHING).to_numpy()
    return out[["address_id", "score", "rank", "explanation"]], f, counts.assign(total=total.to_numpy())


def fairness(out: pd.DataFrame, f: pd.DataFrame, counts: pd.DataFrame) -> dict:
    """The engine's fairness report: selection against violations per municipality and area, correlations."""
    n = len(out)
    cutoff = max(1, math.ceil(n * SELECTION_SHARE)) if n else 0
    frame = counts.assign(selected=(out["rank"] <= cutoff).to_numpy(), with_violation=counts["violations"] > 0)
    measurable = bool(frame["inspections"].sum() > frame["violations"].sum())
    groups = {}
    for key, column in (("by_municipality", "municipality"), ("by_area", "area")):
        g = frame.groupby(column).agg(addresses=("selected", "size"), selected=("selected", "sum"),
                                      with_violation=("with_violation", "sum"), inspections=("inspections", "sum"),
                                      violations=("violations", "sum")).sort_index()
        groups[key] = [{
            "code": code, "addresses": int(row.addresses), "selected": int(row.selected),
            "selection_rate": round(row.selected / row.addresses, 4), "with_violation": int(row.with_violation),
            "violation_rate": round(row.with_violation / row.addresses, 4), "inspections": int(row.inspections),
            "violations": int(row.violations),
            "hit_rate": round(row.violations / row.inspections, 4) if row.inspections and measurable else None,
        } for code, row in g.iterrows()]
    # Like the engine: over at most a million addresses, every k-th one.
    step = max(1, math.ceil(n / CORRELATION_SAMPLE))
    total, f = counts["total"].iloc[::step], f.iloc[::step]
    r = f.corrwith(total) if total.std() > 0 else pd.Series(np.nan, index=f.columns)
    spread = f.std()
    correlations = {name: None if spread[name] == 0 or pd.isna(r[name]) else round(float(r[name]), 4)
                    for name in sorted(f.columns)}
    return {"selection_share": SELECTION_SHARE, "selected": cutoff, "addresses": n, **groups, "correlations": correlations}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The risk engine's scores, computed with pandas.")
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--as-of", required=True, type=dt.date.fromisoformat)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--weights", choices=["expert"], default="expert", help="only expert weights")
    args = parser.parse_args(argv)
    tables = read(args.data)
    validate(tables)
    out, f, counts = score(tables, args.as_of)
    out.to_csv(args.out, index=False)  # in the delivery's order, as the engine writes it
    args.out.with_suffix(".fairness.json").write_text(
        json.dumps(fairness(out, f, counts), ensure_ascii=False, indent=1, default=str))
    print(f"{len(out)} adressen gescoord naar {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Back-testing: does the engine find more than simple rules and random selection?

Precision and recall in the top 1%, 5% and 10% of the ranking, against known outcomes after the
as-of date. The bar is the best simple rule, not random selection (domain.md section 5). Rules
rank by counts, so they tie a lot; ties are broken at random, averaged over several seeded draws.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from .delivery import Delivery, Fault, Refused
from .indicators import YEAR, Arrays, arrays

SHARES = (0.01, 0.05, 0.10)
TIE_DRAWS = 20


@dataclass
class Line:
    method: str
    precision: tuple[float, ...]
    recall: tuple[float, ...]


def read_outcomes(path: str | Path, delivery: Delivery) -> np.ndarray:
    """The 0/1 outcome per address of the delivery, in its order; addresses not listed count as 0."""
    path = Path(path)
    name = path.name
    try:
        frame = pl.read_csv(path, infer_schema=False) if path.suffix != ".parquet" else pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as error:
        raise Refused([Fault(name, None, None, f"niet te lezen ({error})")]) from error
    others = [c for c in frame.columns if c != "address_id"]
    if "address_id" not in frame.columns or len(others) != 1:
        raise Refused([Fault(name, None, None, "verwacht twee kolommen: address_id en één 0/1-kolom")])
    column = others[0]
    frame = frame.select(pl.col("address_id").cast(pl.String), pl.col(column).cast(pl.String).str.strip_chars())
    bad = frame.with_row_index().filter(~pl.col(column).is_in(["0", "1"]))
    if bad.height:
        raise Refused([Fault(name, int(i) + 2, column, "alleen 0 of 1 toegestaan") for i in bad["index"].head(20)])
    keys = delivery.addresses.select("address_id", "idx")
    joined = frame.with_row_index().join(keys, on="address_id", how="left")
    unknown = joined.filter(pl.col("idx").is_null())
    if unknown.height:
        raise Refused([Fault(name, int(i) + 2, "address_id", "adres staat niet in addresses")
                       for i in unknown["index"].head(20)])
    outcome = np.zeros(delivery.addresses.height)
    outcome[joined["idx"].to_numpy()] = joined[column].cast(pl.Float64).to_numpy()
    return outcome


def rule_counts(data: Arrays, as_of: dt.date) -> dict[str, np.ndarray]:
    """The simple rules: counts of last year's violations (all or serious), with or without complaints."""
    n, t = data.n, (as_of - dt.date(1970, 1, 1)).days
    zeros = np.zeros(n)
    violations = serious = complaints = zeros
    if "inspections" in data.columns:
        i = data.columns["inspections"]
        last_year = (i["date"] < t) & (i["date"] >= t - YEAR) & (i["outcome"] == 2)
        violations = np.bincount(i["idx"][last_year], minlength=n).astype(float)
        serious = np.bincount(i["idx"][last_year & i["serious"]], minlength=n).astype(float)
    if "signals" in data.columns:
        s = data.columns["signals"]
        last_year = (s["date"] < t) & (s["date"] >= t - YEAR)
        complaints = np.bincount(s["idx"][last_year], minlength=n).astype(float)
    return {
        "regel: overtredingen vorig jaar": violations,
        "regel: ernstige overtredingen vorig jaar": serious,
        "regel: overtredingen + meldingen vorig jaar": violations + complaints,
        "regel: ernstige overtredingen + meldingen vorig jaar": serious + complaints,
    }


def _top_sizes(n: int) -> list[int]:
    return [max(1, round(n * share)) for share in SHARES]


def measure_ranking(order: np.ndarray, outcome: np.ndarray) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Precision and recall of the first addresses of `order` (row numbers, best first)."""
    positives = outcome.sum()
    hits = [outcome[order[:k]].sum() for k in _top_sizes(len(order))]
    precision = tuple(h / k for h, k in zip(hits, _top_sizes(len(order)), strict=True))
    recall = tuple(h / positives if positives else 0.0 for h in hits)
    return precision, recall


def measure_counts(counts: np.ndarray, outcome: np.ndarray) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """A rule's precision and recall, ties broken at random, averaged over seeded draws."""
    precision, recall = np.zeros(len(SHARES)), np.zeros(len(SHARES))
    for draw in range(TIE_DRAWS):
        tie = np.random.default_rng(draw).random(len(counts))
        order = np.lexsort((tie, -counts))
        p, r = measure_ranking(order, outcome)
        precision += p
        recall += r
    return tuple(precision / TIE_DRAWS), tuple(recall / TIE_DRAWS)


def evaluate(delivery: Delivery, rank: np.ndarray, outcome: np.ndarray, as_of: dt.date, engine: str) -> list[Line]:
    data = arrays(delivery)
    order = np.argsort(rank, kind="stable")
    lines = [Line(engine, *measure_ranking(order, outcome))]
    for name, counts in rule_counts(data, as_of).items():
        lines.append(Line(name, *measure_counts(counts, outcome)))
    base = outcome.mean() if len(outcome) else 0.0
    lines.append(Line("willekeurig (verwachting)", tuple(base for _ in SHARES),
                      tuple(k / len(outcome) for k in _top_sizes(len(outcome)))))
    return lines


def table(lines: list[Line], outcome: np.ndarray, as_of: dt.date) -> str:
    n, positives = len(outcome), int(outcome.sum())
    width = max(len(line.method) for line in lines) + 2
    out = [f"Peildatum {as_of.isoformat()}: {n} adressen, {positives} met uitkomst 1 ({positives / n:.1%})." if n else "",
           "".ljust(width) + "".join(f"{'top ' + format(s, '.0%'):>20}" for s in SHARES),
           "".ljust(width) + "".join(f"{'precisie':>11}{'recall':>9}" for _ in SHARES)]
    for line in lines:
        out.append(line.method.ljust(width) + "".join(
            f"{p:>11.3f}{r:>9.3f}" for p, r in zip(line.precision, line.recall, strict=True)))
    engine, rules = lines[0], [line for line in lines if line.method.startswith("regel")]
    verdict = []
    for i, share in enumerate(SHARES):
        best = max(rules, key=lambda line: line.precision[i])
        beaten = engine.precision[i] > best.precision[i]
        verdict.append(f"top {share:.0%}: {'beter' if beaten else 'NIET beter'} dan de beste regel "
                       f"({engine.precision[i]:.3f} tegen {best.precision[i]:.3f}, {best.method[7:]})")
    out += ["", *verdict]
    return "\n".join(out)

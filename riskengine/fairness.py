"""The fairness report that comes with every run (domain.md section 5).

Per municipality and per neighbourhood: how many addresses the run selects (the top
`selection_share`) against the evidence there: the share of addresses where an inspection found a
violation in the last three years, and the hit rate of those inspections (violations per
inspection; only measurable when the delivery records inspections that found nothing). An area
whose selection rate is far above what its violations support is warned about: the model may be
sending inspectors where the evidence does not point. Also the correlation of the score with each
indicator, so a reviewer sees what drives the ranking.
"""

import math

import numpy as np
import polars as pl

from .indicators import Arrays, Computed

# Groups this small say nothing; they are listed but not warned about.
MIN_ADDRESSES = 20
MIN_SELECTED = 5
MIN_VIOLATIONS = 5
# "Far above": selected at least twice as often as average, and more than twice what its violations support.
FAR = 2.0
CORRELATION_SAMPLE = 1_000_000


def report(data: Arrays, now: Computed, rank: np.ndarray, total: np.ndarray, share: float) -> dict:
    n = len(rank)
    cutoff = max(1, math.ceil(n * share)) if n else 0
    selected = rank <= cutoff
    overall_selection = cutoff / n if n else 0.0
    overall_violation = float((now.violations_36m > 0).mean()) if n else 0.0
    # Without inspections that found nothing, violations per inspection is always 100%: not a hit rate.
    inspections = float(now.inspected_36m.sum(dtype=np.float64))
    violations = float(now.violations_36m.sum(dtype=np.float64))
    measurable = inspections > violations
    overall_hit = violations / inspections if inspections and measurable else None
    warnings: list[str] = []
    if not measurable:
        warnings.append("De levering bevat geen controles zonder overtreding: de trefkans per controle is niet te "
                        "meten; het rapport vergelijkt de selectie met het aandeel adressen met een overtreding.")
    groups = {}
    for key, codes, names, word in (("by_municipality", data.municipality, data.municipality_code, "Gemeente"),
                                    ("by_area", data.area, data.area_code, "Buurt")):
        rows = _groups(codes, names, selected, now, measurable)
        groups[key] = rows
        warnings += [_warning(word, row, overall_selection, overall_violation) for row in rows
                     if _far_above(row, overall_selection, overall_violation)]
    return {
        "selection_share": share,
        "selected": cutoff,
        "addresses": n,
        "overall_selection_rate": round(overall_selection, 4),
        "overall_violation_rate": round(overall_violation, 4),
        "overall_hit_rate": None if overall_hit is None else round(overall_hit, 4),
        "hit_rate_measurable": measurable,
        **groups,
        "correlations": _correlations(now, total),
        "warnings": warnings,
    }


def _groups(codes: np.ndarray, names: pl.Series, selected: np.ndarray, now: Computed, measurable: bool) -> list[dict]:
    """Counts per group code (-1: no code) with bincount: millions of addresses in a fraction of a second."""
    shifted = codes + 1  # -1 (unknown) becomes bin 0

    def count(weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(shifted, weights=weights, minlength=int(shifted.max(initial=0)) + 1)

    addresses = count()
    # Counts of a yes/no as whole numbers over the rows where it holds: the same numbers as summing
    # it as weights over every address, without two national-scale arrays of doubles.
    chosen = np.bincount(shifted[selected], minlength=len(addresses))
    with_violation = np.bincount(shifted[now.violations_36m > 0], minlength=len(addresses))
    inspections, violations = count(now.inspected_36m), count(now.violations_36m)
    example = np.full(len(addresses), -1)
    example[shifted] = np.arange(len(shifted))  # any row of a group names it: they all share the code
    rows = []
    for b in np.flatnonzero(addresses):
        code = names[int(example[b])] if b else None
        rows.append({
            "code": code if code is not None else "(onbekend)", "addresses": int(addresses[b]),
            "selected": int(chosen[b]), "selection_rate": round(chosen[b] / addresses[b], 4),
            "with_violation": int(with_violation[b]), "violation_rate": round(with_violation[b] / addresses[b], 4),
            "inspections": int(inspections[b]), "violations": int(violations[b]),
            "hit_rate": round(violations[b] / inspections[b], 4) if inspections[b] and measurable else None,
        })
    return sorted(rows, key=lambda row: row["code"])


def _far_above(row: dict, overall_selection: float, overall_violation: float) -> bool:
    if row["addresses"] < MIN_ADDRESSES or row["selected"] < MIN_SELECTED or not overall_selection:
        return False
    selection_ratio = row["selection_rate"] / overall_selection
    if selection_ratio < FAR:
        return False
    if row["with_violation"] < MIN_VIOLATIONS or not overall_violation:
        return True  # selected far more often, with too little inspection evidence to back it
    return selection_ratio > FAR * (row["violation_rate"] / overall_violation)


def _warning(word: str, row: dict, overall_selection: float, overall_violation: float) -> str:
    selected = f"{word} {row['code']}: {row['selection_rate']:.0%} van de adressen geselecteerd (gemiddeld {overall_selection:.0%})"
    if row["with_violation"] < MIN_VIOLATIONS or not overall_violation:
        return (f"{selected}, met te weinig vastgestelde overtredingen ({row['with_violation']} adressen) "
                "om dat te onderbouwen.")
    return (f"{selected}, terwijl daar bij {row['violation_rate']:.0%} van de adressen een overtreding is vastgesteld "
            f"(gemiddeld {overall_violation:.0%}); controleer of het model dit gebied niet te zwaar selecteert.")


def _correlations(now: Computed, total: np.ndarray) -> dict[str, float | None]:
    """Pearson correlation of the score with each indicator (None where either is constant).

    Over at most CORRELATION_SAMPLE addresses, every k-th one: beyond a million the figure does
    not change in its fourth decimal, and the report stays fast at national scale.
    """
    result: dict[str, float | None] = {}
    step = max(1, math.ceil(len(total) / CORRELATION_SAMPLE))
    total = total[::step]
    centred = total - total.mean()
    spread = float(np.sqrt((centred * centred).sum()))
    for name, feature in sorted(now.features.items()):
        feature = feature[::step]
        deviation = feature - feature.mean()
        norm = float(np.sqrt((deviation * deviation).sum()))
        if spread == 0 or norm < 1e-12:
            result[name] = None
            continue
        # A plain sum, not BLAS's dot: BLAS splits a million-long dot over threads that then spin,
        # taking a core from the ranking beside this report, and its sum depends on the thread count.
        result[name] = round(float(np.multiply(centred, deviation).sum()) / (spread * norm), 4)
    return result

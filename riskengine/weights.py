"""Where the weights come from: experts (the default) or the past year's inspection outcomes.

Expert weights are points per unit of an indicator's feature (see indicators.py): a serious
violation in the last year is worth 2 points, the second one 2 x log(3)/log(2) - 2 = 1.17 more.
They are a starting point a municipality can change per indicator.

Fitted weights come from a regularised logistic regression on a time split: the indicators as of
T minus one year against what inspections found in the year up to T. Only data before T is used,
so fitting is as reproducible and fair as scoring. The coefficients are turned back into points per
unit of feature, so the score stays a sum of contributions that the explanation can name.
"""

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from .indicators import YEAR, Arrays, Computed

EXPERT_WEIGHTS: dict[str, float] = {
    "persons_over_norm": 2.0,
    "turnover_12m": 1.0,
    "persons_non_residential": 1.5,
    "signals_12m_overbewoning": 1.2,
    "signals_12m_brandveiligheid": 1.2,
    "signals_12m_overlast": 0.4,
    "signals_12m_uitbuiting": 1.5,
    "signals_12m_illegale_verhuur": 1.2,
    "signals_12m_huisvesting_klacht": 0.8,
    "signals_12m_rechtszaak_huurder": 0.8,
    "signals_12m_other": 0.3,
    "signal_trend": 0.5,
    "serious_violations_12m": 2.0,
    "other_violations_12m": 1.0,
    "violations_13_36m": 0.7,
    "no_access_24m": 0.8,
    "violation_not_rechecked": 1.0,
    "clean_inspection_12m": -1.0,
    "owner_portfolio_share": 2.0,
    "permit_missing": 1.0,
    "permit_expired": 1.0,
    "area_violation_rate": 0.3,
    "units_in_building": 0.0,
}

# Fitting needs enough outcomes of both kinds in the year before T, and history before that year.
MIN_OUTCOMES = 50
# The fit uses every address with a violation and a fixed, seeded sample of the others.
MAX_FIT_ROWS = 400_000
RIDGE = 1.0
SEED = 20160101


@dataclass
class Weights:
    values: dict[str, float]
    source: str  # "expert" or "fitted"
    note: str  # Dutch: how they were chosen


def expert(overrides: dict[str, float] | None = None) -> Weights:
    values = dict(EXPERT_WEIGHTS)
    unknown = sorted(set(overrides or {}) - set(values))
    if unknown:
        raise ValueError(f"onbekende indicator(en) in de gewichten: {', '.join(unknown)}")
    values.update({name: float(weight) for name, weight in (overrides or {}).items()})
    changed = f"; aangepast: {', '.join(sorted(overrides))}" if overrides else ""
    return Weights(values, "expert", f"expertgewichten{changed}")


def training_labels(data: Arrays, as_of: dt.date) -> np.ndarray | None:
    """1 where an inspection in the year before T found a violation (serious, where the data has severity)."""
    if "inspections" not in data.columns:
        return None
    i = data.columns["inspections"]
    t = (as_of - dt.date(1970, 1, 1)).days
    window = (i["date"] < t) & (i["date"] >= t - YEAR)
    violation = i["outcome"] == 2
    if (violation & i["serious"]).any():
        violation = violation & i["serious"]
    labels = np.zeros(data.n, dtype=np.float32)  # 0 or 1: single precision is exact
    labels[i["idx"][window & violation]] = 1.0
    if not (i["date"] < t - YEAR).any():
        return None  # no history before the training year: the features would be empty
    return labels


def can_fit(labels: np.ndarray | None) -> bool:
    if labels is None:
        return False
    positives = int(labels.sum())
    return positives >= MIN_OUTCOMES and len(labels) - positives >= MIN_OUTCOMES


# Indicators that may lower a score. Every other indicator is a sign of trouble: the fit may give it
# no weight, never a negative one (an address does not become safer by drawing complaints; a
# negative estimate only means another indicator already carries that information).
MAY_LOWER = frozenset({"clean_inspection_12m", "units_in_building"})


def fit(before: Computed, labels: np.ndarray) -> Weights:
    """Logistic regression (ridge, Newton steps) of labels on the features as of a year earlier.

    `before` holds the features of the sampled addresses (compute(..., rows=sample(labels))) and
    `labels` their outcomes, in the same order. Signs are kept honest by an active set: an indicator of trouble that comes out negative is left
    out and the rest is fitted again, until no such indicator is negative.
    """
    names = sorted(before.features)
    y = labels.astype(np.float64)
    sample = _Grouped.of(np.column_stack([before.features[name] for name in names]), y)
    varies = sample.spread(np.arange(len(names))) > 1e-9
    included = varies.copy()
    dropped: list[str] = []
    coefficients = np.zeros(len(names))
    for _ in range(len(names)):
        coefficients = _logistic(sample, included)
        negative = [j for j, name in enumerate(names)
                    if included[j] and name not in MAY_LOWER and coefficients[j] < 0]
        if not negative:
            break
        for j in negative:
            included[j] = False
            dropped.append(names[j])
    values = {name: round(float(c), 6) for name, c in zip(names, coefficients, strict=True)}
    constant = [name for name, v in zip(names, varies, strict=True) if not v]
    note = (f"geschat op {int(y.sum())} adressen met een overtreding en {len(y) - int(y.sum())} zonder, "
            f"in het jaar voor de peildatum")
    if constant:
        note += f"; zonder variatie en dus gewicht 0: {', '.join(constant)}"
    if dropped:
        note += f"; gewicht 0 omdat de schatting negatief was: {', '.join(sorted(dropped))}"
    return Weights(values, "fitted", note)


@dataclass
class _Grouped:
    """The sample's distinct rows of features, each with how many addresses have it and how many of
    those had a violation. Most addresses share a handful of feature values (no meldingen, no
    inspections), so the Newton steps run over tens of thousands of rows instead of 400,000, with
    the same likelihood: every sum over addresses is a sum over distinct rows times their count."""

    x: np.ndarray
    count: np.ndarray
    positives: np.ndarray

    @classmethod
    def of(cls, x: np.ndarray, y: np.ndarray) -> "_Grouped":
        frame = pl.DataFrame({**{f"x{j}": x[:, j] for j in range(x.shape[1])}, "y": y})
        # In order of first occurrence: the same sample always gives the same rows in the same order.
        grouped = frame.group_by([f"x{j}" for j in range(x.shape[1])], maintain_order=True).agg(
            pl.len().alias("count"), pl.col("y").sum().alias("positives"))
        distinct = grouped.select([f"x{j}" for j in range(x.shape[1])]).to_numpy().astype(np.float64)
        return cls(distinct.reshape(grouped.height, x.shape[1]), grouped["count"].to_numpy().astype(np.float64),
                   grouped["positives"].to_numpy().astype(np.float64))

    def mean(self, columns: np.ndarray) -> np.ndarray:
        return self.count @ self.x[:, columns] / self.count.sum()

    def spread(self, columns: np.ndarray) -> np.ndarray:
        """The standard deviation over addresses (not over distinct rows), as np.std would give it."""
        deviation = self.x[:, columns] - self.mean(columns)
        return np.sqrt(self.count @ (deviation * deviation) / self.count.sum())


def _logistic(sample: _Grouped, included: np.ndarray) -> np.ndarray:
    """Coefficients per unit of each feature (0 for those not included), by Newton steps on standardised features."""
    columns = np.flatnonzero(included)
    mean, spread = sample.mean(columns), sample.spread(columns)
    z = np.column_stack([np.ones(len(sample.x)), (sample.x[:, columns] - mean) / spread])
    count, positives = sample.count, sample.positives
    penalty = np.full(z.shape[1], RIDGE)
    penalty[0] = 0.0
    w = np.zeros(z.shape[1])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30, 30)))
        gradient = z.T @ (count * p - positives) + penalty * w
        hessian = (z * (count * p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    coefficients = np.zeros(sample.x.shape[1])
    coefficients[columns] = w[1:] / spread
    return coefficients


def sample(labels: np.ndarray) -> np.ndarray:
    """The addresses the fit learns from: every one with a violation (up to half of MAX_FIT_ROWS) and
    a fixed, seeded sample of the others."""
    positives = np.flatnonzero(labels == 1)
    negatives = np.flatnonzero(labels == 0)
    rng = np.random.default_rng(SEED)
    room = MAX_FIT_ROWS // 2
    if len(positives) > room:
        positives = np.sort(rng.choice(positives, room, replace=False))
    if len(negatives) > MAX_FIT_ROWS - len(positives):
        negatives = np.sort(rng.choice(negatives, MAX_FIT_ROWS - len(positives), replace=False))
    return np.concatenate([positives, negatives])

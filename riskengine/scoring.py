"""Scoring: weights x indicators, summed per address, ranked, and explained in Dutch."""

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from . import fairness
from . import weights as weighting
from .config import Config
from .delivery import Delivery
from .indicators import BY_NAME, INDICATORS, YEAR, Arrays, Computed, arrays, compute
from .threads import aside

# A contribution smaller than this (in points) is not worth naming.
NAMED_FROM = 0.005
NOTHING = "geen bijzondere signalen"
# Ties are broken by a keyed hash of the address id: deterministic, and not by id order.
TIE_SEED = 4_2016
STABLE_TEXT_HASH_UP_TO = 2_000_000

Progress = Callable[[int, str], None]


@dataclass
class Result:
    scores: pl.DataFrame
    weights: dict[str, float]
    weights_source: str
    weights_note: str
    skipped: list[str]
    warnings: list[str]
    fairness: dict
    version: str
    as_of: dt.date
    indicators: Computed = field(repr=False)
    _explain: Callable[[int, int], pl.Series] | None = field(default=None, repr=False)

    def explanations(self, start: int, stop: int) -> pl.Series:
        """The explanations of rows start..stop, for a caller that writes ten million rows in chunks."""
        if self._explain is None:
            return self.scores["explanation"].slice(start, stop - start)
        return self._explain(start, stop)


def score(delivery: Delivery, *, as_of: dt.date, config: Config | None = None,
          progress: Progress | None = None, with_contributions: bool = True, explain: bool = True) -> Result:
    """Score every address. explain=False leaves the explanations to Result.explanations(start, stop),
    so that a national run never holds ten million sentences in memory at once."""
    from . import VERSION

    config = config or Config()
    tell = progress or (lambda percent, step: None)
    tell(5, "gegevens voorbereiden")
    data = arrays(delivery)
    warnings = list(delivery.warnings)
    # Weights first: fitting computes the indicators of a year earlier, which are gone before
    # today's are computed, so a national run never holds both at once.
    chosen = _weights(data, as_of, config, warnings, tell)
    tell(50, "indicatoren berekenen")
    now = compute(data, as_of, config)
    tell(70, "scores en toelichtingen")
    names = [i.name for i in INDICATORS if i.name in now.features]
    used = {name: chosen.values.get(name, 0.0) for name in names}
    total = np.zeros(data.n)
    # Each product in a reused buffer of the feature's own precision (the same arithmetic as
    # `total += weight * feature`): a fresh 80 MB array per indicator costs more than the sum.
    products = {}
    for name in names:
        feature = now.features[name]
        product = products.setdefault(feature.dtype, np.empty(data.n, dtype=feature.dtype))
        np.multiply(feature, used[name], out=product)
        total += product
    del products
    np.round(total, 6, out=total)
    tell(80, "eerlijkheidsrapport")
    # The ranking (sorted by Polars) and the fairness report on a second thread, while this one finds
    # each address's largest contributions: neither needs the other.
    ranking = aside(_ranked_and_report, delivery, data, now, total, config.selection_share)
    top = _top(now, used, names, config.explain_top)
    ranked, report = ranking.result()
    scores = ranked
    if explain:
        scores = scores.with_columns(explanation=_explanations(data, now, top, names, 0, data.n))
    if with_contributions:
        scores = scores.with_columns(contributions=_contributions(now, top, names, used, data))
    tell(100, "klaar")
    return Result(
        scores=scores, weights=used, weights_source=chosen.source, weights_note=chosen.note,
        skipped=now.skipped, warnings=warnings + report["warnings"], fairness=report, version=VERSION,
        as_of=as_of, indicators=now,
        _explain=None if explain else (lambda start, stop: _explanations(data, now, top, names, start, stop)),
    )


def _weights(data: Arrays, as_of: dt.date, config: Config, warnings: list[str], tell: Progress) -> weighting.Weights:
    if config.weights == "expert":
        return weighting.expert(dict(config.expert_weights))
    labels = weighting.training_labels(data, as_of)
    if not weighting.can_fit(labels):
        if config.weights == "fitted":
            warnings.append(
                f"Te weinig controle-uitkomsten in het jaar voor de peildatum om gewichten te schatten "
                f"(minstens {weighting.MIN_OUTCOMES} adressen met en zonder overtreding nodig); expertgewichten gebruikt."
            )
        return weighting.expert(dict(config.expert_weights))
    tell(20, "gewichten schatten op het jaar voor de peildatum")
    # Only the sampled addresses' features: the fit uses no others.
    rows = weighting.sample(labels)
    before = compute(data, as_of - dt.timedelta(days=YEAR), config, rows=rows)
    return weighting.fit(before, labels[rows])


def _ranked_and_report(delivery: Delivery, data: Arrays, now: Computed, total: np.ndarray,
                       share: float) -> tuple[pl.DataFrame, dict]:
    ranked = _ranked(delivery.addresses["address_id"], delivery.numeric_ids, total)
    return ranked, fairness.report(data, now, ranked["rank"].to_numpy(), total, share)


def _ranked(address_ids: pl.Series, numeric_ids: np.ndarray | None, total: np.ndarray) -> pl.DataFrame:
    """Rank 1 = highest score; equal scores in the order of a keyed hash of the address id.

    Score (to the millionth) and 23 bits of the hash are packed into one integer, so that one sort
    of integers does what a two-key sort would do, several times faster on millions of addresses.
    Numeric ids (BAG) are hashed with SplitMix64 and other ids with BLAKE2b, which no library
    upgrade can change; only beyond two million text ids Polars' faster hash, stable per version.
    """
    # In place where it can be: at national scale every temporary is 80 MB at the run's peak of memory.
    micro = np.multiply(total, 1_000_000)
    np.round(micro, out=micro)
    micro = micro.astype(np.int64)
    if len(micro) and np.abs(micro).max() >= 1 << 40:
        raise ValueError("score te groot om te rangschikken")  # a weight of a million points: a configuration error
    if numeric_ids is not None:
        hashed = _splitmix64(numeric_ids)
    elif len(address_ids) <= STABLE_TEXT_HASH_UP_TO:
        hashed = _blake2b64(address_ids)
    else:  # tens of millions of text ids: Polars' hash, the same for one Polars version
        hashed = address_ids.hash(seed=TIE_SEED).to_numpy().copy()
    np.right_shift(hashed, np.uint64(41), out=hashed)  # 23 bits, so the same as a signed number
    np.multiply(micro, -(1 << 23), out=micro)
    micro += hashed.view(np.int64)  # -score (to the millionth) * 2^23 + tie
    del hashed
    order = pl.Series(micro).arg_sort().to_numpy()  # Polars sorts on every core
    del micro
    rank = np.empty(len(order), dtype=np.uint32)
    rank[order] = np.arange(1, len(order) + 1, dtype=np.uint32)
    return pl.DataFrame({"address_id": address_ids, "score": total, "rank": rank})


def _blake2b64(ids: pl.Series) -> np.ndarray:
    """A keyed 64-bit BLAKE2b of each text id: the same on every machine and library version."""
    key = TIE_SEED.to_bytes(8, "little")
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(i.encode(), digest_size=8, key=key).digest(), "little") for i in ids),
        dtype=np.uint64, count=len(ids),
    )


def _splitmix64(values: np.ndarray) -> np.ndarray:
    """A fixed, well-mixed 64-bit hash of integers (Steele, Lea and Flood's SplitMix64 finaliser)."""
    with np.errstate(over="ignore"):
        z = values.astype(np.uint64)  # a copy, then in place: one temporary instead of eight
        z += np.uint64(0x9E3779B97F4A7C15 ^ TIE_SEED)
        shifted = np.right_shift(z, np.uint64(30))
        z ^= shifted
        z *= np.uint64(0xBF58476D1CE4E5B9)
        np.right_shift(z, np.uint64(27), out=shifted)
        z ^= shifted
        z *= np.uint64(0x94D049BB133111EB)
        np.right_shift(z, np.uint64(31), out=shifted)
        z ^= shifted
        return z


@dataclass
class Top:
    """Per explanation position (largest first): the indicator number per address (-1 none) and its points
    (single precision: enough to order them; the contributions reported are recomputed exactly)."""

    which: list[np.ndarray]
    points: list[np.ndarray]


# Addresses ranked for their reasons at a time: a block of contributions stays small in memory.
TOP_BLOCK = 500_000
# Addresses looked at a time to find those with something to name.
NAMED_SLICE = 1 << 16


def _top(now: Computed, used: dict[str, float], names: list[str], k: int) -> Top:
    """The k largest positive contributions per address.

    Per block of addresses with something to name, a matrix of their contributions (single
    precision, -inf where not worth naming), from which each position takes the row's maximum:
    argmax names the first of equal contributions, which is their order in indicators.INDICATORS.
    Blocks keep the matrix small: at national scale the whole one would take a gigabyte.
    """
    n = len(next(iter(now.features.values()))) if now.features else 0
    which = [np.full(n, -1, dtype=np.int16) for _ in range(k)]
    points = [np.zeros(n, dtype=np.float32) for _ in range(k)]
    active = [j for j, name in enumerate(names) if used[name] > 0]
    if not active or n == 0:
        return Top(which, points)
    # Only addresses with two or more reasons need ranking; most have none or one, which goes straight
    # into the first position. In slices that stay in the cache: a pass over 80 MB per step and
    # indicator cost more than the arithmetic, and the buffers are no national arrays. The points are
    # the matrix's own single-precision products, so both paths agree on what is worth naming.
    reasons = np.zeros(n, dtype=np.uint8)
    points_of, worth = np.empty(NAMED_SLICE, dtype=np.float32), np.empty(NAMED_SLICE, dtype=bool)
    for begin in range(0, n, NAMED_SLICE):
        end = min(n, begin + NAMED_SLICE)
        size = end - begin
        for j in active:
            points_of[:size] = used[names[j]] * now.features[names[j]][begin:end]
            np.greater(points_of[:size], NAMED_FROM, out=worth[:size])
            reasons[begin:end] += worth[:size]
            np.copyto(which[0][begin:end], np.int16(j), where=worth[:size])
            np.copyto(points[0][begin:end], points_of[:size], where=worth[:size])
    rows = np.flatnonzero(reasons > 1)
    del reasons, points_of, worth
    numbers = np.array(active, dtype=np.int16)
    for begin in range(0, len(rows), TOP_BLOCK):
        block = rows[begin:begin + TOP_BLOCK]
        by_indicator = np.empty((len(active), len(block)), dtype=np.float32)
        for column, j in enumerate(active):
            by_indicator[column] = used[names[j]] * now.features[names[j]][block]
        by_indicator[~(by_indicator > NAMED_FROM)] = -np.inf
        matrix = np.ascontiguousarray(by_indicator.T)  # one address per row: argmax along rows is fast
        del by_indicator
        inside = np.arange(len(block))
        for position in range(k):
            best = matrix.argmax(axis=1)
            value = matrix[inside, best]
            found = np.isfinite(value)
            which[position][block] = np.where(found, numbers[best], -1)
            points[position][block] = np.where(found, value, 0.0)
            matrix[inside, best] = -np.inf
    return Top(which, points)


def _texts(data: Arrays, now: Computed, which: np.ndarray, names: list[str], rows: np.ndarray) -> pl.Series:
    """The Dutch sentence for the indicator at one position of each address in rows (null where none)."""
    parts: list[pl.DataFrame] = []
    which = which[rows]
    # Each indicator's rows in order, from one stable sort instead of a scan per indicator.
    order = np.argsort(which, kind="stable")
    bounds = np.searchsorted(which[order], np.arange(len(names) + 1))
    for j, name in enumerate(names):
        inside = order[bounds[j]:bounds[j + 1]]
        if len(inside) == 0:
            continue
        at = rows[inside]
        expression = BY_NAME[name].text()
        columns = {}
        for column in expression.meta.root_names():
            if column == "area_code":
                columns[column] = data.area_code.gather(at).fill_null("onbekend")
            elif column == "usage":
                columns[column] = data.usage.gather(at).fill_null("onbekend")
            else:
                columns[column] = now.detail(column, at)
        parts.append(pl.DataFrame({"i": inside, "text": _formatted(expression, columns)}))
    texts = pl.repeat(None, len(rows), dtype=pl.String, eager=True).alias("text")
    if parts:
        found = pl.concat(parts)
        texts = texts.scatter(found["i"].to_numpy(), found["text"])
    return texts


# Whole-number details are formatted once per distinct combination, when there are few of them.
LOOKUP_UP_TO = 1 << 20


def _formatted(expression: pl.Expr, columns: dict) -> pl.Series:
    """The expression over the columns. When every column is a whole number from 0 to a small maximum
    (counts, days, areas in m2), each distinct combination is formatted once and the sentences are
    gathered by a packed key: the same text, without formatting every address's numbers again."""
    m = len(next(iter(columns.values())))
    key, radix, shapes = None, 1, []
    for name, values in columns.items():
        if m == 0 or not isinstance(values, np.ndarray) or values.dtype.kind not in "iuf":
            key = None
            break
        low, high = values.min(), values.max()
        if not (low >= 0 and high < LOOKUP_UP_TO):  # NaN fails too
            key = None
            break
        codes = values.astype(np.int64)
        if values.dtype.kind == "f" and not np.array_equal(codes, values):
            key = None
            break
        size = int(high) + 1
        radix *= size
        if radix >= 1 << 62:
            key = None
            break
        key = codes if key is None else key * size + codes
        shapes.append((name, size, values.dtype))
    if key is None:
        return pl.DataFrame(columns).select(expression.alias("text")).to_series()
    if radix > max(LOOKUP_UP_TO, m):  # too many combinations to count in a table: sort the keys
        present, at = np.unique(key, return_inverse=True)
    else:
        present, at = np.flatnonzero(np.bincount(key, minlength=radix)), None
    table, rest = {}, present
    for name, size, dtype in reversed(shapes):
        table[name] = (rest % size).astype(dtype)
        rest = rest // size
    texts = pl.DataFrame(table).select(expression.alias("text")).to_series()
    if at is not None:
        return texts.gather(at.reshape(-1))
    lookup = np.empty(radix, dtype=np.int64)
    lookup[present] = np.arange(len(present))
    return texts.gather(lookup[key])


def _explanations(data: Arrays, now: Computed, top: Top, names: list[str], start: int, stop: int) -> pl.Series:
    """The reasons of rows start..stop joined by '; ' (sentences built only for rows that have any)."""
    window = np.arange(start, stop)
    rows = window[top.which[0][start:stop] >= 0]
    joined = _texts(data, now, top.which[0], names, rows).fill_null("")
    # Most addresses have one reason; only those with more are joined.
    if len(top.which) > 1 and len(rows):
        more = np.flatnonzero(top.which[1][rows] >= 0)
        texts = [joined.gather(more).alias("t0")] + [
            _texts(data, now, which, names, rows[more]).alias(f"t{p}") for p, which in enumerate(top.which[1:], 1)]
        joined = joined.scatter(
            more, pl.DataFrame(texts).select(pl.concat_str(pl.all(), separator="; ", ignore_nulls=True)).to_series())
    return pl.repeat(NOTHING, stop - start, dtype=pl.String, eager=True).alias("explanation").scatter(rows - start, joined)


def _contributions(now: Computed, top: Top, names: list[str], used: dict[str, float], data: Arrays) -> pl.Series:
    """Per address a list of {indicator, value, contribution, text}, largest first (in double precision)."""
    labels = pl.Series([*names, ""], dtype=pl.String)
    structs = []
    for which in top.which:
        texts = _texts(data, now, which, names, np.arange(len(which)))
        value, points = np.zeros(len(which)), np.zeros(len(which))
        for j, name in enumerate(names):
            rows = which == j
            value[rows] = now.features[name][rows]
            points[rows] = used[name] * value[rows]
        structs.append(pl.DataFrame({
            "indicator": labels.gather(np.where(which >= 0, which, len(names))),
            "value": np.round(value, 6), "contribution": np.round(points, 6), "text": texts,
        }).select(pl.when(pl.col("indicator") != "").then(pl.struct(pl.all())).alias("c")).to_series())
    frame = pl.DataFrame({f"c{p}": s for p, s in enumerate(structs)})
    return frame.select(pl.concat_list(pl.all()).list.drop_nulls().alias("contributions")).to_series()

"""The indicators: what the engine counts per address as of a date, and how it says so in Dutch.

Every indicator uses only records dated strictly before the as-of date T (a registration counts
while it started before T and had not ended before T), so a score is reproducible and a back-test
fair. Nothing about a person is used beyond counting registrations: no nationality, country of
birth, name or language, and not the registry (BRP or RNI) either, because the share of RNI
registrations is a proxy of nationality.

Each indicator has a feature: a number >= 0 that is 0 when there is nothing to report, so that a
score is the sum of weight x feature and an address without any signal scores 0. Counts enter as
log(1 + count): the fifth complaint adds less than the first.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from .config import Config
from .delivery import Delivery
from .schema import PERMIT_KINDS, SIGNAL_CATEGORIES
from .threads import aside

YEAR = 365
OPEN_END = np.iinfo(np.int32).max
EPOCH = dt.date(1970, 1, 1)
SIGNAL_GROUPS = (*SIGNAL_CATEGORIES, "other")
SIGNAL_WORDS = {
    "overbewoning": "overbewoning", "brandveiligheid": "brandveiligheid", "overlast": "overlast",
    "uitbuiting": "uitbuiting", "illegale_verhuur": "illegale verhuur", "huisvesting_klacht": "klacht over de woning",
    "rechtszaak_huurder": "rechtszaak van huurders", "other": "overig",
}
# An area's violation rate says something only over enough addresses.
MIN_AREA_ADDRESSES = 10
# An owner's portfolio says something only with a few other addresses to look at.
MIN_PORTFOLIO = 2
# A re-inspection normally follows a violation within a few months.
RECHECK_DAYS = 120
OWNER_SEED = 20_260_101


def _int(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.Int64).cast(pl.String)


def _count_of(column: str, one: str, many: str) -> pl.Expr:
    """'1 melding', '3 meldingen'."""
    word = pl.when(pl.col(column) == 1).then(pl.lit(one)).otherwise(pl.lit(many))
    return pl.format("{} {}", _int(column), word)


def _pct(column: str) -> pl.Expr:
    return (pl.col(column) * 100).round(0).cast(pl.Int64).cast(pl.String)


def _date(column: str) -> pl.Expr:
    return (pl.lit(EPOCH) + pl.duration(days=pl.col(column))).dt.strftime("%d-%m-%Y")


@dataclass(frozen=True)
class Indicator:
    name: str
    label: str  # short Dutch label for reports and settings
    needs: tuple[str, ...]  # tables it cannot do without
    text: Callable[[], pl.Expr]  # the Dutch sentence, from the detail columns


def _signal_indicator(category: str) -> Indicator:
    word = SIGNAL_WORDS[category]
    return Indicator(
        f"signals_12m_{category}", f"meldingen {word} in 12 maanden", ("signals",),
        lambda: pl.format("{} in 12 maanden ({})", _count_of(f"signals_{category}", "melding", "meldingen"), pl.lit(word)),
    )


INDICATORS: tuple[Indicator, ...] = (
    Indicator("persons_over_norm", "ingeschrevenen boven de oppervlaktenorm", ("registrations",),
              lambda: pl.format("{} personen ingeschreven op {} m2, norm {} personen",
                                _int("persons"), _int("floor_area"), _int("capacity"))),
    Indicator("turnover_12m", "nieuwe inschrijvingen in 12 maanden tegen de ruimte", ("registrations",),
              lambda: pl.format("{} nieuwe inschrijvingen in 12 maanden, ruimte voor {} personen",
                                _int("starts_12m"), _int("capacity"))),
    Indicator("persons_non_residential", "ingeschrevenen in een pand zonder woonfunctie", ("registrations",),
              lambda: pl.format("{} personen ingeschreven op een adres zonder woonfunctie ({})",
                                _int("persons"), pl.col("usage"))),
    *(_signal_indicator(category) for category in SIGNAL_GROUPS),
    Indicator("signal_trend", "stijging van het aantal meldingen", ("signals",),
              lambda: pl.format("meldingen nemen toe: {} in de laatste 12 maanden, {} in de 12 maanden daarvoor",
                                _int("signals_12m"), _int("signals_prev"))),
    Indicator("serious_violations_12m", "ernstige overtredingen in 12 maanden", ("inspections",),
              lambda: pl.format("{} bij controle in 12 maanden",
                                _count_of("serious_12m", "ernstige overtreding", "ernstige overtredingen"))),
    Indicator("other_violations_12m", "overige overtredingen in 12 maanden", ("inspections",),
              lambda: pl.format("{} bij controle in 12 maanden",
                                _count_of("other_12m", "overige overtreding", "overige overtredingen"))),
    Indicator("violations_13_36m", "overtredingen 1 tot 3 jaar geleden", ("inspections",),
              lambda: pl.format("{} 1 tot 3 jaar geleden",
                                _count_of("violations_13_36m", "overtreding", "overtredingen"))),
    Indicator("no_access_24m", "geen toegang bij controle in 24 maanden", ("inspections",),
              lambda: pl.format("{} keer geen toegang bij controle in 24 maanden", _int("no_access_24m"))),
    Indicator("violation_not_rechecked", "overtreding zonder hercontrole", ("inspections",),
              lambda: pl.format("laatste controle ({}) vond een overtreding; sindsdien niet gecontroleerd",
                                _date("last_inspection"))),
    Indicator("clean_inspection_12m", "controle zonder overtreding in 12 maanden", ("inspections",),
              lambda: pl.format("controle zonder overtreding op {}", _date("last_inspection"))),
    Indicator("owner_portfolio_share", "andere adressen van de eigenaar met overtredingen of meldingen",
              ("ownership",),
              lambda: pl.format("eigenaar heeft {} andere adressen, {} daarvan met overtredingen of meldingen",
                                _int("owner_others"), _int("owner_flagged"))),
    Indicator("permit_missing", "bewoning zonder geldige vergunning of keurmerk", ("permits", "registrations"),
              lambda: pl.format("{} personen ingeschreven zonder geldige verhuurvergunning of keurmerk",
                                _int("persons"))),
    Indicator("permit_expired", "verlopen vergunning of keurmerk", ("permits",),
              lambda: pl.format("vergunning of keurmerk verlopen op {}", _date("permit_expired_on"))),
    Indicator("area_violation_rate", "overtredingen in de buurt boven het gemiddelde", (),
              lambda: pl.format("buurt {}: {}% van de adressen met een overtreding in 3 jaar, gemiddeld {}%",
                                pl.col("area_code"), _pct("area_rate"), _pct("overall_rate"))),
    Indicator("units_in_building", "aantal woningen in het pand", (),
              lambda: pl.format("pand met {}", _count_of("units", "woning", "woningen"))),
)
BY_NAME = {indicator.name: indicator for indicator in INDICATORS}
# Detail columns that are the count behind a log(1 + count) feature.
COUNTED_AS = {
    **{f"signals_{category}": f"signals_12m_{category}" for category in SIGNAL_GROUPS},
    "serious_12m": "serious_violations_12m", "other_12m": "other_violations_12m",
    "violations_13_36m": "violations_13_36m", "no_access_24m": "no_access_24m",
}


@dataclass
class Arrays:
    """A delivery as flat numpy arrays, extracted once and shared by every as-of date."""

    n: int
    tables: set[str]
    floor_area: np.ndarray
    residential: np.ndarray  # 1 yes, 0 no, -1 unknown
    units: np.ndarray
    area: np.ndarray  # area code number, -1 none
    area_code: pl.Series
    municipality: np.ndarray
    municipality_code: pl.Series
    usage: pl.Series
    columns: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)


def _days(series: pl.Series, empty: int = OPEN_END) -> np.ndarray:
    return series.cast(pl.Int32).fill_null(empty).to_numpy()


def _day_columns(table: pl.DataFrame, **columns: tuple[str, int]) -> dict[str, np.ndarray]:
    """Several date columns as days since 1970 (empty ones as the given day), in one select: Polars
    converts the columns of tens of millions of rows side by side."""
    days = table.select(**{key: pl.col(column).cast(pl.Int32).fill_null(empty)
                           for key, (column, empty) in columns.items()})
    return {key: days[key].to_numpy() for key in columns}


def _codes(column: str) -> pl.Expr:
    """Integer codes that group a text column (-1 where empty); only equality of codes means anything."""
    return pl.col(column).cast(pl.Categorical).to_physical().cast(pl.Int64).fill_null(-1)


def _owner_codes(series: pl.Series) -> np.ndarray:
    """A keyed 64-bit hash of each owner reference: owners are grouped by it.

    Millions of owner references are grouped several times faster this way than as strings. Two
    owners would only be taken for one if their hashes collided: about one chance in a million at
    ten million owners.
    """
    return series.hash(seed=OWNER_SEED).to_numpy()


def arrays(delivery: Delivery) -> Arrays:
    addresses = delivery.addresses
    # One select, so that Polars works through the ten million text values on both cores at once.
    usage = pl.col("usage")  # BAG gebruiksdoelen are lower case
    coded = addresses.select(
        residential=pl.when(usage.is_null()).then(-1).otherwise(
            usage.str.contains("woonfunctie", literal=True).cast(pl.Int8)).cast(pl.Int8),
        area=_codes("area_code"), municipality=_codes("municipality_code"),
        floor_area=pl.col("floor_area_m2").fill_null(0),
        units=pl.col("units_in_building").fill_null(0).cast(pl.Float64),
    )
    result = Arrays(
        n=addresses.height,
        tables=set(delivery.tables),
        floor_area=coded["floor_area"].to_numpy(),
        residential=coded["residential"].to_numpy(),
        units=coded["units"].to_numpy(),
        area=coded["area"].to_numpy(),
        area_code=addresses["area_code"],
        municipality=coded["municipality"].to_numpy(),
        municipality_code=addresses["municipality_code"],
        usage=addresses["usage"],
    )
    tables = delivery.tables
    if "registrations" in tables:
        t = tables["registrations"]
        result.columns["registrations"] = {
            "idx": t["idx"].to_numpy(), **_day_columns(t, start=("start_date", OPEN_END), end=("end_date", OPEN_END))}
    if "signals" in tables:
        t = tables["signals"]
        group = {category: i for i, category in enumerate(SIGNAL_GROUPS)}
        category = t["category"].replace_strict(group, default=group["other"], return_dtype=pl.Int8)
        result.columns["signals"] = {"idx": t["idx"].to_numpy(), "date": _days(t["date"]),
                                     "category": category.to_numpy()}
    if "inspections" in tables:
        t = tables["inspections"]
        outcome = t["outcome"].replace_strict({"violation": 2, "no_access": 1, "no_violation": 0}, return_dtype=pl.Int8)
        serious = (t["severity"] == "serious").fill_null(False)
        result.columns["inspections"] = {"idx": t["idx"].to_numpy(), "date": _days(t["date"]),
                                         "outcome": outcome.to_numpy(), "serious": serious.to_numpy()}
    if "ownership" in tables:
        t = tables["ownership"]
        result.columns["ownership"] = {"idx": t["idx"].to_numpy(), "owner": _owner_codes(t["owner_ref"]),
                                       **_day_columns(t, start=("start_date", np.iinfo(np.int32).min),
                                                      end=("end_date", OPEN_END))}
    if "permits" in tables:
        t = tables["permits"].filter(pl.col("kind").is_in(list(PERMIT_KINDS)))
        result.columns["permits"] = {"idx": t["idx"].to_numpy(), "start": _days(t["valid_from"]),
                                     "end": _days(t["valid_to"])}
    return result


@dataclass
class Computed:
    """The indicators of every address as of one date."""

    as_of: dt.date
    features: dict[str, np.ndarray]
    details: dict[str, np.ndarray]
    skipped: list[str]
    # For the fairness report: inspections and violations per address in the 3 years before T
    # (None when computed for the fit, on a sample of addresses).
    inspected_36m: np.ndarray | None
    violations_36m: np.ndarray | None

    def detail(self, name: str, rows: np.ndarray) -> np.ndarray:
        """A detail of the given rows. Counts that enter as log(1 + n) are not kept twice: they are
        read back from their feature (exactly, after rounding), which saves half a gigabyte at
        national scale."""
        if name in self.details:
            return self.details[name][rows]
        return np.rint(np.expm1(self.features[COUNTED_AS[name]][rows]))


def _count(n: int, idx: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """How many records per address: single precision holds every count exactly and halves the memory."""
    return np.bincount(idx[mask], minlength=n).astype(np.float32)


def _log(values: np.ndarray) -> np.ndarray:
    """log(1 + x) in double precision, whatever the precision of x."""
    return np.log1p(values, dtype=np.float64)


def compute(data: Arrays, as_of: dt.date, config: Config, rows: np.ndarray | None = None) -> Computed:
    """The indicators of every address as of a date; with `rows`, the features of those addresses only.

    The weight fit needs the features of a sample of addresses a year earlier: what depends on other
    addresses (the owner's portfolio, the neighbourhood) is still counted over all of them, but the
    records of one address are only counted for the sampled ones, each feature is only worked out for
    the sample, and the details of the sentences and the fairness counts are left out
    (Computed.details empty, the 36-month counts None).
    """
    n, t = data.n, (as_of - EPOCH).days
    m = n if rows is None else len(rows)
    # Each address's place in the result (-1: not sampled): the fit's records are counted straight
    # into arrays of the sample's size, not into national ones that are then cut down.
    position = None
    if rows is not None:
        position = np.full(n, -1, dtype=np.int64)
        position[rows] = np.arange(m)

    def pick(values: np.ndarray) -> np.ndarray:
        return values if rows is None else values[rows]

    def place(idx: np.ndarray) -> tuple[np.ndarray, np.ndarray | slice]:
        """The records' places in the result, and which records have one (all, without a sample)."""
        if position is None:
            return idx, slice(None)
        at = position[idx]
        kept = at >= 0
        return at[kept], kept

    def count(idx: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """How many records (where mask holds) each address of the result has."""
        return _count(m, place(idx[mask])[0], slice(None))

    features: dict[str, np.ndarray] = {}
    details: dict[str, np.ndarray] = {}
    skipped = [f"{i.label}: niet berekend, tabel {', '.join(x for x in i.needs if x not in data.tables)} ontbreekt"
               for i in INDICATORS if any(x not in data.tables for x in i.needs)]
    zeros = np.zeros(n)
    floor_area = pick(data.floor_area)
    # In place where it can be (here and below): at national scale every fresh array is 80 MB that
    # the system must hand over page by page, which costs more than the arithmetic on it.
    capacity = np.divide(floor_area, config.floor_area_per_person)
    np.floor(capacity, out=capacity)
    known_area = floor_area > 0
    details["floor_area"] = floor_area
    details["capacity"] = capacity

    # The owners' portfolios need to know which addresses are flagged (a melding in the last year or a
    # violation in three). Those two counts come first, so that Polars groups the ten million owners on
    # a thread of its own (and the registrations are counted on another, below) while this one counts
    # the meldingen and inspections: the two cores work at once.
    signals_12m = violations_36m = zeros
    if "signals" in data.columns:
        s = data.columns["signals"]
        signals_12m = _count(n, s["idx"], (s["date"] < t) & (s["date"] >= t - YEAR))  # of every address
    if "inspections" in data.columns:
        i = data.columns["inspections"]
        violations_36m = _count(n, i["idx"], (i["date"] < t) & (i["outcome"] == 2) & (i["date"] >= t - 3 * YEAR))
    portfolio = None
    if "ownership" in data.columns:
        # 0 or 1 in single precision: sums per owner stay exact (up to 16 million addresses), and the
        # portfolio thread holds half the memory beside the counting here (the run's peak).
        flagged = ((violations_36m > 0) | (signals_12m > 0)).astype(np.float32)
        portfolio = aside(_portfolio, n, data.columns["ownership"], t, flagged, position)
        del flagged

    def registrations() -> tuple[np.ndarray, dict[str, np.ndarray], dict[str, np.ndarray]]:
        """persons (registered today), and the registrations' features and details."""
        r = data.columns["registrations"]
        persons = count(r["idx"], (r["start"] < t) & (r["end"] >= t))
        starts = count(r["idx"], (r["start"] < t) & (r["start"] >= t - YEAR))
        over = np.subtract(persons, capacity)
        np.maximum(0.0, over, out=over)
        np.copyto(over, 0.0, where=~known_area)
        np.log1p(over, out=over)
        turnover = np.maximum(capacity, 1)
        np.divide(starts, turnover, out=turnover)
        np.log1p(turnover, out=turnover)
        np.copyto(turnover, 0.0, where=~(known_area & (starts >= 3)))
        non_residential = _log(persons)
        np.copyto(non_residential, 0.0, where=pick(data.residential) != 0)
        return persons, ({"persons_over_norm": over, "turnover_12m": turnover,
                          "persons_non_residential": non_residential}), {"persons": persons, "starts_12m": starts}

    # Tens of millions of registrations are counted on a third thread (numpy lets go of the GIL in its
    # loops over large arrays) while this one counts the meldingen and inspections.
    registered = aside(registrations) if "registrations" in data.columns else None

    if "signals" in data.columns:
        recent = (s["date"] < t) & (s["date"] >= t - YEAR)
        before = (s["date"] < t - YEAR) & (s["date"] >= t - 2 * YEAR)
        # Meldingen are few beside the addresses: count the pairs that occur, then place them.
        groups = len(SIGNAL_GROUPS)
        pairs, counts = np.unique(s["idx"][recent].astype(np.int64) * groups + s["category"][recent],
                                  return_counts=True)
        for code, category in enumerate(SIGNAL_GROUPS):
            mine = pairs % groups == code
            at, kept = place(pairs[mine] // groups)
            feature = np.zeros(m)
            feature[at] = _log(counts[mine][kept].astype(np.float64))
            features[f"signals_12m_{category}"] = feature  # the count itself: Computed.detail()
        previous = count(s["idx"], before)
        features["signal_trend"] = _log(np.maximum(0.0, pick(signals_12m) - previous))
        details["signals_12m"] = pick(signals_12m)
        details["signals_prev"] = previous

    inspected_36m = zeros
    if "inspections" in data.columns:
        past = i["date"] < t
        violation = i["outcome"] == 2
        recent = past & (i["date"] >= t - YEAR)
        serious = count(i["idx"], recent & violation & i["serious"])
        other = count(i["idx"], recent & violation & ~i["serious"])
        older = count(i["idx"], past & violation & (i["date"] < t - YEAR) & (i["date"] >= t - 3 * YEAR))
        no_access = count(i["idx"], past & (i["outcome"] == 1) & (i["date"] >= t - 2 * YEAR))
        features["serious_violations_12m"] = _log(serious)
        features["other_violations_12m"] = _log(other)
        features["violations_13_36m"] = _log(older)
        features["no_access_24m"] = _log(no_access)
        at, kept = place(i["idx"][past])
        last_day, last_outcome = _last_inspection(m, at, i["date"][past][kept], i["outcome"][past][kept])
        features["violation_not_rechecked"] = ((last_outcome == 2) & (last_day <= t - RECHECK_DAYS)).astype(np.float32)
        features["clean_inspection_12m"] = ((last_outcome == 0) & (last_day >= t - YEAR)).astype(np.float32)
        details["last_inspection"] = np.where(last_day >= 0, last_day, 0).astype(np.float32)
        window = past & (i["date"] >= t - 3 * YEAR)
        inspected_36m = _count(n, i["idx"], window & (i["outcome"] != 1)) if rows is None else None

    persons = pick(zeros)
    if registered is not None:
        persons, found, told = registered.result()
        features.update(found)
        details.update(told)

    if portfolio is not None:
        others, owner_flagged = portfolio.result()
        share = np.maximum(others, 1)
        np.divide(owner_flagged, share, out=share)
        np.copyto(share, 0.0, where=others < MIN_PORTFOLIO)
        features["owner_portfolio_share"] = share
        # Details in single precision at once (see below): at national scale the double ones would
        # otherwise all be held together at the end, the run's peak of memory.
        details["owner_others"] = others.astype(np.float32)
        details["owner_flagged"] = owner_flagged.astype(np.float32)
        del others, owner_flagged

    if "permits" in data.columns:
        p = data.columns["permits"]
        started = p["start"] < t
        valid = count(p["idx"], started & (p["end"] >= t)) > 0
        expired_on = np.full(m, -1, dtype=np.int64)
        ended = started & (p["end"] < t)
        at, kept = place(p["idx"][ended])
        np.maximum.at(expired_on, at, p["end"][ended][kept])
        lived_in = persons > 0 if "registrations" in data.columns else np.ones(m, dtype=bool)
        features["permit_expired"] = ((expired_on >= 0) & ~valid & lived_in).astype(np.float32)
        details["permit_expired_on"] = np.maximum(expired_on, 0).astype(np.float32)
        if "registrations" in data.columns:
            features["permit_missing"] = ((persons >= config.permit_from_persons) & ~valid).astype(np.float32)

    with_violation = (violations_36m > 0).astype(np.float64)
    area_rate, overall = _area_rate(data, with_violation, rows)
    # The neighbourhood weighs in only where the address shows signs of its own (meldingen, a past
    # violation, more people than room): a postcode alone never selects a home for inspection.
    own_signs = (pick(signals_12m) > 0) | (pick(violations_36m) > 0) | (persons > capacity) & known_area
    if overall > 0:
        area_feature = np.divide(area_rate, overall)
        area_feature -= 1.0
        np.clip(area_feature, 0.0, 4.0, out=area_feature)
        np.copyto(area_feature, 0.0, where=~own_signs)
    else:
        area_feature = np.zeros(m)
    features["area_violation_rate"] = area_feature
    del own_signs, with_violation
    details["area_rate"] = area_rate.astype(np.float32)
    del area_rate
    details["overall_rate"] = np.broadcast_to(np.float32(overall), (m,))  # one number for every address

    features["units_in_building"] = _log(pick(data.units))
    details["units"] = pick(data.units)
    if not (known_area if rows is None else data.floor_area > 0).any():
        skipped.append(f"{BY_NAME['persons_over_norm'].label}: niet berekend, geen oppervlakte in addresses")
        features.pop("persons_over_norm", None)
        features.pop("turnover_12m", None)
    # Details only fill in sentences (counts, areas, days) and yes/no features are 0 or 1: single
    # precision holds them exactly and halves their memory at national scale. Every other feature
    # stays in double precision, so that scores are the same to the millionth on any machine.
    if rows is not None:  # for the fit: features only
        return Computed(as_of, features, {}, skipped, None, None)
    details = {name: values.astype(np.float32, copy=False) for name, values in details.items()}
    return Computed(as_of, features, details, skipped, inspected_36m, violations_36m)


def _last_inspection(size: int, idx: np.ndarray, day: np.ndarray, outcome: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per address (idx: its place in the result) the day of its last inspection before T and that
    day's worst outcome (-1: none); day and outcome are those of the inspections before T."""
    # The latest day first, on one day the worst outcome. Days since 1970 times 4 fit in 32 bits for
    # thousands of years: half the memory of 64 bits for three arrays of every address.
    key = day.astype(np.int32) * 4 + outcome.astype(np.int32)
    best = np.full(size, -1, dtype=np.int32)
    np.maximum.at(best, idx, key)
    last_day = np.full(size, -1, dtype=np.int32)
    last_outcome = np.full(size, -1, dtype=np.int8)
    at = np.flatnonzero(best >= 0)  # the inspected addresses: a small part of all
    last_day[at], last_outcome[at] = best[at] // 4, best[at] % 4
    return last_day, last_outcome


def _portfolio(n: int, o: dict[str, np.ndarray], t: int, flagged: np.ndarray,
               position: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per address: how many other addresses its current owner has, and how many of those are flagged.

    With `position` (each address's place in a sample, -1 outside it): for the sampled addresses only,
    counted over the ownerships of their owners alone (which hold every address of those owners).
    """
    current = (o["start"] < t) & (o["end"] >= t)
    idx, owner = o["idx"][current], o["owner"][current]
    # An ownership table in address order (as a BAG-based export is) has one owner per address when
    # its rows strictly increase; only otherwise are owners per address counted.
    if len(idx) and not bool((idx[1:] > idx[:-1]).all()) and np.bincount(idx).max() > 1:
        # One owner per address: the one whose ownership started last; on the same day the one listed
        # last in the delivery (lexsort is stable).
        order = np.lexsort((o["start"][current], idx))
        idx, owner = idx[order], owner[order]
        last = np.ones(len(idx), dtype=bool)
        last[:-1] = idx[1:] != idx[:-1]
        idx, owner = idx[last], owner[last]
    size = n
    if position is not None:
        size = int(position.max(initial=-1)) + 1
        theirs = pl.Series(owner).is_in(pl.Series(owner[position[idx] >= 0]).implode()).to_numpy()
        idx, owner = idx[theirs], owner[theirs]
    # Per owner (grouped by hash, without numbering them first: sorting ten million hashes costs
    # seconds) how many addresses and how many flagged ones; flags are 0 or 1, so the sums are exact.
    mine = flagged[idx]
    owners = pl.DataFrame({"owner": owner, "flagged": mine}).lazy().select(
        pl.len().over("owner").alias("size"), pl.col("flagged").sum().over("owner").alias("bad")).collect()
    others = np.zeros(size)
    owner_flagged = np.zeros(size)
    if position is None:
        others[idx] = owners["size"].to_numpy().astype(np.float64) - 1
        owner_flagged[idx] = owners["bad"].to_numpy() - mine
    else:
        at = position[idx]
        kept = at >= 0
        others[at[kept]] = (owners["size"].to_numpy().astype(np.float64) - 1)[kept]
        owner_flagged[at[kept]] = (owners["bad"].to_numpy() - mine)[kept]
    return others, owner_flagged


def _area_rate(data: Arrays, with_violation: np.ndarray,
               rows: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Each address's neighbourhood violation rate, leaving the address itself out, and the overall rate
    (with `rows`: the rates of those addresses, counted over all of them)."""
    has_area = data.area >= 0
    if not has_area.any():
        return np.zeros(data.n if rows is None else len(rows)), 0.0
    everywhere = bool(has_area.all())  # usually: then no address needs to be left out first
    codes = data.area if everywhere else data.area[has_area]
    mine = with_violation if everywhere else with_violation[has_area]
    size = np.bincount(codes).astype(np.float64)
    bad = np.bincount(codes, weights=mine)
    overall = float(mine.mean())
    if rows is not None:  # the rates of the sampled addresses only
        codes, mine, everywhere, has_area = data.area[rows], with_violation[rows], False, data.area[rows] >= 0
        codes, mine = codes[has_area], mine[has_area]
    # An address's rate depends only on its area and on whether it has a violation itself (0 or 1):
    # worked out per area for both, then looked up, instead of five passes over every address.
    table = np.empty((len(size), 2))
    for own in (0, 1):
        value = bad - own
        others = np.subtract(size, 1)
        np.maximum(others, 1, out=others)
        value /= others
        np.copyto(value, 0.0, where=size < MIN_AREA_ADDRESSES)
        table[:, own] = value
    at = codes * 2
    at += mine.astype(np.int64)
    value = table.ravel()[at]
    del at
    if everywhere:
        rate = value
    else:
        rate = np.zeros(len(has_area))
        rate[has_area] = value
    return rate, overall

"""Small random helpers on an explicit random.Random, so every draw follows from the seed."""

import datetime as dt
import math
import random
from collections.abc import Sequence

from regiekamer.registry.services import pseudonymise_bsn


def apportion(total: int, shares: Sequence[float]) -> list[int]:
    """Split total over shares with the largest-remainder method, so the parts add up exactly."""
    scale = sum(shares)
    exact = [total * share / scale for share in shares]
    parts = [math.floor(value) for value in exact]
    by_remainder = sorted(range(len(shares)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def weighted[T](rng: random.Random, options: dict[T, float] | Sequence[tuple[T, float]]) -> T:
    """One choice from {option: weight} or ((option, weight), ...)."""
    pairs = list(options.items()) if isinstance(options, dict) else list(options)
    return rng.choices([option for option, _ in pairs], weights=[w for _, w in pairs])[0]


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; the means used here are small)."""
    if mean <= 0:
        return 0
    limit, product, count = math.exp(-mean), rng.random(), 0
    while product > limit:
        product *= rng.random()
        count += 1
    return count


def date_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A uniform date in [first, last]; first when the range is empty."""
    days = (last - first).days
    return first if days <= 0 else first + dt.timedelta(days=rng.randint(0, days))


def weighted_sample(rng: random.Random, weights: Sequence[float], k: int) -> set[int]:
    """k indexes drawn without replacement, proportional to weight (Efraimidis-Spirakis keys)."""
    keys = [(rng.random() ** (1.0 / w), i) for i, w in enumerate(weights) if w > 0]
    keys.sort(reverse=True)
    return {i for _, i in keys[:k]}


class KvkNumbers:
    """Unique 8-digit Chamber of Commerce numbers for fictitious companies."""

    def __init__(self, *, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def new(self) -> str:
        while True:
            number = str(self._rng.randrange(10_000_000, 100_000_000))
            if number not in self._used:
                self._used.add(number)
                return number


class PersonRefs:
    """Pseudonyms of generated persons: a valid BSN is drawn and at once pseudonymised, never kept."""

    def __init__(self, *, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[int] = set()

    def new(self) -> str:
        rng = self._rng
        while True:
            number = rng.randrange(10_000_000, 100_000_000)
            if number in self._used:
                continue
            digits = f"{number:08d}"
            check = sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2), digits, strict=True)) % 11
            if check == 10:  # no check digit makes this one pass the elfproef
                continue
            self._used.add(number)
            return pseudonymise_bsn(f"{digits}{check}")

"""The load test's figures from every request's time: percentiles per journey and overall, throughput,
errors, and the issue's targets (0 errors, p95 under 500 ms, at least 60 requests per second)."""

from __future__ import annotations

import math
from collections import defaultdict

TARGETS = {"errors": 0, "p95_ms": 500.0, "rps": 60.0}
PERCENTILES = (50, 95, 99)


def percentile(sorted_ms: list[float], p: float) -> float:
    """Nearest rank: the smallest time that at least p% of the requests took no longer than."""
    if not sorted_ms:
        return math.nan
    return sorted_ms[max(0, math.ceil(p / 100 * len(sorted_ms)) - 1)]


def _row(times: list[float], errors: int, seconds: float) -> dict:
    times = sorted(times)
    row = {"requests": len(times), "errors": errors,
           "error_rate": errors / len(times) if times else 0.0,
           "rps": len(times) / seconds if seconds > 0 else 0.0}
    row.update({f"p{p}_ms": percentile(times, p) for p in PERCENTILES})
    row["max_ms"] = times[-1] if times else math.nan
    return row


def summarise(samples: list[tuple[str, float, bool]], seconds: float) -> dict:
    """samples: (request name, milliseconds, succeeded) for every request; seconds: the run's length."""
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    for name, ms, ok in samples:
        times[name].append(ms)
        errors[name] += not ok
    journeys = {name: _row(times[name], errors[name], seconds) for name in sorted(times)}
    overall = _row([ms for _, ms, _ in samples], sum(errors.values()), seconds)
    return {"seconds": seconds, "journeys": journeys, "overall": overall}


def verdicts(overall: dict, targets: dict = TARGETS) -> list[tuple[str, bool]]:
    """(what, met) for each target, judged on the overall figures."""
    return [
        (f"errors {overall['errors']} (target {targets['errors']})", overall["errors"] <= targets["errors"]
         and overall["requests"] > 0),
        (f"p95 {overall['p95_ms']:.0f} ms (target under {targets['p95_ms']:.0f} ms)",
         overall["p95_ms"] < targets["p95_ms"]),
        (f"{overall['rps']:.1f} requests per second (target at least {targets['rps']:.0f})",
         overall["rps"] >= targets["rps"]),
    ]


def table(summary: dict) -> str:
    head = f"{'journey':<22}{'requests':>9}{'errors':>8}{'rps':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}"
    lines = [head, "-" * len(head)]
    rows = [*summary["journeys"].items(), ("overall", summary["overall"])]
    for name, r in rows:
        if name == "overall":
            lines.append("-" * len(head))
        lines.append(f"{name:<22}{r['requests']:>9}{r['errors']:>8}{r['rps']:>7.1f}{r['p50_ms']:>8.0f}"
                     f"{r['p95_ms']:>8.0f}{r['p99_ms']:>8.0f}{r['max_ms']:>8.0f}")
    return "\n".join(lines)

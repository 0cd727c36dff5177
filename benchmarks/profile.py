"""Where the engine's time goes: `regiekamer risk score` with every step timed (wall and CPU seconds).

    .venv/bin/python benchmarks/profile.py --data var/bench/2000000-1 --out /tmp/scores.csv [--weights expert]

Runs the command line's own code in this process and wraps the engine's steps by name, so that the
figures add up to the command's work. CPU time counts both cores (and the engine's own threads: a
step that runs beside another, as the ranking beside the top reasons, counts the other's CPU too): on
a shared machine it moves less than wall time when others load the machine.
"""

from __future__ import annotations

import argparse
import functools
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polars as pl  # noqa: E402

from riskengine import cli, delivery, fairness, scoring, weights  # noqa: E402

STEPS = [
    (pl, "read_parquet"), (delivery, "_typed"), (delivery, "_sorted_keys"), (delivery, "_check_unique"),
    (delivery, "_check_periods"), (delivery, "_link_addresses"), (delivery, "_warnings"),
    (scoring, "arrays"), (weights, "training_labels"), (scoring, "compute"), (weights, "fit"),
    (scoring, "_ranked"), (fairness, "report"), (scoring, "_top"), (scoring, "_explanations"),
    (cli, "_write_scores"),
]
# Per step: wall and CPU seconds, calls, the process's peak memory so far when it last ended, and
# page faults (each a page of fresh memory the system hands over; a huge page counts once).
figures: dict[str, list[float]] = {}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def wrap(module, name: str) -> None:
    original = getattr(module, name, None)
    if original is None:
        return

    @functools.wraps(original)
    def timed(*args, **kwargs):
        wall, cpu, faults = time.perf_counter(), _cpu(), _faults()
        try:
            return original(*args, **kwargs)
        finally:
            entry = figures.setdefault(name, [0.0, 0.0, 0, 0.0, 0])
            entry[0] += time.perf_counter() - wall
            entry[1] += _cpu() - cpu
            entry[2] += 1
            entry[3] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e9
            entry[4] += _faults() - faults

    setattr(module, name, timed)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--as-of", default="2026-01-01")
    parser.add_argument("--weights", default="expert")
    args = parser.parse_args()
    for module, name in STEPS:
        wrap(module, name)
    wall, cpu, start = time.perf_counter(), _cpu(), resource.getrusage(resource.RUSAGE_SELF)
    code = cli.main(["score", "--data", args.data, "--as-of", args.as_of, "--out", args.out,
                     "--weights", args.weights, "--quiet"])
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    print(f"{'step':<18}{'calls':>6}{'wall s':>9}{'cpu s':>9}{'peak GB':>9}{'faults':>9}")
    for name, (w, c, calls, peak, faults) in figures.items():
        print(f"{name:<18}{calls:>6}{w:>9.2f}{c:>9.2f}{peak:>9.2f}{faults:>9}")
    end = resource.getrusage(resource.RUSAGE_SELF)
    print(f"{'total':<18}{'':>6}{wall:>9.2f}{cpu:>9.2f}   peak {end.ru_maxrss * 1024 / 1e9:.2f} GB, "
          f"system time {end.ru_stime - start.ru_stime:.2f} s, {end.ru_minflt - start.ru_minflt} page faults")
    return code


if __name__ == "__main__":
    sys.exit(main())

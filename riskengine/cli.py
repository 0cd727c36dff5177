"""`regiekamer risk score|evaluate`: the engine on an exchange-format folder, without the application.

    regiekamer risk score --data DIR --as-of YYYY-MM-DD --out FILE.csv
    regiekamer risk evaluate --data DIR --as-of YYYY-MM-DD --outcomes FILE

`score` writes address_id,score,rank,explanation (in the delivery's order) and the fairness report beside it
(FILE.fairness.json); `evaluate` prints precision and recall in the top 1%, 5% and 10% for the
engine, the simple rules and random selection. A refused delivery prints its faults and exits 2.
"""

import argparse
import datetime as dt
import json
import sys
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tqdm import tqdm

from .config import Config
from .delivery import Refused, read_delivery
from .evaluate import evaluate, read_outcomes, table
from .memory import keep_freed_memory
from .scoring import score


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen datum (JJJJ-MM-DD): {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="regiekamer risk", description="Risicomodel op een uitwisselingsmap (v1).")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("score", "scores per adres naar een CSV-bestand"),
                       ("evaluate", "precisie en recall tegen bekende uitkomsten")):
        command = commands.add_parser(name, help=text)
        command.add_argument("--data", required=True, type=Path, help="map met addresses.csv/.parquet enz.")
        command.add_argument("--as-of", required=True, type=_date, help="peildatum JJJJ-MM-DD")
        command.add_argument("--weights", choices=("auto", "expert", "fitted"), default="auto",
                             help="auto (standaard): geschat waar genoeg eerdere uitkomsten zijn, anders expert")
        command.add_argument("--expert-weights", type=Path, help="JSON {indicator: gewicht} die expertgewichten aanpast")
        command.add_argument("--floor-area-norm", type=float, default=12.0, help="m2 per persoon (standaard 12)")
        command.add_argument("--quiet", action="store_true", help="geen voortgangsbalk")
    commands.choices["score"].add_argument("--out", required=True, type=Path, help="uitvoer CSV")
    commands.choices["evaluate"].add_argument("--outcomes", required=True, type=Path,
                                              help="CSV met address_id en één 0/1-kolom")
    return parser


# Rows explained and written at a time: a national run never holds all its sentences at once.
CHUNK = 1_000_000
# Warnings printed on the terminal; the fairness report in the JSON file has them all.
SHOWN_WARNINGS = 10


def _write_scores(result, path: Path) -> None:
    """address_id,score,rank,explanation in the delivery's order (sorting ten million rows by rank
    costs more than writing them; the rank column is there to sort on).

    Two threads explain the next chunks while this one writes the chunk before them: Polars builds the
    sentences and formats the CSV outside the GIL, so both cores are at work (explaining takes about
    twice as long as writing). At most three chunks exist at once (two being explained, one being
    written); they are written in order.
    """
    n = result.scores.height

    def explained(start: int):
        stop = min(n, start + CHUNK)
        chunk = result.scores.slice(start, stop - start).select("address_id", "score", "rank")
        return chunk.with_columns(explanation=result.explanations(start, stop))

    with path.open("wb") as out, ThreadPoolExecutor(max_workers=2) as explaining:
        pending: deque = deque()
        for start in range(0, max(n, 1), CHUNK):
            pending.append((start, explaining.submit(explained, start)))
            if len(pending) == 3:
                first, chunk = pending.popleft()
                chunk.result().write_csv(out, include_header=first == 0)
        while pending:
            first, chunk = pending.popleft()
            chunk.result().write_csv(out, include_header=first == 0)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    overrides = json.loads(args.expert_weights.read_text()) if args.expert_weights else {}
    try:
        config = Config(weights=args.weights, expert_weights=overrides, floor_area_per_person=args.floor_area_norm)
    except ValueError as error:
        print(f"regiekamer risk: {error}", file=sys.stderr)
        return 2
    keep_freed_memory()  # this process ends with the run: reuse pages rather than zero fresh ones
    bar = None if args.quiet else tqdm(total=100, desc="risico", unit="%", file=sys.stderr)

    def progress(percent: int, step: str) -> None:
        if bar is not None:
            bar.set_postfix_str(step)
            bar.update(percent - bar.n)

    try:
        delivery = read_delivery(args.data)
        outcome = read_outcomes(args.outcomes, delivery) if args.command == "evaluate" else None
        result = score(delivery, as_of=args.as_of, config=config, progress=progress, with_contributions=False,
                       explain=args.command == "evaluate")
    except Refused as refused:
        if bar is not None:
            bar.close()
        print(refused.report(), file=sys.stderr)
        return 2
    except ValueError as error:
        if bar is not None:
            bar.close()
        print(f"regiekamer risk: {error}", file=sys.stderr)
        return 2
    if bar is not None:
        bar.close()
    for line in result.warnings[:SHOWN_WARNINGS]:
        print(f"waarschuwing: {line}", file=sys.stderr)
    if len(result.warnings) > SHOWN_WARNINGS:
        where = f" (alle in {args.out.with_suffix('.fairness.json')})" if args.command == "score" else ""
        print(f"... en nog {len(result.warnings) - SHOWN_WARNINGS} waarschuwingen{where}", file=sys.stderr)
    for line in result.skipped:
        print(f"overgeslagen: {line}", file=sys.stderr)
    print(f"gewichten: {result.weights_note}", file=sys.stderr)
    if args.command == "score":
        _write_scores(result, args.out)
        fairness = args.out.with_suffix(".fairness.json")
        fairness.write_text(json.dumps(
            {"as_of": args.as_of.isoformat(), "version": result.version, "weights_source": result.weights_source,
             "weights_note": result.weights_note, "weights": result.weights, "skipped": result.skipped,
             "warnings": result.warnings, **result.fairness}, ensure_ascii=False, indent=1))
        print(f"{result.scores.height} adressen gescoord naar {args.out}; eerlijkheidsrapport in {fairness}",
              file=sys.stderr)
        return 0
    engine = f"risicomodel ({'geschatte gewichten' if result.weights_source == 'fitted' else 'expertgewichten'})"
    lines = evaluate(delivery, result.scores["rank"].to_numpy(), outcome, args.as_of, engine)
    print(table(lines, outcome, args.as_of))
    return 0

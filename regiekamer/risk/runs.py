"""One risk run from start to end: the task's body (tasks.py) and the demo's synchronous run.

The municipality's addresses go to the engine in exchange format v1 (exchange.py), with the
setting in force and the floor-area norm in force on the run's date; what comes back is stored on
the run and as one RiskScore per address, in one transaction: a run is done with every score, or
failed with a Dutch error and no score at all. Progress is saved on the run while it works,
throttled (PROGRESS_EVERY_SECONDS, or a new step).
"""

import logging
import math
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import riskengine
from regiekamer.norms.models import NormKey
from regiekamer.norms.selectors import norm_in_force
from regiekamer.registry.models import Address

from regiekamer.exchange.export import export_tables
from .models import RiskRun, RiskScore, RunStatus
from .selectors import setting_in_force

logger = logging.getLogger(__name__)

DEFAULT_FLOOR_AREA_PER_PERSON = 12.0  # m2 per person, the engine's own default, when no norm is in force
BATCH_SIZE = 2_000
PROGRESS_EVERY_SECONDS = 1.0
_clock: Callable[[], float] = time.monotonic


class RunRefused(Exception):
    """The run cannot be done; the message (Dutch) is stored on the run."""


class Progress:
    """Saves percent and step on the run: when the step changes or PROGRESS_EVERY_SECONDS passed."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.saved_at = -math.inf
        self.step = ""

    def __call__(self, percent: int, step: str) -> None:
        now = _clock()
        if step == self.step and now - self.saved_at < PROGRESS_EVERY_SECONDS:
            return
        self.step, self.saved_at = step, now
        RiskRun.objects.filter(pk=self.run_id).update(progress=max(0, min(100, int(percent))), step=step[:200])

    def engine(self, percent: int, step: str) -> None:
        """The engine's own progress (0-100) is the part from 10 to 90 percent of the run."""
        self(10 + int(percent) * 80 // 100, step)


def execute_run(run_id: int) -> str:
    """Run one queued run: mark it running, score, store; the run's final status is returned."""
    claimed = RiskRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, progress=0, step=_("Gegevens verzamelen"))
    if not claimed:  # already run, or gone: a repeated task never scores twice
        logger.warning("Risk run %s is not queued; not run again", run_id)
        return "skipped"
    run = RiskRun.objects.select_related("municipality").get(pk=run_id)
    progress = Progress(run_id)
    try:
        _score_and_store(run, progress)
    except RunRefused as error:
        _fail(run_id, str(error))
    except riskengine.Refused as error:
        _fail(run_id, _("Het risicomodel heeft de gegevens van de gemeente geweigerd; er is niets opgeslagen.")
              + "\n" + str(error))
    except Exception as error:  # the run must never stay "running"
        logger.exception("Risk run %s failed unexpectedly", run_id)
        _fail(run_id, _("Onverwachte fout tijdens de berekening (%(kind)s); er is niets opgeslagen. Meld dit aan de "
                        "beheerder van de applicatie.") % {"kind": type(error).__name__})
    except BaseException:  # the worker told to stop at once (a second SIGTERM): failed, then stop
        _fail(run_id, _("De berekening is afgebroken omdat de taakverwerker stopte; er is niets opgeslagen. "
                        "Start de berekening opnieuw."))
        raise
    return RiskRun.objects.values_list("status", flat=True).get(pk=run_id)


def _fail(run_id: int, error: str) -> None:
    RiskRun.objects.filter(pk=run_id).update(status=RunStatus.FAILED, error=error, finished_at=timezone.now(),
                                             step=_("Mislukt"))


def _score_and_store(run: RiskRun, progress: Progress) -> None:
    municipality = run.municipality
    setting = setting_in_force(municipality)
    if not setting.enabled:
        raise RunRefused(_("Het risicomodel is intussen uitgeschakeld voor %(name)s; er is niets berekend.")
                         % {"name": municipality.name})
    addresses = Address.objects.filter(municipality=municipality)
    progress(2, _("Gegevens van de gemeente verzamelen"))
    tables = export_tables(addresses, as_of=run.as_of)
    if tables["addresses"].height == 0:
        raise RunRefused(_("%(name)s heeft geen adressen; er is niets te berekenen.") % {"name": municipality.name})
    progress(8, _("Gegevens controleren"))
    delivery = riskengine.from_frames(tables)
    norm = norm_in_force(key=NormKey.FLOOR_AREA_PER_PERSON, municipality_id=municipality.pk, on=run.as_of)
    floor_area = float(norm) if norm else DEFAULT_FLOOR_AREA_PER_PERSON
    expert_weights = {name: float(value) for name, value in (setting.expert_weights or {}).items()}
    config = riskengine.Config(weights=setting.weights_mode, expert_weights=expert_weights,
                               floor_area_per_person=floor_area)
    result = riskengine.score(delivery, as_of=run.as_of, config=config, progress=progress.engine)
    progress(90, _("Scores opslaan"))
    configuration = {
        "weights": setting.weights_mode, "weights_source": result.weights_source, "expert_weights": expert_weights,
        "floor_area_per_person": floor_area, "selection_share": config.selection_share,
        "explain_top": config.explain_top, "random_share": str(setting.random_share),
        "as_of": run.as_of.isoformat(), "setting_id": setting.pk,
    }
    pks = dict(addresses.values_list("bag_id", "pk"))
    scores = result.scores.select("address_id", "score", "rank", "explanation", "contributions")
    total = scores.height
    rows = []
    for address_id, score, rank, explanation, contributions in scores.iter_rows():
        if address_id not in pks:
            raise RunRefused(_("Het risicomodel gaf een score voor een onbekend adres (%(id)s); er is niets "
                               "opgeslagen.") % {"id": address_id})
        rows.append((run.pk, pks[address_id], _finite(score), rank, decile(rank, total), explanation or "",
                     _json(contributions or [])))
    with transaction.atomic():
        _insert_scores(rows)
        RiskRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE, progress=100, step=_("Klaar"), finished_at=timezone.now(),
            setting=setting if setting.pk else None, engine_version=riskengine.VERSION,
            configuration=configuration, weights=_json(dict(result.weights)), skipped=list(result.skipped),
            warnings=list(result.warnings), fairness=_json(result.fairness), address_count=total,
            error="",
        )


def _insert_scores(rows: list[tuple]) -> None:
    """Insert (run, address, score, rank, decile, explanation, contributions) rows in batches.

    One parametrised INSERT run with executemany instead of bulk_create: the ORM's per-object work
    made storing 30,000 scores take four times as long. JSON goes through the backend's own adapter,
    so this is the same on SQLite and PostgreSQL.
    """
    meta = RiskScore._meta
    fields = ["run", "address", "score", "rank", "decile", "explanation", "contributions"]
    columns = ", ".join(connection.ops.quote_name(meta.get_field(name).column) for name in fields)
    sql = (f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, [(*row[:6], connection.ops.adapt_json_value(row[6], None))
                                     for row in rows[start:start + BATCH_SIZE]])


def decile(rank: int, total: int) -> int:
    """1 for the highest-scoring tenth of the addresses, 10 for the lowest."""
    return (rank - 1) * 10 // total + 1


def _finite(value: Any) -> float:
    number = float(value)
    return number if math.isfinite(number) else 0.0


def _json(value: Any) -> Any:
    """JSON without NaN or infinity (PostgreSQL refuses them): such a number is stored as null."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(key): _json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(item) for item in value]
    return value

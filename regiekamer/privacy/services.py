"""Writes of retention: the daily run (draft lists, execute approved ones, anonymise what simply
expired) and the privacy officer's decision on a list.

A run works in batches, each in its own transaction that re-checks expiry and legal holds, acts,
records a RetentionAction and marks the list items done. A run killed half-way leaves whole batches
done and the rest untouched; the next run picks up exactly what is left (idempotent).
"""

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Sequence

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.organisations.access import scope_for

from . import expiry, selectors
from .models import (ActionKind, DestructionList, DestructionListItem, ListStatus, RetentionAction, RetentionRun,
                     RunStatus)
from .schedule import BY_KEY, RULES, Action, Rule

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
# A rejected list's records are not proposed again for this long (the officer said "not now").
REJECTION_PAUSE = dt.timedelta(days=365)

Progress = Callable[[int, int], None]


def _digest(ids: Sequence[int]) -> str:
    return hashlib.sha256(json.dumps(sorted(ids)).encode()).hexdigest()


def _record(run: RetentionRun, rule: Rule, kind: str, ids: Sequence[int], municipality_id: int | None,
            destruction_list: DestructionList | None = None) -> None:
    RetentionAction.objects.create(run=run, record_type=rule.key, kind=kind, municipality_id=municipality_id,
                                   destruction_list=destruction_list, count=len(ids), object_ids=sorted(ids),
                                   ids_sha256=_digest(ids))


def _municipalities(rule: Rule, on: dt.date) -> list[int]:
    return sorted(set(selectors.expired(rule, on).values_list(f"{rule.municipality}_id", flat=True)) - {None})


def draft_lists(run: RetentionRun, on: dt.date) -> list[DestructionList]:
    """Per municipality and record type needing approval: one draft list of what expired and is on no
    open list yet. Run twice on one day, the second run finds nothing new."""
    drafted = []
    for rule in (r for r in RULES if r.needs_approval):
        paused = DestructionListItem.objects.filter(
            destruction_list__record_type=rule.key, destruction_list__status=ListStatus.REJECTED,
            destruction_list__decided_at__gte=timezone.now() - REJECTION_PAUSE).values("object_id")
        for municipality_id in _municipalities(rule, on):
            with transaction.atomic():
                records = (selectors.expired(rule, on, municipality_id)
                           .exclude(pk__in=selectors.open_list_ids(rule)).exclude(pk__in=paused))
                rows = list(records.values_list("pk", rule.start))
                if not rows:
                    continue
                ps = selectors.periods(rule.key)
                destruction_list = DestructionList.objects.create(municipality_id=municipality_id, record_type=rule.key,
                                                                  drafted_on=on)
                DestructionListItem.objects.bulk_create([
                    DestructionListItem(destruction_list=destruction_list, object_id=pk,
                                        expired_on=expiry.expires_on(selectors.start_day(start), ps))
                    for pk, start in rows])
                _record(run, rule, ActionKind.DRAFTED, [pk for pk, _ in rows], municipality_id, destruction_list)
                drafted.append(destruction_list)
    return drafted


def _execute_list_batch(run: RetentionRun, destruction_list: DestructionList, rule: Rule, on: dt.date,
                        item_ids: Sequence[int]) -> int:
    with transaction.atomic():
        items = list(DestructionListItem.objects.select_for_update().filter(pk__in=item_ids, done_in__isnull=True,
                                                                            skipped=False))
        wanted = [item.object_id for item in items]
        still = set(selectors.expired(rule, on).filter(pk__in=wanted).values_list("pk", flat=True))
        existing = set(rule.model_class.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        kept = existing - still  # a legal hold arose, or the record changed since approval
        if still:
            rule.execute(sorted(still))
            _record(run, rule, ActionKind.DELETED if rule.action == Action.DELETE else ActionKind.ANONYMISED,
                    sorted(still), destruction_list.municipality_id, destruction_list)
        if kept:
            _record(run, rule, ActionKind.SKIPPED, sorted(kept), destruction_list.municipality_id, destruction_list)
        DestructionListItem.objects.filter(pk__in=[i.pk for i in items if i.object_id not in kept]).update(done_in=run)
        DestructionListItem.objects.filter(pk__in=[i.pk for i in items if i.object_id in kept]).update(skipped=True)
        if not destruction_list.items.filter(done_in__isnull=True, skipped=False).exists():
            DestructionList.objects.filter(pk=destruction_list.pk).update(status=ListStatus.EXECUTED,
                                                                         executed_at=timezone.now())
        return len(items)


def _direct_batch(run: RetentionRun, rule: Rule, on: dt.date, municipality_id: int, ids: Sequence[int]) -> int:
    with transaction.atomic():
        still = sorted(selectors.expired(rule, on, municipality_id).filter(pk__in=ids).values_list("pk", flat=True))
        if still:
            rule.execute(still)
            _record(run, rule, ActionKind.DELETED if rule.action == Action.DELETE else ActionKind.ANONYMISED,
                    still, municipality_id)
        return len(ids)


def _batches(ids: Sequence[int], size: int) -> list[list[int]]:
    return [list(ids[i:i + size]) for i in range(0, len(ids), size)]


def run_retention(*, on: dt.date | None = None, started_by: str = "taak", batch_size: int = BATCH_SIZE,
                  progress: Progress | None = None) -> RetentionRun:
    """The daily round: draft destruction lists, execute approved lists, and anonymise or remove what
    needs no approval. Returns the run; on an error the run is marked failed and the error raised."""
    on = on or timezone.localdate()
    run = RetentionRun.objects.create(on=on, started_by=started_by)
    try:
        draft_lists(run, on)
        work: list[Callable[[], int]] = []
        for destruction_list in DestructionList.objects.filter(status=ListStatus.APPROVED).order_by("pk"):
            rule = BY_KEY[destruction_list.record_type]
            pending = list(destruction_list.items.filter(done_in__isnull=True, skipped=False)
                           .order_by("pk").values_list("pk", flat=True))
            for batch in _batches(pending, batch_size):
                work.append(lambda dl=destruction_list, rule=rule, batch=batch:
                            _execute_list_batch(run, dl, rule, on, batch))
        for rule in (r for r in RULES if not r.needs_approval):
            for municipality_id in _municipalities(rule, on):
                ids = list(selectors.expired(rule, on, municipality_id).values_list("pk", flat=True))
                for batch in _batches(ids, batch_size):
                    work.append(lambda rule=rule, m=municipality_id, batch=batch: _direct_batch(run, rule, on, m, batch))
        for done, step in enumerate(work, start=1):
            step()
            if progress:
                progress(done, len(work))
    except Exception as error:
        RetentionRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, finished_at=timezone.now(),
                                                      error=f"{type(error).__name__}: {error}"[:2000])
        logger.exception("Retention run %s failed", run.pk)
        raise
    RetentionRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, finished_at=timezone.now())
    run.refresh_from_db()
    return run


DECISIONS = {"approve": ListStatus.APPROVED, "reject": ListStatus.REJECTED}


@transaction.atomic
def decide_list(*, destruction_list: DestructionList, user: User, decision: str, reason: str = "") -> DestructionList:
    """The privacy officer approves a draft destruction list (the task then executes it) or rejects
    it with a reason (its records are not proposed again for a year)."""
    scope = scope_for(user)
    if not selectors.may_manage_privacy(scope) or scope.municipality_id != destruction_list.municipality_id:
        raise PermissionDenied
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Kies goedkeuren of afwijzen.")})
    locked = DestructionList.objects.select_for_update().get(pk=destruction_list.pk)
    if locked.status != ListStatus.DRAFT:
        raise ValidationError({"decision": _("Over deze lijst is al besloten.")})
    reason = reason.strip()
    if decision == "reject" and not reason:
        raise ValidationError({"reason": _("Geef een reden waarom de lijst wordt afgewezen.")})
    locked.status = DECISIONS[decision]
    locked.decided_by = user
    locked.decided_by_name = user.get_username()
    locked.decided_at = timezone.now()
    locked.reason = reason
    locked.save(update_fields=["status", "decided_by", "decided_by_name", "decided_at", "reason"])
    return locked

"""Reads of LAA signals, starting from the user's scope.

LAA signals are RvIG's questions to the municipality about its own BRP: its own departments that
read meldingen see them; partners do not, not even those on a case at the same address.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from regiekamer.organisations.access import Reach, Scope
from regiekamer.registry.models import Municipality

from .laa import CLOSED, DEADLINE_BY_KEY, DEADLINES, DeadlineState, deadline_states
from .models import LaaSignal, LaaStatus, LaaStatusChange
from .selectors import handles_meldingen, meldingen_for


def reads_laa(scope: Scope) -> bool:
    """The municipality's own departments that read its meldingen."""
    return scope.reach == Reach.MUNICIPALITY and scope.reads_dossiers


def writes_laa(scope: Scope) -> bool:
    """Enter, import and set statuses: the municipality's handlers and coordinators (the intake)."""
    return reads_laa(scope) and handles_meldingen(scope)


def municipality_of(scope: Scope) -> Municipality:
    return Municipality.objects.get(pk=scope.municipality_id)


def signals_for(scope: Scope) -> QuerySet[LaaSignal]:
    """The municipality's signals, each with its current status (the latest change, or ontvangen)."""
    if not reads_laa(scope):
        return LaaSignal.objects.none()
    latest = LaaStatusChange.objects.filter(signal=OuterRef("pk")).order_by("-id").values("status")[:1]
    return (
        LaaSignal.objects.filter(melding__in=meldingen_for(scope).values("pk"))
        .annotate(current_status=Coalesce(Subquery(latest), Value(LaaStatus.RECEIVED)))
    )


def signal_for(scope: Scope, pk: int) -> LaaSignal:
    """One signal, or 404: the same answer for 'does not exist' and 'not yours'."""
    signal = signals_for(scope).select_related("melding__address", "melding__municipality").filter(pk=pk).first()
    if signal is None:
        raise Http404
    return signal


def _overdue(deadline_key: str, today: dt.date) -> Q:
    deadline = DEADLINE_BY_KEY[deadline_key]
    return Q(received_on__lt=deadline.overdue_before(today)) & ~Q(current_status__in=deadline.met_by)


def signal_list(scope: Scope, *, status: str = "", overdue: str = "", today: dt.date) -> QuerySet[LaaSignal]:
    """The list page: filtered by current status and by an overdue deadline, newest first."""
    signals = signals_for(scope).select_related("melding__address")
    if status in LaaStatus.values:
        signals = signals.filter(current_status=status)
    if overdue in DEADLINE_BY_KEY:
        signals = signals.filter(_overdue(overdue, today))
    return signals.order_by("-received_on", "-pk")


@dataclass(frozen=True)
class LaaRow:
    signal: LaaSignal
    status: str
    deadlines: list[DeadlineState]

    @property
    def status_label(self) -> str:
        return LaaStatus(self.status).label


def rows(signals: list[LaaSignal], today: dt.date) -> list[LaaRow]:
    return [LaaRow(s, s.current_status, deadline_states(s.received_on, s.current_status, today)) for s in signals]


@dataclass(frozen=True)
class LaaFigures:
    total: int
    open: int  # not afgerond
    overdue: dict[str, int]  # by deadline key
    closed_with_change: int
    closed_without_change: int

    @property
    def hit_rate(self) -> float | None:
        """Share of the closed signals that led to a BRP change (RvIG's 'trefkans')."""
        closed = self.closed_with_change + self.closed_without_change
        return self.closed_with_change / closed if closed else None

    @property
    def hit_percentage(self) -> int | None:
        return None if self.hit_rate is None else round(100 * self.hit_rate)


def figures(scope: Scope, today: dt.date) -> LaaFigures:
    """Counts over all of the municipality's signals, in one query."""
    counts = signals_for(scope).aggregate(
        total=Count("pk"),
        open=Count("pk", filter=~Q(current_status__in=CLOSED)),
        with_change=Count("pk", filter=Q(current_status=LaaStatus.CLOSED_WITH_CHANGE)),
        without_change=Count("pk", filter=Q(current_status=LaaStatus.CLOSED_WITHOUT_CHANGE)),
        **{f"overdue_{d.key}": Count("pk", filter=_overdue(d.key, today)) for d in DEADLINES},
    )
    return LaaFigures(
        total=counts["total"], open=counts["open"],
        overdue={d.key: counts[f"overdue_{d.key}"] for d in DEADLINES},
        closed_with_change=counts["with_change"], closed_without_change=counts["without_change"],
    )


def history(signal: LaaSignal) -> list[LaaStatusChange]:
    return list(signal.status_changes.order_by("id"))

"""The list behind a figure: the records a measure counts, read from the user's scope.

Each kind of record is read through its own app's selector (the same need-to-know rules as its
own pages) and then narrowed by the measure's definition (measures.filtered), so that for a reader
of the whole municipality the list has exactly the figure's records.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from regiekamer.care.selectors import referrals_for, trajectories_for
from regiekamer.cases.selectors import cases_for
from regiekamer.enforcement.models import ProcedureStep
from regiekamer.enforcement.selectors import interventions_for
from regiekamer.inspections.selectors import inspections_for
from regiekamer.meldingen.selectors import meldingen_for
from regiekamer.organisations.access import Scope
from regiekamer.registry.models import Address

from .measures import Measure, filtered


@dataclass(frozen=True)
class Row:
    day: dt.date | None
    address: Address | None
    text: str
    url: str
    person_ref: str = ""


def _melding(m) -> Row:
    return Row(m.received_on, m.address, f"{m.get_category_display()} · {m.get_source_display()} · "
               f"{m.get_status_display()}", reverse("meldingen:detail", args=[m.pk]))


def _inspection(i) -> Row:
    text = i.get_outcome_display() or i.get_status_display()
    if i.severity:
        text += f" ({i.get_severity_display()})"
    return Row(i.inspected_on, i.address, text, reverse("inspections:detail", args=[i.pk]))


def _case(c) -> Row:
    text = f"{c.get_case_type_display()} · {c.get_status_display()}"
    if c.result:
        text += f" · {c.get_result_display()}"
    return Row(c.opened_on, c.address, text, reverse("cases:detail", args=[c.pk]))


def _intervention(i) -> Row:
    return Row(i.decided_on, i.case.address, i.get_intervention_type_display(),
               reverse("cases:detail", args=[i.case_id]))


def _step(s) -> Row:
    return Row(s.on, s.intervention.case.address,
               f"{s.get_kind_display()} · {s.intervention.get_intervention_type_display()}",
               reverse("cases:detail", args=[s.intervention.case_id]))


def _referral(r) -> Row:
    text = f"{r.get_kind_display()} · {r.get_status_display()}"
    if r.outcome:
        text += f" · {r.get_outcome_display()}"
    return Row(r.created_at.date(), r.case.address, text, reverse("care:referral", args=[r.pk]), r.person_ref)


def _trajectory(t) -> Row:
    return Row(t.started_on, t.case.address, f"{t.get_kind_display()} · {t.get_status_display()}",
               reverse("care:trajectory", args=[t.pk]), t.person_ref)


@dataclass(frozen=True)
class Kind:
    scoped: Callable[[Scope], QuerySet]
    related: tuple[str, ...]
    row: Callable[[object], Row]
    order: str


KINDS: dict[str, Kind] = {
    "meldingen.Melding": Kind(meldingen_for, ("address",), _melding, "-received_on"),
    "inspections.Inspection": Kind(inspections_for, ("address",), _inspection, "-inspected_on"),
    "cases.Case": Kind(cases_for, ("address",), _case, "-opened_on"),
    "enforcement.Intervention": Kind(interventions_for, ("case__address",), _intervention, "-decided_on"),
    "enforcement.ProcedureStep": Kind(
        lambda scope: ProcedureStep.objects.filter(intervention__in=interventions_for(scope)),
        ("intervention__case__address",), _step, "-on"),
    "care.CareReferral": Kind(referrals_for, ("case__address",), _referral, "-created_at"),
    "care.Trajectory": Kind(trajectories_for, ("case__address",), _trajectory, "-started_on"),
}


def records(scope: Scope, measure: Measure, municipality_id: int, start: dt.date, end: dt.date, *,
            breakdown: tuple[str, str] | None = None, area: str | None = None) -> QuerySet:
    kind = KINDS[measure.model]
    queryset = filtered(measure, [municipality_id], start, end, breakdown, base=kind.scoped(scope))
    if area is not None:
        queryset = queryset.filter(**{measure.area: area})
    return queryset.select_related(*kind.related).order_by(kind.order, "-pk")


def rows(measure: Measure, page) -> list[Row]:
    return [KINDS[measure.model].row(record) for record in page]

"""Reads of retention: what has expired, what is held, what goes next month, and the privacy
officer's lists and runs. Pages start from the user's scope; the task reads every municipality."""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from regiekamer.organisations.access import Scope

from . import expiry
from .models import AccessRequest, DestructionList, DestructionListItem, ListStatus, RetentionAction, RetentionPeriod, RetentionRun
from .schedule import BY_KEY, RULES, Rule


def may_manage_privacy(scope: Scope) -> bool:
    """The privacy officer of a municipality: retention, destruction lists, access requests."""
    return scope.reads_processing_log and scope.municipality_id is not None


def privacy_scope(scope: Scope) -> Scope:
    if not may_manage_privacy(scope):
        raise Http404
    return scope


def periods(record_type: str) -> list[expiry.Period]:
    return [expiry.Period(p.valid_from, p.years, p.months, p.days)
            for p in RetentionPeriod.objects.filter(record_type=record_type)]


def _final_field(rule: Rule, path: str) -> models.Field:
    model = rule.model_class
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(parts[-1])


def start_lookup(rule: Rule) -> str:
    """The start event as a date lookup (a datetime is judged by its local day)."""
    is_datetime = isinstance(_final_field(rule, rule.start), models.DateTimeField)
    return f"{rule.start}__date" if is_datetime else rule.start


def start_day(value) -> dt.date:
    return timezone.localdate(value) if isinstance(value, dt.datetime) else value


def _expired_q(rule: Rule, on: dt.date) -> Q:
    lookup = start_lookup(rule)
    found = Q(pk__in=[])
    for first, after, latest in expiry.segments(periods(rule.key), on):
        segment = Q(**{f"{lookup}__lte": latest})
        if first is not None:
            segment &= Q(**{f"{lookup}__gte": first})
        if after is not None:
            segment &= Q(**{f"{lookup}__lt": after})
        found |= segment
    return found


def _held_q(rule: Rule) -> Q:
    held = Q(pk__in=[])
    for hold in rule.holds:
        held |= hold()
    return held


def expired(rule: Rule, on: dt.date, municipality_id: int | None = None) -> QuerySet:
    """Records of the rule whose period has passed by `on` and that no legal hold keeps."""
    records = rule.model_class.objects.filter(rule.eligible()).filter(_expired_q(rule, on))
    if rule.holds:
        records = records.exclude(_held_q(rule))
    if municipality_id is not None:
        records = records.filter(**{f"{rule.municipality}_id": municipality_id})
    return records.order_by("pk")


def held(rule: Rule, on: dt.date, municipality_id: int) -> QuerySet:
    """Expired records that a legal hold keeps (an open case, procedure or care)."""
    if not rule.holds:
        return rule.model_class.objects.none()
    return (rule.model_class.objects.filter(rule.eligible()).filter(_expired_q(rule, on)).filter(_held_q(rule))
            .filter(**{f"{rule.municipality}_id": municipality_id}))


def end_of_next_month(on: dt.date) -> dt.date:
    first_after = (on.replace(day=1) + dt.timedelta(days=62)).replace(day=1)
    return first_after - dt.timedelta(days=1)


@dataclass(frozen=True)
class Forecast:
    rule: Rule
    expired_now: int  # already past their period (waiting for a list, its approval or the task)
    next_month: int  # will pass their period by the end of next month
    held: int


def forecast(scope: Scope, on: dt.date) -> list[Forecast]:
    """Per record type: what will go by the end of next month, for the officer's municipality."""
    until = end_of_next_month(on)
    rows = []
    for rule in RULES:
        now = expired(rule, on, scope.municipality_id).count()
        rows.append(Forecast(rule, now, expired(rule, until, scope.municipality_id).count() - now,
                             held(rule, on, scope.municipality_id).count()))
    return rows


def expiring_records(scope: Scope, rule: Rule, on: dt.date) -> list[dict]:
    """The drill-down: each record that will have gone by the end of next month, with its expiry day."""
    records = expired(rule, end_of_next_month(on), scope.municipality_id)
    listed = []
    ps = periods(rule.key)
    for pk, start in records.values_list("pk", rule.start)[:1000]:
        day = start_day(start)
        listed.append({"pk": pk, "start": day, "expires_on": expiry.expires_on(day, ps)})
    return listed


def rule_for(key: str) -> Rule:
    if key not in BY_KEY:
        raise Http404
    return BY_KEY[key]


def lists_for(scope: Scope) -> QuerySet[DestructionList]:
    return DestructionList.objects.filter(municipality_id=privacy_scope(scope).municipality_id)


def list_for(scope: Scope, pk: int) -> DestructionList:
    found = lists_for(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def items_of(destruction_list: DestructionList) -> QuerySet[DestructionListItem]:
    return destruction_list.items.select_related("done_in")


def runs_for(scope: Scope) -> QuerySet[RetentionRun]:
    privacy_scope(scope)
    return RetentionRun.objects.all()


def actions_for(scope: Scope, run: RetentionRun) -> QuerySet[RetentionAction]:
    return run.actions.filter(Q(municipality_id=scope.municipality_id))


def open_list_ids(rule: Rule) -> QuerySet:
    """Ids already on a list that waits for approval or execution (not yet done or skipped)."""
    return DestructionListItem.objects.filter(
        destruction_list__record_type=rule.key, destruction_list__status__in=[ListStatus.DRAFT, ListStatus.APPROVED],
        done_in__isnull=True, skipped=False).values("object_id")


def access_requests_for(scope: Scope) -> QuerySet[AccessRequest]:
    """An officer sees only the requests they entered themselves."""
    privacy_scope(scope)
    return AccessRequest.objects.filter(requested_by_id=scope.user_id)


def access_request_for(scope: Scope, pk: int) -> AccessRequest:
    found = access_requests_for(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found

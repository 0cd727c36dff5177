"""The case workflow: the transition table, due dates per case type, conflicts and closing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction

from regiekamer.cases import workflow
from regiekamer.cases.models import CaseEvent, CaseStatus as S, CaseType as T
from regiekamer.cases.services import Conflict, change_status, close_case, open_case
from regiekamer.organisations.models import Role
from tests.factories import AddressFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler():
    return MembershipFactory(role=Role.HANDLER).user


@pytest.fixture
def case(handler):
    return open_case(actor=handler, address=AddressFactory(), case_type=T.OVERCROWDING,
                     responsible=handler.membership.organisation)


def test_every_status_has_a_row_and_closed_is_final():
    assert set(workflow.TRANSITIONS) == set(S.values)
    assert workflow.allowed_next(S.CLOSED) == frozenset()
    assert all(target in S.values for targets in workflow.TRANSITIONS.values() for target in targets)


def test_open_case_sets_status_due_date_and_first_event(case, handler):
    today = dt.date.today()
    assert case.status == S.NEW and case.status_since == today
    assert case.due_on == today + dt.timedelta(days=5)  # overbewoning: 5 days for a new case
    [event] = case.events.all()
    assert (event.kind, event.actor, event.organisation) == ("opened", handler, handler.membership.organisation)


def test_fire_safety_is_due_sooner(handler):
    fire = open_case(actor=handler, address=AddressFactory(), case_type=T.FIRE_SAFETY,
                     responsible=handler.membership.organisation)
    assert fire.due_on == dt.date.today() + dt.timedelta(days=2)


def test_allowed_transition_moves_the_case_and_bumps_the_version(case, handler):
    moved = change_status(actor=handler, case=case, to=S.INVESTIGATING, expected_version=1)
    assert (moved.status, moved.version) == (S.INVESTIGATING, 2)
    assert moved.due_on == dt.date.today() + dt.timedelta(days=28)
    assert case.events.last().text == "Status: Nieuw → In onderzoek"


def test_transition_outside_the_table_is_refused_and_changes_nothing(case, handler):
    with pytest.raises(ValidationError, match="niet toegestaan"):
        change_status(actor=handler, case=case, to=S.REINSPECTION, expected_version=1)
    case.refresh_from_db()
    assert (case.status, case.version, case.events.count()) == (S.NEW, 1, 1)


def test_a_stale_version_is_a_conflict_and_changes_nothing(case, handler):
    change_status(actor=handler, case=case, to=S.INVESTIGATING, expected_version=1)
    with pytest.raises(Conflict, match="Iemand anders"):
        change_status(actor=handler, case=case, to=S.INSPECTION_PLANNED, expected_version=1)
    case.refresh_from_db()
    assert (case.status, case.version) == (S.INVESTIGATING, 2)


def test_close_needs_result_and_lesson(case, handler):
    with pytest.raises(ValidationError):
        close_case(actor=handler, case=case, result="", lesson="Te kort", expected_version=1)
    with pytest.raises(ValidationError):
        change_status(actor=handler, case=case, to=S.CLOSED, expected_version=1)
    closed = close_case(actor=handler, case=case, result="beeindigd",
                        lesson="Eerder de brandweer betrekken bij logiesgebouwen.", expected_version=1)
    assert (closed.status, closed.closed_on, closed.result) == (S.CLOSED, dt.date.today(), "beeindigd")
    with pytest.raises(ValidationError, match="al gesloten"):
        close_case(actor=handler, case=closed, result="beeindigd", lesson="Nog een les erbij.", expected_version=2)


def test_timeline_events_are_append_only(case):
    event = case.events.get()
    event.text = "herschreven"
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        event.save()
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        CaseEvent.objects.filter(pk=event.pk).delete()

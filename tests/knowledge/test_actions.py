"""Improvement actions: recorded by a coordinator of the region, followed to done, history appended."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.test import Client

from regiekamer.knowledge import selectors, services
from regiekamer.knowledge.models import ActionEvent, ActionSource, ActionStatus, ImprovementAction
from regiekamer.organisations.access import scope_for
from regiekamer.steering.models import Project


def _record(cast, **changes):
    values = dict(title="Brandweer standaard uitnodigen bij parkcontroles", description="",
                  owner=cast.venlo_coordinator, due_on=dt.date.today() + dt.timedelta(days=30),
                  source=ActionSource.OTHER, source_note="Casusoverleg november")
    values.update(changes)
    return services.record_action(actor=cast.programme_coordinator, **values)


def test_record_opens_with_a_first_event(cast):
    action = _record(cast)
    assert (action.region, action.status, action.version, action.overdue) == (cast.region, ActionStatus.OPEN, 1, False)
    assert list(action.events.values_list("status", "actor_name")) == [(ActionStatus.OPEN, "regina")]


def test_record_checks_owner_in_region_and_source(cast):
    with pytest.raises(ValidationError) as raised:
        _record(cast, title="", owner=cast.utrecht_handler, due_on=None, source=ActionSource.PROJECT,
                source_note="")
    assert set(raised.value.message_dict) == {"title", "owner", "due_on", "source_note", "source_project"}
    assert ImprovementAction.objects.count() == 0


def test_follow_to_done_appends_history(cast):
    action = _record(cast)
    action = services.change_action_status(actor=cast.venlo_coordinator, action=action, to=ActionStatus.IN_PROGRESS,
                                           note="Afspraak gemaakt", expected_version=1)
    with pytest.raises(ValidationError) as raised:
        services.change_action_status(actor=cast.venlo_coordinator, action=action, to=ActionStatus.DONE, note="",
                                      expected_version=2)
    assert raised.value.message_dict == {"note": ["Zeg kort wat er is veranderd."]}
    action = services.change_action_status(actor=cast.venlo_coordinator, action=action, to=ActionStatus.DONE,
                                           note="Staat in de procedure", expected_version=2)
    assert list(action.events.values_list("status", "note")) == [
        (ActionStatus.OPEN, "Actie vastgelegd"), (ActionStatus.IN_PROGRESS, "Afspraak gemaakt"),
        (ActionStatus.DONE, "Staat in de procedure")]
    with pytest.raises(services.Conflict):
        services.change_action_status(actor=cast.venlo_coordinator, action=action, to=ActionStatus.OPEN,
                                      note="", expected_version=2)
    with pytest.raises(DatabaseError), transaction.atomic():
        ActionEvent.objects.filter(action=action).update(note="anders")


def test_overdue_until_done(cast):
    action = _record(cast, due_on=dt.date.today() - dt.timedelta(days=1))
    assert action.overdue
    action = services.change_action_status(actor=cast.programme_coordinator, action=action, to=ActionStatus.DONE,
                                           note="Klaar", expected_version=1)
    assert not action.overdue


def test_region_reads_coordinators_record_owner_follows(cast):
    action = _record(cast)
    assert list(selectors.actions_for(scope_for(cast.fire_viewer))) == [action]
    assert list(selectors.actions_for(scope_for(cast.utrecht_handler))) == []
    assert selectors.records_actions(scope_for(cast.venlo_coordinator))
    assert not selectors.records_actions(scope_for(cast.author))
    assert selectors.may_follow(scope_for(cast.venlo_coordinator), action)  # owner
    assert not selectors.may_follow(scope_for(cast.author), action)


def test_pages(cast):
    project = Project.objects.create(name="Parken 2025", region=cast.region, aim="Doel",
                                     starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31))
    client = Client()
    client.force_login(cast.programme_coordinator)
    response = client.post("/kennisbank/acties/", {
        "title": "Tolk bij elke controle", "owner": cast.venlo_coordinator.pk, "due_on": "2027-01-31",
        "source": ActionSource.PROJECT, "source_note": "Evaluatie", "source_project": project.pk})
    action = ImprovementAction.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/kennisbank/acties/{action.pk}/"
    assert action.source_project == project
    response = client.post("/kennisbank/acties/", {"title": "", "source": ActionSource.OTHER})
    assert response.status_code == 400
    assert "Wat verandert er in de aanpak?: Dit veld is vereist." in response.content.decode()
    assert ImprovementAction.objects.count() == 1
    client.force_login(cast.author)
    assert client.post("/kennisbank/acties/", {"title": "x"}).status_code == 403
    assert client.post(f"/kennisbank/acties/{action.pk}/", {"status": "klaar", "version": 1}).status_code == 403
    client.force_login(cast.venlo_coordinator)
    response = client.post(f"/kennisbank/acties/{action.pk}/", {"status": "bezig", "note": "", "version": 1})
    assert response.status_code == 302
    response = client.post(f"/kennisbank/acties/{action.pk}/", {"status": "klaar", "note": "x", "version": 1})
    assert response.status_code == 400
    assert "Iemand anders heeft deze actie intussen bijgewerkt." in response.content.decode()
    client.force_login(cast.utrecht_handler)
    assert client.get(f"/kennisbank/acties/{action.pk}/").status_code == 404

"""Case events for the dossier: only of the address's cases within the user's scope."""

import pytest

from regiekamer.cases.models import CaseType as T
from regiekamer.cases.selectors import timeline_entries
from regiekamer.cases.services import add_participant, change_status, open_case
from regiekamer.organisations.access import scope_for

pytestmark = pytest.mark.django_db


def test_timeline_entries_per_scope(client, cast):
    second = open_case(actor=cast.handler, address=cast.address, case_type=T.FIRE_SAFETY, responsible=cast.enforcement)
    change_status(actor=cast.handler, case=cast.case, to="in_onderzoek", expected_version=1)
    add_participant(actor=cast.handler, case=cast.case, organisation=cast.fire, reason="gezamenlijke controle")

    municipal = timeline_entries(scope_for(cast.viewer), cast.address)
    assert [(e.case_id, e.kind) for e in municipal] == [
        (cast.case.pk, "case_partner_answer"), (cast.case.pk, "case_status"),
        (second.pk, "case_opened"), (cast.case.pk, "case_opened"),
    ]
    assert municipal[1].detail == "Status: Nieuw → In onderzoek"
    assert (municipal[1].actor, municipal[1].organisation) == ("anna", "Venlo handhaving")
    # The fire service takes part in the first case only: the second one's events stay out of sight.
    fire = timeline_entries(scope_for(cast.fire_viewer), cast.address)
    assert {e.case_id for e in fire} == {cast.case.pk} and len(fire) == 3
    assert timeline_entries(scope_for(cast.analyst), cast.address) == []

    client.force_login(cast.fire_viewer)
    dossier = client.get(f"/adressen/{cast.address.bag_id}/").content.decode()
    assert cast.case.reference in dossier and second.reference not in dossier
    assert "/zaken/nieuw/" not in dossier  # partners open no cases

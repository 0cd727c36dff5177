"""The retention run: destruction lists approved before deletion, legal holds, anonymisation that
keeps the steering figures, and a run that fails half-way and is run again."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection

from regiekamer.cases.models import Case, CaseEvent
from regiekamer.care.models import CareReferral
from regiekamer.meldingen.models import Melding
from regiekamer.meldpunt.models import Report
from regiekamer.privacy import selectors, services
from regiekamer.privacy.models import (ActionKind, DestructionList, ListStatus, RetentionAction, RetentionPeriod,
                                       RunStatus)
from regiekamer.privacy.schedule import BY_KEY
from regiekamer.registry.models import Registration
from regiekamer.steering import measures
from tests.care.factories import CareReferralFactory
from tests.factories import (AddressFactory, CaseFactory, MeldingFactory, RegionFactory, RegistrationFactory,
                             municipality)

from .helpers import D, TODAY, closed_case, officer

pytestmark = pytest.mark.django_db


def _list(record_type: str) -> DestructionList:
    return DestructionList.objects.get(record_type=record_type)


def test_case_files_wait_for_approval_and_legal_holds_keep_what_is_open():
    user = officer()
    # Supervision, closed 1 June 2021: 5 years -> expired on 1 June 2026.
    supervision = closed_case(D(2021, 6, 1))
    linked = MeldingFactory(address=supervision.address, status="gekoppeld", case=supervision, handled_on=D(2021, 1, 5))
    CareReferralFactory(case=supervision, status="gesloten", closed_on=D(2021, 5, 1), outcome="geholpen",
                        follow_up_on=None)
    # Enforcement closed 1 June 2021, procedure ended in compliance: 10 years -> 2031, not yet.
    enforcement = closed_case(D(2021, 6, 1), steps=("besluit", "hercontrole_nageleefd"))
    # Enforcement closed 10 January 2014: expired on 10 January 2024, but its decision is still open.
    open_procedure = closed_case(D(2014, 1, 10), steps=("voornemen_verzonden", "besluit"))
    # Supervision closed in 2019 with care still running for someone: held.
    with_care = closed_case(D(2019, 3, 1))
    CareReferralFactory(case=with_care)
    still_open = CaseFactory(opened_on=D(2010, 1, 1))

    assert list(selectors.expired(BY_KEY["case_supervision"], TODAY)) == [supervision]
    assert list(selectors.expired(BY_KEY["case_enforcement"], TODAY)) == []
    assert list(selectors.held(BY_KEY["case_enforcement"], TODAY, open_procedure.municipality_id)) == [open_procedure]
    assert list(selectors.held(BY_KEY["case_supervision"], TODAY, with_care.municipality_id)) == [with_care]

    first = services.run_retention(on=TODAY)
    drafted = _list("case_supervision")
    assert drafted.status == ListStatus.DRAFT
    assert [(i.object_id, i.expired_on) for i in drafted.items.all()] == [(supervision.pk, D(2026, 6, 1))]
    assert Case.objects.filter(pk=supervision.pk).exists(), "nothing is deleted before approval"
    assert first.actions.get().kind == ActionKind.DRAFTED

    services.run_retention(on=TODAY)  # the same day again: nothing new drafted
    assert DestructionList.objects.count() == 1

    services.decide_list(destruction_list=drafted, user=user, decision="approve")
    executed = services.run_retention(on=TODAY)
    assert not Case.objects.filter(pk=supervision.pk).exists()
    assert not CaseEvent.objects.filter(case_id=supervision.pk).exists()
    assert not Melding.objects.filter(pk=linked.pk).exists()
    assert not CareReferral.objects.filter(case_id=supervision.pk).exists()
    assert set(Case.objects.values_list("pk", flat=True)) == {enforcement.pk, open_procedure.pk, with_care.pk,
                                                            still_open.pk}
    deleted = executed.actions.get(kind=ActionKind.DELETED)
    assert (deleted.record_type, deleted.count, deleted.object_ids) == ("case_supervision", 1, [supervision.pk])
    assert _list("case_supervision").status == ListStatus.EXECUTED
    services.run_retention(on=TODAY)
    assert RetentionAction.objects.filter(kind=ActionKind.DELETED).count() == 1


def test_a_hold_that_arises_after_approval_keeps_the_record():
    user = officer()
    registration = RegistrationFactory(start_date=D(2018, 1, 1), end_date=D(2020, 3, 1))
    services.run_retention(on=TODAY)
    services.decide_list(destruction_list=_list("registration"), user=user, decision="approve")
    CaseFactory(address=registration.address, opened_on=D(2026, 11, 1))  # a new case on the address
    run = services.run_retention(on=TODAY)
    assert Registration.objects.filter(pk=registration.pk).exists()
    assert run.actions.get().kind == ActionKind.SKIPPED
    assert _list("registration").status == ListStatus.EXECUTED
    assert _list("registration").items.get().skipped


def test_approval_is_the_privacy_officers_and_a_rejection_needs_a_reason():
    RegistrationFactory(start_date=D(2018, 1, 1), end_date=D(2020, 3, 1))
    services.run_retention(on=TODAY)
    drafted = _list("registration")
    with pytest.raises(PermissionDenied):
        services.decide_list(destruction_list=drafted, user=officer("GM1507"), decision="approve")
    with pytest.raises(ValidationError) as refused:
        services.decide_list(destruction_list=drafted, user=officer(), decision="reject", reason=" ")
    assert "reason" in refused.value.message_dict
    services.decide_list(destruction_list=drafted, user=officer(name="tweede"), decision="reject",
                         reason="Nodig voor een bezwaarprocedure.")
    services.run_retention(on=TODAY)
    assert Registration.objects.count() == 1
    assert DestructionList.objects.count() == 1, "a rejected list is not drafted again the next day"


def test_anonymising_rejected_meldingen_keeps_the_steering_counts():
    venlo = municipality("GM0983")
    rejected = MeldingFactory(received_on=D(2025, 1, 2), status="afgewezen", rejection_reason="Geen woning",
                              handled_on=D(2025, 1, 10), description="Buurman Jansen zegt: 14 mensen")
    Report.objects.create(melding=rejected, topic="te-veel-mensen", landlord="particulier", happened_on=D(2025, 1, 1),
                          language="nl", anonymous=False, contact_email="melder@example.org", code_digest="a" * 64)
    held = MeldingFactory(received_on=D(2025, 1, 3), status="afgewezen", rejection_reason="Dubbel",
                          handled_on=D(2025, 1, 10), description="Tekst blijft")
    CaseFactory(address=held.address, opened_on=D(2026, 10, 1))
    MeldingFactory(received_on=D(2025, 1, 20), description="Nieuw, nog in behandeling")

    def counts():
        return {key: measures.count(measures.MEASURES[key], [venlo.pk], D(2025, 1, 1), D(2025, 1, 31)).total()
                for key in ("meldingen_ontvangen", "meldingen_afgehandeld", "meldingen_op_tijd")}

    before = counts()
    assert before == {"meldingen_ontvangen": 3, "meldingen_afgehandeld": 2, "meldingen_op_tijd": 2}
    run = services.run_retention(on=TODAY)  # anonymising needs no approval
    assert counts() == before
    rejected.refresh_from_db()
    assert (rejected.description, rejected.category, rejected.received_on) == ("", "overbewoning", D(2025, 1, 2))
    report = Report.objects.get(melding=rejected)
    assert (report.anonymous, report.contact_email, report.code_digest) == (True, "", None)
    assert Melding.objects.get(pk=held.pk).description == "Tekst blijft"
    assert {(a.record_type, a.kind, tuple(a.object_ids)) for a in run.actions.all()} == {
        ("melding_rejected", ActionKind.ANONYMISED, (rejected.pk,))}
    assert services.run_retention(on=TODAY).actions.count() == 0, "anonymised once"


def test_a_changed_period_holds_from_its_date_on():
    RetentionPeriod.objects.create(record_type="registration", years=7, valid_from=D(2020, 6, 1), source="test")
    old_rule = RegistrationFactory(start_date=D(2018, 1, 1), end_date=D(2020, 5, 31))  # 5 years: 31 May 2025
    new_rule = RegistrationFactory(start_date=D(2018, 1, 1), end_date=D(2020, 6, 1))  # 7 years: 1 June 2027
    assert list(selectors.expired(BY_KEY["registration"], TODAY)) == [old_rule]
    assert list(selectors.expired(BY_KEY["registration"], D(2027, 6, 1))) == [old_rule, new_rule]
    assert list(selectors.expired(BY_KEY["registration"], D(2027, 5, 31))) == [old_rule]


def _fail_on_deleting(registration_id: int) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"CREATE TRIGGER test_boom BEFORE DELETE ON registry_registration WHEN OLD.id = "
                           f"{registration_id} BEGIN SELECT RAISE(ABORT, 'test fault'); END;")
        else:
            cursor.execute("CREATE FUNCTION test_boom() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'test fault'; "
                           "END; $$ LANGUAGE plpgsql")
            cursor.execute(f"CREATE TRIGGER test_boom BEFORE DELETE ON registry_registration FOR EACH ROW "
                           f"WHEN (OLD.id = {registration_id}) EXECUTE FUNCTION test_boom()")


def _repair() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER test_boom" if connection.vendor == "sqlite"
                       else "DROP TRIGGER test_boom ON registry_registration")


def test_a_run_that_fails_half_way_is_finished_by_the_next_without_duplicates():
    user = officer()
    ids = [RegistrationFactory(start_date=D(2018, 1, 1), end_date=D(2019, 12, 1)).pk for _ in range(5)]
    services.run_retention(on=TODAY)
    services.decide_list(destruction_list=_list("registration"), user=user, decision="approve")
    _fail_on_deleting(ids[3])  # the second batch of two fails
    with pytest.raises(DatabaseError):
        services.run_retention(on=TODAY, batch_size=2)
    assert sorted(Registration.objects.values_list("pk", flat=True)) == ids[2:], "the first batch is done, whole"
    failed = services.RetentionRun.objects.order_by("-pk").first()
    assert failed.status == RunStatus.FAILED and "test fault" in failed.error
    assert [a.object_ids for a in failed.actions.all()] == [ids[:2]]
    _repair()
    again = services.run_retention(on=TODAY, batch_size=2)
    assert not Registration.objects.exists()
    assert [a.object_ids for a in again.actions.order_by("pk")] == [ids[2:4], ids[4:]]
    deleted = [i for a in RetentionAction.objects.filter(kind=ActionKind.DELETED) for i in a.object_ids]
    assert sorted(deleted) == ids, "every id once"
    assert _list("registration").status == ListStatus.EXECUTED


def test_history_tables_refuse_delete_outside_an_approved_list():
    case = closed_case(D(2015, 1, 1))
    with pytest.raises(DatabaseError):
        from django.db import transaction
        with transaction.atomic():
            CaseEvent.objects.filter(case=case).delete()
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_the_command_runs_as_of_a_date_and_the_officer_approves_on_the_page(client):
    from io import StringIO

    from django.core.management import call_command

    user = officer()
    registration = RegistrationFactory(start_date=D(2018, 1, 1), end_date=D(2021, 11, 28))  # expires 28-11-2026
    out = StringIO()
    call_command("retention", "run", "--date", "2026-11-27", stdout=out, stderr=StringIO())
    assert "Bewaarrun" in out.getvalue() and not DestructionList.objects.exists(), "one day early: nothing"
    call_command("retention", "run", "--date", "2026-11-28", stdout=out, stderr=StringIO())
    drafted = _list("registration")
    client.force_login(user)
    page = client.get(f"/privacy/vernietigingslijsten/{drafted.pk}/")
    assert page.status_code == 200 and str(registration.pk) in page.content.decode()
    refused = client.post(f"/privacy/vernietigingslijsten/{drafted.pk}/", {"decision": "reject", "reason": ""})
    assert refused.status_code == 400 and "Geef een reden" in refused.content.decode()
    assert client.post(f"/privacy/vernietigingslijsten/{drafted.pk}/", {"decision": "approve"}).status_code == 302
    call_command("retention", "run", "--date", "2026-11-28", stdout=out, stderr=StringIO())
    assert not Registration.objects.filter(pk=registration.pk).exists()
    assert client.get("/privacy/bewaarruns/").status_code == 200
    with pytest.raises(Exception, match="--date"):
        call_command("retention", "run", "--date", "28-11-2026", stdout=out, stderr=StringIO())


def test_the_daily_task_runs_a_round():
    from regiekamer.privacy.tasks import retention_daily

    RegistrationFactory(start_date=D(2010, 1, 1), end_date=D(2012, 1, 1))
    result = retention_daily.enqueue()  # the immediate backend in tests; the database worker in production
    assert result.return_value["actions"] == 1
    assert DestructionList.objects.get().record_type == "registration"


def test_a_destroyed_case_file_takes_its_lesson_links_and_leaves_the_improvement_action():
    from regiekamer.knowledge.models import ActionSource, ImprovementAction, LessonLink, LessonLinkKind
    from regiekamer.organisations.models import Membership, Organisation, OrganisationKind, Role
    from tests.knowledge.conftest import write

    user = officer()
    supervision = closed_case(D(2021, 6, 1), lesson="Bij vakantieparken eerst de exploitant spreken.")
    place = supervision.municipality
    place.region = RegionFactory()
    place.save()
    author = User.objects.create_user("kennis-auteur")
    Membership.objects.create(user=author, role=Role.COORDINATOR, organisation=Organisation.objects.create(
        name="Handhaving", kind=OrganisationKind.MUNICIPAL_ENFORCEMENT, municipality=supervision.municipality))
    article = write(author)
    link = LessonLink.objects.create(article=article, case=supervision, kind=LessonLinkKind.ORIGIN, version_number=1,
                                     created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    action = ImprovementAction.objects.create(
        region=place.region, title="Exploitant eerst", owner=user, due_on=D(2027, 1, 1),
        source=ActionSource.LESSON, source_note="les uit een zaak van 2021", source_case=supervision,
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    services.run_retention(on=TODAY)
    services.decide_list(destruction_list=_list("case_supervision"), user=user, decision="approve")
    services.run_retention(on=TODAY)

    assert not Case.objects.filter(pk=supervision.pk).exists()
    assert not LessonLink.objects.filter(pk=link.pk).exists()
    action.refresh_from_db()
    assert (action.source_case_id, action.source_note) == (None, "les uit een zaak van 2021")
    article.refresh_from_db()
    assert article.title  # the article itself stays

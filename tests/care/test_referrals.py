"""Care referrals and trajectories: need-to-know, follow-up, accept/close, BSN, timeline, conflicts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from regiekamer.audit.models import ProcessingActivity, ProcessingLogEntry, SubjectType
from regiekamer.audit.services import subject_digest
from regiekamer.care import selectors, services
from regiekamer.care.models import CareReferral, FollowUp, ReferralStatus, Trajectory
from regiekamer.cases.models import CaseEvent
from regiekamer.organisations.access import scope_for
from regiekamer.organisations.models import OrganisationKind as K, Role
from regiekamer.registry.services import pseudonymise_bsn
from tests.care.factories import CareReferralFactory, TrajectoryFactory
from tests.factories import (
    AddressFactory, CaseFactory, CaseParticipantFactory, MembershipFactory, OrganisationFactory, RegionFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

VALID_BSN = "123456782"  # 9*1+8*2+7*3+6*4+5*5+4*6+3*7+2*8-1*2 = 154 = 14*11
INVALID_BSN = "123456789"  # same first eight digits, -1*9: 147, 147 % 11 = 4


class World:
    """A Venlo case led by municipal enforcement, with the fire service, police and a housing
    corporation taking part; the GGD of the region and Venlo's social domain receive referrals."""

    def __init__(self):
        region = RegionFactory()
        venlo = municipality("GM0983")
        venlo.region = region
        venlo.save()
        self.orgs = {
            kind: OrganisationFactory(
                name=f"Org {kind}", kind=kind,
                municipality=venlo if kind.startswith("gemeente") else None,
                region=None if kind.startswith("gemeente") else region)
            for kind in (K.MUNICIPAL_ENFORCEMENT, K.MUNICIPAL_SOCIAL, K.FIRE_SERVICE, K.POLICE,
                         K.HOUSING_CORPORATION, K.GGD)
        }
        self.venray_social = OrganisationFactory(name="Venray sociaal", kind=K.MUNICIPAL_SOCIAL,
                                                 municipality=municipality("GM0984"))
        self.case = CaseFactory(address=AddressFactory(), responsible=self.orgs[K.MUNICIPAL_ENFORCEMENT])
        for kind in (K.FIRE_SERVICE, K.POLICE, K.HOUSING_CORPORATION):
            CaseParticipantFactory(case=self.case, organisation=self.orgs[kind])
        self.users = {kind: MembershipFactory(organisation=org, role=Role.HANDLER).user
                      for kind, org in self.orgs.items()}
        self.viewer_ggd = MembershipFactory(organisation=self.orgs[K.GGD], role=Role.VIEWER).user

    def refer(self, **overrides):
        kwargs = dict(actor=self.users[K.FIRE_SERVICE], case=self.case, kind="slachtofferhulp",
                      receiving=self.orgs[K.GGD], reason="Signalen van uitbuiting", urgency="hoog",
                      follow_up_on=timezone.localdate() + dt.timedelta(days=7), bsn=VALID_BSN)
        kwargs.update(overrides)
        return services.refer(**kwargs)


@pytest.fixture
def world():
    return World()


def _counts():
    return (CareReferral.objects.count(), FollowUp.objects.count(), CaseEvent.objects.count(),
            ProcessingLogEntry.objects.count())


# --- need-to-know ------------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "status"), [
    (K.FIRE_SERVICE, 200),  # referring
    (K.GGD, 200),  # receiving
    (K.MUNICIPAL_SOCIAL, 200),  # the social domain of the address's municipality
    (K.POLICE, 404),  # takes part in the case, but has no need to know
    (K.HOUSING_CORPORATION, 404),
    (K.MUNICIPAL_ENFORCEMENT, 404),  # even the organisation responsible for the case
])
def test_who_reads_a_referral(world, client, kind, status):
    referral = world.refer()
    client.force_login(world.users[kind])
    assert client.get(f"/zorg/doorverwijzingen/{referral.pk}/").status_code == status
    assert client.get(f"/api/v1/care-referrals/{referral.pk}/").status_code == status
    listed = client.get("/api/v1/care-referrals/").json()["results"]
    assert [r["id"] for r in listed] == ([referral.pk] if status == 200 else [])


def test_social_domain_of_another_municipality_does_not_read_it(world, client):
    referral = world.refer()
    client.force_login(MembershipFactory(organisation=world.venray_social, role=Role.HANDLER).user)
    assert client.get(f"/zorg/doorverwijzingen/{referral.pk}/").status_code == 404


def test_reading_a_referral_is_logged_with_the_person_pseudonym(world, client):
    referral = world.refer()
    client.force_login(world.users[K.GGD])
    before = ProcessingLogEntry.objects.count()
    client.get(f"/zorg/doorverwijzingen/{referral.pk}/")
    [entry] = ProcessingLogEntry.objects.order_by("-id")[: ProcessingLogEntry.objects.count() - before]
    assert entry.data_subject_digest == subject_digest(pseudonymise_bsn(VALID_BSN))
    assert (entry.data_subject_type, entry.processing_activity, entry.operation) == (
        SubjectType.PERSON, ProcessingActivity.CARE, "read")


def test_only_the_social_domain_and_a_ggd_of_the_region_may_receive(world):
    receivers = set(selectors.receivers_for(world.case))
    assert receivers == {world.orgs[K.MUNICIPAL_SOCIAL], world.orgs[K.GGD]}
    before = _counts()
    with pytest.raises(ValidationError) as error:
        world.refer(receiving=world.venray_social)
    assert "receiving" in error.value.message_dict
    assert _counts() == before


# --- BSN and the timeline --------------------------------------------------------------------

def test_the_bsn_is_stored_only_as_its_pseudonym(world):
    referral = world.refer()
    assert referral.person_ref == pseudonymise_bsn(VALID_BSN) and referral.person_is_pseudonym
    stored = CareReferral.objects.filter(pk=referral.pk).values().get()
    assert not any(VALID_BSN in str(value) for value in stored.values())
    assert not any(VALID_BSN in f.note for f in FollowUp.objects.all())


def test_a_bsn_failing_the_elfproef_is_refused_in_dutch_and_nothing_is_stored(world):
    before = _counts()
    with pytest.raises(ValidationError) as error:
        world.refer(bsn=INVALID_BSN)
    assert error.value.message_dict["bsn"] == ["Geen geldig BSN: negen cijfers die aan de elfproef voldoen."]
    assert _counts() == before


def test_the_form_refuses_a_bad_bsn_with_status_400_and_stores_nothing(world, client):
    client.force_login(world.users[K.FIRE_SERVICE])
    before = _counts()
    response = client.post(f"/zorg/zaken/{world.case.pk}/doorverwijzen/", {
        "bsn": INVALID_BSN, "kind": "ggd", "receiving": world.orgs[K.GGD].pk, "reason": "Ernstig vervuilde kamer",
        "urgency": "normaal", "follow_up_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
    })
    assert response.status_code == 400
    assert "elfproef" in response.content.decode()
    assert _counts() == before


def test_an_unknown_person_gets_a_numbered_label_never_a_name(world):
    referral = world.refer(bsn="", person_label="Persoon 2  op adres")
    assert (referral.person_ref, referral.person_is_pseudonym) == ("persoon 2 op adres", False)
    with pytest.raises(ValidationError) as error:
        world.refer(bsn="", person_label="Jan Kowalski")
    assert "person_label" in error.value.message_dict


def test_the_case_timeline_gets_a_neutral_line_without_person_data(world):
    referral = world.refer()
    [event] = CaseEvent.objects.filter(case=world.case, kind="care")
    assert event.text == "Doorverwijzing naar zorg vastgelegd"
    assert event.data == {}
    for secret in (referral.person_ref, VALID_BSN, referral.reason, world.orgs[K.GGD].name, "slachtofferhulp"):
        assert secret not in event.text


# --- follow-up ------------------------------------------------------------------------------

def test_follow_up_is_overdue_the_day_after_its_date(world):
    referral = CareReferralFactory(case=world.case, referring=world.orgs[K.FIRE_SERVICE],
                                   receiving=world.orgs[K.GGD], follow_up_on=dt.date(2026, 1, 15))
    assert not referral.is_overdue(dt.date(2026, 1, 14))
    assert not referral.is_overdue(dt.date(2026, 1, 15))  # due today, not late yet
    assert referral.is_overdue(dt.date(2026, 1, 16))


def test_queue_puts_follow_ups_due_first(world):
    fire = world.orgs[K.FIRE_SERVICE]
    later = CareReferralFactory(case=world.case, referring=fire, receiving=world.orgs[K.GGD],
                                follow_up_on=dt.date(2026, 2, 1))
    late = CareReferralFactory(case=world.case, referring=fire, receiving=world.orgs[K.GGD],
                               follow_up_on=dt.date(2026, 1, 10))
    closed = CareReferralFactory(case=world.case, referring=fire, receiving=world.orgs[K.GGD], follow_up_on=None,
                                 status=ReferralStatus.CLOSED, outcome="geholpen", closed_on=dt.date(2026, 1, 5))
    trajectory = TrajectoryFactory(case=world.case, organisation=world.orgs[K.MUNICIPAL_SOCIAL],
                                   follow_up_on=dt.date(2026, 1, 20))
    social = scope_for(world.users[K.MUNICIPAL_SOCIAL])
    queue = selectors.queue_for(social, on=dt.date(2026, 1, 15))
    assert [(i.item.pk, i.kind, i.overdue) for i in queue] == [
        (late.pk, "referral", True), (trajectory.pk, "trajectory", False), (later.pk, "referral", False),
    ]
    assert closed.pk not in [i.item.pk for i in queue]
    # The fire service made the referrals but has nothing to do with the trajectory.
    fire_queue = selectors.queue_for(scope_for(world.users[K.FIRE_SERVICE]), on=dt.date(2026, 1, 15))
    assert [i.item.pk for i in fire_queue] == [late.pk, later.pk]


def test_accept_follow_up_and_close_append_history(world):
    referral = world.refer()
    ggd = world.users[K.GGD]
    next_week = timezone.localdate() + dt.timedelta(days=7)
    referral = services.accept_referral(actor=ggd, referral=referral, expected_version=1, note="Intake gepland")
    assert (referral.status, referral.version) == (ReferralStatus.ACCEPTED, 2)
    referral = services.follow_up_referral(actor=ggd, referral=referral, note="Intake gehad, opvang geregeld",
                                           follow_up_on=next_week, expected_version=2, in_progress=True)
    assert (referral.status, referral.follow_up_on, referral.version) == (ReferralStatus.IN_PROGRESS, next_week, 3)
    referral = services.close_referral(actor=ggd, referral=referral, outcome="onderdak", outcome_note="",
                                       expected_version=3)
    assert (referral.status, referral.closed_on, referral.follow_up_on, referral.version) == (
        ReferralStatus.CLOSED, timezone.localdate(), None, 4)
    notes = list(referral.follow_ups.values_list("note", flat=True))
    assert notes == [
        "Doorverwezen naar Org ggd.", "Geaccepteerd. Intake gepland", "Intake gehad, opvang geregeld",
        "Gesloten: Onderdak gevonden.",
    ]
    assert [f.organisation_name for f in referral.follow_ups.all()] == ["Org brandweer"] + ["Org ggd"] * 3


def test_only_the_receiving_organisation_accepts_or_closes(world):
    referral = world.refer()
    fire = world.users[K.FIRE_SERVICE]
    with pytest.raises(ValidationError, match="ontvangende organisatie"):
        services.accept_referral(actor=fire, referral=referral, expected_version=1)
    with pytest.raises(ValidationError, match="ontvangende organisatie"):
        services.close_referral(actor=fire, referral=referral, outcome="geholpen", outcome_note="", expected_version=1)
    referral.refresh_from_db()
    assert (referral.status, referral.version, referral.follow_ups.count()) == (ReferralStatus.OPEN, 1, 1)


def test_a_follow_up_needs_a_date_while_open(world):
    referral = world.refer()
    with pytest.raises(ValidationError) as error:
        services.follow_up_referral(actor=world.users[K.GGD], referral=referral, note="Gebeld, geen gehoor",
                                    follow_up_on=None, expected_version=1)
    assert "follow_up_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.follow_up_referral(actor=world.users[K.GGD], referral=referral, note="Gebeld, geen gehoor",
                                    follow_up_on=timezone.localdate() - dt.timedelta(days=1), expected_version=1)
    assert error.value.message_dict["follow_up_on"] == ["De opvolgdatum ligt in het verleden."]


def test_a_stale_version_is_a_conflict_and_changes_nothing(world):
    referral = world.refer()
    ggd = world.users[K.GGD]
    services.follow_up_referral(actor=world.users[K.FIRE_SERVICE], referral=referral, note="Nagebeld",
                                follow_up_on=timezone.localdate() + dt.timedelta(days=2), expected_version=1)
    with pytest.raises(services.Conflict, match="intussen gewijzigd"):
        services.accept_referral(actor=ggd, referral=referral, expected_version=1)
    referral.refresh_from_db()
    assert (referral.status, referral.version, referral.follow_ups.count()) == (ReferralStatus.OPEN, 2, 2)


def test_follow_ups_cannot_be_edited_or_deleted(world):
    follow_up = world.refer().follow_ups.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        FollowUp.objects.filter(pk=follow_up.pk).update(note="herschreven")
    with pytest.raises(DatabaseError), transaction.atomic():
        FollowUp.objects.filter(pk=follow_up.pk).delete()


# --- pages ----------------------------------------------------------------------------------

def test_refer_accept_and_close_through_the_pages(world, client):
    client.force_login(world.users[K.FIRE_SERVICE])
    follow_up_on = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    response = client.post(f"/zorg/zaken/{world.case.pk}/doorverwijzen/", {
        "bsn": VALID_BSN, "kind": "opvang", "receiving": world.orgs[K.MUNICIPAL_SOCIAL].pk,
        "reason": "Slaapt in een schuur zonder verwarming", "urgency": "acuut", "follow_up_on": follow_up_on,
    })
    referral = CareReferral.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/zorg/doorverwijzingen/{referral.pk}/"
    # The referring organisation may not accept its own referral: the action does not exist for it.
    assert client.post(f"/zorg/doorverwijzingen/{referral.pk}/",
                       {"action": "accepteren", "accepteren-version": 1}).status_code == 404
    client.force_login(world.users[K.MUNICIPAL_SOCIAL])
    assert client.post(f"/zorg/doorverwijzingen/{referral.pk}/",
                       {"action": "accepteren", "accepteren-version": 1}).status_code == 302
    stale = client.post(f"/zorg/doorverwijzingen/{referral.pk}/",
                        {"action": "sluiten", "sluiten-version": 1, "sluiten-outcome": "onderdak"})
    assert stale.status_code == 400 and "intussen gewijzigd" in stale.content.decode()
    assert client.post(f"/zorg/doorverwijzingen/{referral.pk}/",
                       {"action": "sluiten", "sluiten-version": 2, "sluiten-outcome": "onderdak"}).status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.outcome, referral.follow_ups.count()) == ("gesloten", "onderdak", 3)


def test_a_viewer_reads_but_does_not_act(world, client):
    referral = world.refer()
    client.force_login(world.viewer_ggd)
    page = client.get(f"/zorg/doorverwijzingen/{referral.pk}/")
    assert page.status_code == 200 and 'value="accepteren"' not in page.content.decode()
    assert client.post(f"/zorg/doorverwijzingen/{referral.pk}/",
                       {"action": "accepteren", "accepteren-version": 1}).status_code == 404


def test_trajectory_from_start_to_close(world, client):
    client.force_login(world.users[K.MUNICIPAL_SOCIAL])
    today = timezone.localdate()
    response = client.post(f"/zorg/trajecten/nieuw/?zaak={world.case.pk}", {
        "person_label": "persoon 3 op adres", "kind": "school", "provider": "Basisschool De Wieken",
        "started_on": today.isoformat(), "follow_up_on": (today + dt.timedelta(days=30)).isoformat(),
    })
    trajectory = Trajectory.objects.get()
    assert response.status_code == 302 and trajectory.status == "lopend"
    assert CaseEvent.objects.filter(case=world.case, kind="care").get().text == (
        "Traject voor integratie of onderwijs vastgelegd")
    assert client.post(f"/zorg/trajecten/{trajectory.pk}/", {
        "action": "sluiten", "sluiten-version": 1, "sluiten-outcome": "afgerond"}).status_code == 302
    trajectory.refresh_from_db()
    assert (trajectory.status, trajectory.closed_on, trajectory.follow_ups.count()) == ("afgesloten", today, 2)
    # Only the social domain starts trajectories; the GGD does not see this one at all.
    client.force_login(world.users[K.GGD])
    assert client.get(f"/zorg/trajecten/{trajectory.pk}/").status_code == 404
    assert client.get(f"/zorg/trajecten/nieuw/?zaak={world.case.pk}").status_code == 404

"""The access matrix: every role of every organisation kind against every page and endpoint.

The expectations below are written out by hand from the need-to-know rules of the foundation
issue, not derived from organisations/access.py, so that a change to the rules that leaks data
fails here. A page or endpoint added without a row in MATRIX fails test_every_route_has_a_row.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from django.contrib.auth.models import User
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver

from regiekamer.organisations.models import Membership, Organisation, OrganisationKind as K, Role
from regiekamer.registry.models import Owner, OwnerKind, Ownership
from regiekamer.registry.models import ImportRun
from regiekamer.inspections.models import ChecklistTemplate, Inspection, InspectionTeamMember
from tests.care.factories import CareReferralFactory, TrajectoryFactory
from tests.factories import (
    AddressFactory, BuildingFactory, CaseFactory, CaseParticipantFactory, MeldingFactory, RegionFactory,
    RegistrationFactory, api_token_header, municipality,
)

MUNICIPAL = {K.MUNICIPAL_ENFORCEMENT, K.MUNICIPAL_CIVIL_AFFAIRS, K.MUNICIPAL_SOCIAL, K.MUNICIPAL_TAXES}
EXTERNAL = {K.GGD, K.FIRE_SERVICE, K.POLICE, K.LABOUR_INSPECTORATE, K.ILT, K.TAX_OFFICE, K.RIEC,
            K.HOUSING_CORPORATION, K.AGENCY_ASSOCIATION, K.PARK_OPERATOR}
PRIVATE = {K.HOUSING_CORPORATION, K.AGENCY_ASSOCIATION, K.PARK_OPERATOR}
READ_ROLES = {Role.VIEWER, Role.HANDLER, Role.COORDINATOR, Role.ADMINISTRATOR}
CHANGE_ROLES = {Role.HANDLER, Role.COORDINATOR}
# Who sees registrations of persons, and the portfolio and natural-person owners.
SEES_PERSONS = MUNICIPAL | (EXTERNAL - PRIVATE)
SEES_PORTFOLIO = SEES_PERSONS - {K.GGD}
PERSON_REF = "feedfacecafebeef0123456789abcdef"
OWNER_PSEUDONYM = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"

assert MUNICIPAL | EXTERNAL | {K.REGIONAL_PROGRAMME} == set(K.values), "a new organisation kind needs rows here"


@dataclass(frozen=True)
class Who:
    kind: str | None  # None: logged in without a membership; "anonymous": not logged in
    role: str | None


@dataclass(frozen=True)
class Row:
    name: str  # URL name (namespace:name), as in the URLconf
    path: Callable[["World"], str]
    expect: Callable[[Who], int]  # expected status code
    api: bool = False
    contains: Callable[[Who], bool] | None = None  # field-level: is the marker text present?
    marker: Callable[["World"], str] | None = None


def dossier_reader(w: Who, *, in_case: bool) -> bool:
    if w.role not in READ_ROLES:
        return False
    return w.kind in MUNICIPAL or (in_case and w.kind in EXTERNAL)


def horst_reader(w: Who) -> bool:
    """The Horst address is reached only by external partners, through the Horst case."""
    return w.role in READ_ROLES and w.kind in EXTERNAL


def page(allowed: bool) -> int:
    return 200 if allowed else 404


def login_wall(expect: Callable[[Who], int], *, api: bool = False) -> Callable[[Who], int]:
    """Anonymous users are sent to the login page (pages) or asked to authenticate (API)."""
    return lambda w: (401 if api else 302) if w.kind == "anonymous" else expect(w)


class World:
    """One Venlo address in a case with every external partner, one Venlo address without a case,
    one Horst address in a case with every external partner (out of every Venlo user's reach)."""

    def __init__(self):
        region = RegionFactory()
        venlo, horst = municipality("GM0983"), municipality("GM1507")
        venlo.region = horst.region = region
        venlo.save(), horst.save()
        self.organisations = {}
        for kind in K.values:
            self.organisations[kind] = Organisation.objects.create(
                name=f"Org {kind}", kind=kind,
                municipality=venlo if kind in MUNICIPAL else None,
                region=None if kind in MUNICIPAL else region,
            )
        horst_enforcement = Organisation.objects.create(name="Horst handhaving", kind=K.MUNICIPAL_ENFORCEMENT,
                                                        municipality=horst)
        self.in_case = AddressFactory(postcode="5911AA", house_number=1, street="Parade", building=BuildingFactory())
        self.plain = AddressFactory(postcode="5912BB", house_number=2, street="Grote Kerkstraat")
        self.horst = AddressFactory(municipality=horst, postcode="5961CC", house_number=3, street="Kerkstraat",
                                    bag_id="1507010000000003", building=BuildingFactory(bag_id="1507100000000003",
                                                                                         municipality=horst))
        self.registration = RegistrationFactory(address=self.in_case, person_ref=PERSON_REF,
                                                start_date=dt.date(2024, 1, 1))
        person_owner = Owner.objects.create(kind=OwnerKind.PERSON, pseudonym=OWNER_PSEUDONYM)
        for address in (self.in_case, self.plain):
            Ownership.objects.create(address=address, owner=person_owner, start_date=dt.date(2020, 1, 1))
        MeldingFactory(address=self.plain, received_on=dt.date.today() - dt.timedelta(days=10))
        venlo_case = CaseFactory(address=self.in_case, responsible=self.organisations[K.MUNICIPAL_ENFORCEMENT])
        horst_case = CaseFactory(address=self.horst, responsible=horst_enforcement)
        for kind in EXTERNAL:
            CaseParticipantFactory(case=venlo_case, organisation=self.organisations[kind])
            CaseParticipantFactory(case=horst_case, organisation=self.organisations[kind])
        self.users: dict[Who, User] = {}
        for kind in K.values:
            for role in Role.values:
                user = User.objects.create_user(f"{kind}-{role}")
                Membership.objects.create(user=user, organisation=self.organisations[kind], role=role)
                self.users[Who(kind, role)] = user
        self.users[Who(None, None)] = User.objects.create_user("zonder-organisatie")
        self.users[Who("anonymous", None)] = None
        # BAG import runs (registry/imports.py): one of the Venlo enforcement department, one of Horst's.
        self.import_run, self.horst_import_run = (
            ImportRun.objects.create(organisation=organisation, started_by_name="beheerder", file_name=name,
                                     file_size=1000, upload_path=f"bag/matrix/{name}", status=ImportRun.Status.DONE)
            for organisation, name in ((self.organisations[K.MUNICIPAL_ENFORCEMENT], "bag-venlo-matrix.zip"),
                                       (horst_enforcement, "bag-horst-matrix.zip"))
        )
        # Inspections (inspections/): a planned one on each case, both with the fire service in the team;
        # Venlo's with the Venlo enforcement department, Horst's with Horst's.
        checklist = ChecklistTemplate.objects.get(name="Pandcontrole huisvesting arbeidsmigranten", version=1)
        self.inspections = {}
        for key, address, lead in (("in_case", self.in_case, self.organisations[K.MUNICIPAL_ENFORCEMENT]),
                                   ("horst", self.horst, horst_enforcement)):
            inspection = Inspection.objects.create(
                address=address, municipality=address.municipality, case=address.cases.get(), inspected_on=dt.date.today(), planned_on=dt.date.today(),
                status="planned", outcome="", organisation=lead, checklist=checklist)
            for organisation in (lead, self.organisations[K.FIRE_SERVICE]):
                InspectionTeamMember.objects.create(inspection=inspection, organisation=organisation)
            self.inspections[key] = inspection
        # Walk lists (walklists/): one of the Venlo enforcement department with the plain address on it,
        # one of Horst's with the Horst address.
        from regiekamer.walklists.models import WalkList, WalkListItem
        self.walk_lists = {}
        for key, place, lead, address in (("venlo", venlo, self.organisations[K.MUNICIPAL_ENFORCEMENT], self.plain),
                                          ("horst", horst, horst_enforcement, self.horst)):
            walk_list = WalkList.objects.create(
                municipality=place, organisation=lead, team=f"Team-{key}-W9", day=dt.date.today(), requested_size=1,
                random_share="0.10", seed=1, created_by_name="matrix")
            WalkListItem.objects.create(walk_list=walk_list, address=address, position=1, selection="ranked", rank=1,
                                        decile=1, explanation=f"Looplijstreden-{key}-W9")
            self.walk_lists[key] = walk_list
        # Enforcement (enforcement/): a penalty order on each case whose voornemen was sent 30 days ago
        # (so the decision is overdue for the responsible department), with a stored letter on each.
        from regiekamer.enforcement.models import Intervention, Letter, LhsoCell, ProcedureStep
        self.interventions, self.letters = {}, {}
        cell = LhsoCell.objects.get(behaviour="B", consequence="2", municipality=None)
        sent_on = dt.date.today() - dt.timedelta(days=30)
        for key, address in (("in_case", self.in_case), ("horst", self.horst)):
            case = address.cases.get()
            intervention = Intervention.objects.create(
                case=case, intervention_type="dwangsom", cell=cell, proposed_types=cell.proposals,
                reasons=f"Motivering-{key}-H3", measures="Terugbrengen tot 6 bewoners.", compliance_period_days=28,
                amount_eur=500, amount_basis="per_dag", maximum_eur=10000, decided_on=sent_on, decided_by_name="matrix")
            ProcedureStep.objects.create(intervention=intervention, kind="voornemen_verzonden", on=sent_on,
                                         recorded_by_name="matrix")
            self.interventions[key] = intervention
            self.letters[key] = Letter.objects.create(
                case=case, intervention=intervention, kind="dwangsom", version=1, title="Last", body="Tekst",
                content=b"%PDF-1.3 matrix", file_name=f"matrix-{key}.pdf", sha256="0" * 64, generated_by_name="matrix")
        # Cases (cases/): the Venlo enforcement department asks the fire service for a joint inspection on
        # the in-case address, and plans a casusoverleg of Venlo (with the fire service) with that case on it.
        from django.utils import timezone

        from regiekamer.cases.models import Consultation, ConsultationItem, PartnerRequest
        self.venlo_case, self.horst_case = self.in_case.cases.get(), self.horst.cases.get()
        self.partner_request = PartnerRequest.objects.create(
            case=self.venlo_case, from_organisation=self.organisations[K.MUNICIPAL_ENFORCEMENT],
            to_organisation=self.organisations[K.FIRE_SERVICE], kind="gezamenlijke_controle",
            message="Matrixverzoek-P5", created_at=timezone.now())
        self.consultation = Consultation.objects.create(
            held_on=dt.date.today(), title="Matrixoverleg-P5", municipality=venlo, region=region,
            organiser=self.organisations[K.MUNICIPAL_ENFORCEMENT], created_at=timezone.now())
        self.consultation.organisations.set([self.organisations[K.MUNICIPAL_ENFORCEMENT],
                                             self.organisations[K.FIRE_SERVICE]])
        self.consultation_item = ConsultationItem.objects.create(consultation=self.consultation, case=self.venlo_case)
        # Meldingen (meldingen/): one on each address; one on the plain Venlo address registered by the
        # fire service; an attachment on the in-case melding and one on the fire service's melding.
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        from regiekamer.meldingen.models import MeldingAttachment
        self.melding_in_case = MeldingFactory(address=self.in_case, description="Omschrijving-in-zaak-Q7")
        self.melding_plain = MeldingFactory(address=self.plain, description="Omschrijving-los-adres-Q7")
        self.melding_horst = MeldingFactory(address=self.horst, description="Omschrijving-horst-Q7")
        self.melding_by_fire = MeldingFactory(address=self.plain, organisation=self.organisations[K.FIRE_SERVICE],
                                              description="Omschrijving-brandweer-Q7")
        self.melding_attachments = {}
        for key, melding in (("in_case", self.melding_in_case), ("by_fire", self.melding_by_fire)):
            name = f"meldingen/matrix/{key}.pdf"
            if not default_storage.exists(name):
                default_storage.save(name, ContentFile(b"%PDF-1.7\nmatrix"))
            self.melding_attachments[key] = MeldingAttachment.objects.create(
                melding=melding, file=name, original_name=f"{key}.pdf", content_type="application/pdf", size=15)
        # Care (care/): on the Venlo case the fire service referred a person to the GGD, and the Venlo
        # social domain started a trajectory; on the Horst case the police referred a person to the GGD.
        self.care_referral = CareReferralFactory(
            case=venlo_case, referring=self.organisations[K.FIRE_SERVICE], receiving=self.organisations[K.GGD])
        self.horst_care_referral = CareReferralFactory(
            case=horst_case, referring=self.organisations[K.POLICE], receiving=self.organisations[K.GGD])
        self.trajectory = TrajectoryFactory(case=venlo_case, organisation=self.organisations[K.MUNICIPAL_SOCIAL])
        # Risk (risk/): a finished run of Venlo scoring the plain address, and one of Horst.
        from regiekamer.risk.models import RiskRun, RiskScore
        self.risk_runs = {}
        for key, place, address in (("venlo", venlo, self.plain), ("horst", horst, self.horst)):
            run = RiskRun.objects.create(municipality=place, as_of=dt.date.today(), status="done", address_count=1,
                                         finished_at=timezone.now(), engine_version="matrix")
            RiskScore.objects.create(run=run, address=address, score=1.5, rank=1, decile=1,
                                     explanation=f"Risicoreden-{key}-R4")
            self.risk_runs[key] = run
        # Steering (steering/): a project of Venlo, one of the region, one of Horst.
        from regiekamer.steering.models import Project, Target
        this_year = dt.date.today().year
        self.projects = {
            key: Project.objects.create(name=f"Project-{key}-S5", aim="Minder overbewoning.",
                                        starts_on=dt.date(this_year, 1, 1), ends_on=dt.date(this_year, 12, 31), **where)
            for key, where in (("venlo", {"municipality": venlo}), ("region", {"region": region}),
                               ("horst", {"municipality": horst}))
        }
        Target.objects.create(project=self.projects["venlo"], measure="controles_uitgevoerd", kind="count", value=10)
        # LAA signals (meldingen/laa.py): on the plain Venlo address's melding, and on the Horst one.
        from regiekamer.meldingen.models import LaaSignal
        self.laa_signals = {
            key: LaaSignal.objects.create(melding=melding, municipality=melding.municipality, indicator="veel_bewoners",
                                          signal_number=f"LAA-{key}-Q8", received_on=dt.date(2026, 1, 31))
            for key, melding in (("venlo", self.melding_plain), ("horst", self.melding_horst))
        }


def _risk_rows() -> list[Row]:
    """Risk scores: the enforcement department of the municipality reads them (on its runs, in the dossier);
    its coordinator starts runs and changes the model's settings. Nobody else sees a score."""
    reader = lambda who: who.kind == K.MUNICIPAL_ENFORCEMENT and who.role in READ_ROLES  # noqa: E731
    steerer = lambda who: who.kind == K.MUNICIPAL_ENFORCEMENT and who.role == Role.COORDINATOR  # noqa: E731
    run = lambda key: lambda w: w.risk_runs[key].pk  # noqa: E731
    rows = [
        Row("risk:overview", lambda w: "/risico/", login_wall(lambda who: page(reader(who))),
            contains=steerer, marker=lambda w: "Berekening starten"),
        Row("risk:settings", lambda w: "/risico/instellingen/", login_wall(lambda who: page(reader(who))),
            contains=steerer, marker=lambda w: 'id="setting-form"'),
        Row("registry:dossier", lambda w: f"/adressen/{w.plain.bag_id}/",
            login_wall(lambda who: page(dossier_reader(who, in_case=False))),
            contains=reader, marker=lambda w: "Risicoreden-venlo-R4"),
    ]
    for name, suffix in (("risk:run", ""), ("risk:run-progress", "voortgang/"), ("risk:run-csv", "rangorde.csv")):
        rows += [
            Row(name, lambda w, suffix=suffix: f"/risico/berekeningen/{run('venlo')(w)}/{suffix}",
                login_wall(lambda who: page(reader(who))),
                contains=reader if name != "risk:run-progress" else None,
                marker=(lambda w: "Risicoreden-venlo-R4") if name != "risk:run-progress" else None),
            Row(name, lambda w, suffix=suffix: f"/risico/berekeningen/{run('horst')(w)}/{suffix}",
                login_wall(lambda who: 404)),
        ]
    return rows


def _steering_rows() -> list[Row]:
    """Steering: a municipality's dashboard for all of its departments (any role); the list behind a figure for
    those who read those records; the regional and national views (suppressed aggregates) and the projects for
    every organisation that reads figures; plans drawn up by coordinators (municipal, or the regional programme)."""
    member = lambda who: who.role is not None  # noqa: E731
    municipal = lambda who: who.kind in MUNICIPAL and member(who)  # noqa: E731
    municipal_reader = lambda who: who.kind in MUNICIPAL and who.role in READ_ROLES  # noqa: E731
    venlo_planner = lambda who: who.kind in MUNICIPAL and who.role == Role.COORDINATOR  # noqa: E731
    region_planner = lambda who: who.kind == K.REGIONAL_PROGRAMME and who.role == Role.COORDINATOR  # noqa: E731
    return [
        Row("steering:index", lambda w: "/sturing/", login_wall(lambda who: page(member(who))),
            contains=municipal, marker=lambda w: "/sturing/gemeente/GM0983/"),
        Row("steering:municipality", lambda w: "/sturing/gemeente/GM0983/", login_wall(lambda who: page(municipal(who)))),
        Row("steering:municipality", lambda w: "/sturing/gemeente/GM1507/", login_wall(lambda who: 404)),
        Row("steering:municipality", lambda w: "/sturing/gemeente/GM9999/", login_wall(lambda who: 404)),
        Row("steering:drill", lambda w: f"/sturing/gemeente/GM0983/lijst/meldingen_ontvangen/?van={dt.date.today().year - 1}-01-01",
            login_wall(lambda who: page(municipal_reader(who))), contains=municipal_reader,
            marker=lambda w: w.plain.street),
        Row("steering:drill", lambda w: f"/sturing/gemeente/GM0983/lijst/verwijzingen/?van={dt.date.today().year - 1}-01-01",
            login_wall(lambda who: page(who.kind == K.MUNICIPAL_SOCIAL and who.role in READ_ROLES))),
        Row("steering:drill", lambda w: "/sturing/gemeente/GM1507/lijst/meldingen_ontvangen/", login_wall(lambda who: 404)),
        Row("steering:drill", lambda w: "/sturing/gemeente/GM0983/lijst/bestaat_niet/", login_wall(lambda who: 404)),
        Row("steering:areas-geojson", lambda w: "/sturing/gemeente/GM0983/buurten.geojson",
            login_wall(lambda who: page(municipal(who)))),
        Row("steering:areas-geojson", lambda w: "/sturing/gemeente/GM1507/buurten.geojson", login_wall(lambda who: 404)),
        Row("steering:areas-table", lambda w: "/sturing/gemeente/GM0983/buurten/", login_wall(lambda who: page(municipal(who)))),
        Row("steering:areas-table", lambda w: "/sturing/gemeente/GM1507/buurten/", login_wall(lambda who: 404)),
        Row("steering:targets", lambda w: "/sturing/gemeente/GM0983/doelen/", login_wall(lambda who: page(municipal(who))),
            contains=municipal, marker=lambda w: "Project-venlo-S5"),
        Row("steering:targets", lambda w: "/sturing/gemeente/GM1507/doelen/", login_wall(lambda who: 404)),
        Row("steering:region", lambda w: "/sturing/regio/noord-limburg/", login_wall(lambda who: page(member(who)))),
        Row("steering:region", lambda w: "/sturing/regio/elders/", login_wall(lambda who: 404)),
        Row("steering:country", lambda w: "/sturing/nederland/", login_wall(lambda who: page(member(who)))),
        Row("steering:projects", lambda w: "/sturing/projecten/", login_wall(lambda who: page(member(who))),
            contains=lambda who: venlo_planner(who) or region_planner(who), marker=lambda w: 'id="project-form"'),
        Row("steering:projects", lambda w: "/sturing/projecten/", login_wall(lambda who: page(member(who))),
            contains=municipal, marker=lambda w: "Project-venlo-S5"),
        Row("steering:projects", lambda w: "/sturing/projecten/", login_wall(lambda who: page(member(who))),
            contains=lambda who: False, marker=lambda w: "Project-horst-S5"),
        Row("steering:project", lambda w: f"/sturing/projecten/{w.projects['venlo'].pk}/",
            login_wall(lambda who: page(municipal(who))), contains=venlo_planner, marker=lambda w: 'id="target-form"'),
        Row("steering:project", lambda w: f"/sturing/projecten/{w.projects['region'].pk}/",
            login_wall(lambda who: page(member(who))), contains=region_planner, marker=lambda w: 'id="target-form"'),
        Row("steering:project", lambda w: f"/sturing/projecten/{w.projects['horst'].pk}/", login_wall(lambda who: 404)),
    ]


def _melding_rows() -> list[Row]:
    readers = MUNICIPAL | EXTERNAL
    municipal_reader = lambda who: who.role in READ_ROLES and who.kind in MUNICIPAL  # noqa: E731
    fire_reader = lambda who: who.role in READ_ROLES and who.kind in MUNICIPAL | {K.FIRE_SERVICE}  # noqa: E731
    changer = lambda kinds: lambda who: page(who.role in CHANGE_ROLES and who.kind in kinds)  # noqa: E731
    return [
        Row("meldingen:queue", lambda w: "/meldingen/", login_wall(lambda who: page(who.role in READ_ROLES and who.kind in readers)),
            contains=municipal_reader, marker=lambda w: w.melding_plain.reference),
        Row("meldingen:queue", lambda w: "/meldingen/", login_wall(lambda who: page(who.role in READ_ROLES and who.kind in readers)),
            contains=horst_reader, marker=lambda w: w.melding_horst.reference),
        Row("meldingen:queue", lambda w: "/meldingen/", login_wall(lambda who: page(who.role in READ_ROLES and who.kind in readers)),
            contains=fire_reader, marker=lambda w: w.melding_by_fire.reference),
        Row("meldingen:create", lambda w: f"/meldingen/nieuw/?adres={w.plain.bag_id}", login_wall(changer(MUNICIPAL))),
        Row("meldingen:create", lambda w: f"/meldingen/nieuw/?adres={w.in_case.bag_id}", login_wall(changer(readers))),
        Row("meldingen:create", lambda w: f"/meldingen/nieuw/?adres={w.horst.bag_id}", login_wall(changer(EXTERNAL))),
        Row("meldingen:create", lambda w: "/meldingen/nieuw/", login_wall(changer(readers))),  # a map point
        Row("meldingen:proposal", lambda w: f"/meldingen/voorstel/?category=brandonveiligheid&adres={w.plain.bag_id}",
            login_wall(changer(MUNICIPAL))),
        Row("meldingen:proposal", lambda w: "/meldingen/voorstel/?category=brandonveiligheid",
            login_wall(changer(readers))),
        Row("meldingen:detail", lambda w: f"/meldingen/{w.melding_in_case.pk}/",
            login_wall(lambda who: page(dossier_reader(who, in_case=True))),
            contains=municipal_reader, marker=lambda w: w.melding_in_case.description),
        Row("meldingen:detail", lambda w: f"/meldingen/{w.melding_plain.pk}/", login_wall(lambda who: page(municipal_reader(who)))),
        Row("meldingen:detail", lambda w: f"/meldingen/{w.melding_horst.pk}/", login_wall(lambda who: page(horst_reader(who))),
            contains=lambda who: False, marker=lambda w: w.melding_horst.description),
        Row("meldingen:detail", lambda w: f"/meldingen/{w.melding_by_fire.pk}/", login_wall(lambda who: page(fire_reader(who))),
            contains=fire_reader, marker=lambda w: w.melding_by_fire.description),
        Row("meldingen:detail", lambda w: "/meldingen/999999/", login_wall(lambda who: 404)),
        # Actions are POST only; a GET is refused the same for everyone who is logged in.
        Row("meldingen:link", lambda w: f"/meldingen/{w.melding_plain.pk}/koppelen/", login_wall(lambda who: 405)),
        Row("meldingen:promote", lambda w: f"/meldingen/{w.melding_plain.pk}/zaak-maken/", login_wall(lambda who: 405)),
        Row("meldingen:reject", lambda w: f"/meldingen/{w.melding_plain.pk}/afwijzen/", login_wall(lambda who: 405)),
        Row("meldingen:attachment",
            lambda w: f"/meldingen/{w.melding_in_case.pk}/bijlagen/{w.melding_attachments['in_case'].pk}/",
            login_wall(lambda who: page(municipal_reader(who)))),
        Row("meldingen:attachment",
            lambda w: f"/meldingen/{w.melding_by_fire.pk}/bijlagen/{w.melding_attachments['by_fire'].pk}/",
            login_wall(lambda who: page(fire_reader(who)))),
        Row("meldingen:attachment",  # an attachment of another melding, through this melding's URL
            lambda w: f"/meldingen/{w.melding_by_fire.pk}/bijlagen/{w.melding_attachments['in_case'].pk}/",
            login_wall(lambda who: 404)),
        Row("meldingen-api:melding-list", lambda w: "/api/v1/meldingen/", login_wall(lambda who: 200, api=True), api=True,
            contains=municipal_reader, marker=lambda w: w.melding_in_case.description),
        Row("meldingen-api:melding-list", lambda w: "/api/v1/meldingen/", login_wall(lambda who: 200, api=True), api=True,
            contains=fire_reader, marker=lambda w: w.melding_by_fire.description),
        Row("meldingen-api:melding-list", lambda w: "/api/v1/meldingen/", login_wall(lambda who: 200, api=True), api=True,
            contains=lambda who: False, marker=lambda w: w.melding_horst.description),
        Row("meldingen-api:melding-detail", lambda w: f"/api/v1/meldingen/{w.melding_in_case.pk}/",
            login_wall(lambda who: page(dossier_reader(who, in_case=True)), api=True), api=True),
        Row("meldingen-api:melding-detail", lambda w: f"/api/v1/meldingen/{w.melding_plain.pk}/",
            login_wall(lambda who: page(municipal_reader(who)), api=True), api=True),
        Row("meldingen-api:melding-detail", lambda w: f"/api/v1/meldingen/{w.melding_horst.pk}/",
            login_wall(lambda who: page(horst_reader(who)), api=True), api=True),
    ]


def _laa_rows() -> list[Row]:
    """LAA signals: the municipality's own departments that read meldingen; partners see nothing,
    not even those in a case at the address. Entering, importing and setting a status: its handlers
    and coordinators (403 for its other roles)."""
    municipal_reader = lambda who: who.role in READ_ROLES and who.kind in MUNICIPAL  # noqa: E731
    municipal_writer = lambda who: (200 if who.role in CHANGE_ROLES else 403) if municipal_reader(who) else 404  # noqa: E731
    return [
        Row("meldingen:laa-list", lambda w: "/meldingen/laa/", login_wall(lambda who: page(municipal_reader(who))),
            contains=municipal_reader, marker=lambda w: w.laa_signals["venlo"].signal_number),
        Row("meldingen:laa-list", lambda w: "/meldingen/laa/", login_wall(lambda who: page(municipal_reader(who))),
            contains=lambda who: False, marker=lambda w: w.laa_signals["horst"].signal_number),
        Row("meldingen:laa-detail", lambda w: f"/meldingen/laa/{w.laa_signals['venlo'].pk}/",
            login_wall(lambda who: page(municipal_reader(who))),
            contains=lambda who: who.role in CHANGE_ROLES, marker=lambda w: "Status vastleggen"),
        Row("meldingen:laa-detail", lambda w: f"/meldingen/laa/{w.laa_signals['horst'].pk}/", login_wall(lambda who: 404)),
        Row("meldingen:laa-detail", lambda w: "/meldingen/laa/999999/", login_wall(lambda who: 404)),
        Row("meldingen:laa-status", lambda w: f"/meldingen/laa/{w.laa_signals['venlo'].pk}/status/",
            login_wall(lambda who: 405)),  # POST only
        Row("meldingen:laa-create", lambda w: "/meldingen/laa/nieuw/", login_wall(municipal_writer)),
        Row("meldingen:laa-import", lambda w: "/meldingen/laa/inlezen/", login_wall(municipal_writer)),
    ]


def _dossier_rows() -> list[Row]:
    return [
        Row("registry:dossier", lambda w: f"/adressen/{w.in_case.bag_id}/",
            login_wall(lambda who: page(dossier_reader(who, in_case=True))),
            contains=lambda who: dossier_reader(who, in_case=True) and who.kind in SEES_PERSONS,
            marker=lambda w: PERSON_REF[:12]),
        Row("registry:dossier", lambda w: f"/adressen/{w.in_case.bag_id}/",
            login_wall(lambda who: page(dossier_reader(who, in_case=True))),
            contains=lambda who: dossier_reader(who, in_case=True) and who.kind in SEES_PORTFOLIO,
            marker=lambda w: f"Particulier {OWNER_PSEUDONYM[:8]}"),  # a natural person as owner
        Row("registry:dossier", lambda w: f"/adressen/{w.in_case.bag_id}/",
            login_wall(lambda who: page(dossier_reader(who, in_case=True))),
            # The owner's other address (the portfolio), which only the municipality may reach.
            contains=lambda who: dossier_reader(who, in_case=True) and who.kind in MUNICIPAL,
            marker=lambda w: w.plain.street),
        Row("registry:dossier", lambda w: f"/adressen/{w.plain.bag_id}/",
            login_wall(lambda who: page(dossier_reader(who, in_case=False)))),
        Row("registry:dossier", lambda w: f"/adressen/{w.horst.bag_id}/",
            login_wall(lambda who: page(horst_reader(who)))),
        Row("registry:dossier", lambda w: "/adressen/0983010999999999/", login_wall(lambda who: 404)),
    ]


def _enforcement_rows() -> list[Row]:
    """Enforcement: whoever may see the case reads its interventions and letters; handlers and coordinators
    of the responsible organisation (Venlo enforcement) decide; enforcement coordinators keep the letter texts."""
    enforcer = lambda who: who.kind == K.MUNICIPAL_ENFORCEMENT and who.role in CHANGE_ROLES  # noqa: E731
    coordinator = lambda who: who.kind == K.MUNICIPAL_ENFORCEMENT and who.role == Role.COORDINATOR  # noqa: E731
    reader = lambda who: who.role in READ_ROLES and who.kind in MUNICIPAL | EXTERNAL  # noqa: E731
    venlo_case = lambda w: w.in_case.cases.get().pk  # noqa: E731
    horst_case = lambda w: w.horst.cases.get().pk  # noqa: E731
    return [
        Row("enforcement:create", lambda w: f"/handhaving/zaken/{venlo_case(w)}/interventie/",
            login_wall(lambda who: page(enforcer(who)))),
        Row("enforcement:create", lambda w: f"/handhaving/zaken/{horst_case(w)}/interventie/", login_wall(lambda who: 404)),
        Row("enforcement:detail", lambda w: f"/handhaving/interventies/{w.interventions['in_case'].pk}/",
            login_wall(lambda who: page(dossier_reader(who, in_case=True))),
            contains=enforcer, marker=lambda w: "Stap vastleggen"),
        Row("enforcement:detail", lambda w: f"/handhaving/interventies/{w.interventions['horst'].pk}/",
            login_wall(lambda who: page(horst_reader(who)))),
        Row("enforcement:detail", lambda w: "/handhaving/interventies/999999/", login_wall(lambda who: 404)),
        # Recording a step and making a letter are POST only; a GET is refused the same for everyone.
        Row("enforcement:step", lambda w: f"/handhaving/interventies/{w.interventions['in_case'].pk}/stap/",
            login_wall(lambda who: 405)),
        Row("enforcement:letter-create", lambda w: f"/handhaving/interventies/{w.interventions['in_case'].pk}/brief/",
            login_wall(lambda who: 405)),
        Row("enforcement:letter", lambda w: f"/handhaving/brieven/{w.letters['in_case'].pk}/",
            login_wall(lambda who: page(dossier_reader(who, in_case=True)))),
        Row("enforcement:letter", lambda w: f"/handhaving/brieven/{w.letters['horst'].pk}/",
            login_wall(lambda who: page(horst_reader(who)))),
        Row("enforcement:overdue", lambda w: "/handhaving/termijnen/", login_wall(lambda who: page(reader(who))),
            contains=lambda who: reader(who) and who.kind == K.MUNICIPAL_ENFORCEMENT,
            marker=lambda w: w.interventions["in_case"].case.reference),
        Row("enforcement:overdue", lambda w: "/handhaving/termijnen/", login_wall(lambda who: page(reader(who))),
            contains=lambda who: False, marker=lambda w: w.interventions["horst"].case.reference),
        Row("enforcement:templates", lambda w: "/handhaving/briefsjablonen/", login_wall(lambda who: page(coordinator(who)))),
        Row("enforcement:template", lambda w: "/handhaving/briefsjablonen/waarschuwing/",
            login_wall(lambda who: page(coordinator(who)))),
        Row("enforcement-api:intervention-list", lambda w: "/api/v1/interventions/",
            login_wall(lambda who: 200, api=True), api=True,
            contains=lambda who: dossier_reader(who, in_case=True), marker=lambda w: "Motivering-in_case-H3"),
        Row("enforcement-api:intervention-list", lambda w: "/api/v1/interventions/",
            login_wall(lambda who: 200, api=True), api=True, contains=horst_reader, marker=lambda w: "Motivering-horst-H3"),
        Row("enforcement-api:intervention-detail", lambda w: f"/api/v1/interventions/{w.interventions['in_case'].pk}/",
            login_wall(lambda who: page(dossier_reader(who, in_case=True)), api=True), api=True),
        Row("enforcement-api:intervention-detail", lambda w: f"/api/v1/interventions/{w.interventions['horst'].pk}/",
            login_wall(lambda who: page(horst_reader(who)), api=True), api=True),
    ]


def _case_rows() -> list[Row]:
    reader = lambda who: who.role in READ_ROLES and who.kind in MUNICIPAL | EXTERNAL  # noqa: E731
    fire_reader = lambda who: who.role in READ_ROLES and who.kind == K.FIRE_SERVICE  # noqa: E731
    # The request is seen by its sender (Venlo enforcement) and its receiver (the fire service).
    request_reader = lambda who: who.role in READ_ROLES and who.kind in {K.MUNICIPAL_ENFORCEMENT, K.FIRE_SERVICE}  # noqa: E731
    # The consultation: Venlo's own meeting for every Venlo reader, and for the fire service taking part.
    meeting_reader = lambda who: who.role in READ_ROLES and who.kind in MUNICIPAL | {K.FIRE_SERVICE}  # noqa: E731
    responsible_changer = lambda who: who.kind == K.MUNICIPAL_ENFORCEMENT and who.role in CHANGE_ROLES  # noqa: E731
    return [
        Row("cases:queue", lambda w: "/zaken/?filter=all", login_wall(lambda who: page(reader(who))),
            contains=lambda who: dossier_reader(who, in_case=True), marker=lambda w: w.venlo_case.reference),
        Row("cases:queue", lambda w: "/zaken/?filter=all", login_wall(lambda who: page(reader(who))),
            contains=horst_reader, marker=lambda w: w.horst_case.reference),
        Row("cases:queue", lambda w: "/zaken/", login_wall(lambda who: page(reader(who))),
            contains=fire_reader, marker=lambda w: "Gezamenlijke controle"),
        Row("cases:open", lambda w: f"/zaken/nieuw/?adres={w.plain.bag_id}",
            login_wall(lambda who: page(who.kind in MUNICIPAL and who.role in CHANGE_ROLES))),
        Row("cases:open", lambda w: f"/zaken/nieuw/?adres={w.horst.bag_id}", login_wall(lambda who: 404)),
        Row("cases:detail", lambda w: f"/zaken/{w.venlo_case.pk}/",
            login_wall(lambda who: page(dossier_reader(who, in_case=True))),
            contains=responsible_changer, marker=lambda w: f'action="/zaken/{w.venlo_case.pk}/status/"'),
        Row("cases:detail", lambda w: f"/zaken/{w.horst_case.pk}/", login_wall(lambda who: page(horst_reader(who)))),
        Row("cases:detail", lambda w: "/zaken/999999/", login_wall(lambda who: 404)),
        # Changes are POST only; a GET is refused the same for everyone who is logged in.
        Row("cases:status", lambda w: f"/zaken/{w.venlo_case.pk}/status/", login_wall(lambda who: 405)),
        Row("cases:assign", lambda w: f"/zaken/{w.venlo_case.pk}/behandelaar/", login_wall(lambda who: 405)),
        Row("cases:close", lambda w: f"/zaken/{w.venlo_case.pk}/afsluiten/", login_wall(lambda who: 405)),
        Row("cases:request-new", lambda w: f"/zaken/{w.venlo_case.pk}/verzoeken/nieuw/", login_wall(lambda who: 405)),
        Row("cases:request", lambda w: f"/zaken/verzoeken/{w.partner_request.pk}/",
            login_wall(lambda who: page(request_reader(who))),
            contains=request_reader, marker=lambda w: "Matrixverzoek-P5"),
        Row("cases:consultations", lambda w: "/zaken/overleg/", login_wall(lambda who: page(reader(who))),
            contains=meeting_reader, marker=lambda w: "Matrixoverleg-P5"),
        Row("cases:consultation", lambda w: f"/zaken/overleg/{w.consultation.pk}/",
            login_wall(lambda who: page(meeting_reader(who)))),
        Row("cases:consultation-decision",
            lambda w: f"/zaken/overleg/{w.consultation.pk}/punten/{w.consultation_item.pk}/besluit/",
            login_wall(lambda who: 405)),
        Row("cases-api:case-list", lambda w: "/api/v1/cases/", login_wall(lambda who: 200, api=True), api=True,
            contains=lambda who: dossier_reader(who, in_case=True), marker=lambda w: w.venlo_case.reference),
        Row("cases-api:case-list", lambda w: "/api/v1/cases/", login_wall(lambda who: 200, api=True), api=True,
            contains=horst_reader, marker=lambda w: w.horst_case.reference),
        Row("cases-api:case-detail", lambda w: f"/api/v1/cases/{w.venlo_case.pk}/",
            login_wall(lambda who: page(dossier_reader(who, in_case=True)), api=True), api=True),
        Row("cases-api:case-detail", lambda w: f"/api/v1/cases/{w.horst_case.pk}/",
            login_wall(lambda who: page(horst_reader(who)), api=True), api=True),
        Row("cases-api:partner-request-list", lambda w: "/api/v1/partner-requests/",
            login_wall(lambda who: 200, api=True), api=True, contains=fire_reader, marker=lambda w: "Matrixverzoek-P5"),
        Row("cases-api:partner-request-answer", lambda w: f"/api/v1/partner-requests/{w.partner_request.pk}/answer/",
            login_wall(lambda who: 405, api=True), api=True),  # POST only
    ]


def _inspection_rows() -> list[Row]:
    team = {K.MUNICIPAL_ENFORCEMENT, K.FIRE_SERVICE}
    in_team = lambda who: who.role in READ_ROLES and who.kind in team  # noqa: E731
    return [
        Row("inspections:list", lambda w: "/controles/", login_wall(lambda who: 200),
            contains=in_team, marker=lambda w: "Parade 1"),
        Row("inspections:list", lambda w: "/controles/", login_wall(lambda who: 200),
            contains=lambda who: who.role in READ_ROLES and who.kind == K.FIRE_SERVICE, marker=lambda w: "Kerkstraat 3"),
        Row("inspections:plan", lambda w: f"/controles/nieuw/?adres={w.in_case.bag_id}",
            login_wall(lambda who: page(who.kind in MUNICIPAL and who.role in CHANGE_ROLES))),
        Row("inspections:plan", lambda w: f"/controles/nieuw/?adres={w.horst.bag_id}", login_wall(lambda who: 404)),
        Row("inspections:plan", lambda w: "/controles/nieuw/", login_wall(lambda who: 404)),
        Row("inspections:detail", lambda w: f"/controles/{w.inspections['in_case'].pk}/",
            login_wall(lambda who: page(dossier_reader(who, in_case=True)))),
        Row("inspections:detail", lambda w: f"/controles/{w.inspections['horst'].pk}/",
            login_wall(lambda who: page(horst_reader(who)))),
        # Recording: handlers and coordinators of an organisation in the team (the fire service on both).
        Row("inspections:record", lambda w: f"/controles/{w.inspections['in_case'].pk}/vastleggen/",
            login_wall(lambda who: page(who.kind in team and who.role in CHANGE_ROLES))),
        Row("inspections:record", lambda w: f"/controles/{w.inspections['horst'].pk}/vastleggen/",
            login_wall(lambda who: page(who.kind == K.FIRE_SERVICE and who.role in CHANGE_ROLES))),
        Row("inspections-api:inspection-list", lambda w: "/api/v1/inspections/",
            login_wall(lambda who: 200, api=True), api=True,
            contains=lambda who: dossier_reader(who, in_case=True), marker=lambda w: f'"address_id":"{w.in_case.bag_id}"'),
        Row("inspections-api:inspection-list", lambda w: "/api/v1/inspections/",
            login_wall(lambda who: 200, api=True), api=True,
            contains=horst_reader, marker=lambda w: f'"address_id":"{w.horst.bag_id}"'),
        Row("inspections-api:inspection-detail", lambda w: f"/api/v1/inspections/{w.inspections['in_case'].pk}/",
            login_wall(lambda who: page(dossier_reader(who, in_case=True)), api=True), api=True),
        Row("inspections-api:inspection-detail", lambda w: f"/api/v1/inspections/{w.inspections['horst'].pk}/",
            login_wall(lambda who: page(horst_reader(who)), api=True), api=True),
    ]


def _walklist_rows() -> list[Row]:
    """Walk lists: the municipal enforcement department reads its own; its coordinator draws them up
    (other readers there get 403); handlers and coordinators accept or skip addresses (POST only)."""
    reader = lambda who: who.kind == K.MUNICIPAL_ENFORCEMENT and who.role in READ_ROLES  # noqa: E731
    steerer = lambda who: who.kind == K.MUNICIPAL_ENFORCEMENT and who.role == Role.COORDINATOR  # noqa: E731
    return [
        Row("walklists:list", lambda w: "/looplijsten/", login_wall(lambda who: page(reader(who))),
            contains=reader, marker=lambda w: "Team-venlo-W9"),
        Row("walklists:list", lambda w: "/looplijsten/", login_wall(lambda who: page(reader(who))),
            contains=lambda who: False, marker=lambda w: "Team-horst-W9"),
        Row("walklists:draw-up", lambda w: "/looplijsten/nieuw/",
            login_wall(lambda who: 200 if steerer(who) else 403 if reader(who) else 404)),
        Row("walklists:hit-rate", lambda w: "/looplijsten/trefkans/", login_wall(lambda who: page(reader(who)))),
        Row("walklists:detail", lambda w: f"/looplijsten/{w.walk_lists['venlo'].pk}/",
            login_wall(lambda who: page(reader(who))), contains=reader, marker=lambda w: "Looplijstreden-venlo-W9"),
        # Whether an address was ranked or random: only for the coordinator, not for the inspectors.
        Row("walklists:detail", lambda w: f"/looplijsten/{w.walk_lists['venlo'].pk}/",
            login_wall(lambda who: page(reader(who))), contains=steerer, marker=lambda w: 'id="accounting"'),
        Row("walklists:detail", lambda w: f"/looplijsten/{w.walk_lists['horst'].pk}/", login_wall(lambda who: 404)),
        Row("walklists:detail", lambda w: "/looplijsten/999999/", login_wall(lambda who: 404)),
        Row("walklists:decide",
            lambda w: f"/looplijsten/{w.walk_lists['venlo'].pk}/adressen/{w.walk_lists['venlo'].items.get().pk}/besluit/",
            login_wall(lambda who: 405)),
    ]


def _council_report(w: "World", key: str):
    """A finished council report of Venlo or of Horst (steering/reports.py), made on first use."""
    from regiekamer.steering.models import Report
    reports = w.__dict__.setdefault("council_reports", {})
    if key not in reports:
        reports[key] = Report.objects.create(
            municipality=municipality("GM0983" if key == "venlo" else "GM1507"), year=2026, quarter=1, status="done",
            pdf=b"%PDF-1.4 matrix", csv=b"matrix", xlsx=b"matrix", requested_by_name=f"Rapport-{key}-R5")
    return reports[key]


def _council_report_rows() -> list[Row]:
    """Council reports: every municipal department of the municipality (any role) asks for and reads its
    reports; nobody else sees them, also not the region (the report is the municipality's own)."""
    municipal = lambda who: who.kind in MUNICIPAL and who.role is not None  # noqa: E731
    report = lambda key: lambda w: _council_report(w, key).pk  # noqa: E731
    # The list's path makes both reports first, so that the page shows what exists.
    venlo_list = lambda w: (report("venlo")(w), report("horst")(w)) and "/sturing/gemeente/GM0983/rapportages/"  # noqa: E731
    rows = [
        Row("steering:reports", venlo_list, login_wall(lambda who: page(municipal(who))), contains=municipal,
            marker=lambda w: f"/sturing/rapportages/{report('venlo')(w)}/"),
        Row("steering:reports", venlo_list, login_wall(lambda who: page(municipal(who))), contains=lambda who: False,
            marker=lambda w: f"/sturing/rapportages/{report('horst')(w)}/"),
        Row("steering:reports", lambda w: "/sturing/gemeente/GM1507/rapportages/", login_wall(lambda who: 404)),
    ]
    for name, suffix in (("steering:report", ""), ("steering:report-progress", "voortgang/"),
                         ("steering:report-file", "pdf"), ("steering:report-file", "xlsx")):
        rows += [
            Row(name, lambda w, suffix=suffix: f"/sturing/rapportages/{report('venlo')(w)}/{suffix}",
                login_wall(lambda who: page(municipal(who)))),
            Row(name, lambda w, suffix=suffix: f"/sturing/rapportages/{report('horst')(w)}/{suffix}",
                login_wall(lambda who: 404)),
        ]
    return rows


def _delivery(w: "World", key: str):
    """A finished delivery (exchange/), made on first use: Venlo enforcement's about Venlo, the fire service's
    (a regional body) about Venlo, and one of Horst's enforcement department about Horst."""
    from regiekamer.exchange.models import Delivery
    deliveries = w.__dict__.setdefault("deliveries", {})
    if key not in deliveries:
        organisation = {"venlo": w.organisations[K.MUNICIPAL_ENFORCEMENT], "fire": w.organisations[K.FIRE_SERVICE],
                        "horst": w.horst.cases.get().responsible}[key]
        delivery = Delivery.objects.create(organisation=organisation, delivered_by_name="matrix", channel="browser",
                                           file_name=f"levering-{key}-X9.zip", status="accepted")
        delivery.municipalities.set([w.horst.municipality if key == "horst" else w.plain.municipality])
        deliveries[key] = delivery
    return deliveries[key]


def _exchange_rows() -> list[Row]:
    """Deliveries and exports (exchange/): coordinators and administrators of an organisation with a territory that
    reads dossiers deliver and export; they see their own organisation's deliveries, and a municipal department
    also those of others about its municipality."""
    deliverer = lambda who: who.role in {Role.COORDINATOR, Role.ADMINISTRATOR} and who.kind in MUNICIPAL | EXTERNAL  # noqa: E731
    sees = {"venlo": lambda who: deliverer(who) and who.kind in MUNICIPAL,
            "fire": lambda who: deliverer(who) and who.kind in MUNICIPAL | {K.FIRE_SERVICE},
            "horst": lambda who: False}
    every = lambda w: [_delivery(w, key) for key in sees] and "/uitwisseling/leveringen/"  # noqa: E731
    rows = [
        Row("exchange:export", lambda w: "/uitwisseling/export/", login_wall(lambda who: page(deliverer(who)))),
    ]
    for key, reader in sees.items():
        rows.append(Row("exchange:deliveries", every, login_wall(lambda who: page(deliverer(who))), contains=reader,
                        marker=lambda w, key=key: f"levering-{key}-X9.zip"))
        for name, suffix in (("exchange:delivery", ""), ("exchange:delivery-progress", "voortgang/")):
            rows.append(Row(name, lambda w, key=key, suffix=suffix: f"/uitwisseling/leveringen/{_delivery(w, key).pk}/{suffix}",
                            login_wall(lambda who, reader=reader: page(reader(who)))))
    return rows


def _meldpunt_report(w: "World"):
    """A report from the public meldpunt on the plain Venlo address, with contact details (made on first use)."""
    from regiekamer.meldpunt.models import Report
    if "meldpunt_report" not in w.__dict__:
        melding = MeldingFactory(address=w.plain, source="meldpunt", description="Meldpuntomschrijving-M8")
        w.meldpunt_report = Report.objects.create(
            melding=melding, topic="te-veel-mensen", landlord="particulier", happened_on=dt.date.today(),
            language="pl", anonymous=False, contact_email="melder-M8@example.org", code_digest="m8" * 32)
    return w.meldpunt_report


def _meldpunt_rows() -> list[Row]:
    """The public meldpunt: every page answers everyone, also without logging in. The reporter's
    contact details go only to the intake handlers (handlers, coordinators) of the municipality."""
    public = lambda who: 200  # noqa: E731
    intake = lambda who: who.kind in MUNICIPAL and who.role in CHANGE_ROLES  # noqa: E731
    contact = lambda w: f"/meldpunt/intake/{_meldpunt_report(w).melding_id}/contact/"  # noqa: E731
    return [
        Row("meldpunt:start", lambda w: "/meldpunt/", lambda who: 302),
        Row("meldpunt:landing", lambda w: "/meldpunt/nl/", public, contains=lambda who: True,
            marker=lambda w: 'href="/meldpunt/nl/gm0983/"'),
        Row("meldpunt:landing", lambda w: "/meldpunt/bg/", public),
        Row("meldpunt:form", lambda w: "/meldpunt/nl/gm0983/", public),
        Row("meldpunt:form", lambda w: "/meldpunt/pl/gm1507/", public),
        Row("meldpunt:form", lambda w: "/meldpunt/nl/gm9999/", lambda who: 404),
        Row("meldpunt:region", lambda w: "/meldpunt/ro/regio/noord-limburg/", public),
        Row("meldpunt:address", lambda w: "/meldpunt/nl/adres/?gemeente=gm0983&postcode=5912BB&house_number=2",
            public, contains=lambda who: True, marker=lambda w: "Grote Kerkstraat 2"),
        Row("meldpunt:done", lambda w: "/meldpunt/en/ontvangen/", public),
        Row("meldpunt:status", lambda w: "/meldpunt/nl/status/", public),
        Row("meldpunt:contact", contact, login_wall(lambda who: page(intake(who))), contains=intake,
            marker=lambda w: "melder-M8@example.org"),
        Row("meldingen:detail", lambda w: f"/meldingen/{_meldpunt_report(w).melding_id}/",
            login_wall(lambda who: page(who.role in READ_ROLES and who.kind in MUNICIPAL)),
            contains=intake, marker=lambda w: "/meldpunt/intake/"),
    ]


def _privacy_objects(w: "World"):
    """Destruction lists of Venlo and of Horst, and an access request (done) entered by the privacy officer of
    Venlo's enforcement department (made on first use)."""
    from django.utils import timezone

    from regiekamer.privacy.models import AccessRequest, DestructionList
    if "privacy" not in w.__dict__:
        venlo, horst = w.plain.municipality, w.horst.municipality
        w.privacy = {
            "venlo": DestructionList.objects.create(municipality=venlo, record_type="registration",
                                                    drafted_on=dt.date.today()),
            "horst": DestructionList.objects.create(municipality=horst, record_type="registration",
                                                    drafted_on=dt.date.today()),
            "request": AccessRequest.objects.create(
                requested_by=w.users[Who(K.MUNICIPAL_ENFORCEMENT, Role.PRIVACY_OFFICER)], municipality=venlo,
                subject_kind="pseudoniem", status="klaar", content=b"PK matrix", record_count=1,
                finished_at=timezone.now()),
        }
    return w.privacy


def _privacy_rows() -> list[Row]:
    """Retention and access requests (privacy/): the privacy officer of a municipal department, for its own
    municipality; an access request's export only for the officer who entered it."""
    officer = lambda who: who.kind in MUNICIPAL and who.role == Role.PRIVACY_OFFICER  # noqa: E731
    asker = lambda who: who.kind == K.MUNICIPAL_ENFORCEMENT and who.role == Role.PRIVACY_OFFICER  # noqa: E731
    request = lambda w: _privacy_objects(w)["request"].pk  # noqa: E731
    rows = [
        Row("privacy:overview", lambda w: "/privacy/bewaartermijnen/", login_wall(lambda who: page(officer(who)))),
        Row("privacy:expiring", lambda w: "/privacy/bewaartermijnen/registration/",
            login_wall(lambda who: page(officer(who)))),
        Row("privacy:expiring", lambda w: "/privacy/bewaartermijnen/bestaat-niet/", login_wall(lambda who: 404)),
        Row("privacy:lists", lambda w: (_privacy_objects(w), "/privacy/vernietigingslijsten/")[1],
            login_wall(lambda who: page(officer(who))), contains=officer,
            marker=lambda w: f'/privacy/vernietigingslijsten/{_privacy_objects(w)["venlo"].pk}/'),
        Row("privacy:lists", lambda w: (_privacy_objects(w), "/privacy/vernietigingslijsten/")[1],
            login_wall(lambda who: page(officer(who))), contains=lambda who: False,
            marker=lambda w: f'/privacy/vernietigingslijsten/{_privacy_objects(w)["horst"].pk}/'),
        Row("privacy:list", lambda w: f'/privacy/vernietigingslijsten/{_privacy_objects(w)["venlo"].pk}/',
            login_wall(lambda who: page(officer(who)))),
        Row("privacy:list", lambda w: f'/privacy/vernietigingslijsten/{_privacy_objects(w)["horst"].pk}/',
            login_wall(lambda who: 404)),
        Row("privacy:runs", lambda w: "/privacy/bewaarruns/", login_wall(lambda who: page(officer(who)))),
        Row("privacy:access-requests", lambda w: (request(w), "/privacy/inzageverzoeken/")[1],
            login_wall(lambda who: page(officer(who))), contains=asker,
            marker=lambda w: f"/privacy/inzageverzoeken/{request(w)}/"),
    ]
    for name, suffix in (("privacy:access-request", ""), ("privacy:access-request-progress", "voortgang/"),
                         ("privacy:access-request-file", "download/")):
        rows.append(Row(name, lambda w, suffix=suffix: f"/privacy/inzageverzoeken/{request(w)}/{suffix}",
                        login_wall(lambda who: page(asker(who)))))
    return rows
def _information_items(w: "World"):
    """Information material (information/), made on first use: a published region item with a published
    Polish and an unpublished Bulgarian translation, an unpublished region item, and a published item of
    Horst."""
    from regiekamer.information.models import Item, ItemText
    if "information_items" not in w.__dict__:
        region = w.in_case.municipality.region
        items = {}
        for key, place, published in (("region", None, True), ("draft", None, False), ("horst", w.horst.municipality, True)):
            item = Item.objects.create(slug=f"matrix-{key}", audience="bewoners", topic="rechten", region=region,
                                       municipality=place, published=published, created_by_name="matrix")
            ItemText.objects.create(item=item, language="nl", version=1, source_version=1, title=f"Voorlichting-{key}-V1",
                                    body="Tekst.", published=True, created_by_name="matrix")
            ItemText.objects.create(item=item, language="pl", version=1, source_version=1, title=f"Informacja-{key}-V1",
                                    body="Tekst.", published=True, created_by_name="matrix")
            ItemText.objects.create(item=item, language="bg", version=1, source_version=1, title=f"Информация-{key}-V1",
                                    body="Текст.", published=False, created_by_name="matrix")
            items[key] = item
        w.information_items = items
    return w.information_items


def _information_rows() -> list[Row]:
    """Information material: the public pages answer everyone for what is published and 404 for the rest;
    the staff pages are read by every member of an organisation in the region, and edited by the
    coordinators of the municipal departments (the region's items) and of the regional programme (also
    Horst's item); another reader gets 403 on an edit page."""
    public = lambda who: 200  # noqa: E731
    reader = lambda who: who.kind is not None  # noqa: E731 - every organisation here is in the region
    region_editor = lambda who: who.role == Role.COORDINATOR and who.kind in MUNICIPAL | {K.REGIONAL_PROGRAMME}  # noqa: E731
    horst_editor = lambda who: who.role == Role.COORDINATOR and who.kind == K.REGIONAL_PROGRAMME  # noqa: E731

    def edit(may_edit):
        return login_wall(lambda who: (200 if may_edit(who) else 403) if reader(who) else 404)

    # Each path makes the items exist first; on the index and list the slug rides along in an ignored query string.
    slug = lambda key: lambda w: _information_items(w)[key].slug  # noqa: E731
    return [
        Row("information:public-start", lambda w: "/voorlichting/", lambda who: 302),
        Row("information:public-index", lambda w: f"/voorlichting/pl/?{slug('region')(w)}", public,
            contains=lambda who: True, marker=lambda w: "Informacja-region-V1"),
        Row("information:public-index", lambda w: f"/voorlichting/pl/?{slug('draft')(w)}", public,
            contains=lambda who: False, marker=lambda w: "Informacja-draft-V1"),
        Row("information:public-item", lambda w: f"/voorlichting/pl/{slug('region')(w)}/", public),
        Row("information:public-item", lambda w: f"/voorlichting/bg/{slug('region')(w)}/", lambda who: 404),
        Row("information:public-item", lambda w: f"/voorlichting/nl/{slug('draft')(w)}/", lambda who: 404),
        Row("information:public-leaflet", lambda w: f"/voorlichting/pl/{slug('horst')(w)}/folder.pdf", public),
        Row("information:public-leaflet", lambda w: f"/voorlichting/bg/{slug('horst')(w)}/folder.pdf", lambda who: 404),
        Row("information:list", lambda w: f"/voorlichtingsmateriaal/?{slug('draft')(w)}",
            login_wall(lambda who: page(reader(who))), contains=reader, marker=lambda w: "Voorlichting-draft-V1"),
        Row("information:item", lambda w: f"/voorlichtingsmateriaal/{slug('draft')(w)}/",
            login_wall(lambda who: page(reader(who)))),
        Row("information:create", lambda w: "/voorlichtingsmateriaal/nieuw/", edit(region_editor)),
        Row("information:edit-source", lambda w: f"/voorlichtingsmateriaal/{slug('region')(w)}/bron/", edit(region_editor)),
        Row("information:edit-source", lambda w: f"/voorlichtingsmateriaal/{slug('horst')(w)}/bron/", edit(horst_editor)),
        Row("information:translation", lambda w: f"/voorlichtingsmateriaal/{slug('region')(w)}/vertaling/ro/",
            edit(region_editor)),
        Row("information:translation", lambda w: f"/voorlichtingsmateriaal/{slug('horst')(w)}/vertaling/pl/",
            edit(horst_editor)),
        Row("information:publish", lambda w: f"/voorlichtingsmateriaal/{slug('region')(w)}/publiceren/",
            login_wall(lambda who: 405)),  # POST only
    ]


def _knowledge(w: "World"):
    """The knowledge base (made on first use): Venlo enforcement's articles shared with its own organisation
    and with the region (with an attachment), one of Horst's kept to itself; a closed Venlo case with a
    lesson in which the fire service took part; an evaluated project of the region; an improvement action."""
    if "knowledge" in w.__dict__:
        return w.knowledge
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from regiekamer.knowledge import services as knowledge
    from regiekamer.knowledge.models import ActionSource, Attachment
    from regiekamer.steering.models import Project
    author = w.users[Who(K.MUNICIPAL_ENFORCEMENT, Role.HANDLER)]
    horst_author = User.objects.create_user("horst-kennis")
    Membership.objects.create(user=horst_author, organisation=Organisation.objects.get(name="Horst handhaving"),
                              role=Role.HANDLER)
    write = lambda actor, title, visibility: knowledge.create_article(  # noqa: E731
        actor=actor, kind="procedure", title=title, body="Tekst.", visibility=visibility,
        review_on=dt.date.today() + dt.timedelta(days=90))
    own, shared = write(author, "Kennis-eigen-K1", "organisatie"), write(author, "Kennis-regio-K1", "regio")
    horst = write(horst_author, "Kennis-horst-K1", "organisatie")
    attachments = {}
    for key, article in (("own", own), ("shared", shared)):
        name = f"kennisbank/matrix/{key}.pdf"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(b"%PDF-1.7\nmatrix"))
        attachments[key] = Attachment.objects.create(
            article=article, file=name, original_name=f"{key}.pdf", content_type="application/pdf", size=15,
            uploaded_by_name="matrix", uploaded_at=timezone.now())
    closed = CaseFactory(address=AddressFactory(postcode="5913KK", house_number=4, street="Kennisstraat"),
                         responsible=w.organisations[K.MUNICIPAL_ENFORCEMENT], status="afgesloten",
                         closed_on=dt.date.today(), result="gelegaliseerd", lesson="Matrixles-K2 met de brandweer.")
    CaseParticipantFactory(case=closed, organisation=w.organisations[K.FIRE_SERVICE])
    region = w.organisations[K.REGIONAL_PROGRAMME].region
    Project.objects.create(name="Project-kennis-K3", region=region, aim="Leren.", starts_on=dt.date(2025, 1, 1),
                           ends_on=dt.date(2025, 12, 31), ended_on=dt.date(2025, 12, 31),
                           evaluation="Projectles-K3: samen controleren werkt.")
    action = knowledge.record_action(
        actor=w.users[Who(K.REGIONAL_PROGRAMME, Role.COORDINATOR)], title="Actie-K4", description="",
        owner=author, due_on=dt.date.today() + dt.timedelta(days=30), source=ActionSource.OTHER,
        source_note="Casusoverleg")
    w.knowledge = {"own": own, "shared": shared, "horst": horst, "attachments": attachments, "closed": closed,
                   "action": action}
    return w.knowledge


def _knowledge_rows() -> list[Row]:
    """The knowledge base (ADR 0008): every member of an organisation reads what is shared with it: its own
    organisation's articles, its region's, all regions'. Handlers and coordinators write; those of the owning
    organisation change an article. Lessons of cases through the cases a reader may see, plus the regional
    programme's coordinator for the whole region; projects' evaluations with the project. Improvement actions
    of the region: read by its members, recorded by coordinators, followed by coordinators and the owner."""
    member = lambda who: who.role is not None  # noqa: E731
    own_org = lambda who: who.kind == K.MUNICIPAL_ENFORCEMENT and member(who)  # noqa: E731
    writer = lambda who: who.role in CHANGE_ROLES  # noqa: E731
    lesson_reader = lambda who: (who.role in READ_ROLES and who.kind in MUNICIPAL | {K.FIRE_SERVICE}) or (  # noqa: E731
        who.kind == K.REGIONAL_PROGRAMME and who.role == Role.COORDINATOR)
    kb = _knowledge
    article = lambda key, suffix="": lambda w: f"/kennisbank/artikel/{kb(w)[key].pk}/{suffix}"  # noqa: E731
    return [
        Row("knowledge:index", lambda w: (kb(w), "/kennisbank/")[1], login_wall(lambda who: page(member(who))),
            contains=own_org, marker=lambda w: "Kennis-eigen-K1"),
        Row("knowledge:index", lambda w: (kb(w), "/kennisbank/?q=kennis")[1], login_wall(lambda who: page(member(who))),
            contains=member, marker=lambda w: "Kennis-regio-K1"),
        Row("knowledge:index", lambda w: (kb(w), "/kennisbank/")[1], login_wall(lambda who: page(member(who))),
            contains=lambda who: False, marker=lambda w: "Kennis-horst-K1"),
        Row("knowledge:create", lambda w: "/kennisbank/nieuw/",
            login_wall(lambda who: (200 if writer(who) else 403) if member(who) else 404)),
        Row("knowledge:create", lambda w: f"/kennisbank/nieuw/?les=zaak-{kb(w)['closed'].pk}",
            login_wall(lambda who: ((200 if lesson_reader(who) else 404) if writer(who) else 403)
                       if member(who) else 404), contains=lesson_reader, marker=lambda w: "Matrixles-K2"),
        Row("knowledge:article", article("own"), login_wall(lambda who: page(own_org(who)))),
        Row("knowledge:article", article("shared"), login_wall(lambda who: page(member(who))),
            contains=lambda who: own_org(who) and writer(who), marker=lambda w: 'id="attachment-form"'),
        Row("knowledge:article", article("horst"), login_wall(lambda who: 404)),
        Row("knowledge:edit", article("own", "bewerken/"),
            login_wall(lambda who: (200 if writer(who) else 403) if own_org(who) else 404)),
        Row("knowledge:edit", article("shared", "bewerken/"),
            login_wall(lambda who: (200 if own_org(who) and writer(who) else 403) if member(who) else 404)),
        Row("knowledge:version", article("own", "versies/1/"), login_wall(lambda who: page(own_org(who)))),
        Row("knowledge:version", article("shared", "versies/1/"), login_wall(lambda who: page(member(who)))),
        Row("knowledge:version", article("horst", "versies/1/"), login_wall(lambda who: 404)),
        Row("knowledge:attachment-add", article("shared", "bijlagen/"), login_wall(lambda who: 405)),  # POST only
        Row("knowledge:attachment",
            lambda w: f"/kennisbank/artikel/{kb(w)['shared'].pk}/bijlagen/{kb(w)['attachments']['shared'].pk}/",
            login_wall(lambda who: page(member(who)))),
        Row("knowledge:attachment",
            lambda w: f"/kennisbank/artikel/{kb(w)['own'].pk}/bijlagen/{kb(w)['attachments']['own'].pk}/",
            login_wall(lambda who: page(own_org(who)))),
        Row("knowledge:attachment",  # the own article's attachment through the shared article's URL
            lambda w: f"/kennisbank/artikel/{kb(w)['shared'].pk}/bijlagen/{kb(w)['attachments']['own'].pk}/",
            login_wall(lambda who: 404)),
        Row("knowledge:lessons", lambda w: (kb(w), "/kennisbank/lessen/")[1], login_wall(lambda who: page(member(who))),
            contains=lesson_reader, marker=lambda w: "Matrixles-K2"),
        Row("knowledge:lessons", lambda w: (kb(w), "/kennisbank/lessen/")[1], login_wall(lambda who: page(member(who))),
            contains=member, marker=lambda w: "Projectles-K3"),
        Row("knowledge:lessons", lambda w: (kb(w), "/kennisbank/lessen/")[1], login_wall(lambda who: page(member(who))),
            contains=lambda who: False, marker=lambda w: "Kennisstraat"),
        Row("knowledge:actions", lambda w: (kb(w), "/kennisbank/acties/")[1], login_wall(lambda who: page(member(who))),
            contains=member, marker=lambda w: "Actie-K4"),
        Row("knowledge:actions", lambda w: "/kennisbank/acties/", login_wall(lambda who: page(member(who))),
            contains=lambda who: who.role == Role.COORDINATOR, marker=lambda w: 'id="action-form"'),
        Row("knowledge:action", lambda w: f"/kennisbank/acties/{kb(w)['action'].pk}/",
            login_wall(lambda who: page(member(who))),
            contains=lambda who: who.role == Role.COORDINATOR or who == Who(K.MUNICIPAL_ENFORCEMENT, Role.HANDLER),
            marker=lambda w: 'id="action-status-form"'),
    ]


def _security_event(w: "World"):
    """A failed login of the Venlo enforcement department's handler (made on first use)."""
    from django.utils import timezone

    from regiekamer.accounts.models import SecurityEvent
    if "security_event" not in w.__dict__:
        org = w.organisations[K.MUNICIPAL_ENFORCEMENT]
        w.security_event = SecurityEvent.objects.create(
            at=timezone.now(), kind="login_failure", user=w.users[Who(K.MUNICIPAL_ENFORCEMENT, Role.HANDLER)],
            organisation=org, municipality_id=org.municipality_id, username="matrix-inlog-E1", ip_address="192.0.2.9")
    return w.security_event


def _accounts_rows() -> list[Row]:
    """Logging in (accounts/): the second step redirects whoever is not halfway a login (anonymous: to the
    login page; a verified session: onwards). The security events of an organisation's users are read by
    its functional administrator only."""
    admin = lambda who: who.role == Role.ADMINISTRATOR and who.kind not in (None, "anonymous")  # noqa: E731
    return [
        Row("accounts:verify", lambda w: "/inloggen/verificatie/", lambda who: 302),
        Row("accounts:enrol", lambda w: "/inloggen/koppelen/", lambda who: 302),
        Row("accounts:security-events", lambda w: "/beveiliging/gebeurtenissen/" if _security_event(w) else "",
            login_wall(lambda who: page(admin(who))),
            contains=lambda who: who == Who(K.MUNICIPAL_ENFORCEMENT, Role.ADMINISTRATOR),
            marker=lambda w: "matrix-inlog-E1"),
    ]


ACCOUNT_OWNER = Who(K.MUNICIPAL_ENFORCEMENT, Role.HANDLER)


def _account_session(w: "World"):
    """A session of the Venlo enforcement department's handler on another device (made on first use)."""
    from django.utils import timezone

    from regiekamer.accounts.models import UserSession
    if "account_session" not in w.__dict__:
        w.account_session = UserSession.objects.create(
            user=w.users[ACCOUNT_OWNER], key_hash="5" * 64, created_at=timezone.now(), last_seen_at=timezone.now(),
            ip_address="192.0.2.77", device="matrix-sessie-S1")
    return w.account_session


def _account_api_token(w: "World"):
    """A personal API key of the same handler (made on first use)."""
    import datetime as _dt

    from django.utils import timezone

    from regiekamer.accounts.models import PersonalApiToken
    if "account_api_token" not in w.__dict__:
        w.account_api_token = PersonalApiToken.objects.create(
            user=w.users[ACCOUNT_OWNER], name="matrix-sleutel-K1", token_hash="6" * 64, created_at=timezone.now(),
            expires_at=timezone.now() + _dt.timedelta(days=90))
    return w.account_api_token


def _account_rows() -> list[Row]:
    """The user's own account (accounts/account_views.py): every logged-in user has one, whatever the
    organisation or role (also without one); a session or API key of someone else is a 404."""
    owner = lambda who: who == ACCOUNT_OWNER  # noqa: E731
    return [
        Row("accounts:password-change", lambda w: "/account/wachtwoord/", login_wall(lambda who: 200)),
        Row("accounts:sessions", lambda w: "/account/sessies/" if _account_session(w) else "",
            login_wall(lambda who: 200), contains=owner, marker=lambda w: "matrix-sessie-S1"),
        Row("accounts:session-end", lambda w: f"/account/sessies/{_account_session(w).pk}/beeindigen/",
            login_wall(lambda who: page(owner(who))), contains=owner, marker=lambda w: "matrix-sessie-S1"),
        Row("accounts:session-end", lambda w: "/account/sessies/999999/beeindigen/", login_wall(lambda who: 404)),
        Row("accounts:sessions-end-others", lambda w: "/account/sessies/andere-beeindigen/",
            login_wall(lambda who: 200)),
        Row("accounts:api-tokens", lambda w: "/account/api-sleutels/" if _account_api_token(w) else "",
            login_wall(lambda who: 200), contains=owner, marker=lambda w: "matrix-sleutel-K1"),
        # Revoking is POST only; a GET is refused the same for everyone who is logged in.
        Row("accounts:api-token-revoke", lambda w: f"/account/api-sleutels/{_account_api_token(w).pk}/intrekken/",
            login_wall(lambda who: 405)),
    ]


MATRIX: list[Row] = [
    Row("login", lambda w: "/inloggen/", lambda who: 200),
    Row("logout", lambda w: "/uitloggen/", lambda who: 405),  # POST only
    Row("set_language", lambda w: "/i18n/setlang/", lambda who: 302),
    Row("core:start", lambda w: "/", login_wall(lambda who: 200),
        contains=lambda who: who.role in READ_ROLES and who.kind in MUNICIPAL, marker=lambda w: "Grote Kerkstraat"),
    Row("registry:search", lambda w: "/zoeken/?q=5912BB+2", login_wall(lambda who: 200),
        contains=lambda who: dossier_reader(who, in_case=False), marker=lambda w: "Grote Kerkstraat"),
    Row("registry:search", lambda w: "/zoeken/?q=5911AA", login_wall(lambda who: 200),
        contains=lambda who: dossier_reader(who, in_case=True), marker=lambda w: "Parade 1"),
    Row("registry:search", lambda w: "/zoeken/?q=5961CC", login_wall(lambda who: 200),
        contains=horst_reader, marker=lambda w: "Kerkstraat 3"),
    *_dossier_rows(),
    Row("registry:registration-add", lambda w: f"/adressen/{w.plain.bag_id}/inschrijvingen/nieuw/",
        login_wall(lambda who: page(who.kind == K.MUNICIPAL_CIVIL_AFFAIRS and who.role in CHANGE_ROLES))),
    Row("registry:registration-add", lambda w: f"/adressen/{w.horst.bag_id}/inschrijvingen/nieuw/",
        login_wall(lambda who: 404)),
    Row("registry:registration-end",
        lambda w: f"/adressen/{w.in_case.bag_id}/inschrijvingen/{w.registration.pk}/beeindigen/",
        login_wall(lambda who: page(who.kind == K.MUNICIPAL_CIVIL_AFFAIRS and who.role in CHANGE_ROLES))),
    Row("registry:registration-end",  # a registration of another address, through this address's URL
        lambda w: f"/adressen/{w.plain.bag_id}/inschrijvingen/{w.registration.pk}/beeindigen/",
        login_wall(lambda who: 404)),
    Row("registry:owner-add", lambda w: f"/adressen/{w.plain.bag_id}/eigenaren/nieuw/",
        login_wall(lambda who: page(who.kind in MUNICIPAL and who.role in CHANGE_ROLES))),
    Row("registry:owner-add", lambda w: f"/adressen/{w.horst.bag_id}/eigenaren/nieuw/",
        login_wall(lambda who: 404)),
    Row("registry:map", lambda w: "/kaart/GM0983/",
        login_wall(lambda who: page(who.kind in MUNICIPAL and who.role in READ_ROLES))),
    Row("registry:map", lambda w: "/kaart/GM1507/", login_wall(lambda who: 404)),
    Row("registry:map-geojson", lambda w: "/kaart/GM0983/adressen.geojson",
        login_wall(lambda who: page(who.kind in MUNICIPAL and who.role in READ_ROLES)),
        contains=lambda who: who.kind in MUNICIPAL and who.role in READ_ROLES, marker=lambda w: w.plain.bag_id),
    Row("registry:map-geojson", lambda w: "/kaart/GM1507/adressen.geojson", login_wall(lambda who: 404)),
    Row("audit:log", lambda w: "/privacy/verwerkingslog/",
        login_wall(lambda who: page(who.role == Role.PRIVACY_OFFICER))),
    Row("admin:index", lambda w: "/beheer/", lambda who: 302),  # staff only; no demo role is staff
    Row("api-schema", lambda w: "/api/schema/", lambda who: 200),
    # The risk model's Algoritmeregister entry is public: everybody reads it, also without logging in.
    Row("risk:algorithm-register", lambda w: "/risico/algoritmeregister/", lambda who: 200,
        contains=lambda who: True, marker=lambda w: "Impactvol algoritme"),
    Row("api:address-list", lambda w: f"/api/v1/addresses/?postcode={w.plain.postcode}",
        login_wall(lambda who: 200, api=True), api=True,
        contains=lambda who: dossier_reader(who, in_case=False), marker=lambda w: w.plain.bag_id),
    Row("api:address-list", lambda w: "/api/v1/addresses/?postcode=5911AA",
        login_wall(lambda who: 200, api=True), api=True,
        contains=lambda who: dossier_reader(who, in_case=True), marker=lambda w: w.in_case.bag_id),
    Row("api:address-list", lambda w: "/api/v1/addresses/?postcode=5961CC",
        login_wall(lambda who: 200, api=True), api=True, contains=horst_reader, marker=lambda w: w.horst.bag_id),
    Row("api:address-detail", lambda w: f"/api/v1/addresses/{w.in_case.bag_id}/",
        login_wall(lambda who: page(dossier_reader(who, in_case=True)), api=True), api=True),
    Row("api:address-detail", lambda w: f"/api/v1/addresses/{w.plain.bag_id}/",
        login_wall(lambda who: page(dossier_reader(who, in_case=False)), api=True), api=True),
    Row("api:address-detail", lambda w: f"/api/v1/addresses/{w.horst.bag_id}/",
        login_wall(lambda who: page(horst_reader(who)), api=True), api=True),
    Row("api:address-registrations", lambda w: f"/api/v1/addresses/{w.in_case.bag_id}/registrations/",
        login_wall(lambda who: (200 if who.kind in SEES_PERSONS else 403)
                   if dossier_reader(who, in_case=True) else 404, api=True), api=True),
    Row("api:address-registrations", lambda w: f"/api/v1/addresses/{w.plain.bag_id}/registrations/",
        login_wall(lambda who: 200 if dossier_reader(who, in_case=False) else 404, api=True), api=True),
    Row("api:building-list", lambda w: "/api/v1/buildings/", login_wall(lambda who: 200, api=True), api=True,
        contains=lambda who: dossier_reader(who, in_case=True), marker=lambda w: w.in_case.building.bag_id),
    Row("api:building-list", lambda w: "/api/v1/buildings/", login_wall(lambda who: 200, api=True), api=True,
        contains=horst_reader, marker=lambda w: w.horst.building.bag_id),
    Row("api:building-detail", lambda w: f"/api/v1/buildings/{w.in_case.building.bag_id}/",
        login_wall(lambda who: page(dossier_reader(who, in_case=True)), api=True), api=True),
    Row("api:building-detail", lambda w: f"/api/v1/buildings/{w.horst.building.bag_id}/",
        login_wall(lambda who: page(horst_reader(who)), api=True), api=True),
    # BAG import in the browser: administrators of a municipal organisation, the runs of their own organisation.
    Row("registry:import-list", lambda w: "/imports/bag/",
        login_wall(lambda who: page(who.kind in MUNICIPAL and who.role == Role.ADMINISTRATOR)),
        contains=lambda who: who.kind == K.MUNICIPAL_ENFORCEMENT and who.role == Role.ADMINISTRATOR,
        marker=lambda w: w.import_run.file_name),
    Row("registry:import-list", lambda w: "/imports/bag/",
        login_wall(lambda who: page(who.kind in MUNICIPAL and who.role == Role.ADMINISTRATOR)),
        contains=lambda who: False, marker=lambda w: w.horst_import_run.file_name),
    Row("registry:import-detail", lambda w: f"/imports/bag/{w.import_run.pk}/",
        login_wall(lambda who: page(who.kind == K.MUNICIPAL_ENFORCEMENT and who.role == Role.ADMINISTRATOR))),
    Row("registry:import-detail", lambda w: f"/imports/bag/{w.horst_import_run.pk}/", login_wall(lambda who: 404)),
    Row("registry:import-progress", lambda w: f"/imports/bag/{w.import_run.pk}/voortgang/",
        login_wall(lambda who: page(who.kind == K.MUNICIPAL_ENFORCEMENT and who.role == Role.ADMINISTRATOR))),
    Row("registry:import-progress", lambda w: f"/imports/bag/{w.horst_import_run.pk}/voortgang/",
        login_wall(lambda who: 404)),
    *_enforcement_rows(),
    # Walk lists (walklists/): the municipal enforcement department's own, like the risk scores they come from.
    *_walklist_rows(),
    *_case_rows(),
    # Meldingen (meldingen/): the municipality reads its territory's meldingen with description and
    # attachments; a partner reads those on addresses of its cases (without description and
    # attachments) and those it registered itself (with). Handlers and coordinators register them.
    *_melding_rows(),
    *_laa_rows(),
    *_inspection_rows(),
    # Risk-driven inspections (risk/): the municipal enforcement department's own working information.
    *_risk_rows(),
    *_steering_rows(),
    # Care and integration (care/): stricter than the case. A referral is read by the organisation that
    # made it, the one that received it and the social domain of the address's municipality; not by
    # the other organisations in the case (police, housing corporation, municipal enforcement).
    Row("care:queue", lambda w: "/zorg/", login_wall(lambda who: page(dossier_reader(who, in_case=True))),
        contains=lambda who: who.role in READ_ROLES and who.kind in {K.FIRE_SERVICE, K.GGD, K.MUNICIPAL_SOCIAL},
        marker=lambda w: w.care_referral.reference),
    Row("care:queue", lambda w: "/zorg/", login_wall(lambda who: page(dossier_reader(who, in_case=True))),
        contains=lambda who: who.role in READ_ROLES and who.kind in {K.POLICE, K.GGD},
        marker=lambda w: w.horst_care_referral.reference),
    Row("care:queue", lambda w: "/zorg/", login_wall(lambda who: page(dossier_reader(who, in_case=True))),
        contains=lambda who: who.role in READ_ROLES and who.kind == K.MUNICIPAL_SOCIAL,
        marker=lambda w: w.trajectory.reference),
    Row("care:refer", lambda w: f"/zorg/zaken/{w.care_referral.case_id}/doorverwijzen/",
        login_wall(lambda who: page(who.role in CHANGE_ROLES and who.kind in MUNICIPAL | EXTERNAL))),
    Row("care:refer", lambda w: f"/zorg/zaken/{w.horst_care_referral.case_id}/doorverwijzen/",
        login_wall(lambda who: page(who.role in CHANGE_ROLES and who.kind in EXTERNAL))),
    Row("care:referral", lambda w: f"/zorg/doorverwijzingen/{w.care_referral.pk}/",
        login_wall(lambda who: page(who.role in READ_ROLES and who.kind in {K.FIRE_SERVICE, K.GGD, K.MUNICIPAL_SOCIAL}))),
    Row("care:referral", lambda w: f"/zorg/doorverwijzingen/{w.horst_care_referral.pk}/",
        login_wall(lambda who: page(who.role in READ_ROLES and who.kind in {K.POLICE, K.GGD}))),
    Row("care:trajectory-create", lambda w: f"/zorg/trajecten/nieuw/?zaak={w.care_referral.case_id}",
        login_wall(lambda who: page(who.role in CHANGE_ROLES and who.kind == K.MUNICIPAL_SOCIAL))),
    Row("care:trajectory-create", lambda w: f"/zorg/trajecten/nieuw/?zaak={w.horst_care_referral.case_id}",
        login_wall(lambda who: 404)),
    Row("care:trajectory", lambda w: f"/zorg/trajecten/{w.trajectory.pk}/",
        login_wall(lambda who: page(who.role in READ_ROLES and who.kind == K.MUNICIPAL_SOCIAL))),
    Row("care-api:referral-list", lambda w: "/api/v1/care-referrals/", login_wall(lambda who: 200, api=True),
        api=True, contains=lambda who: who.role in READ_ROLES and who.kind in {K.FIRE_SERVICE, K.GGD, K.MUNICIPAL_SOCIAL},
        marker=lambda w: w.care_referral.reference),
    Row("care-api:referral-list", lambda w: "/api/v1/care-referrals/", login_wall(lambda who: 200, api=True),
        api=True, contains=lambda who: who.role in READ_ROLES and who.kind in {K.POLICE, K.GGD},
        marker=lambda w: w.horst_care_referral.reference),
    Row("care-api:referral-detail", lambda w: f"/api/v1/care-referrals/{w.care_referral.pk}/",
        login_wall(lambda who: page(who.role in READ_ROLES and who.kind in {K.FIRE_SERVICE, K.GGD, K.MUNICIPAL_SOCIAL}),
                   api=True), api=True),
    Row("care-api:referral-detail", lambda w: f"/api/v1/care-referrals/{w.horst_care_referral.pk}/",
        login_wall(lambda who: page(who.role in READ_ROLES and who.kind in {K.POLICE, K.GGD}), api=True), api=True),
    # Council reports (steering/): the municipality's own, for its municipal departments.
    *_council_report_rows(),
    *_exchange_rows(),
    # The public meldpunt (meldpunt/): open to everyone; the reporter's contact details to the intake only.
    *_meldpunt_rows(),
    *_privacy_rows(),
    *_information_rows(),
    # The knowledge base (knowledge/): articles by what is shared, lessons by need-to-know.
    *_knowledge_rows(),
    *_accounts_rows(),
    *_account_rows(),
]


def _route_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":  # Django's admin: every view is staff-only; one row covers it
                names.add("admin:index")
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _route_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}<unnamed {pattern.pattern}>")
    return names


def test_every_route_has_a_row():
    missing = _route_names(get_resolver()) - {row.name for row in MATRIX}
    assert not missing, f"routes without a row in the access matrix: {sorted(missing)}"


class _MatrixPart:
    """The requests of one part of MATRIX, every user against every row of the part."""

    rows: tuple[Row, ...]

    @classmethod
    def setUpTestData(cls):
        cls.world = World()

    def _get(self, row: Row, who: Who):
        user = self.world.users[who]
        if user is None:
            return Client().get(row.path(self.world))
        if row.api:  # a personal API key of the user, one per user for the whole part
            if who not in self.api_keys:
                self.api_keys[who] = api_token_header(user)
            return Client().get(row.path(self.world), HTTP_AUTHORIZATION=self.api_keys[who])
        # One logged-in client per user for the whole matrix: logging in anew for each of the
        # thousands of requests cost more than the requests themselves.
        if who not in self.logged_in:
            self.logged_in[who] = Client()
            self.logged_in[who].force_login(user)
        return self.logged_in[who].get(row.path(self.world))

    def setUp(self):
        self.logged_in: dict[Who, Client] = {}
        self.api_keys: dict[Who, str] = {}

    def test_matrix(self):
        failures = []
        for row in self.rows:
            for who in self.world.users:
                response = self._get(row, who)
                expected = row.expect(who)
                if response.status_code != expected:
                    failures.append(f"{row.name} {row.path(self.world)} as {who}: {response.status_code} != {expected}")
                    continue
                if row.contains and response.status_code == 200:
                    present = row.marker(self.world) in response.content.decode()
                    if present != row.contains(who):
                        failures.append(
                            f"{row.name} {row.path(self.world)} as {who}: marker "
                            f"{'shown' if present else 'missing'}, expected {'shown' if row.contains(who) else 'hidden'}"
                        )
        assert not failures, f"{len(failures)} access-matrix failures:\n" + "\n".join(failures[:60])


# Fifteen thousand requests in one test kept one test worker busy for up to 13 minutes on PostgreSQL
# while the other had finished: the matrix runs in parts (every n-th row, so that each part mixes
# cheap and expensive pages), each with its own World, which pytest-xdist hands to both workers.
PARTS = 8
for _part in range(PARTS):
    _name = f"AccessMatrixPart{_part + 1}Test"
    globals()[_name] = type(_name, (_MatrixPart, TestCase), {"rows": tuple(MATRIX[_part::PARTS])})
del _part, _name


def test_the_parts_cover_every_row_once():
    parts = [row for index in range(PARTS) for row in globals()[f"AccessMatrixPart{index + 1}Test"].rows]
    assert sorted(map(id, parts)) == sorted(map(id, MATRIX))

"""The retention schedule (bewaarschema) as data: one row per record type, and per case type or
result where the selectielijst differs. Each rule says which records it covers, the event its
period starts from, what happens when it has passed, whether the privacy officer approves a
destruction list first, and why. The periods themselves are dated parameters (RetentionPeriod,
seeded from DEFAULT_PERIODS by migration 0003), so a change is a new row from a new date.

Every model of our apps is either covered by a rule (as its record or as part of its file) or
listed in EXEMPT with the reason; tests/privacy/test_schedule.py fails on a model that is neither.
"""

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Callable, Sequence

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from . import removal


class Action(StrEnum):
    DELETE = "delete"
    ANONYMISE = "anonymise"


# --- legal holds: what is never removed while it lasts -------------------------------------------

def open_case_at(address_path: str) -> Q:
    """An open case on the same address: its records may become evidence."""
    Case = apps.get_model("cases.Case")
    return Q(Exists(Case.objects.filter(address=OuterRef(address_path), closed_on__isnull=True)))


def open_intervention(case_path: str = "pk") -> Q:
    """An enforcement procedure of the case that has not ended: its last step is anything but a
    re-inspection that found compliance (a zienswijze without decision, a decision still open to
    objection or appeal, a penalty forfeited and not yet collected...)."""
    Intervention = apps.get_model("enforcement.Intervention")
    ProcedureStep = apps.get_model("enforcement.ProcedureStep")
    last_step = ProcedureStep.objects.filter(intervention=OuterRef("pk")).order_by("-on", "-id").values("kind")[:1]
    running = (Intervention.objects.filter(case=OuterRef(case_path)).annotate(last_step=Subquery(last_step))
               .filter(last_step__isnull=False).exclude(last_step="hercontrole_nageleefd"))
    return Q(Exists(running))


def open_care(case_path: str = "pk") -> Q:
    """Care still running for someone in the case."""
    referrals = apps.get_model("care.CareReferral").objects.filter(case=OuterRef(case_path)).exclude(status="gesloten")
    trajectories = apps.get_model("care.Trajectory").objects.filter(case=OuterRef(case_path)).exclude(status="afgesloten")
    return Q(Exists(referrals)) | Q(Exists(trajectories))


def _has_intervention() -> Q:
    return Q(Exists(apps.get_model("enforcement.Intervention").objects.filter(case=OuterRef("pk"))))


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    model: str  # app_label.Model of the record whose period runs
    start: str  # field path of the start event's date (or datetime)
    municipality: str  # field path to the municipality the record belongs to (the controller)
    action: Action
    needs_approval: bool
    why: str
    start_event: str
    eligible: Callable[[], Q]
    execute: Callable[[Sequence[int]], None]
    holds: tuple[Callable[[], Q], ...] = ()
    covers: tuple[str, ...] = field(default=())  # other models that go with the record (its file)

    @property
    def model_class(self):
        return apps.get_model(self.model)


CASE_PARTS = ("cases.CaseEvent", "cases.CaseParticipant", "cases.PartnerRequest", "cases.ConsultationItem",
              "enforcement.Intervention", "enforcement.ProcedureStep", "enforcement.Letter", "care.CareReferral",
              "care.Trajectory", "care.FollowUp", "inspections.Inspection", "inspections.InspectionTeamMember",
              "inspections.Finding", "meldingen.Melding", "meldingen.MeldingAttachment", "meldingen.LaaSignal",
              "meldingen.LaaStatusChange", "meldpunt.Report", "knowledge.LessonLink")

RULES: list[Rule] = [
    Rule("case_supervision", _("Toezichtdossiers (zaken zonder interventie)"), "cases.Case", "closed_on",
         "municipality", Action.DELETE, True,
         _("Selectielijst gemeenten: toezicht zonder handhavingsbesluit, 5 jaar na afsluiten; "
           "daarna heeft het dossier geen functie meer voor hercontrole of recidive."),
         _("zaak gesloten"),
         lambda: Q(closed_on__isnull=False) & ~_has_intervention(), removal.delete_case_files,
         holds=(open_care,), covers=CASE_PARTS),
    Rule("case_enforcement", _("Handhavingsdossiers (zaken met een interventie of sanctie)"), "cases.Case",
         "closed_on", "municipality", Action.DELETE, True,
         _("Selectielijst gemeenten: handhavingsdossiers 10 jaar na afsluiten, voor recidive (Wgv: "
           "herhaling), invordering en verjaring van dwangsommen."),
         _("zaak gesloten"),
         lambda: Q(closed_on__isnull=False) & _has_intervention(), removal.delete_case_files,
         holds=(open_intervention, open_care), covers=CASE_PARTS),
    Rule("melding_rejected", _("Afgewezen meldingen"), "meldingen.Melding", "handled_on", "municipality",
         Action.ANONYMISE, False,
         _("Een afgewezen melding leidt niet tot een zaak: na 1 jaar gaan de omschrijving, bijlagen en "
           "contactgegevens weg; categorie, bron, datums en plaats blijven voor de sturingscijfers."),
         _("melding afgewezen"),
         lambda: Q(status="afgewezen", handled_on__isnull=False) & ~removal.is_anonymised_melding(),
         removal.anonymise_meldingen, holds=(lambda: open_case_at("address"),)),
    Rule("meldpunt_contact", _("Contactgegevens van melders (meldpunt)"), "meldpunt.Report", "melding__handled_on",
         "melding__municipality", Action.ANONYMISE, False,
         _("Contactgegevens dienen alleen om de melder terug te bellen zolang de melding in behandeling "
           "is; 3 maanden na afhandeling zijn ze niet meer nodig (dataminimalisatie)."),
         _("melding afgehandeld (gekoppeld of afgewezen)"),
         lambda: Q(anonymous=False, melding__handled_on__isnull=False), removal.anonymise_meldpunt_contacts),
    Rule("registration", _("Beëindigde inschrijvingen (BRP/RNI)"), "registry.Registration", "end_date",
         "address__municipality", Action.DELETE, True,
         _("Een beëindigde inschrijving is bewijs in toezicht op overbewoning: zo lang als een "
           "toezichtdossier, 5 jaar na uitschrijving. De BRP zelf blijft de bron."),
         _("uitgeschreven"),
         lambda: Q(end_date__isnull=False), removal.delete_rows("registry.Registration"),
         holds=(lambda: open_case_at("address"),)),
    Rule("ownership", _("Beëindigd eigendom"), "registry.Ownership", "end_date", "address__municipality",
         Action.DELETE, True,
         _("Eigendom van een (pseudonieme) particulier telt voor recidive van een verhuurder: zo lang als "
           "een handhavingsdossier, 10 jaar na het einde."),
         _("eigendom beëindigd"),
         lambda: Q(end_date__isnull=False), removal.delete_rows("registry.Ownership"),
         holds=(lambda: open_case_at("address"),)),
    Rule("inspection", _("Pandcontroles buiten een zaak"), "inspections.Inspection", "inspected_on", "municipality",
         Action.DELETE, True,
         _("Een controle zonder zaak is toezicht: 5 jaar na de controledatum, zoals een toezichtdossier."),
         _("controledatum"),
         lambda: Q(case__isnull=True), removal.delete_rows("inspections.Inspection"),
         holds=(lambda: open_case_at("address"),), covers=("inspections.InspectionTeamMember", "inspections.Finding")),
    Rule("walk_list", _("Looplijsten"), "walklists.WalkList", "day", "municipality", Action.DELETE, True,
         _("Een looplijst en de keuzes van inspecteurs verantwoorden de selectie van adressen: 5 jaar, "
           "zoals de controles die eruit volgden."),
         _("dag van de looplijst"),
         lambda: Q(), removal.delete_walk_lists, covers=("walklists.WalkListItem", "walklists.WalkListDecision")),
    Rule("risk_score", _("Risicoscores van adressen"), "risk.RiskScore", "run__as_of", "run__municipality",
         Action.DELETE, True,
         _("Een score is alleen actueel op zijn peildatum; na 2 jaar zijn de evaluatie (trefkans) en de "
           "verantwoording in het algoritmeregister gedaan. De run zelf (instellingen, versie) blijft."),
         _("peildatum van de risicorun"),
         lambda: Q(), removal.delete_rows("risk.RiskScore")),
    Rule("processing_log", _("Verwerkingslog"), "audit.ProcessingLogEntry", "start_time", "municipality",
         Action.DELETE, True,
         _("Logboek Dataverwerkingen: het log moet de gegevens waarover het gaat overleven, zodat een "
           "betrokkene kan nagaan wie zijn gegevens zag; het langste dossier (10 jaar na afsluiten, na "
           "een zaak van enkele jaren) bepaalt de termijn: 12 jaar."),
         _("tijdstip van de verwerking"),
         lambda: Q(), removal.delete_rows("audit.ProcessingLogEntry")),
    Rule("security_event", _("Beveiligingsgebeurtenissen (inloggen, geweigerde toegang)"), "accounts.SecurityEvent",
         "at", "municipality", Action.DELETE, False,
         _("BIO: inlog- en toegangsgebeurtenissen bewaren om misbruik te kunnen onderzoeken; een jaar dekt "
           "de gebruikelijke termijn van een incidentonderzoek en een jaarlijkse audit."),
         _("tijdstip van de gebeurtenis"),
         lambda: Q(), removal.delete_rows("accounts.SecurityEvent")),
    Rule("user_session", _("Actieve sessies (Mijn sessies)"), "accounts.UserSession", "last_seen_at",
         "user__membership__organisation__municipality", Action.DELETE, False,
         _("Een rij hoort bij een sessie en verdwijnt met haar; een verlaten sessie is na 10 uur verlopen, "
           "dus een rij die een dag niet gebruikt is, heeft geen functie meer."),
         _("laatst actief"),
         lambda: Q(), removal.delete_rows("accounts.UserSession")),
    Rule("api_token", _("Persoonlijke API-sleutels"), "accounts.PersonalApiToken", "expires_at",
         "user__membership__organisation__municipality", Action.DELETE, False,
         _("Een verlopen sleutel werkt niet meer; een maand lang ziet de gebruiker nog dat hij verliep. "
           "Aanmaken en intrekken staan in de beveiligingsgebeurtenissen (1 jaar)."),
         _("vervaldatum van de sleutel"),
         lambda: Q(), removal.delete_rows("accounts.PersonalApiToken")),
    Rule("access_request", _("Exports van inzageverzoeken"), "privacy.AccessRequest", "created_at", "municipality",
         Action.DELETE, False,
         _("Een inzage-export is een kopie die de privacyfunctionaris aan de betrokkene geeft: na 7 dagen "
           "weg (de aanvraag staat in het verwerkingslog)."),
         _("aangevraagd"),
         lambda: Q(), removal.delete_access_requests),
]

BY_KEY: dict[str, Rule] = {rule.key: rule for rule in RULES}

SOURCE = "Bewaarschema Regiekamer (ADR 0011), naar de Selectielijst gemeenten en intergemeentelijke organen"
DEFAULT_FROM = dt.date(2020, 1, 1)
# (years, months, days) per record type, in force from DEFAULT_FROM.
DEFAULT_PERIODS: dict[str, tuple[int, int, int]] = {
    "case_supervision": (5, 0, 0),
    "case_enforcement": (10, 0, 0),
    "melding_rejected": (1, 0, 0),
    "meldpunt_contact": (0, 3, 0),
    "registration": (5, 0, 0),
    "ownership": (10, 0, 0),
    "inspection": (5, 0, 0),
    "walk_list": (5, 0, 0),
    "risk_score": (2, 0, 0),
    "processing_log": (12, 0, 0),
    "access_request": (0, 0, 7),
    "security_event": (1, 0, 0),
    "user_session": (0, 0, 1),
    "api_token": (0, 1, 0),
}

# Models that no rule removes, and why. A new model must be added to a rule or here.
EXEMPT: dict[str, str] = {
    "organisations.Organisation": "organisaties, geen persoonsgegevens",
    "organisations.Membership": "accountbeheer: vervalt met het account (uitdienst-proces), niet met een dossier",
    "organisations.ApiClient": "accountbeheer van partnersystemen: ingetrokken, niet vernietigd (verantwoording)",
    "norms.Norm": "configuratie (gedateerde normen)",
    "registry.Region": "openbare indeling",
    "registry.Municipality": "openbare indeling",
    "registry.Building": "BAG: openbare feiten over een pand",
    "registry.Address": "BAG: openbare feiten over een adres",
    "registry.Owner": "eigenaar: rechtspersoon (KvK, openbaar) of alleen een pseudoniem; het eigendom (Ownership) heeft een termijn",
    "registry.Employer": "werkgevers en uitzendbureaus: rechtspersonen (KvK, openbaar)",
    "registry.ImportRun": "BAG-import: openbare gegevens en de naam van de beheerder (verantwoording)",
    "registry.Permit": "vergunningen en keurmerken van een adres: openbare besluiten",
    "meldingen.RoutingRule": "configuratie",
    "inspections.ChecklistTemplate": "configuratie",
    "inspections.ChecklistItem": "configuratie",
    "enforcement.LhsoCell": "configuratie (interventiematrix)",
    "enforcement.LetterTemplate": "configuratie (briefsjablonen)",
    "cases.Consultation": "een overleg (datum, titel, organisaties); de besproken zaken gaan met hun dossier (ConsultationItem)",
    "risk.RiskSetting": "algoritmeregister: instellingen en redenen blijven zolang het model bestaat (verantwoording)",
    "risk.RiskRun": "algoritmeregister: run, versie en instellingen; de scores per adres hebben een termijn (risk_score)",
    "exchange.Delivery": "leveringslog (wie leverde wat, wanneer): verantwoording; het geüploade bestand is de bron van de partner",
    "exchange.ExternalRef": "koppeling van kenmerken van de partner aan onze ids; geen persoonsgegevens",
    "exchange.RecordChange": "wijzigingslog van leveringen: verantwoording van de partner; open punt in ADR 0011",
    "steering.Project": "plan van aanpak: beleidsdocument",
    "steering.Agreement": "convenant: beleidsdocument",
    "steering.Target": "doelen: beleidsdocument",
    "steering.OccupancySnapshot": "tellingen per buurt, geen persoonsgegevens",
    "steering.FigurePackage": "geaggregeerde cijfers, kleine aantallen onderdrukt",
    "steering.FigureCell": "geaggregeerde cijfers, kleine aantallen onderdrukt",
    "steering.Report": "kwartaalrapportage: tellingen, geen persoonsgegevens",
    "meldpunt.ThrottleEvent": "gehashte adressen; de throttle verwijdert ze zelf na zijn venster",
    "accounts.LoginFailure": "gehashte inlogpogingen; de lockout verwijdert ze zelf na zijn venster (15 minuten)",
    "demo.ProblemTruth": "alleen de demo-omgeving",
    "information.Item": "voorlichtingsmateriaal: openbare teksten, alleen de naam van de maker (verantwoording)",
    "information.ItemText": "voorlichtingsmateriaal: versies van openbare teksten met de naam van de vertaler",
    "knowledge.Tag": "configuratie (labels)",
    "knowledge.Article": "kennisbank: werkinstructies en goede voorbeelden, met de naam van de eigenaar (verantwoording)",
    "knowledge.ArticleVersion": "kennisbank: versiegeschiedenis van een artikel",
    "knowledge.Attachment": "kennisbank: bijlagen (sjablonen, checklists) zonder dossiergegevens",
    "knowledge.ImprovementAction": "verbeteracties van de regio: beleid, met de eigenaar (verantwoording)",
    "knowledge.ActionEvent": "statusgeschiedenis van een verbeteractie",
    "privacy.RetentionPeriod": "configuratie (gedateerde bewaartermijnen)",
    "privacy.DestructionList": "verantwoording van vernietiging: alleen ids, blijft (archiefwet: verklaring van vernietiging)",
    "privacy.DestructionListItem": "verantwoording van vernietiging: alleen ids",
    "privacy.RetentionRun": "verantwoording van vernietiging",
    "privacy.RetentionAction": "verantwoording van vernietiging: alleen ids en hun hash",
    "privacy.DestructionGate": "technisch, alleen binnen één transactie gevuld",
}


def covered_models() -> set[str]:
    return {rule.model for rule in RULES} | {label for rule in RULES for label in rule.covers}

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaseType(models.TextChoices):
    OVERCROWDING = "overbewoning", _("Overbewoning")
    FIRE_SAFETY = "brandveiligheid", _("Brandveiligheid")
    LANDLORD = "goed_verhuurderschap", _("Goed verhuurderschap")
    EXPLOITATION = "uitbuiting", _("Uitbuiting")
    BRP_INVESTIGATION = "brp_adresonderzoek", _("BRP-adresonderzoek")


class CaseStatus(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    INVESTIGATING = "in_onderzoek", _("In onderzoek")
    INSPECTION_PLANNED = "controle_gepland", _("Controle gepland")
    ENFORCEMENT = "handhaving", _("Handhaving")
    REINSPECTION = "hercontrole", _("Hercontrole")
    REFERRED = "doorgezet", _("Doorgezet naar partner")
    CLOSED = "afgesloten", _("Afgesloten")


class CaseResult(models.TextChoices):
    LEGALISED = "gelegaliseerd", _("Situatie gelegaliseerd")
    REHOUSED = "herhuisvest", _("Bewoners herhuisvest")
    ENDED = "beeindigd", _("Situatie beëindigd")
    NO_VIOLATION = "geen_overtreding", _("Geen overtreding gevonden")
    REFERRED = "overgedragen", _("Overgedragen aan partner")
    OTHER = "anders", _("Anders")


class Case(models.Model):
    """A zaak about one address, handled by one organisation with others taking part.

    The status moves only through cases.workflow (a transition table); every change is a CaseEvent.
    `version` guards against two handlers overwriting each other (optimistic locking).
    """

    address = models.ForeignKey("registry.Address", on_delete=models.PROTECT, related_name="cases")
    # The address's municipality, kept on the case: steering figures count a municipality's cases
    # (and everything hanging off them) without joining every address (ADR 0006).
    municipality = models.ForeignKey("registry.Municipality", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("gemeente"))
    case_type = models.CharField(_("zaaktype"), max_length=30, choices=CaseType.choices)
    responsible = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="responsible_cases",
        verbose_name=_("verantwoordelijke organisatie"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases",
        verbose_name=_("behandelaar"),
    )
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices,
                              default=CaseStatus.NEW, db_default=CaseStatus.NEW)
    status_since = models.DateField(_("status sinds"), null=True, blank=True)
    due_on = models.DateField(_("uiterste datum status"), null=True, blank=True)
    opened_on = models.DateField(_("geopend op"))
    closed_on = models.DateField(_("gesloten op"), null=True, blank=True)
    result = models.CharField(_("resultaat"), max_length=20, choices=CaseResult.choices, blank=True, db_default="")
    lesson = models.TextField(_("geleerde les"), blank=True, db_default="")
    version = models.PositiveIntegerField(default=1, db_default=1)

    class Meta:
        verbose_name = _("zaak")
        verbose_name_plural = _("zaken")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="afgesloten", closed_on__isnull=False) | ~Q(status="afgesloten"),
                name="case_closed_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_case_type_display()}"

    @property
    def reference(self) -> str:
        return f"Z{self.opened_on:%Y}-{self.pk:06d}"

    @property
    def is_overdue(self) -> bool:
        """Past the due date of its status (a closed case is never overdue)."""
        return self.due_on is not None and self.status != CaseStatus.CLOSED and self.due_on < timezone.localdate()


class EventKind(models.TextChoices):
    OPENED = "opened", _("Zaak geopend")
    STATUS = "status", _("Status gewijzigd")
    HANDLER = "handler", _("Behandelaar toegewezen")
    NOTE = "note", _("Notitie")
    MELDING = "melding", _("Melding gekoppeld")
    PARTNER_REQUEST = "partner_request", _("Partnerverzoek")
    PARTNER_ANSWER = "partner_answer", _("Antwoord op partnerverzoek")
    INSPECTION = "inspection", _("Pandcontrole")
    INTERVENTION = "intervention", _("Interventie")
    LETTER = "letter", _("Brief")
    CARE = "care", _("Zorg en integratie")
    CONSULTATION = "consultation", _("Casusoverleg")
    CLOSED = "closed", _("Zaak gesloten")


class CaseEvent(models.Model):
    """One line of a case's history. Appended only: database triggers refuse UPDATE and DELETE."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("tijdstip"), db_index=True)
    kind = models.CharField(_("soort"), max_length=20, choices=EventKind.choices)
    text = models.TextField(_("omschrijving"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(_("door"), max_length=150)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True)
    # Every organisation that may see the case reads its timeline, so a line carries no more
    # than they all may know: details under stricter need-to-know (care) stay in their own app.
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("zaakgebeurtenis")
        verbose_name_plural = _("zaakgebeurtenissen")
        ordering = ["at", "id"]


class CaseParticipant(models.Model):
    """An organisation that takes part in a case: the only way an external partner reaches a dossier."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="case_participations"
    )
    since = models.DateField(_("sinds"))

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="case_participant_unique")
        ]


class RequestKind(models.TextChoices):
    INFORMATION = "informatie", _("Informatie")
    JOINT_INSPECTION = "gezamenlijke_controle", _("Gezamenlijke controle")
    CAPACITY = "capaciteit", _("Capaciteit")
    BRP_INVESTIGATION = "brp_adresonderzoek", _("BRP-adresonderzoek")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "geaccepteerd", _("Geaccepteerd")
    DECLINED = "afgewezen", _("Afgewezen")
    ANSWERED = "beantwoord", _("Beantwoord")


class PartnerRequest(models.Model):
    """A question from the responsible organisation to another one: the only door by which an
    organisation that does not yet take part in a case may come in (by accepting)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="partner_requests")
    from_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="sent_partner_requests",
        verbose_name=_("van organisatie"),
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="received_partner_requests",
        verbose_name=_("aan organisatie"),
    )
    kind = models.CharField(_("soort verzoek"), max_length=30, choices=RequestKind.choices)
    message = models.TextField(_("toelichting"))
    due_on = models.DateField(_("graag antwoord vóór"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices,
                              default=RequestStatus.OPEN, db_default=RequestStatus.OPEN)
    answer = models.TextField(_("antwoord of reden"), blank=True, db_default="")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("verstuurd op"))
    decided_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("partnerverzoek")
        verbose_name_plural = _("partnerverzoeken")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.to_organisation}"


class Consultation(models.Model):
    """A casusoverleg: partners meet, put cases on the agenda and record who does what by when."""

    held_on = models.DateField(_("datum"))
    title = models.CharField(_("titel"), max_length=200)
    # A meeting of one municipality, or of the whole region (then municipality is empty).
    municipality = models.ForeignKey("registry.Municipality", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("gemeente"))
    region = models.ForeignKey("registry.Region", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("regio"))
    organisations = models.ManyToManyField("organisations.Organisation", related_name="consultations",
                                           verbose_name=_("deelnemende organisaties"))
    organiser = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("organisator"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("casusoverleg")
        verbose_name_plural = _("casusoverleggen")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d-%m-%Y})"


class ConsultationItem(models.Model):
    """One case on the agenda; its decision is recorded once and then appended to the case."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consultation_items")
    decision = models.TextField(_("besluit"), blank=True, db_default="")
    acting_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("actie door"),
    )
    action_on = models.DateField(_("actie vóór"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "case"], name="consultation_item_unique")
        ]

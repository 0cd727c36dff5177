from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    VIOLATION = "violation", _("Overtreding")
    NO_VIOLATION = "no_violation", _("Geen overtreding")
    NO_ACCESS = "no_access", _("Geen toegang")


class Severity(models.TextChoices):
    SERIOUS = "serious", _("Ernstig")
    OTHER = "other", _("Overig")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    RECORDED = "recorded", _("Vastgelegd")


class AnswerType(models.TextChoices):
    NUMBER = "number", _("Getal")
    YES_NO = "yes_no", _("Ja/nee")
    TEXT = "text", _("Tekst")


class Prefill(models.TextChoices):
    """Where a checklist answer can be prefilled from before the inspector counts for themselves."""

    NONE = "", _("Niet vooraf ingevuld")
    REGISTERED_PERSONS = "registered_persons", _("Ingeschreven personen (BRP/RNI)")
    BAG_FLOOR_AREA = "bag_floor_area", _("Gebruiksoppervlakte (BAG)")


class ChecklistTemplate(models.Model):
    """A checklist for a pandcontrole. Templates are data: a new version is a new row."""

    name = models.CharField(_("naam"), max_length=200)
    version = models.PositiveIntegerField(_("versie"), default=1)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="checklist_unique_version")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class ChecklistItem(models.Model):
    """One question of a checklist; `norm_rule` names the check in inspections/checks.py it feeds."""

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("code"), max_length=60)
    question = models.CharField(_("vraag"), max_length=300)
    answer_type = models.CharField(_("soort antwoord"), max_length=10, choices=AnswerType.choices)
    whole_number = models.BooleanField(_("geheel getal"), default=True)
    unit = models.CharField(_("eenheid"), max_length=20, blank=True)
    norm_rule = models.CharField(_("normregel"), max_length=40, blank=True)
    prefill = models.CharField(_("vooraf invullen uit"), max_length=30, choices=Prefill.choices, blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("checklistvraag")
        verbose_name_plural = _("checklistvragen")
        ordering = ["template", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="checklist_item_unique_code")]

    def __str__(self) -> str:
        return self.question


class Inspection(models.Model):
    """A pandcontrole: planned with a team, then recorded with findings and an outcome.

    `parameters` keeps the norm values in force on the inspection date, so that a later change of a
    norm never rewrites the judgement of a past inspection. `version` guards against two recorders
    overwriting each other (optimistic locking).
    """

    address = models.ForeignKey("registry.Address", on_delete=models.PROTECT, related_name="inspections")
    # The address's municipality, kept on the inspection for the steering figures (ADR 0006).
    municipality = models.ForeignKey("registry.Municipality", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("gemeente"))
    inspected_on = models.DateField(_("datum"))
    status = models.CharField(_("status"), max_length=10, choices=InspectionStatus.choices,
                              default=InspectionStatus.RECORDED, db_default=InspectionStatus.RECORDED)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices, blank=True, db_default="")
    severity = models.CharField(_("ernst"), max_length=10, choices=Severity.choices, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="inspections", verbose_name=_("uitgevoerd door"),
    )
    persons_present = models.PositiveSmallIntegerField(_("aanwezige personen"), null=True, blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="inspections", verbose_name=_("zaak"))
    planned_on = models.DateField(_("gepland op"), null=True, blank=True)
    checklist = models.ForeignKey(ChecklistTemplate, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="inspections", verbose_name=_("checklist"))
    proposed_outcome = models.CharField(_("voorgestelde uitkomst"), max_length=20, choices=Outcome.choices,
                                        blank=True, db_default="")
    deviation_reason = models.TextField(_("reden van afwijking"), blank=True, db_default="")
    parameters = models.JSONField(_("normen op de controledatum"), default=dict, blank=True, db_default={})
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("vastgelegd door"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, db_default=1)

    class Meta:
        verbose_name = _("pandcontrole")
        verbose_name_plural = _("pandcontroles")
        indexes = [models.Index(fields=["address", "inspected_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="violation") | Q(severity=""), name="inspection_severity_only_for_violation"
            ),
            models.CheckConstraint(
                condition=Q(status="planned", outcome="") | (Q(status="recorded") & ~Q(outcome="")),
                name="inspection_outcome_only_when_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.address} {self.inspected_on:%d-%m-%Y}"


class InspectionTeamMember(models.Model):
    """An organisation (and optionally one of its people) in the inspection team."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="inspection_teams", verbose_name=_("organisatie"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("medewerker"))

    class Meta:
        verbose_name = _("teamlid")
        verbose_name_plural = _("team")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "organisation"], name="inspection_team_unique_org")
        ]


class Finding(models.Model):
    """The answer to one checklist question, as entered (numbers as text, yes/no as 'yes'/'no')."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    item_code = models.SlugField(_("vraag"), max_length=60)
    value = models.CharField(_("waarde"), max_length=500, blank=True)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("bevinding")
        verbose_name_plural = _("bevindingen")
        constraints = [models.UniqueConstraint(fields=["inspection", "item_code"], name="finding_unique_item")]

"""Enforcement (handhaving): the LHSO matrix as configuration, interventions, procedure steps, letters.

Interventions, steps and letters are history: they are appended, never edited (steps and letters
are guarded by database triggers). The matrix and the letter templates are configuration.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Behaviour(models.TextChoices):
    """LHSO columns: the offender's behaviour."""

    A = "A", _("A – welwillend")
    B = "B", _("B – onverschillig / reactief")
    C = "C", _("C – calculerend")
    D = "D", _("D – notoir / crimineel")


class Consequence(models.TextChoices):
    """LHSO rows: the consequences of the violation."""

    SLIGHT = "1", _("1 – gering")
    LESS_SIGNIFICANT = "2", _("2 – minder aanzienlijk")
    SIGNIFICANT = "3", _("3 – aanzienlijk")
    SUBSTANTIAL = "4", _("4 – substantieel en/of onomkeerbaar")


class InterventionType(models.TextChoices):
    INFORM = "informeren", _("Informeren / normoverdragend gesprek")
    WARNING = "waarschuwing", _("Waarschuwing")
    INTENDED_DECISION = "voornemen", _("Voornemen (vooraankondiging)")
    PENALTY_ORDER = "dwangsom", _("Last onder dwangsom")
    COERCION_ORDER = "bestuursdwang", _("Last onder bestuursdwang")
    ADMINISTRATIVE_FINE = "bestuurlijke_boete", _("Bestuurlijke boete")
    CLOSURE = "sluiting", _("Sluiting")
    PERMIT_WITHDRAWAL = "intrekking_vergunning", _("Intrekking verhuurvergunning")
    OFFICIAL_REPORT = "proces_verbaal", _("Proces-verbaal (Openbaar Ministerie)")
    LABOUR_INSPECTORATE = "arbeidsinspectie", _("Doorverwijzing Nederlandse Arbeidsinspectie")


class PenaltyBasis(models.TextChoices):
    PER_VIOLATION = "per_overtreding", _("per overtreding")
    PER_DAY = "per_dag", _("per dag")
    PER_WEEK = "per_week", _("per week")


class LhsoCell(models.Model):
    """One cell of the LHSO intervention matrix and the interventions it proposes.

    Configuration, not code: the national rows (municipality empty) come from a data migration;
    a municipality may add its own row for a cell, which then wins over the national one.
    """

    behaviour = models.CharField(_("gedrag"), max_length=1, choices=Behaviour.choices)
    consequence = models.CharField(_("gevolgen"), max_length=1, choices=Consequence.choices)
    municipality = models.ForeignKey(
        "registry.Municipality", null=True, blank=True, on_delete=models.CASCADE, related_name="lhso_cells"
    )
    proposals = models.JSONField(_("voorgestelde interventies"), default=list)
    # Aggravating factors (recidivism, financial gain) add these, pushing towards punitive enforcement.
    aggravated_proposals = models.JSONField(_("extra bij verzwarende omstandigheden"), default=list, blank=True)

    class Meta:
        verbose_name = _("cel interventiematrix")
        verbose_name_plural = _("interventiematrix (LHSO)")
        ordering = ["behaviour", "consequence"]
        constraints = [
            models.UniqueConstraint(fields=["behaviour", "consequence", "municipality"], name="lhso_cell_unique"),
            models.UniqueConstraint(fields=["behaviour", "consequence"], condition=Q(municipality__isnull=True),
                                    name="lhso_cell_unique_national"),
        ]

    def __str__(self) -> str:
        return f"{self.behaviour}{self.consequence}"


class Intervention(models.Model):
    """A chosen intervention on a case: the LHSO cell, the reasons and, if it departs from the
    cell's proposals, why. The proposals in force are copied, so later matrix changes leave it intact."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="interventions")
    intervention_type = models.CharField(_("interventie"), max_length=30, choices=InterventionType.choices)
    cell = models.ForeignKey(LhsoCell, on_delete=models.PROTECT, related_name="+", verbose_name=_("matrixcel"))
    proposed_types = models.JSONField(_("voorgesteld door de matrix"), default=list)
    recidivism = models.BooleanField(_("recidive"), default=False)
    financial_gain = models.BooleanField(_("financieel gewin"), default=False)
    reasons = models.TextField(_("motivering"))
    deviation_reason = models.TextField(_("reden van afwijking"), blank=True, default="")
    measures = models.TextField(_("te nemen maatregelen"), blank=True, default="")
    compliance_period_days = models.PositiveIntegerField(_("begunstigingstermijn (dagen)"), null=True, blank=True)
    amount_eur = models.DecimalField(_("bedrag dwangsom (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True)
    amount_basis = models.CharField(_("per"), max_length=20, choices=PenaltyBasis.choices, blank=True, default="")
    maximum_eur = models.DecimalField(_("maximum dwangsom (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True)
    fine_eur = models.DecimalField(_("boetebedrag (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True)
    repeat = models.BooleanField(_("herhaalde overtreding"), default=False)
    decided_on = models.DateField(_("besloten op"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by_name = models.CharField(_("door"), max_length=150)
    organisation = models.ForeignKey("organisations.Organisation", null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_intervention_type_display()} ({self.cell_label})"

    @property
    def cell_label(self) -> str:
        return f"{self.cell.behaviour}{self.cell.consequence}"

    @property
    def deviates(self) -> bool:
        return self.intervention_type not in self.proposed_types


class StepKind(models.TextChoices):
    INTENDED_DECISION_SENT = "voornemen_verzonden", _("Voornemen verzonden")
    RESPONSE_RECEIVED = "zienswijze_ontvangen", _("Zienswijze ontvangen")
    DECISION = "besluit", _("Besluit genomen")
    REINSPECTION_COMPLIANT = "hercontrole_nageleefd", _("Hercontrole: nageleefd")
    REINSPECTION_NOT_COMPLIANT = "hercontrole_overtreding", _("Hercontrole: niet nageleefd")
    FORFEITURE = "verbeurd", _("Dwangsom verbeurd")
    COLLECTION = "invordering", _("Invordering")


class ProcedureStep(models.Model):
    """One recorded step of an intervention's procedure, with the date it happened. Appended only."""

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("stap"), max_length=30, choices=StepKind.choices)
    on = models.DateField(_("datum"))
    note = models.TextField(_("toelichting"), blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_name = models.CharField(_("door"), max_length=150)
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("procedurestap")
        verbose_name_plural = _("procedurestappen")
        ordering = ["on", "id"]


class LetterKind(models.TextChoices):
    WARNING = "waarschuwing", _("Waarschuwing")
    INTENDED_DECISION = "voornemen", _("Voornemen")
    PENALTY_ORDER = "dwangsom", _("Last onder dwangsom")


class LetterTemplate(models.Model):
    """An editable letter text in Django template syntax, limited to the variables in letters.VARIABLES.

    The national defaults (municipality empty) come from a data migration; a coordinator's edit is
    stored as the municipality's own row, which then wins.
    """

    kind = models.CharField(_("soort brief"), max_length=20, choices=LetterKind.choices)
    municipality = models.ForeignKey(
        "registry.Municipality", null=True, blank=True, on_delete=models.CASCADE, related_name="letter_templates"
    )
    title = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"))
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    updated_by_name = models.CharField(_("gewijzigd door"), max_length=150, blank=True, default="")

    class Meta:
        verbose_name = _("briefsjabloon")
        verbose_name_plural = _("briefsjablonen")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "municipality"], name="letter_template_unique"),
            models.UniqueConstraint(fields=["kind"], condition=Q(municipality__isnull=True),
                                    name="letter_template_unique_national"),
        ]

    def __str__(self) -> str:
        return self.title


class Letter(models.Model):
    """A generated letter (PDF) as sent. Never regenerated in place: a new version is a new row."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="letters")
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(_("soort brief"), max_length=20, choices=LetterKind.choices)
    version = models.PositiveIntegerField(_("versie"))
    title = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"))  # the rendered text, as it went into the PDF
    # The PDF itself, in the database: letters are small and stay with the case's history.
    content = models.BinaryField(_("PDF"))
    file_name = models.CharField(_("bestandsnaam"), max_length=120)
    sha256 = models.CharField(max_length=64)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    generated_by_name = models.CharField(_("door"), max_length=150)
    generated_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        ordering = ["-generated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "kind", "version"], name="letter_version_unique")
        ]

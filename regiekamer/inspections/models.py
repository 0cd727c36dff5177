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


class Inspection(models.Model):
    """A pandcontrole and its outcome. Planning, checklists and findings come with issue 3."""

    address = models.ForeignKey("registry.Address", on_delete=models.PROTECT, related_name="inspections")
    inspected_on = models.DateField(_("datum"))
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices)
    severity = models.CharField(_("ernst"), max_length=10, choices=Severity.choices, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="inspections", verbose_name=_("uitgevoerd door"),
    )
    persons_present = models.PositiveSmallIntegerField(_("aanwezige personen"), null=True, blank=True)

    class Meta:
        verbose_name = _("pandcontrole")
        verbose_name_plural = _("pandcontroles")
        indexes = [models.Index(fields=["address", "inspected_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="violation") | Q(severity=""), name="inspection_severity_only_for_violation"
            )
        ]

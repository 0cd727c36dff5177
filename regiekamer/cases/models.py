from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseType(models.TextChoices):
    OVERCROWDING = "overbewoning", _("Overbewoning")
    FIRE_SAFETY = "brandveiligheid", _("Brandveiligheid")
    LANDLORD = "goed_verhuurderschap", _("Goed verhuurderschap")
    EXPLOITATION = "uitbuiting", _("Uitbuiting")
    BRP_INVESTIGATION = "brp_adresonderzoek", _("BRP-adresonderzoek")


class Case(models.Model):
    """A zaak about one address. Its workflow comes with issue 3; the foundation needs who takes part."""

    address = models.ForeignKey("registry.Address", on_delete=models.PROTECT, related_name="cases")
    case_type = models.CharField(_("zaaktype"), max_length=30, choices=CaseType.choices)
    responsible = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="responsible_cases",
        verbose_name=_("verantwoordelijke organisatie"),
    )
    opened_on = models.DateField(_("geopend op"))
    closed_on = models.DateField(_("gesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("zaak")
        verbose_name_plural = _("zaken")


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

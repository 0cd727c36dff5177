from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NormKey(models.TextChoices):
    FLOOR_AREA_PER_PERSON = "floor_area_m2_per_person", _("Gebruiksoppervlakte per persoon (m²)")
    WGV_FINE_FIRST = "wgv_fine_first_eur", _("Maximale boete Wgv, eerste overtreding (EUR)")
    WGV_FINE_REPEAT = "wgv_fine_repeat_eur", _("Maximale boete Wgv, herhaling binnen 4 jaar (EUR)")
    SNF_BEDROOM_PER_PERSON = "snf_bedroom_m2_per_person", _("SNF: slaapkamer per persoon (m²)")
    SNF_PERSONS_PER_TOILET = "snf_persons_per_toilet", _("SNF: personen per toilet (ten hoogste)")
    SNF_PERSONS_PER_SHOWER = "snf_persons_per_shower", _("SNF: personen per douche (ten hoogste)")


class Norm(models.Model):
    """A dated legal parameter: national (no municipality) or a municipality's own stricter value.

    A new value is a new row from a new date; old rows stay, so that a past inspection is judged
    against the norm that was in force on its date.
    """

    key = models.CharField(_("norm"), max_length=40, choices=NormKey.choices)
    municipality = models.ForeignKey(
        "registry.Municipality", null=True, blank=True, on_delete=models.CASCADE, related_name="norms"
    )
    value = models.DecimalField(_("waarde"), max_digits=12, decimal_places=2)
    valid_from = models.DateField(_("geldig vanaf"))
    source = models.CharField(_("bron"), max_length=300)

    class Meta:
        verbose_name = _("norm")
        verbose_name_plural = _("normen")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "municipality", "valid_from"], name="norm_unique_per_date"
            ),
            models.UniqueConstraint(
                fields=["key", "valid_from"], condition=Q(municipality__isnull=True),
                name="norm_unique_national_per_date",
            ),
        ]

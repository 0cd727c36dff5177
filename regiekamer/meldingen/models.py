from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeldingCategory(models.TextChoices):
    OVERCROWDING = "overbewoning", _("Overbewoning")
    FIRE_SAFETY = "brandonveiligheid", _("Brandonveiligheid")
    NUISANCE = "overlast", _("Overlast")
    EXPLOITATION = "uitbuiting", _("Uitbuiting / signalen mensenhandel")
    ILLEGAL_LETTING = "illegale_verhuur", _("Illegale verhuur / kamerverhuur")
    LANDLORD_COMPLAINT = "goed_verhuurderschap", _("Klacht goed verhuurderschap")
    UNSAFE_HOUSING = "onveilige_woonsituatie", _("Onveilige woonsituatie")
    POLLUTION = "vervuiling", _("Vervuiling")
    OTHER = "anders", _("Anders")


class MeldingSource(models.TextChoices):
    CITIZEN = "burger", _("Burger")
    ANONYMOUS = "anoniem", _("Anoniem")
    PARTNER = "partner", _("Partner")
    OWN_OBSERVATION = "eigen_waarneming", _("Eigen waarneming")
    LAA = "laa", _("LAA-signaal")


class Melding(models.Model):
    """A report or signal about an address. Case handling (issue 3) builds its intake on this."""

    address = models.ForeignKey("registry.Address", on_delete=models.PROTECT, related_name="meldingen")
    category = models.CharField(_("categorie"), max_length=30, choices=MeldingCategory.choices)
    source = models.CharField(_("bron"), max_length=20, choices=MeldingSource.choices)
    received_on = models.DateField(_("ontvangen op"))
    description = models.TextField(_("omschrijving"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="meldingen", verbose_name=_("geregistreerd door"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [models.Index(fields=["address", "received_on"])]

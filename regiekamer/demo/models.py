"""The demo's hidden ground truth, kept apart from everything the application shows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemKind(models.TextChoices):
    OVERCROWDING = "overcrowding", _("Overbewoning")
    ILLEGAL_LETTING = "illegal_letting", _("Illegale (kamer)verhuur")
    FIRE_RISK = "fire_risk", _("Brandgevaarlijke huisvesting")
    EXPLOITATION = "exploitation", _("Uitbuiting")
    BUSINESS_PREMISES = "business_premises", _("Bewoning van een bedrijfspand")


class ProblemTruth(models.Model):
    """Whether a generated address really is a problem address: the answer key of the demo.

    The generator decides this first and derives the observable signals from it, noisily. It exists
    only to measure a risk model or a rule against reality (hit rate, missed problems). It is never
    shown in the application: no admin registration, no view, no API, because a user who could see
    it would be shown the answer instead of the signals the real work has to go on.
    """

    address = models.OneToOneField(
        "registry.Address", on_delete=models.CASCADE, related_name="+", verbose_name=_("adres")
    )
    is_problem = models.BooleanField(_("probleemadres"))
    kind = models.CharField(_("soort"), max_length=20, choices=ProblemKind.choices, blank=True)
    # How many people really sleep there now, registered or not.
    actual_persons = models.PositiveSmallIntegerField(_("werkelijke bewoners"), default=0)

    class Meta:
        verbose_name = _("werkelijkheid (demo)")
        verbose_name_plural = _("werkelijkheid (demo)")
        default_permissions = ()

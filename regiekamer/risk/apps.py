from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "regiekamer.risk"
    label = "risk"
    verbose_name = _("Risicogestuurd controleren")

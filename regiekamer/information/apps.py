from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InformationConfig(AppConfig):
    name = "regiekamer.information"
    verbose_name = _("Voorlichtingsmateriaal")

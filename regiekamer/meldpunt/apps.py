from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeldpuntConfig(AppConfig):
    name = "regiekamer.meldpunt"
    verbose_name = _("Openbaar meldpunt")

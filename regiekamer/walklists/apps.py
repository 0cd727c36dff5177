from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WalklistsConfig(AppConfig):
    name = "regiekamer.walklists"
    label = "walklists"
    verbose_name = _("Looplijsten")

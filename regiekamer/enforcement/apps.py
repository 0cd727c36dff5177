from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "regiekamer.enforcement"
    label = "enforcement"

from django.apps import AppConfig


class NormsConfig(AppConfig):
    name = "regiekamer.norms"
    label = "norms"

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "regiekamer.core"
    label = "core"

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "regiekamer.registry"
    label = "registry"

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "regiekamer.organisations"
    label = "organisations"

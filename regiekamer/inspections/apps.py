from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "regiekamer.inspections"
    label = "inspections"

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "regiekamer.cases"
    label = "cases"

from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "regiekamer.care"
    label = "care"

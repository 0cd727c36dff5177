from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "regiekamer.demo"
    label = "demo"

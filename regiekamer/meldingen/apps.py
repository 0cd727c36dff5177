from django.apps import AppConfig


class MeldingenConfig(AppConfig):
    name = "regiekamer.meldingen"
    label = "meldingen"

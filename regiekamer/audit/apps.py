from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "regiekamer.audit"
    label = "audit"

"""The default routing rules (meldingen.routing): which kind of organisation a melding goes to.

Municipalities override them with rows of their own in the admin; these hold everywhere else.
"""

from django.db import migrations

# (category, source, organisation kind, priority); an empty category or source matches any.
DEFAULTS = [
    ("overbewoning", "", "gemeente_handhaving", 10),
    ("illegale_verhuur", "", "gemeente_handhaving", 10),
    ("goed_verhuurderschap", "", "gemeente_handhaving", 10),
    ("vervuiling", "", "gemeente_handhaving", 10),
    ("overlast", "", "gemeente_handhaving", 10),
    ("onveilige_woonsituatie", "", "gemeente_handhaving", 10),
    ("anders", "", "gemeente_handhaving", 10),
    ("brandonveiligheid", "", "brandweer", 10),
    ("brandonveiligheid", "", "gemeente_handhaving", 20),
    ("uitbuiting", "", "arbeidsinspectie", 10),
    ("uitbuiting", "", "politie", 20),
    # A signal of the Landelijke Aanpak Adreskwaliteit is a BRP address question, whatever its category.
    ("", "laa", "gemeente_burgerzaken", 5),
]


def add_defaults(apps, schema_editor):
    RoutingRule = apps.get_model("meldingen", "RoutingRule")
    RoutingRule.objects.bulk_create(
        RoutingRule(category=category, source=source, municipality=None, organisation_kind=kind, priority=priority)
        for category, source, kind, priority in DEFAULTS
    )


def remove_defaults(apps, schema_editor):
    apps.get_model("meldingen", "RoutingRule").objects.filter(municipality__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("meldingen", "0002_intake_status_attachments_routing")]
    operations = [migrations.RunPython(add_defaults, remove_defaults)]

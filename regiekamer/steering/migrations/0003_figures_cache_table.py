"""The table of the "figures" cache (config/settings.py CACHES, regiekamer/steering/figures_cache.py),
made by `migrate` so that no deployment step can forget `createcachetable`."""

from django.core.management import call_command
from django.db import migrations

TABLE = "regiekamer_figures_cache"  # CACHES["figures"]["LOCATION"]


def create(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("steering", "0002_project_ended_on_project_evaluation")]

    operations = [migrations.RunPython(create, drop)]

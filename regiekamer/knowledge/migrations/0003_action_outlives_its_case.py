"""A case file destroyed at the end of its retention period (privacy/, ADR 0011) takes the lesson links
to it along and leaves improvement actions with their note. On SQLite the lesson links' delete trigger
is made again through the destruction gate: it was made before the gate table existed."""

import django.db.models.deletion
from django.db import migrations, models

from regiekamer.core.append_only import sqlite_delete_trigger

TABLE = "knowledge_lessonlink"


def _trigger(gated: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":  # PostgreSQL's shared function looks at the gate itself
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_delete")
            schema_editor.execute(sqlite_delete_trigger(TABLE, gated=gated))
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_case_municipality'),
        ('knowledge', '0002_append_only_and_tags'),
        ('privacy', '0002_gates_and_append_only'),
    ]

    operations = [
        migrations.AlterField(
            model_name='improvementaction',
            name='source_case',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cases.case'),
        ),
        migrations.RunPython(_trigger(gated=True), _trigger(gated=False)),
    ]

"""Retention actions are appended only; and the history tables that a destruction list may remove
get the gate in their DELETE trigger (core/append_only.py). UPDATE stays refused everywhere."""

from django.db import migrations

from regiekamer.core.append_only import POSTGRESQL_REFUSE_FUNCTION, append_only, sqlite_delete_trigger

GATED = ["audit_processinglogentry", "care_followup", "cases_caseevent", "enforcement_intervention",
         "enforcement_procedurestep", "enforcement_letter", "meldingen_laastatuschange", "walklists_walklistdecision"]


def gate(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for table in GATED:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
            schema_editor.execute(sqlite_delete_trigger(table, gated=True))
    else:
        schema_editor.execute(POSTGRESQL_REFUSE_FUNCTION)


def ungate(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for table in GATED:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
            schema_editor.execute(sqlite_delete_trigger(table, gated=False))


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("audit", "0002_append_only"),
        ("care", "0002_followup_append_only"),
        ("cases", "0003_caseevent_append_only"),
        ("enforcement", "0003_append_only"),
        ("meldingen", "0007_laa_signals"),
        ("walklists", "0002_decisions_append_only"),
    ]
    operations = [append_only("privacy_retentionaction"), migrations.RunPython(gate, ungate)]

"""Append-only tables: database triggers that refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL).

History is appended, never edited (the processing log, case timelines). Use in a migration:

    operations = [append_only("cases_caseevent")]
"""

from django.db import migrations


def _create(table: str):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            for event in ("UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
                )
        elif vendor == "postgresql":
            # No '%' in this SQL: the driver would read it as a placeholder.
            schema_editor.execute(
                "CREATE OR REPLACE FUNCTION refuse_change_append_only() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only'; END; $$ LANGUAGE plpgsql;"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION refuse_change_append_only();"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_append_only();"
            )
        else:
            raise NotImplementedError(f"append-only triggers for {vendor}")
    return run


def _drop(table: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for event in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    return run


def append_only(table: str) -> migrations.RunPython:
    return migrations.RunPython(_create(table), _drop(table))

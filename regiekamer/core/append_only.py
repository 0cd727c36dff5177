"""Append-only tables: database triggers that refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL).

History is appended, never edited (the processing log, case timelines). Use in a migration:

    operations = [append_only("cases_caseevent")]
"""

from django.db import migrations


# An approved destruction list (regiekamer/privacy, ADR 0011) is the one lawful way to remove history:
# while the executing transaction has a row naming the table in this gate table, DELETE (never
# UPDATE or TRUNCATE) passes. The row is written and removed inside that transaction only.
GATE_TABLE = "privacy_destructiongate"

# No '%' in this SQL: the driver would read it as a placeholder. The gate is looked up only when it
# exists (to_regclass), so tables made append-only before the privacy app migrated still refuse.
POSTGRESQL_REFUSE_FUNCTION = (
    "CREATE OR REPLACE FUNCTION refuse_change_append_only() RETURNS trigger AS $$ "
    "BEGIN "
    f"IF TG_OP = 'DELETE' AND to_regclass('{GATE_TABLE}') IS NOT NULL THEN "
    f"IF EXISTS (SELECT 1 FROM {GATE_TABLE} WHERE table_name = TG_TABLE_NAME) THEN RETURN OLD; END IF; "
    "END IF; "
    "RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only'; END; $$ LANGUAGE plpgsql;"
)


def sqlite_delete_trigger(table: str, *, gated: bool) -> str:
    when = f"WHEN NOT EXISTS (SELECT 1 FROM {GATE_TABLE} WHERE table_name = '{table}') " if gated else ""
    return (f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} {when}"
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;")


def _create(table: str):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
            )
            schema_editor.execute(sqlite_delete_trigger(table, gated=GATE_TABLE in
                                                        schema_editor.connection.introspection.table_names()))
        elif vendor == "postgresql":
            # No '%' in this SQL: the driver would read it as a placeholder.
            schema_editor.execute(POSTGRESQL_REFUSE_FUNCTION)
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

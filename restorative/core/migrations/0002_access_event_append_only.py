"""Make the access trail append-only in the database itself (privacy rule 3).

Triggers refuse UPDATE and DELETE on core_accessevent for every connection, the admin and
raw SQL included. Written for SQLite and PostgreSQL, the two databases we support.
"""

from django.db import migrations


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for operation in ("UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER core_accessevent_no_{operation.lower()} "
                f"BEFORE {operation} ON core_accessevent "
                "BEGIN SELECT RAISE(ABORT, 'access events are append-only'); END;"
            )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION core_accessevent_refuse_change() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'access events are append-only'; END; $$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            "CREATE TRIGGER core_accessevent_append_only "
            "BEFORE UPDATE OR DELETE ON core_accessevent "
            "FOR EACH ROW EXECUTE FUNCTION core_accessevent_refuse_change();"
        )
        schema_editor.execute(
            "CREATE TRIGGER core_accessevent_no_truncate "
            "BEFORE TRUNCATE ON core_accessevent "
            "FOR EACH STATEMENT EXECUTE FUNCTION core_accessevent_refuse_change();"
        )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_accessevent_no_update;")
        schema_editor.execute("DROP TRIGGER IF EXISTS core_accessevent_no_delete;")
    elif vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS core_accessevent_append_only ON core_accessevent;"
        )
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS core_accessevent_no_truncate ON core_accessevent;"
        )
        schema_editor.execute("DROP FUNCTION IF EXISTS core_accessevent_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_access_event")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]

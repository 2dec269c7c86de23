"""Let the append-only triggers pass a DELETE of access events older than a disposal permit.

Why: retention (issue 15, point 4) keeps access events for as long as their own rule says and
then disposes of them. Every other UPDATE or DELETE is still refused, as in 0002; a DELETE
passes only for a row older than a permit's `before`, and permits exist only inside the
disposal's own transaction (core.access_disposal). TRUNCATE stays refused on PostgreSQL.
"""

from django.db import migrations

REFUSE = "SELECT RAISE(ABORT, 'access events are append-only');"
PERMITTED = 'EXISTS (SELECT 1 FROM core_accessdisposalpermit p WHERE OLD."at" < p."before")'


def permit_disposal(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_accessevent_no_delete;")
        schema_editor.execute(
            "CREATE TRIGGER core_accessevent_no_delete BEFORE DELETE ON core_accessevent "
            f"WHEN NOT {PERMITTED} BEGIN {REFUSE} END;"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION core_accessevent_refuse_change() RETURNS trigger AS $$ "
            f"BEGIN IF TG_OP = 'DELETE' AND {PERMITTED} THEN RETURN OLD; END IF; "
            "RAISE EXCEPTION 'access events are append-only'; END; $$ LANGUAGE plpgsql;"
        )


def refuse_every_disposal(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_accessevent_no_delete;")
        schema_editor.execute(
            "CREATE TRIGGER core_accessevent_no_delete BEFORE DELETE ON core_accessevent "
            f"BEGIN {REFUSE} END;"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION core_accessevent_refuse_change() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'access events are append-only'; END; $$ LANGUAGE plpgsql;"
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0005_access_disposal_permit")]

    operations = [migrations.RunPython(permit_disposal, refuse_every_disposal)]

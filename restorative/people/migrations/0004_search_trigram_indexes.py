"""Trigram indexes for "contains" search on PostgreSQL (family and member names).

Django's `icontains` becomes `UPPER(col::text) LIKE UPPER('%term%')`; a GIN trigram index on
that same expression lets PostgreSQL answer it without reading every row. SQLite has no
trigram indexes, and at its scale (one team's laptop) does not need them: nothing happens there.
"""

from django.db import migrations

INDEXES = [
    ("people_family_name_trgm", "people_family", "name"),
    ("people_member_first_trgm", "people_familymember", "first_name"),
    ("people_member_last_trgm", "people_familymember", "last_name"),
    ("people_member_preferred_trgm", "people_familymember", "preferred_name"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm;")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops);"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name};")


class Migration(migrations.Migration):
    dependencies = [("people", "0003_family_list_order_index")]

    operations = [migrations.RunPython(create, drop)]

"""The search trigram indexes answer from the index itself, never from a pending list.

Why (issue 16): a GIN index by default puts new rows in a "pending list" that every search
reads in full until VACUUM merges it. After the large demo import (50,000 families, 150,000
members) a search for "Khan" spent 40 ms reading that list (the merged index answers in
1 ms), so the family search grew with the number of families added since the last VACUUM.
With `fastupdate` off each insert updates the index at once; families and members are added
one by one or by import, rarely enough for that to cost nothing a person notices. SQLite has
no such indexes: nothing happens there.
"""

from django.db import migrations

INDEXES = [
    "people_family_name_trgm",
    "people_member_first_trgm",
    "people_member_last_trgm",
    "people_member_preferred_trgm",
]


def switch_off(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {name} SET (fastupdate = off);")
        # Merge what is already pending (works inside the migration's transaction).
        schema_editor.execute(
            "SELECT gin_clean_pending_list(c.oid) FROM pg_class c WHERE c.relname = %s;", [name]
        )


def switch_on(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {name} RESET (fastupdate);")


class Migration(migrations.Migration):
    dependencies = [("people", "0009_organisation_second_factor_for_everyone")]

    operations = [migrations.RunPython(switch_off, switch_on)]

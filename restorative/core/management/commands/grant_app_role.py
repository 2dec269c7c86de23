"""Grant a separate PostgreSQL role what the running app needs, and no more.

The app used to connect as the owner of its tables, so anything able to run SQL through it
could drop the triggers that keep the access trail append-only, or alter any table. Run this
as the owner after every `migrate`; the app's DATABASE_URL then names the granted role:

    DATABASE_URL=postgres://owner@…/restorative manage.py migrate
    DATABASE_URL=postgres://owner@…/restorative manage.py grant_app_role restorative_app

The role gets SELECT, INSERT, UPDATE and DELETE on the tables (only SELECT and INSERT on the
access events), USAGE and SELECT on the sequences, and the same on tables the owner creates
later. It owns nothing, so it cannot drop, disable or replace a trigger, or alter a table.
The role itself is made by the database administrator, with its own password
(`CREATE ROLE restorative_app LOGIN PASSWORD '…'`). See docs/decisions/0010-security-review.md.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from restorative.core.models import AccessEvent


def app_role_statements(role: str, *, schema: str = "public") -> list[str]:
    """The statements that give `role` the running app's privileges (names quoted)."""
    quote = connection.ops.quote_name
    who, where = quote(role), quote(schema)
    trail = f"{where}.{quote(str(AccessEvent._meta.db_table))}"
    rows = "SELECT, INSERT, UPDATE, DELETE"
    return [
        f"GRANT USAGE ON SCHEMA {where} TO {who}",
        f"REVOKE CREATE ON SCHEMA {where} FROM {who}",
        f"GRANT {rows} ON ALL TABLES IN SCHEMA {where} TO {who}",
        # The access trail: read and add, never change, remove or empty (the triggers refuse
        # those too; this is the second lock, and the one the role cannot take off).
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {trail} FROM {who}",
        f"GRANT SELECT, INSERT ON {trail} TO {who}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {where} TO {who}",
        # Tables and sequences that later migrations create (as the owner running this).
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {where} GRANT {rows} ON TABLES TO {who}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {where} GRANT USAGE, SELECT ON SEQUENCES TO {who}",
    ]


class Command(BaseCommand):
    help = "Grant a PostgreSQL role the privileges the running app needs (run after migrate)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="The app's login role, made beforehand.")
        parser.add_argument("--schema", default="public", help="The schema of the tables.")

    def handle(self, *args: Any, role: str, schema: str, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Separate database roles are for PostgreSQL only")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, 1 FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            if found is None:
                raise CommandError(
                    f"There is no database role {role}: the database administrator makes it "
                    "first (CREATE ROLE … LOGIN PASSWORD …)"
                )
            if found[0] == role:
                raise CommandError(
                    "Run this as the owner of the tables (the role that migrates), "
                    "not as the app's role"
                )
            with transaction.atomic():
                for statement in app_role_statements(role, schema=schema):
                    cursor.execute(statement)
        self.stdout.write(
            f"{role} may now read and write the app's tables, and only read and add to the "
            "access trail. Point the app's DATABASE_URL at it."
        )

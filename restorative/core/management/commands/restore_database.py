"""`manage.py restore_database <backup>`: put a backup back, into a new, empty database.

Into the database of DATABASE_URL, or `--target-url` (the drill restores into a scratch
database and compares every table's row count: `--compare`). A database that already holds
tables is refused unless `--replace`. After a restore into PostgreSQL as the owner role, run
`grant_app_role` again for the app's own role.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from restorative.core.backup import BackupError, Database, restore, row_counts


class Command(BaseCommand):
    help = "Restore a backup made by backup_database into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", help="The backup file (from backup_database).")
        parser.add_argument(
            "--target-url",
            help="Restore into this database (postgres://… or sqlite:////path) instead of "
            "the one in DATABASE_URL. It must exist (PostgreSQL) and be empty.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace what the target database holds (otherwise a database with tables "
            "is refused).",
        )
        parser.add_argument(
            "--compare",
            action="store_true",
            help="After restoring, compare every table's row count with the configured "
            "database (the drill: the backup must have been taken from it with no writes "
            "since).",
        )

    def handle(
        self,
        *args: Any,
        backup: str,
        target_url: str | None = None,
        replace: bool = False,
        compare: bool = False,
        **options: Any,
    ) -> None:
        source = Database.from_settings(settings.DATABASES["default"])
        target = Database.from_url(target_url) if target_url else source
        try:
            restore(Path(backup), target, replace=replace)
            self.stdout.write(f"Restored {backup} into {target.name}")
            if compare:
                self._compare(source, target)
        except BackupError as error:
            raise CommandError(str(error)) from error

    def _compare(self, source: Database, target: Database) -> None:
        before, after = row_counts(source), row_counts(target)
        differences = [
            f"{table}: {before.get(table, 'missing')} in the source, "
            f"{after.get(table, 'missing')} restored"
            for table in sorted(set(before) | set(after))
            if before.get(table) != after.get(table)
        ]
        if differences:
            raise CommandError("Row counts differ:\n" + "\n".join(differences))
        self.stdout.write(
            f"Every table's row count matches: {len(after)} tables, {sum(after.values())} rows."
        )

"""`manage.py backup_database`: a consistent copy of the database, taken while the app runs.

pg_dump (custom format) for PostgreSQL, SQLite's online backup API for SQLite. Prints the
backup's path. README "Backup and restore" has the drill.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from restorative.core.backup import BackupError, Database, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump, or SQLite's online backup) and print the file's path."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            help="The backup file to write (default: backups/restorative-<UTC time>.dump, "
            "or .sqlite3 for SQLite). It must not exist yet.",
        )

    def handle(self, *args: Any, output: str | None = None, **options: Any) -> None:
        database = Database.from_settings(settings.DATABASES["default"])
        if output:
            path = Path(output)
        else:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            suffix = ".sqlite3" if database.is_sqlite else ".dump"
            path = Path(settings.BASE_DIR) / "backups" / f"restorative-{stamp}{suffix}"
        try:
            written = backup(database, path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(written))

"""`manage.py import_training path.csv --as workforce@example [--dry-run]`.

The same checks and the same all-or-nothing import as the upload page, for files too large
for the page and for scheduled imports. Prints every error with its line; exits non-zero on
errors. Records already here are left as they are, so running it twice adds nothing twice.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from restorative.people.models import Staff
from restorative.workforce import imports


def _today() -> datetime.date:
    return timezone.localdate()


class Command(BaseCommand):
    help = "Import historical training records (course completions) from a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The CSV file (UTF-8), with a header row.")
        parser.add_argument(
            "--as",
            dest="as_email",
            required=True,
            help="Email of the workforce development team member the import is recorded against.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would be added; import nothing.",
        )

    def handle(self, *args: Any, path: str, as_email: str, dry_run: bool, **options: Any) -> None:
        actor = Staff.objects.filter(email__iexact=as_email.strip()).first()
        if actor is None or not imports.can_import_training(actor):
            raise CommandError(
                f"{as_email} must be the email of an active member of the workforce "
                "development team"
            )
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"There is no file at {path}")
        if file.stat().st_size > imports.MAX_FILE_BYTES:
            raise CommandError(f"The file must be smaller than {imports.MAX_FILE_LABEL}")
        today = _today()
        try:
            text = imports.decode_csv_bytes(file.read_bytes())
            plan = imports.import_check(actor=actor, text=text, today=today)
            self._report_errors(plan.errors)
            if dry_run:
                self.stdout.write(
                    f"Checked {plan.total_rows} rows: {plan.new_count} new, "
                    f"{plan.already_recorded} already recorded. Nothing was imported (dry run)."
                )
                return
            result = imports.import_apply(actor=actor, text=text, today=today)
        except imports.ImportFileError as error:
            raise CommandError(str(error)) from None
        except imports.ImportChanged as changed:  # accounts or courses changed meanwhile
            self._report_errors(changed.plan.errors)
            raise CommandError("The file was not imported") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.created} training records from {result.total_rows} rows; "
                f"{result.already_recorded} already recorded were left as they were."
            )
        )

    def _report_errors(self, errors: list[imports.RowError]) -> None:
        if not errors:
            return
        for error in errors:
            self.stderr.write(str(error))
        raise CommandError(
            f"The file has {len(errors)} problem{'s' if len(errors) != 1 else ''}. "
            "Nothing was imported."
        )

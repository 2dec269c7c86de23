"""`manage.py import_training path.csv --as workforce@example [--dry-run]`.

The same checks and the same all-or-nothing import as the upload page, for files too large
for the page and for scheduled imports. Prints every error with its line; exits non-zero on
errors. Records already here are left as they are, so running it twice adds nothing twice.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from restorative.core.import_command import CsvImportCommand
from restorative.people.models import Staff
from restorative.workforce import imports


def _today() -> datetime.date:
    return timezone.localdate()


class Command(CsvImportCommand):
    help = "Import historical training records (course completions) from a CSV file."
    as_help = "Email of the workforce development team member the import is recorded against."
    dry_run_help = "Check the file and report what would be added; import nothing."

    def handle(self, *args: Any, path: str, as_email: str, dry_run: bool, **options: Any) -> None:
        actor = self.actor(
            as_email,
            model=Staff,
            may_import=imports.can_import_training,
            refusal=f"{as_email} must be the email of an active member of the workforce "
            "development team",
        )
        file = self.checked_file(
            path, max_bytes=imports.MAX_FILE_BYTES, max_label=imports.MAX_FILE_LABEL
        )
        today = _today()
        try:
            text = imports.decode_csv_bytes(file.read_bytes())
            plan = imports.import_check(actor=actor, text=text, today=today)
            self.report_errors(plan.errors)
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
            self.report_errors(changed.plan.errors)
            raise CommandError("The file was not imported") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.created} training records from {result.total_rows} rows; "
                f"{result.already_recorded} already recorded were left as they were."
            )
        )

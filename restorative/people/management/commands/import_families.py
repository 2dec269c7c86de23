"""`manage.py import_families path.csv --as admin@example [--dry-run]`.

The same checks and the same all-or-nothing import as the upload page, for scheduled
imports and very large files. Prints every error with its line; exits non-zero on errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from restorative.people import imports, permissions
from restorative.people.models import ImportBatch, Staff


class Command(BaseCommand):
    help = "Import families and allocations from a case management system's CSV export."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The CSV file (UTF-8), with a header row.")
        parser.add_argument(
            "--as",
            dest="as_email",
            required=True,
            help="Email of the system administrator the import is recorded against.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change; import nothing.",
        )

    def handle(self, *args: Any, path: str, as_email: str, dry_run: bool, **options: Any) -> None:
        actor = Staff.objects.filter(email__iexact=as_email.strip()).first()
        if actor is None or not permissions.can_import_families(actor):
            raise CommandError(f"{as_email} must be the email of an active system administrator")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"There is no file at {path}")
        if file.stat().st_size > imports.MAX_FILE_BYTES:
            raise CommandError(f"The file must be smaller than {imports.MAX_FILE_LABEL}")
        data = file.read_bytes()

        try:
            if dry_run:
                plan = imports.plan_import(imports.decode_csv_bytes(data))
                self._report_errors([error.as_dict() for error in plan.errors])
                self.stdout.write(
                    f"Checked {plan.total_rows} rows: {plan.new_count} new, "
                    f"{plan.updated_count} to update, {plan.unchanged_count} unchanged. "
                    "Nothing was imported (dry run)."
                )
                return
            batch = imports.import_batch_create(actor=actor, file_name=file.name, data=data)
        except imports.ImportFileError as error:
            raise CommandError(str(error)) from None

        self._report_errors(batch.errors)
        batch = imports.import_batch_apply(actor=actor, batch=batch, background=False)
        if batch.status != ImportBatch.Status.APPLIED:
            self._report_errors(batch.errors)
            raise CommandError(batch.failure_reason or "The file was not imported")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {batch.total_rows} rows: {batch.new_count} new, "
                f"{batch.updated_count} updated, {batch.unchanged_count} unchanged "
                f"(import {batch.uuid})."
            )
        )

    def _report_errors(self, errors: list[dict[str, Any]]) -> None:
        if not errors:
            return
        for error in errors:
            column = f" ({error['column']})" if error.get("column") else ""
            self.stderr.write(f"Line {error['line']}{column}: {error['message']}")
        raise CommandError(
            f"The file has {len(errors)} problem{'s' if len(errors) != 1 else ''}. "
            "Nothing was imported."
        )

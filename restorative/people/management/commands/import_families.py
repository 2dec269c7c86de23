"""`manage.py import_families path.csv --as admin@example [--dry-run]`.

The same checks and the same all-or-nothing import as the upload page, for scheduled
imports and very large files. Prints every error with its line; exits non-zero on errors.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from restorative.core.import_command import CsvImportCommand
from restorative.people import imports, permissions
from restorative.people.models import ImportBatch, Staff


class Command(CsvImportCommand):
    help = "Import families and allocations from a case management system's CSV export."
    as_help = "Email of the system administrator the import is recorded against."

    def handle(self, *args: Any, path: str, as_email: str, dry_run: bool, **options: Any) -> None:
        actor = self.actor(
            as_email,
            model=Staff,
            may_import=permissions.can_import_families,
            refusal=f"{as_email} must be the email of an active system administrator",
        )
        file = self.checked_file(
            path, max_bytes=imports.MAX_FILE_BYTES, max_label=imports.MAX_FILE_LABEL
        )
        data = file.read_bytes()

        try:
            if dry_run:
                plan = imports.plan_import(imports.decode_csv_bytes(data))
                self.report_errors(plan.errors)
                self.stdout.write(
                    f"Checked {plan.total_rows} rows: {plan.new_count} new, "
                    f"{plan.updated_count} to update, {plan.unchanged_count} unchanged. "
                    "Nothing was imported (dry run)."
                )
                return
            batch = imports.import_batch_create(actor=actor, file_name=file.name, data=data)
        except imports.ImportFileError as error:
            raise CommandError(str(error)) from None

        self.report_errors(imports.RowError(**error) for error in batch.errors)
        batch = imports.import_batch_apply(actor=actor, batch=batch, background=False)
        if batch.status != ImportBatch.Status.APPLIED:
            self.report_errors(imports.RowError(**error) for error in batch.errors)
            raise CommandError(batch.failure_reason or "The file was not imported")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {batch.total_rows} rows: {batch.new_count} new, "
                f"{batch.updated_count} updated, {batch.unchanged_count} unchanged "
                f"(import {batch.uuid})."
            )
        )

"""`manage.py import_case_events path.csv --as integration@example`.

The same checks and the same all-or-nothing import as the upload page, for a scheduled
transfer from the case management system. Prints every error with its line and exits non-zero
when there is any; otherwise says how many events were applied and how many were repeats.
The account, file and error plumbing is the imports' shared `core.import_command`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from restorative.core.csv_import import ImportFileError
from restorative.core.import_command import CsvImportCommand
from restorative.people.models import Staff
from restorative.practice import case_events, permissions
from restorative.practice.models import CaseEvent


class Command(CsvImportCommand):
    help = "Apply a CSV file of case management system events to the meeting chain."
    as_help = "Email of the integration account (permission practice.submit_case_events)."
    offers_dry_run = False  # like its upload page, it applies the file at once

    def handle(self, *args: Any, path: str, as_email: str, **options: Any) -> None:
        actor = self.actor(
            as_email,
            model=Staff,
            may_import=permissions.can_submit_case_events,
            refusal=f"{as_email} must be the email of an active account that may send case events",
        )
        file = self.checked_file(
            path, max_bytes=case_events.MAX_FILE_BYTES, max_label=case_events.MAX_FILE_LABEL
        )
        try:
            result = case_events.case_events_import(
                actor=actor, data=file.read_bytes(), channel=CaseEvent.Channel.COMMAND
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        self.report_errors(result.errors)
        self.stdout.write(
            self.style.SUCCESS(
                f"Applied {result.applied} events; {result.repeated} already received (unchanged)."
            )
        )

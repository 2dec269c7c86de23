"""`manage.py import_case_events path.csv --as integration@example`.

The same checks and the same all-or-nothing import as the upload page, for a scheduled
transfer from the case management system. Prints every error with its line and exits non-zero
when there is any; otherwise says how many events were applied and how many were repeats.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from restorative.core.csv_import import ImportFileError
from restorative.people.models import Staff
from restorative.practice import case_events, permissions
from restorative.practice.models import CaseEvent


class Command(BaseCommand):
    help = "Apply a CSV file of case management system events to the meeting chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The CSV file (UTF-8), with a header row.")
        parser.add_argument(
            "--as",
            dest="as_email",
            required=True,
            help="Email of the integration account (permission practice.submit_case_events).",
        )

    def handle(self, *args: Any, path: str, as_email: str, **options: Any) -> None:
        actor = Staff.objects.filter(email__iexact=as_email.strip()).first()
        if actor is None or not permissions.can_submit_case_events(actor):
            raise CommandError(
                f"{as_email} must be the email of an active account that may send case events"
            )
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"There is no file at {path}")
        if file.stat().st_size > case_events.MAX_FILE_BYTES:
            raise CommandError(f"The file must be smaller than {case_events.MAX_FILE_LABEL}")
        try:
            result = case_events.case_events_import(
                actor=actor, data=file.read_bytes(), channel=CaseEvent.Channel.COMMAND
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        if result.errors:
            for problem in result.errors:
                self.stderr.write(str(problem))
            count = len(result.errors)
            raise CommandError(
                f"The file has {count} problem{'s' if count != 1 else ''}. Nothing was imported."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Applied {result.applied} events; {result.repeated} already received (unchanged)."
            )
        )

"""What the `import_*` management commands share: the arguments, the file checks, the actor.

Each import command runs the same checks and the same all-or-nothing import as its upload
page. The plumbing around that is the same for every import, so it lives here once: a CSV
path, `--as` (the account the import is recorded against) and `--dry-run`; a readable file
under the size limit; every error printed with its line and a non-zero exit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models

ActorT = TypeVar("ActorT", bound=models.Model)


class CsvImportCommand(BaseCommand):
    """Base class of a command that imports one CSV file; subclasses set the help texts."""

    as_help = "Email of the account the import is recorded against."
    dry_run_help = "Check the file and report what would change; import nothing."
    # False for an import that, like its upload page, applies a file at once (all or nothing).
    offers_dry_run = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The CSV file (UTF-8), with a header row.")
        parser.add_argument("--as", dest="as_email", required=True, help=self.as_help)
        if self.offers_dry_run:
            parser.add_argument("--dry-run", action="store_true", help=self.dry_run_help)

    def actor(
        self,
        as_email: str,
        *,
        model: type[ActorT],
        may_import: Callable[[ActorT], bool],
        refusal: str,
    ) -> ActorT:
        """The account with this email, if it may run the import; otherwise the command stops."""
        actor = model._default_manager.filter(email__iexact=as_email.strip()).first()
        if actor is None or not may_import(actor):
            raise CommandError(refusal)
        return actor

    def checked_file(self, path: str, *, max_bytes: int, max_label: str) -> Path:
        """The file at `path`, which exists and is under the upload page's size limit."""
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"There is no file at {path}")
        if file.stat().st_size > max_bytes:
            raise CommandError(f"The file must be smaller than {max_label}")
        return file

    def report_errors(self, errors: Iterable[object]) -> None:
        """Print each error (one line each, `Line 4 (email): ...`) and stop, if there are any."""
        lines = [str(error) for error in errors]
        if not lines:
            return
        for line in lines:
            self.stderr.write(line)
        raise CommandError(
            f"The file has {len(lines)} problem{'s' if len(lines) != 1 else ''}. "
            "Nothing was imported."
        )

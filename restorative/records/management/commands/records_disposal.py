"""Disposal from the command line, for IT working with the records keepers.

    manage.py records_disposal report --by quality@council.example [--today 2026-12-05]
    manage.py records_disposal carry-out <run uuid>

`report` makes the same disposal report as the records page (a run waiting for a second
records keeper's approval, on the page). `carry-out` finishes a run that was approved but
could not be carried out from the page: with the least-privilege database role
(`grant_app_role`) the app may not delete access events, so run this as the database owner.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from restorative.people.models import Staff
from restorative.records import services
from restorative.records.models import DisposalRun


class Command(BaseCommand):
    help = "Make a disposal report, or carry out an approved disposal run."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        report = actions.add_parser("report", help="What is due today, for approval.")
        report.add_argument("--by", required=True, help="The records keeper's e-mail address.")
        report.add_argument("--today", type=datetime.date.fromisoformat, default=None)
        carry = actions.add_parser("carry-out", help="Carry out an approved run.")
        carry.add_argument("run", help="The run's reference (UUID).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "report":
                actor = Staff.objects.filter(email__iexact=options["by"]).first()
                if actor is None:
                    raise CommandError(f"No account has the address {options['by']}")
                run = services.run_propose(
                    actor=actor, today=options["today"] or datetime.date.today()
                )
                for line in run.summary:
                    self.stdout.write(f"{line['label']}: {line['count']} due, {line['held']} held")
                self.stdout.write(f"Report {run.uuid} waits for a second records keeper.")
            else:
                found = DisposalRun.objects.filter(uuid=options["run"]).first()
                if found is None:
                    raise CommandError(f"No disposal run has the reference {options['run']}")
                done = services.run_carry_out(run=found)
                self.stdout.write(f"Carried out: {done.disposed}")
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        except ValueError as error:
            raise CommandError(str(error)) from error

"""Store the month's measures: `manage.py governance_snapshots [--month YYYY-MM]`.

Run it from cron shortly after each month ends (and as often as wanted during a month: a
re-run replaces the month). Without --month it stores last month and this month so far.
With Redis configured, Celery beat runs the same service every night instead
(`governance.snapshot_recent_months`, restorative/governance/tasks.py).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from restorative.governance.periods import parse_month
from restorative.governance.services.measures import snapshot_month, snapshot_recent_months


class Command(BaseCommand):
    help = "Store the governance measures for a month (replacing what was stored for it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="The month as YYYY-MM (default: last and this)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if not options.get("month"):
            for month, stored in snapshot_recent_months(today=today):
                self.stdout.write(f"{month:%Y-%m}: {stored} figures stored")
            return
        try:
            month = parse_month(options["month"])
        except ValueError as exc:
            raise CommandError("Give the month as YYYY-MM, for example 2026-03") from exc
        try:
            stored = snapshot_month(month=month, today=today)
        except ValidationError as exc:
            raise CommandError(f"{month:%Y-%m}: {exc.messages[0]}") from exc
        self.stdout.write(f"{month:%Y-%m}: {stored} figures stored")

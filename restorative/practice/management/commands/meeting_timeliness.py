"""Print whether statutory meetings were held on time, per team and service.

    manage.py meeting_timeliness --from 2026-01-01 --to 2026-03-31 [--service NAME]
        [--team CODE] [--today 2026-04-01] [--format table|csv]

The same figures as the page, the downloads and the API (`timeliness_selectors`): meetings
with a due date in the period, counted by the database. Run by the organisation's operators,
it covers every team (no one's scope applies).
"""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from restorative.practice import timeliness_exports as exports
from restorative.practice import timeliness_selectors as selectors


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date like 2026-04-01") from error


class Command(BaseCommand):
    help = "Print the timeliness of statutory meetings per team and service for a period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from", dest="start", required=True, help="First due date, YYYY-MM-DD"
        )
        parser.add_argument("--to", dest="end", required=True, help="Last due date, YYYY-MM-DD")
        parser.add_argument("--service", default="", help="Only this service (its name)")
        parser.add_argument("--team", default="", help="Only this team (its code)")
        parser.add_argument("--today", default="", help="The day the figures are for")
        parser.add_argument("--format", choices=("table", "csv"), default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _date(options["start"]), _date(options["end"])
        if end < start:
            raise CommandError("--to must be the same as or after --from")
        today = _date(options["today"]) if options["today"] else timezone.localdate()
        overview = selectors.timeliness_overview(
            None,
            selectors.Period(start, end, today),
            service=options["service"],
            team=options["team"],
        )
        if not overview.services:
            raise CommandError("No team matches --service/--team")
        rows = [exports.HEADERS, *exports.overview_rows(overview)]
        if options["format"] == "csv":
            buffer = io.StringIO()
            csv.writer(buffer).writerows(["" if v is None else v for v in row] for row in rows)
            self.stdout.write(buffer.getvalue(), ending="")
            return
        self.stdout.write(exports.period_line(start, end) + f", as they stood on {today:%-d %B %Y}")
        texts = [["–" if v is None else str(v) for v in row] for row in rows]
        widths = [max(len(r[i]) for r in texts) for i in range(len(texts[0]))]
        for row in texts:
            self.stdout.write(
                "  ".join(
                    cell.ljust(w) if i < 3 else cell.rjust(w)
                    for i, (cell, w) in enumerate(zip(row, widths, strict=True))
                )
            )

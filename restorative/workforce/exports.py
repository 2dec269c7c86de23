"""Training compliance exports: the same rows and columns as CSV and as XLSX.

Both formats are built from one list of rows (`compliance_rows` for a team page,
`drilldown_rows` for the names behind a figure), so they cannot drift apart. The rows come
from `selectors.team_compliance` or `selectors.compliance_people`, which are already scoped
to the person asking: an export shows exactly what the page shows.

Spreadsheet safety (security.md item 10): a name such as `=HYPERLINK(...)` must never run
as a formula. CSV has no cell types, so `safe_cell` prefixes an apostrophe. XLSX has them:
every text value is written as a text cell (never a formula, whatever it starts with) and
the ones a spreadsheet would read as a formula also get Excel's "quote prefix" style, so
editing the cell keeps it text. The value itself is kept as it is.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.text import slugify

from restorative.core.csv_safety import safe_cell
from restorative.core.downloads import XLSX_CONTENT_TYPE as XLSX_CONTENT_TYPE
from restorative.core.downloads import xlsx_bytes

from .compliance import STATUS_LABELS
from .selectors import PeopleFilter, PersonCourse, TeamCompliance

HEADERS = ("Name", "Role", "Team", "Course", "Status", "Completed on", "Valid until", "Due on")
# Widths in characters, so the file opens readable without resizing columns.
XLSX_WIDTHS = (28, 24, 24, 36, 14, 14, 14, 14)

Day = datetime.date | None
Row = tuple[str, str, str, str, str, Day, Day, Day]


def compliance_rows(data: TeamCompliance) -> Iterator[Row]:
    """One row per person and course, dates as dates (each format writes them its own way)."""
    team_name = data.team.name
    for person in data.people:
        name = person.person.display_name
        role = person.person.get_role_display()
        for course, result in person.results:
            yield (
                name,
                role,
                team_name,
                course.title,
                STATUS_LABELS[result.status],
                result.completed_on,
                result.valid_until,
                result.due_on,
            )


def drilldown_rows(rows: Iterable[PersonCourse]) -> Iterator[Row]:
    """The names behind a figure, in the team export's columns (a head of service in no
    team has an empty team cell)."""
    for row in rows:
        person, result = row.person, row.result
        yield (
            person.display_name,
            person.get_role_display(),
            person.team.name if person.team is not None else "",
            row.course.title,
            STATUS_LABELS[result.status],
            result.completed_on,
            result.valid_until,
            result.due_on,
        )


def export_filename(data: TeamCompliance, *, today: datetime.date, extension: str) -> str:
    """The team's code and the date: no one's name is in the file name."""
    return f"training-compliance-{data.team.code}-{today:%Y-%m-%d}.{extension}"


def drilldown_filename(chosen: PeopleFilter, *, today: datetime.date, extension: str) -> str:
    """What the figure is, never who is in it: e.g. `compliance-overdue-ns1-2026-03-02.csv`
    (status, then team code, service, role and course as chosen, then the date)."""
    parts = ["compliance", chosen.status.value if chosen.status else "all-required"]
    if chosen.team is not None:
        parts.append(chosen.team.code)
    if chosen.service is not None:
        parts.append(chosen.service.name)
    if chosen.no_team:
        parts.append("no-team")
    if chosen.role:
        parts.append(chosen.role)
    if chosen.course is not None:
        parts.append(chosen.course.title[:40])
    words = "-".join(slugify(part.replace("_", "-")) for part in parts if slugify(part))
    return f"{words}-{today:%Y-%m-%d}.{extension}"


def write_compliance_csv(out: Any, data: TeamCompliance) -> int:
    """Write the team's CSV to `out` (a response or file); return the number of data rows."""
    return write_rows_csv(out, compliance_rows(data))


def write_rows_csv(out: Any, rows: Iterable[Row]) -> int:
    """Write the CSV of `rows` to `out` (a response or file); return the number of rows."""
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    count = 0
    for row in rows:
        writer.writerow(
            [
                safe_cell(value.isoformat() if isinstance(value, datetime.date) else value or "")
                for value in row
            ]
        )
        count += 1
    return count


def compliance_xlsx(data: TeamCompliance) -> tuple[bytes, int]:
    """The team's XLSX file and its number of data rows."""
    return rows_xlsx(compliance_rows(data))


def rows_xlsx(rows: Iterable[Row]) -> tuple[bytes, int]:
    """The XLSX file of `rows` and their number."""
    return xlsx_bytes(rows, sheet_title="Training compliance", headers=HEADERS, widths=XLSX_WIDTHS)

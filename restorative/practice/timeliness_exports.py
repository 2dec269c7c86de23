"""The timeliness figures as rows, for the CSV and XLSX downloads and the management command.

One list of rows (`overview_rows`) feeds every format, and it is read off the same
`TimelinessOverview` as the page and the API, so no format can drift from the others.
Team and service names are the organisation's own; every text cell is neutralised against
spreadsheet formulas (CSV through core.downloads, XLSX as text cells).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from restorative.core.downloads import XLSX_CONTENT_TYPE as XLSX_CONTENT_TYPE
from restorative.core.downloads import xlsx_bytes

from .timeliness_selectors import Figures, TimelinessOverview

HEADERS = (
    "Service",
    "Team",
    "Team code",
    "Due in the period",
    "Held on time",
    "Held late",
    "Not held, overdue",
    "Not yet due",
    "Cancelled",
    "Held on time (%)",
    "Held late (%)",
    "Not held (%)",
)
Cell = str | int | None
Row = tuple[Cell, ...]


def figure_cells(figures: Figures) -> tuple[Cell, ...]:
    return (
        figures.due,
        figures.on_time,
        figures.late,
        figures.not_held,
        figures.not_yet_due,
        figures.cancelled,
        figures.on_time_percent,
        figures.late_percent,
        figures.not_held_percent,
    )


def overview_rows(overview: TimelinessOverview) -> Iterator[Row]:
    """A row per team, then one for all of its service; last, the total of everything."""
    for service in overview.services:
        for row in service.teams:
            yield (service.service.name, row.team.name, row.team.code, *figure_cells(row.figures))
        yield (
            service.service.name,
            f"All of {service.service.name}",
            "",
            *figure_cells(service.figures),
        )
    total = "Whole organisation" if overview.organisation else "Total"
    yield (total, "", "", *figure_cells(overview.figures))


def export_filename(overview: TimelinessOverview, extension: str) -> str:
    period = overview.period
    return f"meeting-timeliness-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.{extension}"


def overview_xlsx(overview: TimelinessOverview) -> bytes:
    """The rows as a workbook: numbers as numbers, texts as text cells."""
    content, _ = xlsx_bytes(
        overview_rows(overview),
        sheet_title="Meeting timeliness",
        headers=HEADERS,
        widths=(30, 30, 12),
    )
    return content


def period_line(start: datetime.date, end: datetime.date) -> str:
    return f"Meetings due from {start:%-d %B %Y} to {end:%-d %B %Y}"

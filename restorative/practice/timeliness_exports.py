"""The timeliness figures as rows, for the CSV and XLSX downloads and the management command.

One list of rows (`overview_rows`) feeds every format, and it is read off the same
`TimelinessOverview` as the page and the API, so no format can drift from the others.
Team and service names are the organisation's own; every text cell is neutralised against
spreadsheet formulas (CSV through core.downloads, XLSX as text cells).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

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
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
    """The rows as a workbook: numbers as numbers, every text as a text cell."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Meeting timeliness")
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABC", (30, 30, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in overview_rows(overview):
        cells = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # never a formula, whatever it starts with
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def period_line(start: datetime.date, end: datetime.date) -> str:
    return f"Meetings due from {start:%-d %B %Y} to {end:%-d %B %Y}"

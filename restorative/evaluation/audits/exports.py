"""The audit report as CSV and XLSX (through `core.downloads`): figures only, no family."""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from restorative.core.downloads import attachment, csv_attachment

from .reports import GRADES, AuditReport

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _header(first: str) -> list[object]:
    return [first, *[str(g.label) for g in GRADES], "Total", "Good or better (%)"]


def report_rows(report: AuditReport) -> Iterator[list[object]]:
    """The breakdown, its total, then the trend by quarter, as one table."""
    yield _header(report.breakdown_label)
    for row in [*report.rows, report.total]:
        yield [row.label, *row.counts, row.total, row.percent_good if row.total else ""]
    yield list[object]()
    yield _header("Quarter")
    for row in report.trend:
        yield [row.label, *row.counts, row.total, row.percent_good if row.total else ""]


def filename(report: AuditReport, extension: str) -> str:
    return (
        f"case-file-audits-by-{report.breakdown}-{report.start:%Y-%m-%d}-to-"
        f"{report.end:%Y-%m-%d}.{extension}"
    )


def report_csv(report: AuditReport) -> HttpResponse:
    return csv_attachment(
        report_rows(report), filename=filename(report, "csv"), spreadsheet_bom=True
    )


def report_xlsx(report: AuditReport) -> HttpResponse:
    """Numbers as numbers, every text as a text cell (never a formula)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Case-file audits")
    bold = Font(bold=True)
    for row in report_rows(report):
        cells: list[object] = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                if row and isinstance(row[-1], str) and row[-1].startswith("Good"):
                    cell.font = bold
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return attachment(
        buffer.getvalue(), filename=filename(report, "xlsx"), content_type=XLSX_CONTENT_TYPE
    )

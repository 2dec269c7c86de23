"""Files a page answers with for the browser to save: CSV, spreadsheets, PDFs.

Every app's downloads come through here, so each is sent the same way and every CSV cell a
spreadsheet could run as a formula is neutralised (`csv_safety.safe_cell`). File names are the
caller's: where the file holds personal data they should hold none (decision 0008).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .csv_safety import FORMULA_STARTS, safe_cell

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(content: bytes | str = b"", *, filename: str, content_type: str) -> HttpResponse:
    """A response the browser saves as `filename` instead of showing it.

    Callers that write the file as they go (a CSV writer) pass no content and write to it.
    """
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_attachment(
    rows: Iterable[Sequence[object]], *, filename: str, spreadsheet_bom: bool = False
) -> HttpResponse:
    """`rows` as a CSV file to save, every cell neutralised against spreadsheet formulas.

    `spreadsheet_bom` starts the file with a byte-order mark, without which spreadsheet
    programs read UTF-8 as another encoding; a file meant for another system goes without.
    """
    response = attachment(filename=filename, content_type=CSV_CONTENT_TYPE)
    if spreadsheet_bom:
        response.write("\ufeff")
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return response


def xlsx_bytes(
    rows: Iterable[Sequence[object]],
    *,
    sheet_title: str,
    headers: Sequence[str],
    widths: Sequence[int],
) -> tuple[bytes, int]:
    """An XLSX file of `rows` under a bold header row that stays in view, and the number of
    rows. `widths` are the first columns' widths in characters, so the file opens readable.

    Spreadsheet safety (security.md item 10): a text that a spreadsheet would read as a
    formula or an error value is written as a text cell with Excel's "quote prefix", so it
    never runs and stays text when edited; the value itself is kept as it is. Written in
    openpyxl's write-only mode: rows stream into the file instead of being held as a whole
    worksheet in memory (an organisation-wide export is tens of thousands of rows).
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in headers:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([_xlsx_value(sheet, value) for value in row])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


def _xlsx_value(sheet: Any, value: object) -> Any:
    """What to append for one value: the plain value where openpyxl already writes it as
    wanted, a cell of our own only where it would not.

    Plain values are several times quicker to write and come out the same: a number is a
    number, a date gets openpyxl's own "yyyy-mm-dd" format and an ordinary string is a text
    cell. A string openpyxl would read as a formula or an error value (`=…`, `#N/A`), or
    that a spreadsheet would (`+ - @`), gets a text cell.
    """
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) or value.startswith("#"):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # openpyxl reads a string starting with "=" as a formula
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
        return cell
    return value


def xlsx_attachment(
    sheets: Iterable[tuple[str, Iterable[Sequence[object]]]], *, filename: str
) -> HttpResponse:
    """Several sheets, each (title, rows), as an XLSX file to save: a report whose parts are
    tables of their own. Every cell is written as in `xlsx_bytes` (a text that would run as a
    formula stays text); titles are cut to Excel's 31 characters."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        for row in rows:
            sheet.append([_xlsx_value(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return attachment(buffer.getvalue(), filename=filename, content_type=XLSX_CONTENT_TYPE)

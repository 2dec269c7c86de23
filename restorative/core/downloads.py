"""Files a page answers with for the browser to save: CSV, spreadsheets, PDFs.

Every app's downloads come through here, so each is sent the same way and every CSV cell a
spreadsheet could run as a formula is neutralised (`csv_safety.safe_cell`). File names are the
caller's: where the file holds personal data they should hold none (decision 0008).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

from .csv_safety import safe_cell

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_XLSX_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "#")


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


def xlsx_bytes(sheets: Iterable[tuple[str, Iterable[Sequence[object]]]]) -> bytes:
    """A spreadsheet with one sheet per (title, rows), every text value a text cell.

    A text value a spreadsheet would run as a formula (or read as an error value) is written
    as a text cell with Excel's quote prefix, so it stays text even when edited; numbers stay
    numbers and dates get a "yyyy-mm-dd" format. Sheet titles are cut to Excel's 31 characters.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title[:31])

        def value(item: object, sheet: Any = sheet) -> Any:
            if isinstance(item, str) and item.startswith(_XLSX_FORMULA_STARTS):
                cell = WriteOnlyCell(sheet, value=item)
                cell.data_type = "s"
                cell.quotePrefix = True
                return cell
            if isinstance(item, datetime.date):
                cell = WriteOnlyCell(sheet, value=item)
                cell.number_format = "yyyy-mm-dd"
                return cell
            return item

        for row in rows:
            sheet.append([value(item) for item in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_attachment(
    sheets: Iterable[tuple[str, Iterable[Sequence[object]]]], *, filename: str
) -> HttpResponse:
    """`sheets` as an XLSX file to save (see `xlsx_bytes`)."""
    return attachment(xlsx_bytes(sheets), filename=filename, content_type=XLSX_CONTENT_TYPE)

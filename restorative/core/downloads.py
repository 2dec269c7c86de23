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

from .csv_safety import safe_cell

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "#")


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


def xlsx_attachment(
    rows: Iterable[Sequence[object]],
    *,
    filename: str,
    sheet_title: str,
    headers: Sequence[str],
) -> HttpResponse:
    """`rows` under `headers` as a spreadsheet to save (openpyxl, write-only mode).

    Numbers and dates keep their types; every string is written as a text cell, never a
    formula, and one a spreadsheet would read as a formula also gets Excel's quote prefix, so
    editing it keeps it text (security.md item 10). The value itself is kept as it is.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for title in headers:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)

    def value(item: object) -> Any:
        if isinstance(item, str) and item.startswith(_FORMULA_STARTS):
            cell = WriteOnlyCell(sheet, value=item)
            cell.data_type = "s"
            cell.quotePrefix = True
            return cell
        return item

    for row in rows:
        sheet.append([value(item) for item in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return attachment(buffer.getvalue(), filename=filename, content_type=XLSX_CONTENT_TYPE)

"""Files a page answers with for the browser to save: CSV, spreadsheets, PDFs.

Every app's downloads come through here, so each is sent the same way and every CSV cell a
spreadsheet could run as a formula is neutralised (`csv_safety.safe_cell`). File names are the
caller's: where the file holds personal data they should hold none (decision 0008).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from .csv_safety import safe_cell

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


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

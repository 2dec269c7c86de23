"""core.downloads.xlsx_attachment: sheets of rows, text never run as a formula."""

from __future__ import annotations

import datetime
import io

from openpyxl import load_workbook

from restorative.core.downloads import XLSX_CONTENT_TYPE, xlsx_attachment


def test_an_xlsx_file_keeps_numbers_dates_and_formula_like_text_as_text() -> None:
    response = xlsx_attachment(
        [
            (
                "Figures",
                [("Label", "Number"), ("=HYPERLINK(1)", 3), ("Day", datetime.date(2026, 4, 1))],
            )
        ],
        filename="figures.xlsx",
    )
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="figures.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content))["Figures"]
    assert sheet["A2"].value == "=HYPERLINK(1)" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 3
    assert sheet["B3"].value.date() == datetime.date(2026, 4, 1)

"""Downloads (core.downloads): saved, not shown, and no CSV cell a spreadsheet would run."""

from __future__ import annotations

from restorative.core.downloads import attachment, csv_attachment


def test_an_attachment_is_saved_under_its_name() -> None:
    response = attachment(
        b"%PDF-", filename="family-plan-2026-03-27-5a0c3a52.pdf", content_type="application/pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="family-plan-2026-03-27-5a0c3a52.pdf"'
    )
    assert response.content == b"%PDF-"


def test_csv_cells_that_would_run_as_formulas_are_neutralised() -> None:
    response = csv_attachment([["name", "note"], ["Sam", "=HYPERLINK(1)"]], filename="x.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode() == "name,note\r\nSam,'=HYPERLINK(1)\r\n"


def test_a_csv_for_spreadsheets_starts_with_a_byte_order_mark() -> None:
    response = csv_attachment([["line", "problem"]], filename="errors.csv", spreadsheet_bom=True)
    assert response.content.decode("utf-8").startswith("\ufeffline,problem")

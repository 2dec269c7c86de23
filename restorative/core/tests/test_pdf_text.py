"""`core.pdf_text` reads back the words of a PDF rendered the way the product renders its
documents (WeasyPrint), so tests can check what a downloaded report says."""

from __future__ import annotations

import pytest

from restorative.core.pdf_text import pdf_text
from restorative.practice.documents import pdf_engine, render_pdf


def test_reads_headings_cells_and_paragraphs_in_order() -> None:
    engine = pdf_engine()
    if engine is None:
        pytest.skip("WeasyPrint is not installed here")
    html = (
        "<html><body><h1>Board report</h1>"
        "<table><tr><td>Views recorded at meetings</td><td>25.0%</td></tr></table>"
        "<p>Complaints upheld in full or in part: café, £12</p>"
        "<p style='font-style: italic'>Staff wellbeing (psychological safety)</p>"
        "</body></html>"
    )
    text = pdf_text(render_pdf(engine, html))
    lines = text.splitlines()
    assert lines[0] == "Board report"
    assert "Views recorded at meetings" in lines
    assert "25.0%" in lines
    assert "Complaints upheld in full or in part: café, £12" in lines
    assert lines[-1] == "Staff wellbeing (psychological safety)"


def test_a_long_cell_that_wraps_reads_as_its_words() -> None:
    engine = pdf_engine()
    if engine is None:
        pytest.skip("WeasyPrint is not installed here")
    words = "Case-file audits graded good or outstanding " * 6
    html = f"<html><body><table style='width: 4cm'><tr><td>{words}</td></tr></table></body></html>"
    text = " ".join(pdf_text(render_pdf(engine, html)).split())
    assert " ".join(words.split()) in text


def test_not_a_pdf_gives_no_text() -> None:
    assert pdf_text(b"plain words, not a PDF") == ""

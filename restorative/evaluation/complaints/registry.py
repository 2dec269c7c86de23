"""What complaints, compliments and learning add to the rest of the product, registered once
from `EvaluationConfig.ready()` (their links on the "Quality and feedback" hub are in
`evaluation.hub`): the complaint outcome as a learning source, and
the training needs beside the workforce catalogue."""

from __future__ import annotations

from restorative.core import page_sections

from .. import learning_sources
from ..learning import selectors as learning_selectors
from . import selectors

CATALOGUE_PAGE = "workforce:catalogue"


def register_all() -> None:
    learning_sources.register(
        "complaint",
        "Complaint outcome",
        selectors.complaint_learning_source,
        selectors.complaint_learning_sources,
    )
    page_sections.register(
        CATALOGUE_PAGE,
        "training_needs",
        "evaluation/learning/catalogue_section.html",
        learning_selectors.catalogue_section,
        50,
    )

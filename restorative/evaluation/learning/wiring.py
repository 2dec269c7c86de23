"""What learning registers when the app starts: feedback themes as a source of learning
(kind "feedback_theme"), beside the audits' and complaints' own kinds."""

from __future__ import annotations

from .. import learning_sources
from . import selectors


def register() -> None:
    learning_sources.register(
        "feedback_theme",
        "Feedback theme",
        selectors.feedback_theme_source,
        selectors.feedback_theme_sources,
    )

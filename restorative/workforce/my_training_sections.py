"""Sections other apps add to a person's "My training" page.

Training evaluation (issue 11 point 9) lives in the evaluation app, which comes after this one:
`workforce` imports no later app, so the later app registers a section from its
`AppConfig.ready()` — a template and a function giving its context for the person, or None
when there is nothing to show. The register is `core.page_sections`, under the page name
MY_TRAINING_PAGE; these two functions keep the callers' words for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from restorative.core import page_sections

MY_TRAINING_PAGE = "workforce:my_training"


def register(
    key: str,
    template_name: str,
    context: Callable[[Any], dict[str, Any] | None],
    order: int = 100,
) -> None:
    """Add a section to every "My training" page (the same key twice adds it once)."""
    page_sections.register(MY_TRAINING_PAGE, key, template_name, context, order)


def sections_for(user: Any) -> list[dict[str, Any]]:
    """The sections to show this person: template and context each."""
    return page_sections.sections_for(MY_TRAINING_PAGE, user)

"""Sections other apps add to a person's "My training" page.

Training evaluation (issue 11 point 9) lives in the evaluation app, which comes after this one:
`workforce` imports no later app, so the later app registers a section from its
`AppConfig.ready()` — a template and a function giving its context for the person, or None
when there is nothing to show — as `people.family_sections` does for the family page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MyTrainingSection:
    key: str
    template_name: str
    context: Callable[[Any], dict[str, Any] | None]
    order: int = 100


_SECTIONS: list[MyTrainingSection] = []


def register(
    key: str,
    template_name: str,
    context: Callable[[Any], dict[str, Any] | None],
    order: int = 100,
) -> None:
    """Add a section to every "My training" page (the same key twice adds it once)."""
    if any(section.key == key for section in _SECTIONS):
        return
    _SECTIONS.append(MyTrainingSection(key, template_name, context, order))
    _SECTIONS.sort(key=lambda section: section.order)


def sections_for(user: Any) -> list[dict[str, Any]]:
    """The sections to show this person: template and context each."""
    shown = []
    for section in _SECTIONS:
        context = section.context(user)
        if context is not None:
            shown.append({"template": section.template_name, "context": context})
    return shown

"""Sections other apps add to a family's page itself, not only a link away.

Some things another app records belong on the family's record where the worker reads it:
the issue says a case decision made in supervision "also appears on the family's record".
`people` depends on no other app, so an app registers a section from its `AppConfig.ready()`:
a template and a function giving that template's context for (person, family), or None when
there is nothing this person may see. The family page's own access event covers what the
sections show (it is written before anything is rendered), so a section must show only what
whoever may view the family may see, and should cost one query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import Family


@dataclass(frozen=True)
class FamilySection:
    key: str
    template_name: str
    context: Callable[[Any, Family], dict[str, Any] | None]
    order: int = 100


_SECTIONS: list[FamilySection] = []


def register(
    key: str,
    template_name: str,
    context: Callable[[Any, Family], dict[str, Any] | None],
    order: int = 100,
) -> None:
    """Add a section to every family page (registering the same key twice adds it once)."""
    if any(section.key == key for section in _SECTIONS):
        return
    _SECTIONS.append(FamilySection(key, template_name, context, order))
    _SECTIONS.sort(key=lambda section: section.order)


def sections_for(user: Any, family: Family) -> list[dict[str, Any]]:
    """The sections to show this person on this family's page: template and context each."""
    shown = []
    for section in _SECTIONS:
        context = section.context(user, family)
        if context is not None:
            shown.append({"template": section.template_name, "context": context})
    return shown

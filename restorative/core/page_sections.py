"""Sections a later app adds to an earlier app's page (docs/architecture.md: an earlier app
never imports a later one).

`people.family_sections` does this for the family page; this is the same idea for any page
that has no record of its own, such as the workforce team's course catalogue, which shows the
training needs the evaluation app holds. The later app registers, from `AppConfig.ready()`,
a template and a function giving that template's context for the person asking (or None
when there is nothing for them); the page's view asks `sections_for(page, user)` and its
template includes each one with `section=` its context. A section should cost one or two
queries whatever the data size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PageSection:
    page: str
    key: str
    template_name: str
    context: Callable[[Any], dict[str, Any] | None]
    order: int = 100


_SECTIONS: list[PageSection] = []


def register(
    page: str,
    key: str,
    template_name: str,
    context: Callable[[Any], dict[str, Any] | None],
    order: int = 100,
) -> None:
    """Add a section to `page` (a name the page's view uses; registering a key twice adds it
    once)."""
    if any(section.page == page and section.key == key for section in _SECTIONS):
        return
    _SECTIONS.append(PageSection(page, key, template_name, context, order))
    _SECTIONS.sort(key=lambda section: section.order)


def sections_for(page: str, user: Any) -> list[dict[str, Any]]:
    """The sections of `page` to show this person: template and context each, in order."""
    shown = []
    for section in _SECTIONS:
        if section.page != page:
            continue
        context = section.context(user)
        if context is not None:
            shown.append({"template": section.template_name, "context": context})
    return shown

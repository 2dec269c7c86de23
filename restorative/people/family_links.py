"""Links from a family's page to what other apps hold about the family.

The family page belongs to `people`, and `people` depends on no other app. An app that keeps
records about families (meetings and plans, language preferences, supervision decisions)
registers a link here from its `AppConfig.ready()`, with the check of who may follow it, and
the family page lists the links this person may use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from .models import Family


@dataclass(frozen=True)
class FamilyLink:
    label: str
    url_name: str
    allowed: Callable[[Any, Family], bool]
    order: int = 100


_LINKS: list[FamilyLink] = []


def register(
    label: str, url_name: str, allowed: Callable[[Any, Family], bool], order: int = 100
) -> None:
    """Add a link to every family page; `url_name` takes the family's UUID as `family_uuid`."""
    if any(link.url_name == url_name for link in _LINKS):
        return
    _LINKS.append(FamilyLink(label, url_name, allowed, order))
    _LINKS.sort(key=lambda link: link.order)


def links_for(user: Any, family: Family) -> list[dict[str, str]]:
    """The links this person may follow from this family's page, in order."""
    return [
        {"label": link.label, "href": reverse(link.url_name, kwargs={"family_uuid": family.uuid})}
        for link in _LINKS
        if link.allowed(user, family)
    ]

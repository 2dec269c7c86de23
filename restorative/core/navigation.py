"""The service navigation: each app registers its sections and who may use them.

Core knows nothing about roles; an app registers a link with a predicate built from its own
permission functions, so the navigation shows each person only what they can open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    allowed: Callable[[Any], bool]
    order: int = 100


_ITEMS: list[NavItem] = []


def register(label: str, url_name: str, allowed: Callable[[Any], bool], order: int = 100) -> None:
    """Add a section to the service navigation (called from an app's `ready()`)."""
    if any(item.url_name == url_name for item in _ITEMS):
        return
    _ITEMS.append(NavItem(label, url_name, allowed, order))
    _ITEMS.sort(key=lambda item: item.order)


def items_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    """The sections this user may use, each marked active when the page is inside it."""
    if not getattr(user, "is_authenticated", False):
        return []
    visible = []
    for item in _ITEMS:
        if not item.allowed(user):
            continue
        href = reverse(item.url_name)
        active = current_path == href or (href != "/" and current_path.startswith(href))
        visible.append({"label": item.label, "href": href, "active": active})
    return visible

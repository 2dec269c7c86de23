"""The service navigation: each app registers its sections and who may use them.

Core knows nothing about roles; an app registers a link with a predicate built from its own
permission functions, so the navigation shows each person only what they can open.

An app with many areas registers one hub instead of one section per area, so the service
navigation stays short for everyone: the hub is one section, shown to those who may open at
least one of its areas, and its page lists only the areas this person may open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    allowed: Callable[[Any], bool]
    order: int = 100


@dataclass(frozen=True)
class HubLink:
    """One area on a hub page: its link, a sentence saying what is there, and who may open it."""

    label: str
    url_name: str
    allowed: Callable[[Any], bool]
    description: str
    order: int = 100


@dataclass
class Hub:
    """A page standing for several areas in the service navigation."""

    key: str
    title: str
    intro: str
    links: list[HubLink] = field(default_factory=list)

    def add(
        self,
        label: str,
        url_name: str,
        allowed: Callable[[Any], bool],
        description: str,
        order: int = 100,
    ) -> None:
        """Add an area to the hub (called from an app's `ready()`); adding one twice is a no-op."""
        if any(link.url_name == url_name for link in self.links):
            return
        self.links.append(HubLink(label, url_name, allowed, description, order))
        self.links.sort(key=lambda link: link.order)

    def allows(self, user: Any) -> bool:
        """Whether this person may open at least one of the hub's areas (the section's rule)."""
        return any(link.allowed(user) for link in self.links)

    def links_for(self, user: Any) -> list[dict[str, str]]:
        """The areas this person may open, in order, as the hub page shows them."""
        return [
            {"label": link.label, "href": reverse(link.url_name), "description": link.description}
            for link in self.links
            if link.allowed(user)
        ]


_ITEMS: list[NavItem] = []
_HUBS: dict[str, Hub] = {}


def register(label: str, url_name: str, allowed: Callable[[Any], bool], order: int = 100) -> None:
    """Add a section to the service navigation (called from an app's `ready()`)."""
    if any(item.url_name == url_name for item in _ITEMS):
        return
    _ITEMS.append(NavItem(label, url_name, allowed, order))
    _ITEMS.sort(key=lambda item: item.order)


def register_hub(key: str, title: str, url_name: str, order: int = 100, *, intro: str = "") -> Hub:
    """Add a hub as one section of the service navigation and return it, for the app to add
    its areas to. The page at `url_name` shows it (`core.views.hub_page` with `hub=key`)."""
    if key not in _HUBS:
        _HUBS[key] = Hub(key, title, intro)
        register(title, url_name, _HUBS[key].allows, order)
    return _HUBS[key]


def hub(key: str) -> Hub:
    """The hub registered under `key` (LookupError when no app registered it)."""
    try:
        return _HUBS[key]
    except KeyError:
        raise LookupError(f"No navigation hub {key!r} is registered") from None


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

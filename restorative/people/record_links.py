"""Links from a page in `people` (a family's, a team's) to what other apps hold about it.

`people` depends on no other app. An app that keeps records about families or teams
(meetings and plans, training, team circles) registers a link from its `AppConfig.ready()`
with the check of who may follow it, and the page lists only the links this person may use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.urls import reverse

Record = TypeVar("Record")


@dataclass(frozen=True)
class RecordLink(Generic[Record]):
    label: str
    url_name: str
    allowed: Callable[[Any, Record], bool]
    order: int = 100


class LinkRegistry(Generic[Record]):
    """Registered links for one kind of page; each URL takes the record's UUID as `url_kwarg`."""

    def __init__(self, url_kwarg: str) -> None:
        self.url_kwarg = url_kwarg
        self._links: list[RecordLink[Record]] = []

    def register(
        self, label: str, url_name: str, allowed: Callable[[Any, Record], bool], order: int = 100
    ) -> None:
        """Add a link to every page of this kind (registering the same URL twice adds it once)."""
        if any(link.url_name == url_name for link in self._links):
            return
        self._links.append(RecordLink(label, url_name, allowed, order))
        self._links.sort(key=lambda link: link.order)

    def links_for(self, user: Any, record: Any) -> list[dict[str, str]]:
        """The links this person may follow from this record's page, in order."""
        return [
            {
                "label": link.label,
                "href": reverse(link.url_name, kwargs={self.url_kwarg: record.uuid}),
            }
            for link in self._links
            if link.allowed(user, record)
        ]

"""Links from the access trail to meetings, plans and conversations (core.audit).

Each is offered only to a reader the practice rules let open the record, read off the same
list filters as every list of them, so a link never leads to "Page not found".
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection

from django.db.models import Model, Q
from django.urls import reverse

from restorative.core.scope import Actor

from . import permissions
from .models import Meeting, Plan, RestorativeConversation

TrailLinks = Callable[[Actor, Collection[uuid.UUID]], dict[uuid.UUID, str]]


def _trail_links(
    model: type[Model], visible_q: Callable[[Actor], Q], url_name: str, kwarg: str
) -> TrailLinks:
    """The links to the records of `model` among the trail's uuids that the reader may open
    (`visible_q`, the records' list filter), each to the page `url_name`."""

    def links(reader: Actor, uuids: Collection[uuid.UUID]) -> dict[uuid.UUID, str]:
        found = model._default_manager.filter(visible_q(reader), uuid__in=uuids)
        return {
            value: reverse(url_name, kwargs={kwarg: value})
            for value in found.values_list("uuid", flat=True)
        }

    return links


meeting_trail_links = _trail_links(
    Meeting, permissions.meetings_visible_q, "practice:meeting_detail", "meeting_uuid"
)
plan_trail_links = _trail_links(
    Plan, permissions.plans_visible_q, "practice:plan_detail", "plan_uuid"
)
conversation_trail_links = _trail_links(
    RestorativeConversation,
    permissions.conversations_visible_q,
    "practice:conversation_detail",
    "conversation_uuid",
)

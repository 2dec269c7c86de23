"""Links from the access trail to meetings, plans and conversations (core.audit).

Each is offered only to a reader the practice rules let open the record, read off the same
list filters as every list of them, so a link never leads to "Page not found".
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

from django.db.models import Model, Q
from django.urls import reverse

from restorative.core.scope import Actor

from . import permissions
from .models import Meeting, Plan, RestorativeConversation


def _links(
    model: type[Model], visible: Q, uuids: Collection[uuid.UUID], url_name: str, kwarg: str
) -> dict[uuid.UUID, str]:
    found = model._default_manager.filter(visible, uuid__in=uuids).values_list("uuid", flat=True)
    return {value: reverse(url_name, kwargs={kwarg: value}) for value in found}


def meeting_trail_links(reader: Actor, uuids: Collection[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The meetings among `uuids` that `reader` may open."""
    return _links(
        Meeting,
        permissions.meetings_visible_q(reader),
        uuids,
        "practice:meeting_detail",
        "meeting_uuid",
    )


def plan_trail_links(reader: Actor, uuids: Collection[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The plans among `uuids` that `reader` may open."""
    return _links(
        Plan, permissions.plans_visible_q(reader), uuids, "practice:plan_detail", "plan_uuid"
    )


def conversation_trail_links(reader: Actor, uuids: Collection[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The restorative conversations among `uuids` that `reader` may open."""
    return _links(
        RestorativeConversation,
        permissions.conversations_visible_q(reader),
        uuids,
        "practice:conversation_detail",
        "conversation_uuid",
    )

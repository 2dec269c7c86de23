"""Writing the access audit trail (privacy rule 3; security.md item 14).

Fail-closed: callers write the event *before* they show or change anything, and any error
here propagates, so the request fails rather than showing a record nobody can account for.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest

from .models import AccessEvent


class AuditWriteError(Exception):
    """The access event could not be written, so the access must not happen."""


def access_event_record(
    *,
    actor: Any,
    action: str,
    subject_type: str,
    subject_uuid: uuid.UUID,
    family_uuid: uuid.UUID,
    reason: str,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> AccessEvent:
    """Append one access event. Raises AuditWriteError if it cannot be stored."""
    try:
        return AccessEvent.objects.create(
            actor=actor,
            actor_role=getattr(actor, "role", ""),
            action=action,
            subject_type=subject_type,
            subject_uuid=subject_uuid,
            family_uuid=family_uuid,
            reason=reason[:200],
            channel=channel,
            path=(request.path[:300] if request is not None else ""),
        )
    except Exception as exc:  # noqa: BLE001 - any failure must stop the access
        raise AuditWriteError("The access audit trail could not be written.") from exc

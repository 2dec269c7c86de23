"""Decisions made with the family at a meeting, and whether they agreed, in their own words."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from restorative.core.submission import submission_create, submission_find
from restorative.people.models import Staff

from .. import permissions
from ..models import Decision, Meeting
from .common import full_clean
from .meetings import record_meeting_change


def decision_add(
    *,
    actor: Staff,
    meeting: Meeting,
    decision: str,
    family_position: str,
    family_view: str = "",
    submission_token: uuid.UUID | None = None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Decision:
    """Record a decision made with the family, and whether they agreed, in their words."""
    if not permissions.can_record_decision(actor, meeting):
        raise PermissionDenied
    existing = submission_find(Decision, submission_token, {"meeting": meeting})
    if existing is not None:
        return existing
    row = Decision(
        meeting=meeting,
        decision=decision.strip(),
        family_position=family_position,
        family_view=family_view.strip(),
        created_by=actor,
        submission_token=submission_token,
    )
    if row.family_position != Decision.FamilyPosition.AGREED and not row.family_view:
        raise ValidationError({"family_view": "Write the family's view in their own words"})
    full_clean(row)

    def save() -> Decision:
        row.save()
        record_meeting_change(actor, meeting, "recorded a decision", request, channel)
        return row

    return submission_create(Decision, submission_token, {"meeting": meeting}, save)[0]

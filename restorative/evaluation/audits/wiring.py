"""What the case-file audits register when the app starts: links from the access trail to the
audits a reader may open, and audit findings as a source of learning (their link on the
"Quality and feedback" hub is in `evaluation.hub`)."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from django.urls import reverse

from restorative.core.audit import trail_link_register
from restorative.core.scope import Actor

from .. import learning_sources
from ..models import CaseAudit
from . import permissions, selectors


def audit_trail_links(reader: Actor, uuids: Collection[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Links from the access trail to the audits the reader may open (one query)."""
    found = CaseAudit.objects.filter(permissions.audits_visible_q(reader), uuid__in=uuids)
    return {
        pk: reverse("evaluation:audit_detail", kwargs={"audit_uuid": pk})
        for pk in found.values_list("uuid", flat=True)
    }


def audit_learning_source(
    reader: Actor, audit_uuid: uuid.UUID
) -> learning_sources.ResolvedSource | None:
    """An audit finding as the source of learning actions and training needs (issue 12 point
    8): its title, page and team, or None when the reader may not see the audit."""
    found = selectors.audit_finding_for_learning(reader, audit_uuid)
    if found is None:
        return None
    title, url, team = found
    return learning_sources.ResolvedSource(title=title, url=url, team=team)


def _resolved_many(
    found: dict[uuid.UUID, tuple[str, str, Any]],
) -> dict[uuid.UUID, learning_sources.ResolvedSource]:
    return {
        key: learning_sources.ResolvedSource(title=title, url=url, team=team)
        for key, (title, url, team) in found.items()
    }


def audit_learning_sources(
    reader: Actor, uuids: list[uuid.UUID]
) -> dict[uuid.UUID, learning_sources.ResolvedSource]:
    """Many audit findings at once, for the learning lists (one query)."""
    return _resolved_many(selectors.audit_findings_for_learning(reader, uuids))


def moderation_note_source(
    reader: Actor, audit_uuid: uuid.UUID
) -> learning_sources.ResolvedSource | None:
    """A moderator's note on an audit as a source of learning (kind "moderation_note"), or
    None when the audit is not moderated or the reader may not see it."""
    return moderation_note_sources(reader, [audit_uuid]).get(audit_uuid)


def moderation_note_sources(
    reader: Actor, uuids: list[uuid.UUID]
) -> dict[uuid.UUID, learning_sources.ResolvedSource]:
    return _resolved_many(selectors.moderation_notes_for_learning(reader, uuids))


def register() -> None:
    trail_link_register("caseaudit", audit_trail_links)
    learning_sources.register(
        "case_audit", "Case-file audit finding", audit_learning_source, audit_learning_sources
    )
    learning_sources.register(
        "moderation_note", "Moderation note", moderation_note_source, moderation_note_sources
    )

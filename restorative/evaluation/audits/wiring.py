"""What the case-file audits register when the app starts: links from the access trail to the
audits a reader may open, and audit findings as a source of learning (their link on the
"Quality and feedback" hub is in `evaluation.hub`)."""

from __future__ import annotations

import uuid
from collections.abc import Collection

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


def register() -> None:
    trail_link_register("caseaudit", audit_trail_links)
    learning_sources.register("case_audit", "Case-file audit finding", audit_learning_source)

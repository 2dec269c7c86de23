"""Disposing of access events past their retention period, the only deletion the trail allows.

Why here: the trail is core's, and its append-only triggers live in core's migrations. The
records app decides *when* (its rule for access events) and who approved it; this module only
knows how to get a permitted DELETE past the triggers, in one transaction.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection

from django.db import transaction
from django.db.models import QuerySet

from .models import AccessDisposalPermit, AccessEvent


def access_events_before(
    before: datetime.datetime,
    *,
    actor_organisation_id: int,
    keep_families: Collection[uuid.UUID] = (),
) -> QuerySet[AccessEvent]:
    """The access events a disposal with this cut-off would remove: those written by the
    organisation's people before `before`, except those about families under a legal hold."""
    events = AccessEvent.objects.filter(at__lt=before, actor__organisation_id=actor_organisation_id)
    return events.exclude(family_uuid__in=list(keep_families)) if keep_families else events


def dispose_access_events(
    before: datetime.datetime,
    *,
    actor_organisation_id: int,
    keep_families: Collection[uuid.UUID] = (),
) -> int:
    """Delete the events `access_events_before` selects; returns how many.

    The permit row is written and removed inside this transaction, so it is never visible to
    another connection; the triggers check each deleted row against it."""
    with transaction.atomic():
        permit = AccessDisposalPermit.objects.create(before=before)
        deleted, _ = access_events_before(
            before, actor_organisation_id=actor_organisation_id, keep_families=keep_families
        ).delete()
        permit.delete()
    return deleted

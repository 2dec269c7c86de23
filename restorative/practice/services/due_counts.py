"""Counting each team's meetings overdue and due soon for the leaders' roll-up (issue 16).

The counts are stored (TeamDueCount) so that the director's "Meetings due" reads a row per
team instead of counting every open meeting in the county on every visit. Beat counts them
every 5 minutes (`practice.count_meetings_due`); the page counts them itself when they are
missing, from another day or older than `team_selectors.DUE_COUNTS_MAX_AGE`. No access event:
the rows hold numbers, no one's record.
"""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from restorative.people.models import Team

from ..models import TeamDueCount
from ..team_selectors import DueRollupSummary, due_counts_by_team


def due_counts_refresh(*, now: datetime.datetime | None = None) -> int:
    """Count every team's overdue and due-soon meetings again (one grouped query) and store
    them, a row per team (none overdue is stored as 0). Returns the number of teams.

    Safe to run twice or at once: each team's row is replaced, never added to.
    """
    now = now or timezone.now()
    counts = due_counts_by_team(None, today=timezone.localdate(now))
    rows = [
        TeamDueCount(
            team_id=team_id,
            overdue=counts.get(team_id, (0, 0))[0],
            due_soon=counts.get(team_id, (0, 0))[1],
            counted_at=now,
        )
        for team_id in Team.objects.values_list("pk", flat=True)
    ]
    with transaction.atomic():
        TeamDueCount.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["team"],
            update_fields=["overdue", "due_soon", "counted_at"],
        )
    return len(rows)


# Held while one request counts again counts that are merely old, so that under load one
# request pays for the count and the others show the stored counts with their time.
REFRESH_LOCK = "practice:due-counts-refresh"


def due_counts_refresh_when_stale(
    summary: DueRollupSummary, *, now: datetime.datetime | None = None
) -> bool:
    """Count again if the counts `summary` describes are stale (DueRollupSummary.stale);
    True when counted. Counts missing or from another day are always counted again; counts
    that are only older than the limit are left to whoever is already counting them."""
    now = now or timezone.now()
    if not summary.teams or not summary.stale(now):
        return False
    if summary.complete(timezone.localdate(now)):
        if not cache.add(REFRESH_LOCK, True, timeout=60):
            return False
        try:
            due_counts_refresh(now=now)
        finally:
            cache.delete(REFRESH_LOCK)
        return True
    due_counts_refresh(now=now)
    return True

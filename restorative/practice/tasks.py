"""Background work for restorative practice: the leaders' "Meetings due" counts (issue 16).

Beat calls `practice.count_meetings_due` every 5 minutes (settings.CELERY_BEAT_SCHEDULE).
Without Redis nothing is lost: the page counts them itself when they are older than 10
minutes (team_selectors.DUE_COUNTS_MAX_AGE).
"""

from __future__ import annotations

from celery import shared_task

from .services.due_counts import due_counts_refresh


@shared_task(name="practice.count_meetings_due")
def count_meetings_due_task() -> int:
    """Count every team's overdue and due-soon meetings again; returns the number of teams."""
    return due_counts_refresh()

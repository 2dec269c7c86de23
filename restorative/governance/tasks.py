"""Background work for governance: the monthly snapshots on Celery beat (issue 13 item 4).

Beat calls `governance.snapshot_recent_months` every night (settings.CELERY_BEAT_SCHEDULE):
last month is stored again, so the first run after a month ends closes it with any late
corrections, and this month so far is stored, so services' and the organisation's pages
read it from the store. Safe to run twice: a month is replaced, never added to. Without
Redis, cron runs `manage.py governance_snapshots`, which calls the same service.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .services.measures import snapshot_recent_months


@shared_task(name="governance.snapshot_recent_months")
def snapshot_recent_months_task() -> dict[str, int]:
    """Store last month and this month so far; returns figures stored per month."""
    stored = snapshot_recent_months(today=timezone.localdate())
    return {month.strftime("%Y-%m"): count for month, count in stored}

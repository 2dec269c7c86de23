"""The Celery application: background work on Redis (`REDIS_URL`), when there is one.

Without a broker, `restorative.core.tasks.enqueue` runs the same tasks inline once the
transaction commits, so `make run` needs no Redis. A worker: `celery -A restorative worker`;
the schedule (settings.CELERY_BEAT_SCHEDULE): `celery -A restorative beat`.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "restorative.settings.local")

app = Celery("restorative")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(
    lambda: ["restorative.evaluation.surveys", "restorative.governance", "restorative.practice"],
    related_name="tasks",
)

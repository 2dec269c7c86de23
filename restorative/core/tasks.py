"""Background work for every app: one way to queue a task after the transaction commits.

With a broker configured (`CELERY_BROKER_URL`, from `REDIS_URL`), `enqueue` sends the task to
Celery once the surrounding transaction has committed, so the worker never looks for rows
that are not there yet. Without one (the embedded default of `make run`, and most tests), it
runs the same task in this process, also after commit. A task is written once either way:
a Celery `shared_task` whose body is idempotent, because a retried task runs it again.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def broker_configured() -> bool:
    """Is there a queue to send work to?"""
    return bool(getattr(settings, "CELERY_BROKER_URL", ""))


def enqueue(task: Any, *args: Any, **kwargs: Any) -> None:
    """Run `task(*args, **kwargs)` after the current transaction commits: on the queue when
    there is one, inline otherwise. An inline task that fails is logged, not raised: the
    request that queued it has already succeeded, and the task records its own failure."""

    def run() -> None:
        if broker_configured():
            task.apply_async(args=args, kwargs=kwargs)
            return
        try:
            task.apply(args=args, kwargs=kwargs, throw=True)
        except Exception:  # noqa: BLE001 - see the docstring
            logger.exception("Background task %s failed inline", getattr(task, "name", task))

    transaction.on_commit(run)

"""The monthly snapshots on a schedule (issue 13 item 4): Celery beat names the task, the
task is known to the Celery app, and running it stores last month and this month so far,
replacing what was stored (so running it every night never counts anything twice)."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from typing import Any
from unittest import mock

from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command

from restorative.celery import app as celery_app
from restorative.governance import tasks
from restorative.governance.models import Snapshot

TASK = "governance.snapshot_recent_months"
TODAY = datetime.date(2026, 4, 3)


def test_beat_schedule_names_the_snapshot_task_every_night() -> None:
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == TASK]
    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert isinstance(schedule, crontab)
    assert schedule.hour == {2} and schedule.minute == {30}
    assert schedule.day_of_month == set(range(1, 32))  # every day, so a month ends stored


def test_a_fresh_celery_process_finds_the_task() -> None:
    """As a worker or beat starts: nothing imported by hand, the app discovers the task."""
    code = (
        "import django; django.setup(); from restorative.celery import app; "
        "app.loader.import_default_modules(); "
        f"print({TASK!r} in app.tasks)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "restorative.settings.test"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.stdout.strip() == "True", done.stderr
    assert celery_app.tasks[TASK].name == tasks.snapshot_recent_months_task.name


def test_running_the_task_stores_last_month_and_this_month(march: Any) -> None:
    with mock.patch("restorative.governance.tasks.timezone.localdate", return_value=TODAY):
        result = tasks.snapshot_recent_months_task.apply(throw=True).get()
    assert set(result) == {"2026-03", "2026-04"}
    march_circles = Snapshot.objects.get(
        measure="team_circles", month=datetime.date(2026, 3, 1), scope_key="organisation"
    )
    assert march_circles.numerator == 3  # the hand-counted March: 2 in A1, 1 in B1
    stored = Snapshot.objects.count()
    with mock.patch("restorative.governance.tasks.timezone.localdate", return_value=TODAY):
        tasks.snapshot_recent_months_task.apply(throw=True)
    assert Snapshot.objects.count() == stored  # replaced, not added to


def test_the_command_without_a_month_does_the_same(march: Any, capsys: Any) -> None:
    with mock.patch(
        "restorative.governance.management.commands.governance_snapshots.timezone.localdate",
        return_value=TODAY,
    ):
        call_command("governance_snapshots")
    out = capsys.readouterr().out
    assert "2026-03:" in out and "2026-04:" in out
    assert Snapshot.objects.filter(month=datetime.date(2026, 4, 1)).exists()

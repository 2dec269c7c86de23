"""A real Celery worker against Redis on 127.0.0.1:6379 sends an invitation (issue 11 point 3).

The worker is a separate process on its own Redis database number (so nothing else on the
machine is disturbed), reading the test database and sending to the fake Notify server. Skipped
when Redis is not running; every other test runs tasks inline.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from restorative.celery import app as celery_app
from restorative.evaluation.models import SurveyInvitation

from . import survey_fixtures
from .fake_notify import API_KEY, fake_notify_server
from .survey_fixtures import invite

REDIS_DB = 14
BROKER = f"redis://127.0.0.1:6379/{REDIS_DB}"
TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


voices = survey_fixtures.voices  # the fixture, shared by the survey tests

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379"),
]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def test_a_real_worker_sends_an_invitation_through_redis(
    transactional_db: None, voices: Any, settings: Any
) -> None:
    import redis

    redis.Redis.from_url(BROKER).flushdb()
    with fake_notify_server() as notify:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "restorative.settings.test",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": BROKER,
            "TEST_NOTIFY_API_KEY": API_KEY,
            "NOTIFY_BASE_URL": notify.url,
            "NOTIFY_TEMPLATE_FEEDBACK_EMAIL": TEMPLATE,
        }
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "restorative",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-Q",
                "restorative",
            ],
            cwd=Path(__file__).resolve().parents[3],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        settings.CELERY_BROKER_URL = BROKER
        previous = celery_app.conf.broker_url
        celery_app.conf.broker_url = BROKER
        try:
            link = invite(
                voices,
                code="parent-carer",
                person="mother",
                channel="email",
                send_to="grace@example.com",
            )
            deadline = time.monotonic() + 90
            status = ""
            while time.monotonic() < deadline:
                status = SurveyInvitation.objects.get(pk=link.invitation.pk).send_status
                if status in ("sent", "failed") or worker.poll() is not None:
                    break
                time.sleep(0.5)
        finally:
            celery_app.conf.broker_url = previous
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                output = worker.communicate(timeout=20)[0].decode(errors="replace")
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                output = worker.communicate()[0].decode(errors="replace")
        assert status == "sent", output[-3000:]
        assert len(notify.requests) == 1
        assert notify.requests[0]["body"]["template_id"] == TEMPLATE
        assert link.token in notify.requests[0]["body"]["personalisation"]["link"]

"""Two people's requests at the same moment both succeed on the database `make run` uses.

A practitioner's page asks for language suggestions as they type (a write: suggestions shown
are counted) while the meeting record is being saved (a write in one transaction). On SQLite
those two writers meet; with the options in `restorative/settings/base.py` (WAL, a busy
timeout, transactions that take the write lock when they begin) the second one waits for the
first instead of failing with "database is locked", and neither answers 500.

The requests go over HTTP to pytest-django's live server, which serves each request in its own
thread with its own database connection, as a real server does. The test database is a file
with the same options as `make run` (`restorative/settings/test.py`); an in-memory database
would share one connection between the threads and prove nothing.
"""

from __future__ import annotations

import http.client
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.urls import reverse

from restorative.language import selectors
from restorative.language.models import LanguageUsage
from restorative.practice.models import Meeting

ROUNDS = 5
TIMEOUT = 60  # seconds: far above the database's busy timeout, so a wait never looks like a hang
SUGGESTION_TEXT = "Jack absconded from placement and was non-compliant with the plan."


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


class Browser:
    """One person's cookies and a plain HTTP connection per request, like a browser tab."""

    def __init__(self, base_url: str, session_cookie: str) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "localhost"
        self.port = parts.port or 80
        self.cookies = {settings.SESSION_COOKIE_NAME: session_cookie}

    def request(self, method: str, path: str, data: dict[str, str] | None = None) -> Answer:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
            body = None
            if data is not None:
                body = urlencode(data, doseq=True)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return Answer(response.status, dict(response.getheaders()), text)
        finally:
            conn.close()

    def form_token(self, path: str) -> str:
        """Open the page as a person would and read the form's CSRF token from it."""
        answer = self.request("GET", path)
        assert answer.status == 200, (path, answer.status)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', answer.body)
        assert match is not None, f"no form on {path}"
        return match.group(1)


def _record_form(meeting: Meeting, round_number: int) -> dict[str, str]:
    data = {
        "held_on": meeting.scheduled_at.date().isoformat() if meeting.scheduled_at else "",
        "what_happened": f"We met at home (round {round_number}).",
        "worries": "Safety at night",
        # An initial conference records its outcome (it drives the chain); "no plan" adds none.
        "conference_outcome": "no_plan",
    }
    for participant in meeting.participants.all():
        prefix = f"p_{participant.uuid.hex}"
        data[f"{prefix}_attendance"] = "attended"
        data[f"{prefix}_given_by"] = "in_person"
        data[f"{prefix}_view"] = "We want the plan to work."
    return data


def test_a_suggestion_while_a_meeting_is_saved_both_succeed(
    live_server: Any, client: Any, world: Any, practice: Any
) -> None:
    if connection.vendor == "sqlite":  # on PostgreSQL (CI's second run) there is nothing to check
        assert not connection.is_in_memory_db(), "this test needs the file database of make run"
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    meeting = practice.invited
    meeting.scheduled_at = meeting.scheduled_at.replace(year=meeting.scheduled_at.year - 1)
    meeting.save(update_fields=["scheduled_at"])  # held in the past, so it may be recorded

    client.force_login(world.allocated)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    record_path = reverse("practice:meeting_record", args=[meeting.uuid])
    suggest_path = reverse("language:suggest")
    saver = Browser(live_server.url, session)
    writer = Browser(live_server.url, session)

    answers: dict[str, list[Answer]] = {"record": [], "suggest": []}
    failures: list[BaseException] = []

    def run(name: str, start: threading.Barrier, send: Callable[[], Answer]) -> None:
        try:
            start.wait(TIMEOUT)
            answers[name].append(send())
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            failures.append(error)

    for round_number in range(ROUNDS):
        record_token = saver.form_token(record_path)
        suggest_token = writer.form_token(record_path)
        record = _record_form(meeting, round_number)
        record["csrfmiddlewaretoken"] = record_token
        suggestion = {
            "text": SUGGESTION_TEXT,
            "field": "what_happened",
            "csrfmiddlewaretoken": suggest_token,
        }
        start = threading.Barrier(2)
        threads = [
            threading.Thread(
                target=run,
                args=("record", start, partial(saver.request, "POST", record_path, record)),
            ),
            threading.Thread(
                target=run,
                args=("suggest", start, partial(writer.request, "POST", suggest_path, suggestion)),
            ),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIMEOUT)
        assert not failures, failures

    assert [a.status for a in answers["record"]] == [302] * ROUNDS, [
        a.body[:500] for a in answers["record"] if a.status != 302
    ]
    assert all(
        a.headers["Location"].endswith(reverse("practice:meeting_detail", args=[meeting.uuid]))
        for a in answers["record"]
    )
    assert [a.status for a in answers["suggest"]] == [200] * ROUNDS, [
        a.body[:500] for a in answers["suggest"] if a.status != 200
    ]
    assert all("absconded" in a.body for a in answers["suggest"])

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert meeting.what_happened == f"We met at home (round {ROUNDS - 1})."
    # Every suggestion request was counted: none was lost to the meeting's save.
    per_request = len(selectors.language_findings(world.allocated, SUGGESTION_TEXT))
    shown = LanguageUsage.objects.filter(team=world.team_a1).aggregate(total=Sum("shown"))
    assert per_request > 0 and shown["total"] == per_request * ROUNDS

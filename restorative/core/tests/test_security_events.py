"""Security events (security.md item 13): who, what, when (UTC), where; no personal content.

Each event is one JSON line on the `restorative.security` logger. An attempted username can
be a mistyped password, so it never appears in clear; no family's name ever appears.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from .conftest import WRONG_PASSWORD, sign_in

FIELDS = {"event", "at", "user_id", "role", "ip", "path"}


@pytest.fixture
def security_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Capture the security logger, and axes' own logger (which does not propagate)."""
    axes_logger = logging.getLogger("axes")
    axes_logger.addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG)
    try:
        yield caplog
    finally:
        axes_logger.removeHandler(caplog.handler)


def _events(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    return [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "restorative.security"
    ]


def _one(caplog: pytest.LogCaptureFixture, event: str) -> dict[str, Any]:
    found = [e for e in _events(caplog) if e["event"] == event]
    assert len(found) == 1, f"expected one {event!r} event, got {_events(caplog)}"
    return found[0]


def _assert_well_formed(event: dict[str, Any], path: str) -> None:
    assert set(event) >= FIELDS
    at = datetime.fromisoformat(event["at"])
    assert at.utcoffset() == timedelta(0), "timestamps are UTC"
    assert abs(datetime.now(UTC) - at) < timedelta(minutes=1)
    assert event["ip"] == "127.0.0.1"
    assert event["path"] == path


def test_sign_in_is_logged(client: Any, person: Any, security_log: Any) -> None:
    sign_in(client, person.email)
    event = _one(security_log, "sign_in")
    _assert_well_formed(event, "/sign-in/")
    assert event["user_id"] == str(person.pk)
    assert event["role"] == person.role


def test_failed_sign_in_is_logged_without_the_username(
    client: Any, person: Any, security_log: Any
) -> None:
    sign_in(client, person.email, WRONG_PASSWORD)
    event = _one(security_log, "sign_in_failed")
    _assert_well_formed(event, "/sign-in/")
    assert event["user_id"] == ""
    assert event["username_fp"], "a fingerprint lets failures be correlated"
    assert person.email not in security_log.text
    assert "pat.practitioner" not in security_log.text
    assert WRONG_PASSWORD not in security_log.text


def test_failed_sign_in_for_unknown_email_is_logged(
    client: Any, db: Any, security_log: Any
) -> None:
    sign_in(client, "nobody.here@test.example", WRONG_PASSWORD)
    event = _one(security_log, "sign_in_failed")
    assert "nobody.here" not in security_log.text
    assert event["username_fp"]


def test_lockout_is_logged_without_the_username(
    client: Any, person: Any, security_log: Any
) -> None:
    for _ in range(5):
        sign_in(client, person.email, WRONG_PASSWORD)
    event = _one(security_log, "lockout")
    _assert_well_formed(event, "/sign-in/")
    # Neither our log nor axes' own warnings name the account in clear text.
    assert "pat.practitioner" not in security_log.text
    fingerprints = {e["username_fp"] for e in _events(security_log)}
    assert len(fingerprints) == 1, "every failure and the lockout share one fingerprint"


def test_sign_out_is_logged(client: Any, person: Any, security_log: Any) -> None:
    sign_in(client, person.email)
    client.post("/sign-out/")
    event = _one(security_log, "sign_out")
    _assert_well_formed(event, "/sign-out/")
    assert event["user_id"] == str(person.pk)


def test_refused_family_is_logged_without_the_family_name(
    client: Any, world: Any, security_log: Any
) -> None:
    client.force_login(world.other_service)
    path = f"/families/{world.family.uuid}/"

    response = client.get(path)

    assert response.status_code == 404
    event = _one(security_log, "access_refused")
    _assert_well_formed(event, path)
    assert event["user_id"] == str(world.other_service.pk)
    assert event["role"] == "practitioner"
    assert "Okafor" not in security_log.text
    assert "Amara" not in security_log.text


def test_missing_family_is_logged_the_same_way(client: Any, world: Any, security_log: Any) -> None:
    """No access and does not exist look the same, in the log as on the page."""
    client.force_login(world.allocated)
    path = f"/families/{uuid.uuid4()}/export.csv"
    assert client.get(path).status_code == 404
    event = _one(security_log, "access_refused")
    _assert_well_formed(event, path)


def test_allowed_family_page_logs_no_refusal(client: Any, world: Any, security_log: Any) -> None:
    client.force_login(world.allocated)
    assert client.get(f"/families/{world.family.uuid}/").status_code == 200
    assert not [e for e in _events(security_log) if e["event"] == "access_refused"]
    assert "Okafor" not in security_log.text


def test_session_expiry_is_logged(client: Any, person: Any, security_log: Any) -> None:
    from restorative.core.middleware import SESSION_STARTED_KEY

    sign_in(client, person.email)
    session = client.session
    session[SESSION_STARTED_KEY] = (datetime.now(UTC) - timedelta(hours=13)).timestamp()
    session.save()
    client.get("/")
    event = _one(security_log, "session_expired")
    assert event["user_id"] == str(person.pk)

"""Production logs: one JSON line per event on stdout, with nothing personal in it.

A council's log platform collects the app's stdout. With DEBUG off Django writes a server
error nowhere unless logging says where; these tests run the production settings in a child
process and read what it writes.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from restorative.core.logging import JsonLineFormatter, sentry_before_send
from restorative.core.tests.failing_urls import QUOTED_DATA

ROOT = Path(__file__).resolve().parents[3]

FAILING_REQUEST = """
import json, sys
import django
django.setup()
from django.test import Client, override_settings
with override_settings(ROOT_URLCONF="restorative.core.tests.failing_urls"):
    response = Client(raise_request_exception=False).get(
        "/fails/", {"q": "Amara Okafor", "email": "amara@example.org"}, secure=True
    )
print("RESULT " + json.dumps({
    "status": response.status_code, "sentry_loaded": "sentry_sdk" in sys.modules
}), file=sys.stderr)
"""

SENTRY_OPTIONS = """
import json, sys
import django
django.setup()
import sentry_sdk
client = sentry_sdk.get_client()
options = client.options
print("RESULT " + json.dumps({
    "active": client.is_active(),
    "send_default_pii": options["send_default_pii"],
    "include_local_variables": options["include_local_variables"],
    "max_request_body_size": options["max_request_body_size"],
    "before_send": getattr(options["before_send"], "__qualname__", None),
    "environment": options["environment"],
}), file=sys.stderr)
"""


def _run_in_production(
    script: str, tmp_path: Path, **extra_env: str
) -> tuple[list[str], dict[str, Any]]:
    """Run `script` under the production settings; its stdout lines and its RESULT."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "SENTRY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="restorative.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        PYTHONPATH=str(ROOT),
        **extra_env,
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Logging error" not in result.stderr, result.stderr
    found = [line for line in result.stderr.splitlines() if line.startswith("RESULT ")]
    assert found, result.stderr
    return result.stdout.splitlines(), json.loads(found[-1].removeprefix("RESULT "))


def test_a_server_error_in_production_writes_one_error_line(tmp_path: Path) -> None:
    lines, result = _run_in_production(FAILING_REQUEST, tmp_path)
    assert result == {"status": 500, "sentry_loaded": False}
    events = [json.loads(line) for line in lines]  # every line is one JSON object

    errors = [event for event in events if event["level"] == "error"]
    assert len(errors) == 1, lines
    error = errors[0]
    assert error["event"] == "server_error"
    assert error["logger"] == "django.request"
    assert (error["method"], error["path"], error["status"]) == ("GET", "/fails/", 500)
    assert error["user_id"] is None
    assert error["exception"] == "builtins.RuntimeError"
    assert error["stack"][-1].startswith("restorative/core/tests/failing_urls.py:")
    assert error["stack"][-1].endswith(" in fails")

    requests = [event for event in events if event.get("event") == "request"]
    assert len(requests) == 1, lines
    assert requests[0]["level"] == "info"
    assert (requests[0]["method"], requests[0]["path"], requests[0]["status"]) == (
        "GET",
        "/fails/",
        500,
    )
    assert isinstance(requests[0]["duration_ms"], float)

    # Neither the query string nor the exception's message (which quotes the data) is logged.
    output = "\n".join(lines)
    for personal in ("Amara", "Okafor", "amara@example.org", "q=", QUOTED_DATA, "Station Road"):
        assert personal not in output


def test_sentry_is_set_up_from_the_dsn_and_keeps_personal_data_out(tmp_path: Path) -> None:
    _lines, options = _run_in_production(
        SENTRY_OPTIONS,
        tmp_path,
        SENTRY_DSN="https://publickey@127.0.0.1:9/1",
        SENTRY_ENVIRONMENT="staging",
    )
    assert options == {
        "active": True,
        "send_default_pii": False,
        "include_local_variables": False,
        "max_request_body_size": "never",
        "before_send": "sentry_before_send",
        "environment": "staging",
    }


def test_sentry_reports_are_stripped_of_query_strings_messages_and_variables() -> None:
    event: dict[str, Any] = {
        "request": {
            "url": "https://restorative.example/families/?q=Okafor",
            "method": "GET",
            "query_string": "q=Okafor",
            "data": {"name": "Amara Okafor"},
            "cookies": {"sessionid": "secret"},
            "headers": {"Referer": "https://restorative.example/?q=Okafor"},
        },
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": "bad name Amara Okafor",
                    "stacktrace": {"frames": [{"function": "save", "vars": {"name": "Amara"}}]},
                }
            ]
        },
        "logentry": {"message": "could not save Amara Okafor"},
        "extra": {"name": "Amara"},
        "breadcrumbs": {"values": [{"message": "Okafor"}]},
    }
    stripped = sentry_before_send(event, {})
    assert "Okafor" not in json.dumps(stripped) and "Amara" not in json.dumps(stripped)
    assert stripped["request"] == {"url": "https://restorative.example/families/", "method": "GET"}
    assert stripped["exception"]["values"][0]["type"] == "ValueError"
    assert stripped["exception"]["values"][0]["stacktrace"]["frames"] == [{"function": "save"}]


@pytest.mark.django_db
def test_the_request_line_names_the_account_by_id_only(
    client: Any, world: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client.force_login(world.allocated)
    with caplog.at_level(logging.INFO, logger="restorative.request"):
        response = client.get(reverse("people:family_list"), {"q": "Okafor"})
    assert response.status_code == 200
    records = [r for r in caplog.records if r.name == "restorative.request"]
    assert len(records) == 1
    line = JsonLineFormatter().format(records[0])
    event = json.loads(line)
    assert event["event"] == "request"
    assert event["path"] == reverse("people:family_list")
    assert (event["method"], event["status"]) == ("GET", 200)
    assert event["user_id"] == str(world.allocated.pk)
    for personal in ("Okafor", world.allocated.email, world.allocated.last_name):
        assert personal not in line


def test_security_events_keep_their_fields_as_json() -> None:
    record = logging.LogRecord(
        "restorative.security",
        logging.INFO,
        __file__,
        1,
        json.dumps({"event": "sign_in", "user_id": "7"}),
        None,
        None,
    )
    event = json.loads(JsonLineFormatter().format(record))
    assert (event["event"], event["user_id"], event["level"]) == ("sign_in", "7", "info")

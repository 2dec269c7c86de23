"""Logs a council's log platform can collect: one JSON object per line, no personal content.

Production (`restorative/settings/production.py`) writes every log line to stdout through
`JsonLineFormatter`: the request log (`RequestLogMiddleware`, logger `restorative.request`),
server errors (Django's `django.request` logger), security events (`restorative.security`)
and the apps' own loggers. A line holds what lets someone find and fix a fault, and nothing
that says who a family is or what was written about them:

- a request: method, path without its query string (search words can be names), status,
  duration and the account's id (never its name or email); never a body or a header;
- a server error: the same, the exception's class and where it was raised (file, line,
  function), but not the exception's message, which can quote the data that caused it.

`sentry_before_send` applies the same rule to the optional Sentry reports (`SENTRY_DSN`).
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from django.http import HttpRequest, HttpResponse

request_logger = logging.getLogger("restorative.request")

STACK_DEPTH = 30
"""The innermost frames kept from a traceback; the outer ones are Django's own plumbing."""

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


def account_id(request: HttpRequest) -> str | None:
    """The signed-in account's id, or None: never its name or email.

    Reading `request.user` may load the session and the account; when the fault being logged
    is that very load (the database is down), there is no id to give, and the line is still
    written without it.
    """
    user = getattr(request, "user", None)
    if user is None:
        return None
    try:
        return str(user.pk) if user.is_authenticated else None
    except Exception:  # noqa: BLE001 - a log line is written whatever state the request is in
        return None


def request_fields(request: HttpRequest) -> dict[str, Any]:
    """What a log line says about a request: no query string, body, header or name."""
    return {"method": request.method, "path": request.path, "user_id": account_id(request)}


def _where(filename: str) -> str:
    """A frame's file, relative to the project or to the installed packages."""
    path = Path(filename)
    if path.is_relative_to(PROJECT_ROOT) and "site-packages" not in path.parts:
        return str(path.relative_to(PROJECT_ROOT))
    parts = path.parts
    if "site-packages" in parts:
        return "/".join(parts[parts.index("site-packages") + 1 :])
    return path.name


def exception_fields(
    exc_info: tuple[type[BaseException], BaseException, TracebackType | None],
) -> dict[str, Any]:
    """The exception's class and the frames it passed through; never its message."""
    kind, _error, trace = exc_info
    frames = traceback.extract_tb(trace)[-STACK_DEPTH:]
    return {
        "exception": f"{kind.__module__}.{kind.__qualname__}",
        "stack": [f"{_where(frame.filename)}:{frame.lineno} in {frame.name}" for frame in frames],
    }


class JsonLineFormatter(logging.Formatter):
    """Format a log record as one line of JSON.

    A record's fields come from, in order: `extra={"fields": {...}}` (the request log); a
    message that is itself a JSON object (the security events); otherwise the message text.
    A record that carries the request (Django's `django.request`) adds the request's fields
    and its status; one with an exception adds its class and stack, not its message.
    """

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        fields = getattr(record, "fields", None)
        message = record.getMessage()
        if isinstance(fields, dict):
            line.update(fields)
        elif message.startswith("{"):
            try:
                parsed = json.loads(message)
            except ValueError:
                parsed = None
            line.update(parsed if isinstance(parsed, dict) else {"message": message})
        else:
            line["message"] = message
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            line.update(request_fields(request))
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            line["status"] = status
            if record.name == "django.request" and status >= 500:
                line.setdefault("event", "server_error")
        if record.exc_info and record.exc_info[0] is not None:
            line.update(exception_fields(record.exc_info))  # type: ignore[arg-type]
        return json.dumps(line, default=str, ensure_ascii=False)


class RequestLogMiddleware:
    """Log one line per request: method, path, status, duration and the account's id.

    First in MIDDLEWARE, so the duration covers every other middleware and the status is the
    one the client received, a server error's 500 included.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        if request_logger.isEnabledFor(logging.INFO):
            fields = {
                "event": "request",
                **request_fields(request),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            }
            request_logger.info("request", extra={"fields": fields})
        return response


def sentry_before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Strip a Sentry report to what the logs hold: no query string, body, cookie, header,
    exception message, local variable or breadcrumb text.

    Sentry's own `send_default_pii=False` leaves out cookies and addresses, but not a search
    typed into the address bar nor an exception's message, which can quote a family's data.
    """
    request = event.get("request")
    if isinstance(request, dict):
        url = str(request.get("url", ""))
        event["request"] = {"url": url.split("?", 1)[0], "method": request.get("method")}
    for exception in (event.get("exception") or {}).get("values") or []:
        exception["value"] = ""
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    event.pop("logentry", None)
    event.pop("extra", None)
    event["breadcrumbs"] = {"values": []}
    return event


def sentry_init(dsn: str, *, environment: str, release: str) -> None:
    """Report server errors to Sentry, if the organisation runs one (`SENTRY_DSN`).

    Imported here, only when a DSN is set, so nothing else loads the SDK.
    """
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        max_breadcrumbs=0,
        traces_sample_rate=0.0,
        before_send=sentry_before_send,  # type: ignore[arg-type]
    )

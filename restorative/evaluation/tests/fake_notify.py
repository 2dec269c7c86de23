"""A fake GOV.UK Notify API on 127.0.0.1 for tests: records each request, answers like Notify.

The real `notifications-python-client` is pointed at it (NOTIFY_BASE_URL), so the tests
exercise the client's own request building and JWT signing; nothing leaves the machine.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"test_key-{SERVICE_ID}-{SECRET}"


@dataclass
class FakeNotify:
    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    fail_with: tuple[int, str] | None = None


@contextmanager
def fake_notify_server() -> Iterator[FakeNotify]:
    state = FakeNotify()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the standard library's name
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            state.requests.append(
                {"path": self.path, "body": body, "auth": self.headers.get("Authorization", "")}
            )
            if state.fail_with is not None:
                code, message = state.fail_with
                payload: dict[str, Any] = {
                    "status_code": code,
                    "errors": [{"error": "BadRequestError", "message": message}],
                }
            else:
                code = 201
                payload = {
                    "id": str(uuid.uuid4()),
                    "reference": body.get("reference"),
                    "content": {"body": "...", "subject": "..."},
                    "template": {"id": body.get("template_id"), "version": 1, "uri": ""},
                    "uri": "",
                }
            data = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()

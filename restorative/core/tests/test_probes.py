"""/health/ says the process is alive and touches nothing; /ready/ says whether the database
(and Redis, when configured) answer, 503 when not. Both without signing in, and with nothing
in them but "ok" or "unavailable" (issue 15, point 5)."""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import OperationalError
from django.test import override_settings

from restorative.core import probes


def test_health_answers_without_signing_in_and_without_the_database(client: Any) -> None:
    # No database fixture: pytest-django makes any query here fail the test.
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store" or "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_when_the_database_answers(client: Any) -> None:
    response = client.get("/ready/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


@pytest.mark.django_db
def test_not_ready_when_the_database_does_not_answer(client: Any, monkeypatch: Any) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("connection to server at 10.0.0.5 failed: password for app")

    monkeypatch.setattr(probes.connection, "cursor", refuse)
    response = client.get("/ready/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "unavailable"}}
    assert b"10.0.0.5" not in response.content


def _commands(buffer: bytes) -> tuple[list[bytes], bytes]:
    """The complete commands (their names) at the start of `buffer`, and what is left."""
    names: list[bytes] = []
    while buffer.startswith(b"*") and b"\r\n" in buffer:
        header, rest = buffer[1:].split(b"\r\n", 1)
        parts: list[bytes] = []
        for _ in range(int(header)):
            if not rest.startswith(b"$") or b"\r\n" not in rest:
                return names, buffer
            size_text, rest = rest[1:].split(b"\r\n", 1)
            size = int(size_text)
            if len(rest) < size + 2:
                return names, buffer
            parts.append(rest[:size])
            rest = rest[size + 2 :]
        names.append(parts[0].upper() if parts else b"")
        buffer = rest
    return names, buffer


class _FakeRedis(socketserver.BaseRequestHandler):
    """Just enough of Redis for a client to connect and PING: HELLO gets a RESP3 map, PING
    gets PONG, anything else OK, one reply per command however the commands arrive."""

    def handle(self) -> None:
        buffer = b""
        while data := self.request.recv(4096):
            names, buffer = _commands(buffer + data)
            for name in names:
                if name == b"HELLO":
                    reply = b"%2\r\n+server\r\n+redis\r\n+proto\r\n:3\r\n"
                elif name == b"PING":
                    reply = b"+PONG\r\n"
                else:
                    reply = b"+OK\r\n"
                self.request.sendall(reply)


@pytest.fixture
def fake_redis() -> Iterator[str]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _FakeRedis)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{server.server_address[1]}/0"
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.django_db
def test_ready_checks_redis_when_it_is_configured(client: Any, fake_redis: str) -> None:
    with override_settings(REDIS_URL=fake_redis):
        response = client.get("/ready/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


@pytest.mark.django_db
def test_not_ready_when_redis_does_not_answer(client: Any) -> None:
    with override_settings(REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0"):
        response = client.get("/ready/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "redis": "unavailable"},
    }


def test_probes_answer_get_only(client: Any) -> None:
    assert client.post("/health/").status_code == 405


def test_the_probe_client_fails_when_nothing_answers(monkeypatch: Any) -> None:
    from restorative.core import probe_client

    port = _closed_port()
    assert probe_client.probe("/health/", port=port, host_header="localhost") == 0
    monkeypatch.setenv("PORT", str(port))
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", ".example.org,localhost")
    assert probe_client.main(["probe_client", "/ready/"]) == 1

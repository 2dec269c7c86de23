"""The production server's settings come from the environment, and the process files name
commands that exist (issue 15, point 5). The server itself is started and used by CI
(`.ci/production_server.py`, step 9 of `.ci/run`)."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]


def _gunicorn_settings(monkeypatch: Any, **env: str) -> dict[str, Any]:
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "PORT", "HOST", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_takes_workers_threads_and_port_from_the_environment(monkeypatch: Any) -> None:
    settings = _gunicorn_settings(
        monkeypatch, WEB_CONCURRENCY="5", GUNICORN_THREADS="8", PORT="9123", HOST="127.0.0.1"
    )
    assert settings["workers"] == 5
    assert settings["threads"] == 8
    assert settings["worker_class"] == "gthread"
    assert settings["bind"] == "127.0.0.1:9123"


def test_gunicorn_has_defaults_for_a_small_server(monkeypatch: Any) -> None:
    settings = _gunicorn_settings(monkeypatch)
    assert settings["workers"] == 2
    assert settings["threads"] == 4
    assert settings["bind"] == "0.0.0.0:8000"
    assert settings["timeout"] == 60


def test_the_process_files_run_the_wsgi_app_with_that_configuration() -> None:
    procfile = (ROOT / "Procfile").read_text()
    dockerfile = (ROOT / "Dockerfile").read_text()
    command = "gunicorn --config gunicorn.conf.py restorative.wsgi:application"
    assert f"web: {command}" in procfile
    assert "migrate --no-input" in procfile
    assert "worker: celery -A restorative worker" in procfile
    assert "beat: celery -A restorative beat" in procfile
    assert '"gunicorn", "--config", "gunicorn.conf.py", "restorative.wsgi:application"' in (
        dockerfile
    )
    assert "FROM python:3.11-slim" in dockerfile
    for library in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b"):
        assert library in dockerfile, library
    assert "USER restorative" in dockerfile

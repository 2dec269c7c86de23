"""Production settings pass Django's deployment checks, and pages carry the security headers
(security.md item 9)."""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[3]


def _production_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env.update(
        DJANGO_SETTINGS_MODULE="restorative.settings.production",
        DJANGO_SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(50)),
        DJANGO_ALLOWED_HOSTS="example.org",
        PYTHONPATH=str(ROOT),
    )
    return env


def test_check_deploy_passes_with_production_settings() -> None:
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


# The values production.py sets, applied to the test settings so the test client can show the
# headers a browser would receive from the production site.
PRODUCTION_LIKE = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


def _assert_security_headers(response: Any) -> None:
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in {"same-origin", "no-referrer", "strict-origin"}
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"


@override_settings(**PRODUCTION_LIKE)
@pytest.mark.parametrize(
    "path", ["family_detail", "family_list", "family_edit", "family_export", "family_access_log"]
)
def test_family_pages_carry_security_headers(client: Any, world: Any, path: str) -> None:
    from django.urls import reverse

    client.force_login(world.manager)
    args = [] if path == "family_list" else [world.family.uuid]
    response = client.get(reverse(f"people:{path}", args=args), secure=True)
    assert response.status_code == 200
    _assert_security_headers(response)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@override_settings(**PRODUCTION_LIKE)
def test_plain_http_is_redirected_to_https(client: Any, db: Any) -> None:
    response = client.get("/sign-in/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@override_settings(**PRODUCTION_LIKE)
def test_sign_in_page_carries_security_headers(client: Any, db: Any) -> None:
    response = client.get("/sign-in/", secure=True)
    assert response.status_code == 200
    _assert_security_headers(response)


def test_refused_and_error_pages_are_not_cached(client: Any, world: Any) -> None:
    client.force_login(world.other_service)
    response = client.get(f"/families/{world.family.uuid}/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store"

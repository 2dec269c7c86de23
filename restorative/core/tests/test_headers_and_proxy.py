"""Permissions-Policy on every response, and X-Forwarded-Proto trusted only behind a proxy
that was configured (security.md item 9)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from .test_deploy import ROOT, _production_env


@pytest.mark.parametrize("path", ["/sign-in/", "/health/"])
def test_every_response_turns_off_powerful_browser_features(
    client: Any, db: Any, path: str
) -> None:
    policy = client.get(path)["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_signed_in_pages_carry_the_permissions_policy(client: Any, world: Any) -> None:
    client.force_login(world.manager)
    response = client.get(f"/families/{world.family.uuid}/")
    assert response.status_code == 200
    assert "camera=()" in response["Permissions-Policy"]


def _production_proxy_header(**extra: str) -> str:
    env = _production_env()
    env.pop("AXES_PROXY_COUNT", None)
    env.update(extra)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SECURE_PROXY_SSL_HEADER)"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


def test_forwarded_proto_is_not_trusted_without_a_proxy() -> None:
    assert _production_proxy_header() == "None"


def test_forwarded_proto_is_trusted_behind_a_configured_proxy() -> None:
    assert _production_proxy_header(AXES_PROXY_COUNT="1") == "('HTTP_X_FORWARDED_PROTO', 'https')"

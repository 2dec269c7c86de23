"""Run the test OpenID provider (tests/oidc/provider.mjs) for as long as a `with` lasts.

Shared by this package's tests (Django's test client, host `testserver`) and the browser test
(tests/e2e/test_single_sign_on.py, the live server's address): each tells the provider where
its client's callback and sign-out return are, since the provider allows only those.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
SCRIPT = ROOT / "tests" / "oidc" / "provider.mjs"
CLIENT_ID = "restorative-test"
CLIENT_SECRET = "restorative-test-secret-not-for-real-use"

# The provider's test accounts (tests/oidc/provider.mjs).
KNOWN = "sub-known-0001"
KNOWN_EMAIL = "known.worker@council.example"
UNKNOWN = "sub-unknown-0002"
DISABLED = "sub-disabled-0003"
DISABLED_EMAIL = "left.the.council@council.example"
IMPOSTOR = "sub-impostor-0004"
UNVERIFIED = "sub-unverified-0005"
UNVERIFIED_EMAIL = "unverified@council.example"


@dataclass
class RunningProvider:
    issuer: str
    process: subprocess.Popen[str]


@contextmanager
def running_provider(
    *, redirect_uri: str, post_logout_redirect_uri: str
) -> Iterator[RunningProvider]:
    """Start the provider on a free port on 127.0.0.1; skip, saying why, without Node.js."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: the single sign-on tests need it for their provider")
    if not (ROOT / "node_modules" / "oidc-provider").exists():
        pytest.skip("node_modules/oidc-provider is missing: run `make setup` (npm ci) first")
    environment = {
        **os.environ,
        "REDIRECT_URI": redirect_uri,
        "POST_LOGOUT_REDIRECT_URI": post_logout_redirect_uri,
    }
    process = subprocess.Popen(  # noqa: S603 - our own script, no shell
        [node, str(SCRIPT)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.match(r"ready (http://127\.0\.0\.1:\d+)", line)
        if match is None:
            raise RuntimeError(f"the test OpenID provider did not start: {line!r}")
        yield RunningProvider(issuer=match.group(1), process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()

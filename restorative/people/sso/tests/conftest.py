"""A real OpenID provider for the single sign-on tests, run on 127.0.0.1 by the suite.

`oidc_provider` starts tests/oidc/provider.mjs (the certified `oidc-provider` package from
npm, a dev dependency) once per test session on a free port, and stops it at the end.
Nothing reaches the internet. Without Node.js the tests are skipped, saying why.

Our side is Django's test client (host `testserver`); the provider's side is a real HTTP
client (`requests`), as a browser would follow it; and the product's exchange of the code
for tokens, its fetch of the provider's keys and user info, are real HTTP calls to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client
from django.test.client import Client as DjangoClient

from .provider import CLIENT_ID, CLIENT_SECRET, RunningProvider, running_provider

REDIRECT_URI = "http://testserver/sso/callback/"
POST_LOGOUT_REDIRECT_URI = "http://testserver/sign-in/"


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[RunningProvider]:
    with running_provider(
        redirect_uri=REDIRECT_URI, post_logout_redirect_uri=POST_LOGOUT_REDIRECT_URI
    ) as provider:
        yield provider


@pytest.fixture
def sso_on(settings, oidc_provider: RunningProvider) -> RunningProvider:  # type: ignore[no-untyped-def]
    """Single sign-on switched on against the local provider, as the environment would."""
    settings.OIDC_OP_ISSUER = oidc_provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.SSO_ENABLED = True
    settings.SSO_PROVIDER_NAME = "Testshire County Council"
    return oidc_provider


class Browser:
    """One person's browser: Django's test client for the product, requests for the provider."""

    def __init__(self, provider: RunningProvider) -> None:
        self.provider = provider
        self.client: DjangoClient = Client()
        self.at_provider = requests.Session()

    def sign_in(self, account: str, *, mfa: bool = False, start: str = "/sso/start/"):  # type: ignore[no-untyped-def]
        """Press "Sign in with ...", sign in at the provider, and come back: the last answer."""
        response = self.client.get(start)
        assert response.status_code == 302, response.status_code
        location = response["Location"]
        assert location.startswith(self.provider.issuer + "/auth?"), location
        answer = self.at_provider.get(location, allow_redirects=True)
        assert answer.status_code == 200, answer.text
        action = re.search(r'action="([^"]+)"', answer.text)
        assert action is not None, answer.text
        form = {"login": account, **({"mfa": "yes"} if mfa else {})}
        answer = self.at_provider.post(
            self.provider.issuer + action.group(1), data=form, allow_redirects=False
        )
        return self.back_from_provider(answer)

    def back_from_provider(self, answer: requests.Response):  # type: ignore[no-untyped-def]
        """Follow the provider's redirects until it sends the browser back to the product."""
        while answer.is_redirect:
            location = answer.headers["Location"]
            if location.startswith("http://testserver/"):
                parts = urlsplit(location)
                return self.client.get(parts.path + ("?" + parts.query if parts.query else ""))
            if location.startswith("/"):
                location = self.provider.issuer + location
            answer = self.at_provider.get(location, allow_redirects=False)
        raise AssertionError(f"the provider did not send the browser back: {answer.status_code}")

"""Single sign-on in a real browser, with JavaScript off: the council's provider and back.

Chromium presses "Sign in with ..." on our sign-in page, signs in on the test provider's own
page (tests/oidc/provider.mjs, on 127.0.0.1), comes back signed in, and signs out: our
session ends, then the provider asks "sign out?" and returns to our sign-in page. The
Content Security Policy is the one production builds for a configured provider (its origin
in `form-action`); a browser refusing the sign-out redirect would show here.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from restorative.people.sso.tests.provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    KNOWN,
    KNOWN_EMAIL,
    UNKNOWN,
    RunningProvider,
    running_provider,
)

pytestmark = pytest.mark.e2e

COUNCIL = "Testshire County Council"


@pytest.fixture
def provider(live_server: Any, settings: Any, transactional_db: None) -> Iterator[RunningProvider]:
    with running_provider(
        redirect_uri=f"{live_server.url}/sso/callback/",
        post_logout_redirect_uri=f"{live_server.url}/sign-in/",
    ) as running:
        settings.OIDC_OP_ISSUER = running.issuer
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.SSO_ENABLED = True
        settings.SSO_PROVIDER_NAME = COUNCIL
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        policy["DIRECTIVES"]["form-action"] = ["'self'", running.issuer]
        settings.CONTENT_SECURITY_POLICY = policy
        yield running


def _through_the_provider(page: Any, account: str) -> None:
    page.goto("/sign-in/")
    page.get_by_role("button", name=f"Sign in with {COUNCIL}").click()
    page.wait_for_load_state()
    assert "Test provider: sign in" in page.inner_text("h1")
    page.get_by_label("Account").fill(account)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.problems.clear()  # the provider's own pages (its missing favicon) are not ours


def test_a_known_person_signs_in_and_out_through_the_provider_without_javascript(
    provider: RunningProvider, new_page: Any
) -> None:
    from restorative.people.tests.factories import StaffFactory

    StaffFactory(email=KNOWN_EMAIL, first_name="Kim", last_name="Known")
    page = new_page(java_script_enabled=False)

    _through_the_provider(page, KNOWN)

    assert "/sign-in/" not in page.url, page.inner_text("main")
    assert "Sign out" in page.inner_text("header")
    assert not page.problems, page.problems

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert page.url.startswith(provider.issuer + "/session/end"), page.url
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_load_state()
    page.problems.clear()  # the provider's own pages (its favicon, its web font) are not ours

    assert page.url.endswith("/sign-in/"), page.url
    assert f"Sign in with {COUNCIL}" in page.inner_text("main")
    page.goto("/")
    assert "/sign-in/" in page.url
    assert not page.problems, page.problems


def test_an_unknown_person_is_told_why_and_the_pages_are_accessible(
    provider: RunningProvider, new_page: Any, assert_accessible: Any
) -> None:
    # The accessibility checker is a script the page's policy would refuse; nothing else
    # here depends on the policy.
    page = new_page(bypass_csp=True)
    page.goto("/sign-in/")
    assert_accessible(page, "sign-in page with single sign-on")

    _through_the_provider(page, UNKNOWN)

    assert "You cannot sign in with this account" in page.inner_text("h1")
    assert_accessible(page, "single sign-on refused")
    page.goto("/")
    assert "/sign-in/" in page.url
    assert not page.problems, page.problems

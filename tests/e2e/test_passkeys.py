"""A passkey as the second factor, in a real browser (docs/decisions/0022).

Chromium's virtual authenticator (the DevTools WebAuthn domain) stands in for the phone's or
laptop's own: it makes and signs with a real key pair, so the registration and the sign-in go
through django-otp-webauthn's real ceremony and our views, not a fake of them. A person with
an authenticator app adds a passkey from their account, signs out, and signs in again with the
password and the passkey instead of a code. Zero WCAG 2.2 AA violations on the pages with the
passkey parts showing.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def _virtual_authenticator(page: Any) -> Any:
    """A platform authenticator that says yes at once, as a fingerprint reader would."""
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return session


def test_adding_a_passkey_and_signing_in_with_it(
    e2e_world: Any,
    new_page: Any,
    live_server: Any,
    settings: Any,
    sign_in: Any,
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    from django_otp_webauthn.models import WebAuthnCredential

    from restorative.people.models import Staff
    from restorative.people.tests.factories import StaffFactory

    # The passkey is made for this host: the test server's origin, as PASSKEY_ALLOWED_ORIGINS
    # names the service's own in production.
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    quality = StaffFactory(
        email="passkey.quality@test.example",
        role=Staff.Role.QUALITY,
        team=None,
        organisation=e2e_world.practitioner.organisation,
        password=e2e_world.password,
    )
    page = new_page(bypass_csp=True)  # for axe-core, injected as a script
    page.goto("/sign-in/")
    assert page.evaluate("location.hostname") == "localhost", "passkeys need the localhost name"
    _virtual_authenticator(page)

    # First sign-in: the authenticator app is set up (the helper types its code).
    sign_in(page, email=quality.email, password=e2e_world.password)
    page.goto("/account/second-factor/")
    assert page.get_by_role("heading", name="Add a passkey").is_visible()
    page.get_by_role("button", name="Add a passkey").click()
    for _ in range(50):  # the ceremony is two requests and the key's signature
        if WebAuthnCredential.objects.filter(user=quality).exists():
            break
        page.wait_for_timeout(200)
    assert WebAuthnCredential.objects.filter(user=quality).count() == 1
    page.reload()
    assert "Passkey" in page.locator("main").inner_text()
    assert "None" not in page.locator("dd", has_text="Passkey").first.inner_text()
    screenshot(page, "passkey-added")
    assert_accessible(page, "Your second factor, with a passkey")

    # Signed out, and in again with the password and then the passkey: no code typed.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    page.goto("/sign-in/")
    page.locator("input[name=username]").fill(quality.email)
    page.locator("input[name=password]").fill(e2e_world.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/sign-in/second-factor/" in page.url
    assert page.get_by_role("heading", name="Or use a passkey").is_visible()
    assert_accessible(page, "Enter the code, or use a passkey")
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url, timeout=15_000)
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.get_by_role("button", name="Sign out").is_visible()
    screenshot(page, "passkey-signed-in")

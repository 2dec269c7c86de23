"""The second factor in a browser (docs/decisions/0022): quality assurance sets up an
authenticator app from the QR code's key, saves the recovery codes, signs out, and signs in
again with a wrong code and then the app's code; later with a recovery code. Zero WCAG 2.2 AA
violations on each page, without JavaScript's help for any of it.
"""

from __future__ import annotations

from base64 import b32decode
from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def _code_for(key_text: str, *, after_step: int = -1) -> tuple[str, int]:
    import time

    from django_otp.oath import TOTP

    key = b32decode(key_text + "=" * (-len(key_text) % 8))
    while True:
        totp = TOTP(key)
        if totp.t() > after_step:
            return f"{totp.token():06d}", totp.t()
        time.sleep(1)


def _password(page: Any, email: str, password: str, *, open_sign_in: bool = True) -> None:
    if open_sign_in:
        page.goto("/sign-in/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_setting_up_and_signing_in_with_an_authenticator_app(
    e2e_world: Any, new_page: Any, screenshot: Any, assert_accessible: Any
) -> None:
    from restorative.people.models import Staff
    from restorative.people.tests.factories import StaffFactory

    quality = StaffFactory(
        email="quality@test.example",
        first_name="Quinn",
        last_name="Adeyemi",
        role=Staff.Role.QUALITY,
        team=None,
        organisation=e2e_world.practitioner.organisation,
        password=e2e_world.password,
    )
    page = new_page(bypass_csp=True)

    # The password alone opens nothing: the families page sends her to set up her app.
    page.goto("/families/")
    _password(page, quality.email, e2e_world.password, open_sign_in=False)
    assert "/sign-in/second-factor/set-up/" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Set up your authenticator app"
    assert page.get_by_role("img", name="QR code").is_visible()
    key_text = page.locator("#authenticator-key").inner_text().replace(" ", "")
    screenshot(page, "second-factor-set-up")
    assert_accessible(page, "Set up your authenticator app")

    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert "The code is not right" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "Set up your authenticator app, with errors")

    # django-otp makes a device wait after a wrong code (1 s after the first): a person
    # reading the error and typing again takes longer than that; the script must wait too.
    page.wait_for_timeout(2100)
    code, step = _code_for(key_text)
    page.get_by_label("Code from the app").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Your authenticator app is set up").is_visible()
    recovery_codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(recovery_codes) == 10
    screenshot(page, "second-factor-recovery-codes")
    assert_accessible(page, "Save your recovery codes")
    page.get_by_role("link", name="I have saved my recovery codes").click()
    page.wait_for_load_state()
    assert page.url.endswith("/families/")

    # Her account shows the app and the codes left.
    page.goto("/account/second-factor/")
    assert "10 left" in page.locator("main").inner_text()
    assert_accessible(page, "Your second factor")

    # Signed out, and in again: the password, then the app's code (a newer one: each works once).
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    _password(page, quality.email, e2e_world.password)
    assert "/sign-in/second-factor/" in page.url
    assert_accessible(page, "Enter the code from your authenticator app")
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert "already been used" in page.locator(".govuk-error-summary").inner_text()
    screenshot(page, "second-factor-code-refused")
    assert_accessible(page, "Enter the code, with errors")

    page.wait_for_timeout(2100)  # django-otp's pause after the refused code, as above
    newer, _ = _code_for(key_text, after_step=step)
    page.get_by_label("Code", exact=True).fill(newer)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert "/sign-in/" not in page.url
    assert page.get_by_role("heading", level=1).is_visible()

    # Without her phone: a recovery code, once.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    _password(page, quality.email, e2e_world.password)
    page.get_by_text("I do not have my phone").click()
    page.get_by_label("Code", exact=True).fill(recovery_codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert "/sign-in/" not in page.url
    assert "You used a recovery code. You have 9 left" in page.inner_text("body")
    assert page.problems == []

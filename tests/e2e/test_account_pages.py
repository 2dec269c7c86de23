"""Your account in a browser: reached from the header, the password change with its errors, and
an API token shown once. Zero WCAG 2.2 AA violations on each."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def test_account_password_and_token_pages(
    e2e_world: Any, new_page: Any, sign_in: Any, screenshot: Any, assert_accessible: Any
) -> None:
    page = new_page(bypass_csp=True)
    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)
    page.get_by_role("link", name="Your account").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Your account"
    assert_accessible(page, "Your account")

    page.get_by_role("link", name="Change your password").click()
    page.wait_for_load_state()
    page.get_by_label("Current password").fill(e2e_world.password)
    page.get_by_label("New password", exact=True).fill("aaaaaaaaaaaa")
    page.get_by_label("Confirm new password").fill("aaaaaaaaaaaa")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert "short pattern repeated" in page.locator(".govuk-error-summary").inner_text()
    screenshot(page, "account-password-errors")
    assert_accessible(page, "Change your password, with errors")

    page.goto("/account/")
    page.get_by_role("button", name="Make an API token").click()
    page.wait_for_load_state()
    assert len(page.locator("#new-api-token").inner_text()) == 40
    screenshot(page, "account-api-token")
    assert_accessible(page, "Your account, new API token")
    assert page.problems == []

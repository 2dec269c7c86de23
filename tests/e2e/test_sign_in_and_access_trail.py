"""The sign-in page in a browser: GOV.UK inputs (19px text, the yellow focus ring), zero WCAG
2.2 AA violations with and without errors; and quality assurance's access trail search, with
a search that finds events and one with a bad date.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e

GOVUK_FOCUS_YELLOW = "rgb(255, 221, 0)"


def _style(page: Any, selector: str, prop: str) -> str:
    return str(
        page.eval_on_selector(selector, f"(el) => getComputedStyle(el).{prop}")  # noqa: S608
    )


def test_sign_in_fields_are_govuk_inputs_and_the_page_is_accessible(
    e2e_world: Any, new_page: Any, screenshot: Any, assert_accessible: Any
) -> None:
    page = new_page(bypass_csp=True, viewport={"width": 1024, "height": 768})
    page.goto("/sign-in/")
    for name in ("username", "password"):
        selector = f"input[name={name}]"
        assert _style(page, selector, "fontSize") == "19px", name
        page.focus(selector)
        assert _style(page, selector, "outlineColor") == GOVUK_FOCUS_YELLOW, name
        assert _style(page, selector, "outlineWidth") == "3px", name
    screenshot(page, "sign-in-focused")
    assert_accessible(page, "Sign-in page")

    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert "Enter your email address" in page.locator(".govuk-error-summary").inner_text()
    screenshot(page, "sign-in-errors")
    assert_accessible(page, "Sign-in page, with errors")
    assert page.problems == []


def test_quality_assurance_searches_the_access_trail(
    e2e_world: Any,
    new_page: Any,
    sign_in: Any,
    screenshot: Any,
    assert_accessible: Any,
    fill_date: Any,
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
    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)
    page.goto(f"/families/{e2e_world.family.uuid}/")
    page.context.clear_cookies()

    sign_in(page, email=quality.email, password=e2e_world.password)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Access trail").click()
    page.wait_for_load_state()
    page.get_by_label("Person").fill("priya")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    table = page.locator("table").inner_text()
    assert "Opened the family record" in table
    assert e2e_world.family.case_reference in table
    screenshot(page, "access-trail")
    assert_accessible(page, "Access trail across families")

    fill_date(page, "From", "31/02/2026")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert "Start date must be a real date" in page.locator(".govuk-error-summary").inner_text()
    assert page.locator("table").count() == 0
    screenshot(page, "access-trail-errors")
    assert_accessible(page, "Access trail across families, with errors")
    assert not [problem for problem in page.problems if "HTTP 5" in problem]

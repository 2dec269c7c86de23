"""Issue 14 items 4 and 7 in a real browser: an error summary link on radios or checkboxes
lands on the first input of the group, and the pages people open on a phone reflow at 375 px
without scrolling sideways (WCAG 1.4.10)."""

from __future__ import annotations

from typing import Any


def test_error_summary_link_on_radios_focuses_the_first_radio(
    e2e_world: Any, new_page: Any, sign_in: Any, assert_accessible: Any
) -> None:
    page = new_page(bypass_csp=True)  # axe-core is injected as an inline script
    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)
    page.goto(f"/practice/families/{e2e_world.family.uuid}/conversations/new/")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()

    link = page.locator(".govuk-error-summary__list a", has_text="Choose where the conversation")
    assert link.get_attribute("href") == "#id_setting_0"
    assert all(
        href != "#"
        for href in page.locator(".govuk-error-summary__list a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
    )
    assert_accessible(page, "New conversation (with errors)")
    link.click()
    assert page.evaluate("() => document.activeElement.id") == "id_setting_0"
    assert page.evaluate("() => document.activeElement.type") == "radio"

"""A practitioner's first journey in a real browser: sign in, find a family, open it.

Each page on the way is checked with axe-core (WCAG 2.2 AA) and photographed into
/tmp/e2e-screenshots/ for a person to look at. The same journey is walked with JavaScript
off (every page must work without it) and by keyboard from the top of the page.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def test_practitioner_finds_a_family_and_every_page_is_accessible(
    e2e_world: Any, new_page: Any, sign_in: Any, screenshot: Any, assert_accessible: Any
) -> None:
    # axe-core is injected as an inline script, which our Content Security Policy (rightly)
    # refuses; this context alone bypasses CSP. test_pages_run_cleanly_under_the_csp checks
    # the pages with the policy enforced.
    page = new_page(bypass_csp=True)

    page.goto("/sign-in/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Sign in")
    screenshot(page, "01-sign-in")
    assert_accessible(page, "Sign-in page")

    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)
    screenshot(page, "02-home")
    assert_accessible(page, "Home page after sign-in")

    page.goto("/families/")
    assert page.get_by_role("heading", level=1).inner_text() == "Families"
    screenshot(page, "03-family-list")
    assert_accessible(page, "Family list")

    page.get_by_label("Search by family name, member's name or case reference").fill("Okafor")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    results = page.locator("main table")
    assert results.get_by_role("link", name="Okafor", exact=True).is_visible()
    # The family in another service is outside this practitioner's reach: not even listed.
    assert results.get_by_role("link", name="Okafor-Brown").count() == 0
    assert results.get_by_role("link", name="Nowak").count() == 0
    screenshot(page, "04-search-results")
    assert_accessible(page, "Family search results")

    results.get_by_role("link", name="Okafor", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Okafor family"
    assert page.get_by_text("Case reference CR0000101").is_visible()
    assert page.get_by_role("cell", name="Amara Okafor", exact=True).is_visible()
    screenshot(page, "05-family-page")
    assert_accessible(page, "Family page")

    assert page.problems == []


def test_pages_run_cleanly_under_the_csp(e2e_world: Any, new_page: Any, sign_in: Any) -> None:
    """With the Content Security Policy enforced, our own scripts load and nothing is refused."""
    page = new_page()
    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)
    for path in ("/families/", "/families/?q=Okafor", f"/families/{e2e_world.family.uuid}/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        # init.mjs (progressive enhancement) ran: the Design System's JavaScript is on.
        assert "govuk-frontend-supported" in (page.get_attribute("body", "class") or ""), path
    assert page.problems == [], "\n".join(page.problems)


def test_sign_in_search_and_family_page_work_without_javascript(
    e2e_world: Any, new_page: Any, sign_in: Any, screenshot: Any
) -> None:
    page = new_page(java_script_enabled=False)

    page.goto("/sign-in/")
    screenshot(page, "nojs-01-sign-in")
    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)

    page.goto("/families/")
    page.get_by_label("Search by family name, member's name or case reference").fill("CR0000101")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    screenshot(page, "nojs-02-search-results")
    page.locator("main table").get_by_role("link", name="Okafor", exact=True).click()
    page.wait_for_load_state()

    assert re.search(rf"/families/{e2e_world.family.uuid}/$", page.url)
    assert page.get_by_role("heading", level=1).inner_text() == "Okafor family"
    assert page.get_by_role("cell", name="Tobi Okafor", exact=True).is_visible()
    screenshot(page, "nojs-03-family-page")

    # Signing out is a form button, so it works without JavaScript too.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    page.goto(f"/families/{e2e_world.family.uuid}/")
    assert "/sign-in/" in page.url
    assert page.problems == []


@pytest.mark.parametrize("where", ["sign-in page", "family page"])
def test_first_tab_reaches_the_skip_link_which_moves_focus_to_the_main_content(
    where: str, e2e_world: Any, new_page: Any, sign_in: Any, screenshot: Any
) -> None:
    page = new_page()
    if where == "family page":
        sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)
        page.goto(f"/families/{e2e_world.family.uuid}/")
    else:
        page.goto("/sign-in/")
    page.wait_for_load_state("networkidle")

    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": "Skip to main content", "href": "#main-content"}
    assert page.locator(".govuk-skip-link").is_visible(), "The focused skip link must be seen"
    screenshot(page, f"keyboard-skip-link-{where.replace(' ', '-')}")

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"
    # The next Tab goes to the first control inside the main content, past the header.
    page.keyboard.press("Tab")
    assert page.evaluate(
        "() => document.getElementById('main-content').contains(document.activeElement)"
    ), "After the skip link, Tab should move within the main content"

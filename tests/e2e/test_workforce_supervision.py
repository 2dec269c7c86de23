"""Browser journey for reflective supervision: the manager records a session with a case
decision; the practitioner reads it and finds the decision on the family's record. axe-core
on every page."""

from __future__ import annotations

import datetime
from typing import Any

from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory
from restorative.workforce.models import SupervisionAgreement


def test_manager_records_supervision_and_the_decision_reaches_the_family(
    e2e_world: Any,
    new_page: Any,
    sign_in: Any,
    screenshot: Any,
    assert_accessible: Any,
    fill_date: Any,
) -> None:
    practitioner = e2e_world.practitioner
    manager = StaffFactory(
        email="manager@test.example",
        first_name="Marcus",
        last_name="Reid",
        role=Staff.Role.TEAM_MANAGER,
        team=practitioner.team,
        organisation=practitioner.organisation,
        password=e2e_world.password,
    )
    SupervisionAgreement.objects.create(
        supervisor=manager,
        supervisee=practitioner,
        started_on=datetime.date.today() - datetime.timedelta(days=90),
    )
    page = new_page(bypass_csp=True)
    sign_in(page, email=manager.email, password=e2e_world.password)

    page.goto("/workforce/")
    page.get_by_role("link", name="Supervision: my sessions").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Supervision"
    assert "None yet" in page.locator("main").inner_text()
    assert_accessible(page, "Supervision (manager)")

    page.get_by_role("link", name="Supervision across the people you oversee").click()
    page.wait_for_load_state()
    assert "Overdue by" in page.locator("main").inner_text()  # no session for 90 days
    assert_accessible(page, "Team supervision")
    screenshot(page, "supervision-01-team")

    page.goto("/workforce/supervision/")
    page.get_by_role("link", name="Record a session").click()
    page.wait_for_load_state()
    assert_accessible(page, "Record a supervision session (empty)")
    page.get_by_role("button", name="Save supervision session").click()
    page.wait_for_load_state()
    assert "Enter the date of the session" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "Record a supervision session (errors)")

    fill_date(page, "Date of the session", datetime.date.today())
    page.get_by_label("Length in minutes").fill("90")
    page.get_by_label("Wellbeing check-in score, from 0 to 10").fill("7")
    page.get_by_label("Reflection on practice").fill("A hard visit handled with care")
    page.get_by_label("Case 1: family (optional)").select_option(label=str(e2e_world.family))
    page.get_by_label("Case 1: decision made").fill("Offer a family group conference")
    screenshot(page, "supervision-02-form")
    page.get_by_role("button", name="Save supervision session").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "A hard visit handled with care" in main and "Offer a family group conference" in main
    assert_accessible(page, "Supervision record")
    record_url = page.url

    # The practitioner reads their own record and sees the decision on the family's page.
    page.context.clear_cookies()
    sign_in(page, email=practitioner.email, password=e2e_world.password)
    page.goto(record_url)
    assert "A hard visit handled with care" in page.locator("main").inner_text()
    page.goto(f"/families/{e2e_world.family.uuid}/")
    page.get_by_role("link", name="Decisions made in supervision").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Offer a family group conference" in main
    assert "A hard visit" not in main
    assert_accessible(page, "Family supervision decisions")
    screenshot(page, "supervision-03-family")

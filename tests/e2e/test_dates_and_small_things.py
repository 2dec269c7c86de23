"""Issue 14 item 10 in a real browser: the team manager's "Meetings due" opens on the team;
the plain-language plan says how to reach the worker; a new conversation says it is kept as a
draft until answers are added. axe-core finds no violation on any page visited. (A meeting on
a past day is refused in practice/tests/test_schedule_in_the_past.py, without a browser.)"""

from __future__ import annotations

import datetime
from typing import Any


def test_the_manager_s_meetings_due_opens_on_the_team(
    e2e_world: Any, new_page: Any, sign_in: Any, assert_accessible: Any
) -> None:
    from restorative.people.models import Staff
    from restorative.people.tests.factories import StaffFactory

    manager = StaffFactory(
        role=Staff.Role.TEAM_MANAGER,
        team=e2e_world.practitioner.team,
        organisation=e2e_world.practitioner.organisation,
        email="manager@test.example",
        password=e2e_world.password,
    )
    page = new_page(bypass_csp=True)
    sign_in(page, email=manager.email, password=e2e_world.password)
    page.goto("/practice/due/")
    assert "Meetings due: your team" in page.content()
    assert_accessible(page, "Meetings due (team manager)")


def test_the_family_plan_says_how_to_reach_the_worker_and_a_conversation_is_a_draft(
    e2e_world: Any, new_page: Any, sign_in: Any, assert_accessible: Any
) -> None:
    from restorative.practice import plans

    plan = plans.plan_create(
        actor=e2e_world.practitioner,
        family=e2e_world.family,
        title="Calmer mornings",
        started_on=datetime.date.today(),
    )
    page = new_page(bypass_csp=True)
    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)
    page.goto(f"/practice/plans/{plan.uuid}/for-the-family/")
    contact = page.locator("#contact-worker")
    assert "Priya Shah" in contact.inner_text()
    assert contact.locator(f'a[href="mailto:{e2e_world.practitioner.email}"]').count() == 1
    assert_accessible(page, "The family's plan (how to reach the worker)")
    page.goto(f"/practice/families/{e2e_world.family.uuid}/conversations/new/")
    assert page.get_by_role("button", name="Save as a draft and add answers").count() == 1


def test_a_meeting_on_a_past_day_is_refused_and_the_summary_goes_to_the_date(
    e2e_world: Any, new_page: Any, sign_in: Any, assert_accessible: Any, fill_date: Any
) -> None:
    """Issue 14 item 5: scheduling refuses a past day (it would fall off every list), the
    error summary's link lands on the day box, and nothing is saved."""
    from restorative.practice.models import Meeting

    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    page = new_page(bypass_csp=True)
    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)
    page.goto(f"/practice/families/{e2e_world.family.uuid}/meetings/new/")
    page.get_by_label("Type of meeting").select_option("core_group")
    fill_date(page, "Date of the meeting", yesterday)
    page.get_by_label("Time of the meeting").fill("10:30")
    page.get_by_label("In person or online").select_option("online")
    page.get_by_role("button", name="Schedule the meeting").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert "Date of the meeting must be today or in the future" in summary.inner_text()
    summary.get_by_role("link", name="Date of the meeting must be today or in the future").click()
    assert page.evaluate("document.activeElement.id") == "id_date_0"
    assert not Meeting.objects.filter(family=e2e_world.family).exists()
    assert_accessible(page, "Schedule a meeting (a past day refused)")

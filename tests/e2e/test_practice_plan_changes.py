"""Browser journey: change a plan's goal and action, end the plan, and change who is invited
to a meeting. axe-core finds no violations on these pages; everything works without
JavaScript-only controls (links and forms)."""

from __future__ import annotations

import datetime
from typing import Any


def test_change_and_end_a_plan_and_change_who_is_invited(
    e2e_world: Any,
    new_page: Any,
    sign_in: Any,
    screenshot: Any,
    assert_accessible: Any,
    fill_date: Any,
) -> None:
    from django.utils import timezone

    from restorative.practice import plans, services

    family = e2e_world.family
    today = datetime.date.today()
    members = list(family.members.all())
    meeting = services.meeting_schedule(
        actor=e2e_world.practitioner,
        family=family,
        meeting_type="core_group",
        scheduled_at=timezone.now() + datetime.timedelta(days=3),
        venue="in_person",
        members=members[:1],
    )
    plan = plans.plan_create(
        actor=e2e_world.practitioner,
        family=family,
        title="Calmer mornings",
        started_on=today - datetime.timedelta(days=20),
    )
    goal = plans.goal_add(
        actor=e2e_world.practitioner, plan=plan, goal="Get to school on time", whose="Amara"
    )
    action = plans.action_add(
        actor=e2e_world.practitioner,
        plan=plan,
        what="Phone the school",
        owner=plans.Owner(staff=e2e_world.practitioner),
        due_date=today - datetime.timedelta(days=2),
    )
    page = new_page(bypass_csp=True)  # axe-core is injected as an inline script
    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)

    # Change a goal.
    page.goto(f"/practice/plans/{plan.uuid}/")
    page.get_by_role("link", name="Change goal 1").click()
    page.wait_for_load_state()
    assert_accessible(page, "Change a goal")
    page.get_by_label("The goal, in the family's own words").fill("On time every school day")
    page.get_by_role("button", name="Save the changes").click()
    page.wait_for_load_state()
    assert "On time every school day" in page.content()

    # Change an action; a bad date first gets a message beside the field.
    page.get_by_role("link", name="Change the action: Phone the school").click()
    page.wait_for_load_state()
    assert_accessible(page, "Change an action")
    fill_date(page, "Date it is due by", (plan.started_on - datetime.timedelta(days=1)))
    page.get_by_role("button", name="Save the changes").click()
    page.wait_for_load_state()
    assert (
        "on or after the date the plan started" in page.locator("#id_due_date-error").inner_text()
    )
    assert_accessible(page, "Change an action (with an error)")
    fill_date(page, "Date it is due by", today)
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Save the changes").click()
    page.wait_for_load_state()
    assert "In progress" in page.locator("#actions").inner_text()

    # End the plan.
    page.get_by_role("link", name="End the plan").click()
    page.wait_for_load_state()
    assert_accessible(page, "End the plan")
    fill_date(page, "Date the plan ended", today)
    page.get_by_label("Why the plan ended and how it went").fill(
        "Mornings are calm; Amara is on time most days"
    )
    page.get_by_role("button", name="End the plan").click()
    page.wait_for_load_state()
    assert "Ended" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("link", name="Add a goal").count() == 0
    screenshot(page, "practice-plan-ended")
    assert_accessible(page, "An ended plan")
    action.refresh_from_db()
    goal.refresh_from_db()
    assert goal.goal == "On time every school day" and action.status == "in_progress"

    # Change who is invited to a meeting.
    page.goto(f"/practice/meetings/{meeting.uuid}/")
    page.get_by_role("link", name="Change who is invited").click()
    page.wait_for_load_state()
    assert_accessible(page, "Who is invited")
    page.get_by_role("button", name="Invite them").click()
    page.wait_for_load_state()
    assert "Choose a family member or a professional" in page.content()
    page.get_by_role("radio", name="Someone else").check()
    page.get_by_label("Their name (if someone else)").fill("Pat Advocate")
    page.get_by_role("button", name="Invite them").click()
    page.wait_for_load_state()
    assert "Pat Advocate invited" in page.content()
    page.get_by_role("link", name="Remove Pat Advocate").click()
    page.wait_for_load_state()
    assert_accessible(page, "Remove someone from a meeting")
    page.get_by_role("button", name="Yes, remove them").click()
    page.wait_for_load_state()
    assert "Pat Advocate removed from the meeting" in page.content()

"""Browser journey for co-designed plans: from a held meeting, make a plan with the family's
goal and an action, then review it. axe-core finds no violations on the plan pages."""

from __future__ import annotations

import datetime
from typing import Any


def test_make_a_plan_from_a_meeting_and_review_it(
    e2e_world: Any,
    new_page: Any,
    sign_in: Any,
    screenshot: Any,
    assert_accessible: Any,
    fill_date: Any,
) -> None:
    from django.utils import timezone

    from restorative.practice import services

    family = e2e_world.family
    today = datetime.date.today()
    meeting = services.meeting_schedule(
        actor=e2e_world.practitioner,
        family=family,
        meeting_type="family_group_conference",
        scheduled_at=timezone.now(),
        venue="in_person",
        members=list(family.members.all()),
    )
    services.meeting_record(
        actor=e2e_world.practitioner,
        meeting=meeting,
        held_on=today,
        sections={"working_well": "The children go to school every day"},
        participants={},
    )
    page = new_page(bypass_csp=True)  # axe-core is injected as an inline script
    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)

    page.goto(f"/practice/meetings/{meeting.uuid}/")
    page.get_by_role("button", name="Make a plan with the family").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Make a plan with the family"
    assert_accessible(page, "Make a plan")
    page.get_by_label("Name of the plan").fill("Calmer mornings")
    page.get_by_role("button", name="Make the plan").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Calmer mornings"
    assert_accessible(page, "Plan page (new)")

    page.get_by_role("button", name="Add a goal").click()
    page.wait_for_load_state()
    assert_accessible(page, "Add a goal")
    page.get_by_label("The goal, in the family's own words").fill(
        "We want to get to school on time without shouting"
    )
    page.get_by_label("Whose goal is this?").fill("Amara and Tobi")
    page.get_by_label("Where things are now (optional)").select_option("-1")
    page.get_by_label("Where the family expect to get to (optional)").select_option("0")
    page.get_by_role("button", name="Save the goal").click()
    page.wait_for_load_state()

    # No owner first: a clear message beside the field, nothing saved.
    page.get_by_role("button", name="Add an action").click()
    page.wait_for_load_state()
    assert_accessible(page, "Add an action")
    page.get_by_label("What will be done").fill("Lay out uniforms the night before")
    fill_date(page, "Date it is due by", today)
    page.get_by_role("button", name="Save the action").click()
    page.wait_for_load_state()
    assert "Choose who will do this" in page.locator("main").inner_text()
    assert_accessible(page, "Add an action (with an error)")
    page.get_by_role("radio", name="A family member").check()
    page.get_by_label("Family member (if a family member)").select_option(label="Amara Okafor")
    page.get_by_role("button", name="Save the action").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Lay out uniforms the night before" in main
    assert "We want to get to school on time without shouting" in main
    screenshot(page, "practice-plans-01-plan")

    page.get_by_role("button", name="Review the plan").click()
    page.wait_for_load_state()
    assert_accessible(page, "Review the plan")
    page.get_by_label("Amara Okafor").check()
    page.get_by_label("Where it has got to").select_option("done")
    page.get_by_label("Progress (optional)").fill("Every night this week")
    page.get_by_label("The family's scaling, 0 to 10").select_option("7")
    page.get_by_label("The professionals' scaling, 0 to 10").select_option("6")
    page.get_by_label("Partly").check()
    page.get_by_label("Is the plan holding? In their own words (optional)").fill(
        "Mornings are better, Fridays are hard"
    )
    page.get_by_role("button", name="Save the review").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Mornings are better, Fridays are hard" in main
    assert "Family 7 out of 10" in main
    screenshot(page, "practice-plans-02-reviewed")
    assert_accessible(page, "Plan page (reviewed)")

    page.goto(f"/practice/families/{family.uuid}/")
    assert "Calmer mornings" in page.locator("#plans").inner_text()
    assert_accessible(page, "Family practice page with a plan")
    page.goto("/practice/due/")
    assert_accessible(page, "Meetings due with plan actions")

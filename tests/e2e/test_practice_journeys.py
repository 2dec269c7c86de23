"""The acceptance journey for restorative practice (issue 3), in one browser test.

A practitioner records a home-visit restorative conversation; schedules an initial conference
from a strategy discussion date and sees its due date; records the conference with every
participant's view and the child's voice; makes the plan with the family's goals and actions;
reviews it later. Then the team manager signs in and sees the team's overdue items: the first
core group (due 10 working days after the conference, not yet arranged) and a plan action
past its date. axe-core finds no violations on any page visited.

The conference is recorded five weeks after it was held (practitioners do catch up), so the
follow-on core group is already overdue when the manager looks.
"""

from __future__ import annotations

import datetime
import importlib
from typing import Any

from django.apps import apps


def _seed_reference_data() -> None:
    """Question sets and timescale rules come from a data migration; a flush of the database
    by an earlier browser test removes them, so put them back (the seed is idempotent)."""
    migration = importlib.import_module(
        "restorative.practice.migrations.0002_seed_questions_and_timescales"
    )
    migration.seed(apps, None)


def test_practice_journey_from_conversation_to_the_team_managers_overdue_list(
    e2e_world: Any,
    new_page: Any,
    sign_in: Any,
    screenshot: Any,
    assert_accessible: Any,
    fill_date: Any,
) -> None:
    from restorative.people.models import Staff
    from restorative.people.tests.factories import StaffFactory

    _seed_reference_data()
    today = datetime.date.today()
    held_on = today - datetime.timedelta(days=35)
    manager = StaffFactory(
        email="manager@test.example",
        first_name="Maria",
        last_name="Lopez",
        role=Staff.Role.TEAM_MANAGER,
        team=e2e_world.practitioner.team,
        organisation=e2e_world.practitioner.organisation,
        password=e2e_world.password,
    )
    family = e2e_world.family
    page = new_page(bypass_csp=True)
    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)

    page.goto(f"/families/{family.uuid}/")
    page.get_by_role("link", name="Restorative conversations and meetings").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Conversations and meetings"
    assert_accessible(page, "Family practice page (empty)")

    # A home-visit conversation with the short-form questions.
    page.get_by_role("button", name="Record a restorative conversation").click()
    page.wait_for_load_state()
    assert_accessible(page, "Record a conversation")
    page.get_by_label("Home visit").check()
    page.get_by_label("Amara Okafor").check()
    page.get_by_label("Who has been affected, and how?").check()
    page.get_by_label("What needs to happen next?").check()
    page.get_by_label("Name of other person 1 (optional)").fill("Bea Mensah")
    screenshot(page, "practice-01-conversation")
    page.get_by_role("button", name="Save as a draft and add answers").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "What each person said"
    assert_accessible(page, "Conversation answers")
    page.get_by_label("Who has been affected, and how?").first.fill("My little brother was scared")
    page.get_by_label("What was agreed would happen next").fill("Talk again on Friday")
    page.get_by_role("button", name="Save answers").click()
    page.wait_for_load_state()
    assert "My little brother was scared" in page.locator("main").inner_text()
    screenshot(page, "practice-02-conversation-record")
    assert_accessible(page, "Conversation record")

    # Schedule an initial conference from a strategy discussion, and see the due date.
    page.goto(f"/practice/families/{family.uuid}/meetings/new/")
    page.get_by_label("Type of meeting").select_option("initial_conference")
    page.get_by_label("What started the timescale (optional)").select_option("strategy_discussion")
    fill_date(page, "Date it happened (optional)", "15/12/2025")
    page.get_by_role("button", name="Work out the due date").click()
    page.wait_for_load_state()
    assert "Thursday 8 January 2026" in page.locator("#due-date").inner_text()
    assert_accessible(page, "Schedule a meeting with its due date")
    # A meeting already held is arranged for today and recorded with the day it was held.
    fill_date(page, "Date of the meeting", today)
    page.get_by_label("Time of the meeting").fill("10:30")
    page.get_by_label("In person or online").select_option("in_person")
    page.get_by_label("Amara Okafor").check()
    page.get_by_label("Tobi Okafor").check()
    page.get_by_label("Name of other person 1 (optional)").fill("Jo Brennan")
    page.get_by_label("Who other person 1 is (optional)").fill("Health visitor")
    screenshot(page, "practice-03-schedule")
    page.get_by_role("button", name="Schedule the meeting").click()
    page.wait_for_load_state()
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Initial child protection conference"
    )
    assert "8 January 2026" in page.locator("main").inner_text()
    assert_accessible(page, "Meeting page (scheduled)")

    # Record it, as held five weeks ago, with every participant's view: both children's
    # wishes and feelings (through an advocate) and the health visitor's (in writing).
    page.get_by_role("button", name="Record the meeting").click()
    page.wait_for_load_state()
    assert_accessible(page, "Record the meeting")
    fill_date(page, "Date the meeting was held", held_on)
    # The outcome drives the chain: a plan made adds the first core group and review.
    page.get_by_label("Child protection plan made").check()
    page.get_by_label("Category of the plan (if a plan was made)").select_option("neglect")
    for index, words in enumerate(["I want to stay with Mum", "I like my school"]):
        page.get_by_label("How their view was given").nth(index).select_option("advocate")
        page.get_by_label("Wishes and feelings, in their own words").nth(index).fill(words)
    page.get_by_label("How their view was given").nth(2).select_option("writing")
    page.get_by_label("Their view, in their own words").fill("Tobi is gaining weight well")
    page.get_by_label("What is working well").fill("The children go to school every day")
    page.get_by_role("button", name="Save the record").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "I want to stay with Mum" in main and "Tobi is gaining weight well" in main
    assert "3 of 3 invited (100%)" in main
    assert "The child's wishes and feelings are recorded." in main
    screenshot(page, "practice-04-meeting-record")
    assert_accessible(page, "Meeting page (held)")

    # The plan, made with the family at the conference: their goal and two actions, one of
    # which (the family's) is already past its date.
    page.get_by_role("button", name="Make a plan with the family").click()
    page.wait_for_load_state()
    assert_accessible(page, "Make a plan")
    page.get_by_label("Name of the plan").fill("Calmer mornings")
    fill_date(page, "Date the plan started", held_on)
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
    page.get_by_role("button", name="Save the goal").click()
    page.wait_for_load_state()
    for what, due, owner in [
        ("Lay out uniforms the night before", held_on + datetime.timedelta(days=14), "family"),
        ("Offer a breakfast club place", today + datetime.timedelta(days=30), "professional"),
    ]:
        page.get_by_role("button", name="Add an action").click()
        page.wait_for_load_state()
        page.get_by_label("What will be done").fill(what)
        fill_date(page, "Date it is due by", due)
        if owner == "family":
            page.get_by_role("radio", name="A family member").check()
            page.get_by_label("Family member (if a family member)").select_option(
                label="Amara Okafor"
            )
        else:
            page.get_by_role("radio", name="Another professional or agency").check()
            page.get_by_label("Name of the professional (if another professional)").fill(
                "Ms Adeyemi"
            )
            page.get_by_label("Their agency (if another professional)").fill("Hilltop Primary")
        assert_accessible(page, "Add an action")
        page.get_by_role("button", name="Save the action").click()
        page.wait_for_load_state()
        assert what in page.locator("main").inner_text()
    screenshot(page, "practice-05-plan")

    # Reviewed later (today): the uniforms are in hand but not done yet.
    page.get_by_role("button", name="Review the plan").click()
    page.wait_for_load_state()
    assert_accessible(page, "Review the plan")
    page.get_by_label("Amara Okafor").check()
    page.get_by_label("Where it has got to").nth(0).select_option("in_progress")
    page.get_by_label("The family's scaling, 0 to 10").select_option("6")
    page.get_by_label("The professionals' scaling, 0 to 10").select_option("5")
    page.get_by_label("Partly").check()
    page.get_by_label("Is the plan holding? In their own words (optional)").fill(
        "Mornings are better, Fridays are hard"
    )
    page.get_by_role("button", name="Save the review").click()
    page.wait_for_load_state()
    assert "Mornings are better, Fridays are hard" in page.locator("main").inner_text()
    screenshot(page, "practice-06-reviewed")
    assert_accessible(page, "Plan page (reviewed)")

    page.goto("/practice/due/")
    assert page.get_by_role("heading", level=1).inner_text() == "Meetings due"
    assert "Core group meeting" in page.locator("main").inner_text()
    assert_accessible(page, "Meetings due")
    assert not page.problems, page.problems

    # The team manager signs in and sees the team's overdue items.
    page = new_page(bypass_csp=True)
    sign_in(page, email=manager.email, password=e2e_world.password)
    page.goto("/practice/due/")
    assert page.get_by_role("heading", level=1).inner_text() == "Meetings due: your team"
    overdue = page.get_by_role("table", name="Overdue meetings").inner_text()
    assert "Core group meeting" in overdue and "Okafor" in overdue
    actions = page.get_by_role("table", name="Overdue plan actions, whoever owns them")
    assert page.locator("#overdue-actions").inner_text() == "Overdue plan actions (1)"
    assert "Okafor" in actions.inner_text() and "A family member" in actions.inner_text()
    # No words from the plan on a list across families (decision 0010): the plan has them.
    assert "Lay out uniforms the night before" not in actions.inner_text()
    screenshot(page, "practice-07-manager-due")
    assert_accessible(page, "Meetings due: the team")

    page.get_by_role("link", name="All the team's meetings, and how well voices are heard").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Meetings and voices: North Safeguarding"
    )
    listed = page.locator("#team-meetings").inner_text()
    assert "Core group meeting" in listed and "Overdue" in listed
    assert page.locator("#team-views-recorded").inner_text() == "100% (3 of 3)"
    assert page.locator("#team-child-heard").inner_text() == "100% (1 of 1)"
    assert page.locator("#team-overdue-actions").inner_text().startswith("1")
    screenshot(page, "practice-08-team-meetings")
    assert_accessible(page, "The team's meetings")
    page.get_by_role("link", name="Held or cancelled in the period (1)").click()
    page.wait_for_load_state()
    assert "Initial child protection conference" in page.locator("#team-meetings").inner_text()
    assert "3 of 3; child heard" in page.locator("#team-meetings").inner_text()
    assert_accessible(page, "The team's meetings held")
    assert not page.problems, page.problems

    # The manager arranges the overdue core group from the team's overdue list (review
    # defect 1): a missing date is shown beside the field, then the meeting is arranged.
    page.goto("/practice/due/?scope=team")
    page.get_by_role("table", name="Overdue meetings").get_by_role(
        "link", name="Core group meeting"
    ).click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Arrange this meeting").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Arrange the core group meeting"
    page.get_by_label("Time of the meeting").fill("10:30")
    page.get_by_label("In person or online").select_option("in_person")
    page.get_by_role("button", name="Arrange the meeting").click()
    page.wait_for_load_state()
    assert "Enter the date of the meeting" in page.locator("#id_date-error").inner_text()
    assert_accessible(page, "Arrange a meeting (with an error)")
    arranged_for = today + datetime.timedelta(days=2)
    fill_date(page, "Date of the meeting", arranged_for)
    page.get_by_label("Place or link (optional)").fill("Family centre, room 1")
    page.get_by_label("Tobi Okafor").check()
    page.get_by_role("button", name="Arrange the meeting").click()
    page.wait_for_load_state()
    assert page.locator("#meeting-status").inner_text() == "Scheduled"
    assert "Family centre, room 1" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Change the date or place").is_visible()
    screenshot(page, "practice-09-core-group-arranged")
    assert_accessible(page, "Meeting page (arranged)")
    assert not page.problems, page.problems

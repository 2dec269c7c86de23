"""Browser journeys for restorative practice: a home-visit conversation, scheduling an initial
conference and seeing its due date, recording it with every voice. axe-core on every page."""

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


def test_practitioner_records_a_conversation_and_a_conference(
    e2e_world: Any, new_page: Any, sign_in: Any, screenshot: Any, assert_accessible: Any
) -> None:
    _seed_reference_data()
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
    page.get_by_role("button", name="Continue to answers").click()
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
    page.get_by_label("Date it happened (optional)").fill("15/12/2025")
    page.get_by_role("button", name="Work out the due date").click()
    page.wait_for_load_state()
    assert "Thursday 8 January 2026" in page.locator("#due-date").inner_text()
    assert_accessible(page, "Schedule a meeting with its due date")
    next_week = datetime.date.today() + datetime.timedelta(days=7)
    page.get_by_label("Date of the meeting").fill(next_week.strftime("%d/%m/%Y"))
    page.get_by_label("Time of the meeting").fill("10:30")
    page.get_by_label("In person or online").select_option("in_person")
    page.get_by_label("Amara Okafor").check()
    page.get_by_label("Tobi Okafor").check()
    screenshot(page, "practice-03-schedule")
    page.get_by_role("button", name="Schedule the meeting").click()
    page.wait_for_load_state()
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Initial child protection conference"
    )
    assert "8 January 2026" in page.locator("main").inner_text()
    assert_accessible(page, "Meeting page (scheduled)")

    # Record it with both children's views.
    page.get_by_role("button", name="Record the meeting").click()
    page.wait_for_load_state()
    assert_accessible(page, "Record the meeting")
    page.get_by_label("Date the meeting was held").fill(datetime.date.today().strftime("%d/%m/%Y"))
    for index, words in enumerate(["I want to stay with Mum", "I like my school"]):
        page.get_by_label("How their view was given").nth(index).select_option("advocate")
        page.get_by_label("Wishes and feelings, in their own words").nth(index).fill(words)
    page.get_by_label("What is working well").fill("The children go to school every day")
    page.get_by_role("button", name="Save the record").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "I want to stay with Mum" in main
    assert "2 of 2 invited (100%)" in main
    screenshot(page, "practice-04-meeting-record")
    assert_accessible(page, "Meeting page (held)")

    page.goto("/practice/due/")
    assert page.get_by_role("heading", level=1).inner_text() == "Meetings due"
    assert "Core group meeting" in page.locator("main").inner_text()
    assert_accessible(page, "Meetings due")

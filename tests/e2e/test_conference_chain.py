"""Outcomes drive the chain (issue 10 point 3), in the browser: the team manager records a
review conference that ends the child protection plan, sees the core group that was overdue
cancelled with the reason, and the team's due list is empty of the chain. axe-core finds no
violations on any page visited."""

from __future__ import annotations

import datetime
import importlib
from typing import Any

from django.apps import apps
from django.utils import timezone


def _seed_rules() -> None:
    """The timescale rules come from data migrations; an earlier browser test's flush removes
    them, so put them back (both seeds are idempotent)."""
    for name in ("0002_seed_questions_and_timescales", "0008_seed_chain_timescales"):
        importlib.import_module(f"restorative.practice.migrations.{name}").seed(apps, None)


def test_the_manager_ends_the_chain_when_the_plan_ends(
    e2e_world: Any,
    new_page: Any,
    sign_in: Any,
    screenshot: Any,
    assert_accessible: Any,
    fill_date: Any,
) -> None:
    from restorative.people.models import Staff
    from restorative.people.tests.factories import StaffFactory
    from restorative.practice import services
    from restorative.practice.models import Meeting, MeetingType

    _seed_rules()
    today = datetime.date.today()
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
    conference = services.meeting_schedule(
        actor=e2e_world.practitioner,
        family=family,
        meeting_type=MeetingType.INITIAL_CONFERENCE,
        scheduled_at=timezone.now(),
        venue="in_person",
    )
    services.meeting_record(
        actor=e2e_world.practitioner,
        meeting=conference,
        held_on=today - datetime.timedelta(days=35),
        sections={},
        participants={},
        conference_outcome="plan_made",
        plan_category="neglect",
    )
    review = Meeting.objects.get(follows=conference, meeting_type=MeetingType.REVIEW_CONFERENCE)
    core_group = Meeting.objects.get(follows=conference, meeting_type=MeetingType.CORE_GROUP)
    # The review was brought forward and arranged for today.
    review.status = Meeting.Status.SCHEDULED
    review.scheduled_at = timezone.now()
    review.save()

    page = new_page(bypass_csp=True)
    sign_in(page, email=manager.email, password=e2e_world.password)
    page.goto("/practice/due/?scope=team")
    overdue = page.get_by_role("table", name="Overdue meetings").inner_text()
    assert "Core group meeting" in overdue and "Okafor" in overdue

    page.goto(f"/practice/meetings/{review.uuid}/record/")
    assert_accessible(page, "Record a review conference")
    fill_date(page, "Date the meeting was held", today)
    page.get_by_role("button", name="Save the record").click()
    page.wait_for_load_state()
    # The outcome is required: the chain depends on it.
    assert "Choose whether the child protection plan continues" in page.locator("main").inner_text()
    assert_accessible(page, "Record a review conference, with the outcome missing")
    page.get_by_label("Child protection plan ended").check()
    page.get_by_role("button", name="Save the record").click()
    page.wait_for_load_state()
    assert page.locator("#meeting-status").inner_text() == "Held"

    page.goto(f"/practice/meetings/{core_group.uuid}/")
    assert page.locator("#meeting-status").inner_text().startswith("Cancelled")
    assert page.locator("#cancelled-reason").inner_text() == (
        f"The child protection plan ended at the review conference on {today.day} {today:%B %Y}"
    )
    screenshot(page, "chain-01-core-group-cancelled")
    assert_accessible(page, "A core group cancelled when the plan ended")

    page.goto("/practice/due/?scope=team")
    assert page.get_by_role("heading", level=1).inner_text() == "Meetings due: your team"
    main = page.locator("main").inner_text()
    assert "Nothing is overdue." in main
    assert "Core group meeting" not in main and "Review child protection conference" not in main
    screenshot(page, "chain-02-due-list-empty")
    assert_accessible(page, "Meetings due: the team, after the plan ended")
    assert not Meeting.objects.filter(family=family, status__in=Meeting.OPEN_STATUSES).exists()
    assert not page.problems, page.problems

"""The acceptance journey for feedback from children (issue 11), on a phone-sized screen.

The practitioner invites a young child after a core group meeting, from the family's page, and
shows the link on screen. The child opens it with no account, answers with faces and sends it.
Opening the link again says it has been used. The team manager signs in and reads the answer.
axe-core finds no violations on any page visited.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

PHONE = {"width": 375, "height": 812}


def test_a_child_gives_feedback_with_faces_and_the_team_manager_reads_it(
    e2e_world: Any,
    new_page: Any,
    sign_in: Any,
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    from django.utils import timezone

    from restorative.evaluation.surveys.services import survey_defaults_install
    from restorative.people.models import Staff
    from restorative.people.tests.factories import StaffFactory
    from restorative.practice.models import Meeting, MeetingParticipant, MeetingType

    survey_defaults_install()
    world = e2e_world
    manager = StaffFactory(
        email="manager@test.example",
        first_name="Maria",
        last_name="Lopez",
        role=Staff.Role.TEAM_MANAGER,
        team=world.family.team,
        organisation=world.practitioner.organisation,
        password=world.password,
    )
    child = world.family.members.get(first_name="Amara")
    child.date_of_birth = timezone.localdate() - datetime.timedelta(days=365 * 6 + 30)
    child.save()
    meeting = Meeting.objects.create(
        family=world.family,
        meeting_type=MeetingType.CORE_GROUP,
        status="held",
        held_on=timezone.localdate(),
        created_by=world.practitioner,
    )
    MeetingParticipant.objects.create(meeting=meeting, kind="child", member=child)

    # The practitioner invites Amara from the family's page.
    page = new_page(bypass_csp=True, viewport=PHONE)
    sign_in(page, email=world.practitioner.email, password=world.password)
    page.goto(f"/families/{world.family.uuid}/")
    page.get_by_role("link", name="Feedback from the family").click()
    assert_accessible(page, "family feedback")
    page.get_by_role("link", name=re.compile("Invite people")).click()
    page.get_by_label("Invite Amara Okafor").check()
    assert page.get_by_label("Survey for Amara Okafor").input_value() == "child-under-8"
    page.get_by_label("Show on screen").check()
    assert_accessible(page, "invite")
    page.get_by_role("button", name="Make the links").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="For Amara Okafor").is_visible()
    assert page.locator(".app-qr svg").count() == 1
    assert_accessible(page, "links")
    link = page.locator("a[href*='/evaluation/feedback/f/']").get_attribute("href")
    assert link and "Amara" not in link and "Okafor" not in link
    screenshot(page, "voices-links")

    # Amara opens it on a phone, with no account, and answers with faces.
    child_page = new_page(bypass_csp=True, viewport=PHONE)
    path = re.sub(r"^https?://[^/]+", "", link)
    child_page.goto(path)
    assert "/sign-in/" not in child_page.url
    assert child_page.get_by_text("Who will read your answers").is_visible()
    assert_accessible(child_page, "child's survey")
    for group in child_page.locator("fieldset:has(.app-face)").all():
        group.get_by_label("Very happy").check()
    child_page.get_by_label("We did it together").check()
    child_page.get_by_label("Is there anything else you want to tell us?").fill("I liked the juice")
    screenshot(child_page, "voices-child-survey")
    child_page.get_by_role("button", name="Send my answers").click()
    child_page.wait_for_load_state()
    assert child_page.get_by_role("heading", name="Thank you").is_visible()
    assert_accessible(child_page, "thank you")

    # The link now says it has been used.
    child_page.goto(path)
    assert child_page.get_by_role("heading", name="This link has already been used").is_visible()
    assert_accessible(child_page, "used link")

    # The team manager reads the answer.
    manager_page = new_page(bypass_csp=True, viewport=PHONE)
    sign_in(manager_page, email=manager.email, password=world.password)
    manager_page.goto("/evaluation/feedback/results/")
    assert_accessible(manager_page, "results")
    manager_page.get_by_role("link", name="Read the answers you may see, one by one").click()
    assert_accessible(manager_page, "answers")
    manager_page.locator("a[href*='/evaluation/feedback/responses/']").first.click()
    main = manager_page.inner_text("main")
    assert "Did people listen to you?" in main
    assert "Very happy (5 of 5)" in main
    assert "I liked the juice" in main
    assert_accessible(manager_page, "one answer")
    screenshot(manager_page, "voices-manager-reads")
    for p in (page, child_page, manager_page):
        assert not p.problems, p.problems

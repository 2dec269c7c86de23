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


def test_the_other_feedback_pages_are_accessible_and_work_without_javascript(
    e2e_world: Any,
    new_page: Any,
    sign_in: Any,
    assert_accessible: Any,
) -> None:
    from django.utils import timezone

    from restorative.evaluation.models import Survey, SurveyInvitation
    from restorative.evaluation.surveys import services
    from restorative.people.models import Staff
    from restorative.people.tests.factories import PartnerAgencyFactory, StaffFactory
    from restorative.practice.models import Meeting, MeetingParticipant, MeetingType

    services.survey_defaults_install()
    world = e2e_world
    manager = StaffFactory(
        email="manager@test.example",
        role=Staff.Role.TEAM_MANAGER,
        team=world.family.team,
        organisation=world.practitioner.organisation,
        password=world.password,
    )
    partner = StaffFactory(
        email="partner@test.example",
        role=Staff.Role.PARTNER,
        team=None,
        organisation=world.practitioner.organisation,
        partner_agency=PartnerAgencyFactory(name="County Police", kind="police"),
        password=world.password,
    )
    adult = world.family.members.get(first_name="Tobi")
    held = Meeting.objects.create(
        family=world.family,
        meeting_type=MeetingType.CORE_GROUP,
        status="held",
        held_on=timezone.localdate(),
        created_by=world.practitioner,
    )
    upcoming = Meeting.objects.create(
        family=world.family,
        meeting_type=MeetingType.REVIEW_CONFERENCE,
        status="scheduled",
        scheduled_at=timezone.now() + datetime.timedelta(days=5),
        created_by=world.practitioner,
    )
    for meeting in (held, upcoming):
        MeetingParticipant.objects.create(meeting=meeting, kind="professional", staff=partner)
    MeetingParticipant.objects.create(meeting=held, kind="family_member", member=adult)
    survey = Survey.objects.get(code="parent-carer")
    issued = services.survey_invitations_create(
        actor=world.practitioner,
        invitees=[services.Invitee(survey=survey, member=adult)],
        channel="screen",
        meeting=held,
    )
    link = f"/evaluation/feedback/f/{issued[0].token}/"

    # Without JavaScript: a parent answers with the plain form and asks to be contacted.
    no_js = new_page(java_script_enabled=False, viewport=PHONE)
    no_js.goto(link)
    no_js.get_by_role("group", name=re.compile("How well were you listened to")).get_by_label(
        "7", exact=True
    ).check()
    no_js.get_by_role("group", name=re.compile("Would you like someone")).get_by_label(
        "Yes"
    ).check()
    no_js.get_by_role("button", name="Send my answers").click()
    assert no_js.get_by_role("heading", name="Thank you").is_visible()

    anyone = new_page(bypass_csp=True, viewport=PHONE)
    anyone.goto("/evaluation/feedback/f/this-is-not-a-real-link/")
    assert anyone.get_by_role("heading", name="We cannot find this link").is_visible()
    assert_accessible(anyone, "unknown link")
    second = services.survey_invitations_create(
        actor=world.practitioner,
        invitees=[services.Invitee(survey=survey, name="Aunt Bola")],
        channel="print",
        meeting=held,
    )[0]
    SurveyInvitation.objects.filter(pk=second.invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    anyone.goto(f"/evaluation/feedback/f/{second.token}/")
    assert anyone.get_by_role("heading", name="This link has closed").is_visible()
    assert_accessible(anyone, "closed link")

    # The practitioner's invite page with an error.
    staff_page = new_page(bypass_csp=True, viewport=PHONE)
    sign_in(staff_page, email=world.practitioner.email, password=world.password)
    staff_page.goto(f"/evaluation/feedback/meetings/{held.uuid}/invite/")
    staff_page.get_by_role("button", name="Make the links").click()
    assert staff_page.get_by_text("There is a problem").is_visible()
    assert_accessible(staff_page, "invite with an error")

    # The team manager's list of people who asked to be contacted, and recording it done.
    manager_page = new_page(bypass_csp=True, viewport=PHONE)
    sign_in(manager_page, email=manager.email, password=world.password)
    # The areas of the evaluation app are behind one section of the navigation (on a phone,
    # the home page lists the sections too).
    manager_page.goto("/")
    manager_page.get_by_role("main").get_by_role("link", name="Quality and feedback").click()
    assert_accessible(manager_page, "Quality and feedback hub")
    manager_page.get_by_role("main").get_by_role("link", name="Asked to be contacted").click()
    assert_accessible(manager_page, "follow-ups")
    manager_page.get_by_role("link", name=re.compile("Record what was done")).click()
    manager_page.get_by_label("What was done?").fill("Phoned Tobi and arranged a visit.")
    manager_page.get_by_role("button", name="Save").click()
    assert manager_page.get_by_text("Phoned Tobi and arranged a visit.").is_visible()
    assert_accessible(manager_page, "follow-up done")

    # The partner: their meetings, a contribution before, feedback after.
    partner_page = new_page(bypass_csp=True, viewport=PHONE)
    sign_in(partner_page, email=partner.email, password=world.password)
    partner_page.goto("/")
    partner_page.get_by_role("main").get_by_role("link", name="Quality and feedback").click()
    partner_page.get_by_role("main").get_by_role("link", name="Your meetings").click()
    assert_accessible(partner_page, "partner meetings")
    partner_page.get_by_role("link", name=re.compile("Give your written contribution")).click()
    partner_page.get_by_label("Your contribution").fill("No police call-outs since March.")
    assert_accessible(partner_page, "partner contribution")
    partner_page.get_by_role("button", name="Save my contribution").click()
    partner_page.get_by_role("link", name=re.compile("Give feedback")).click()
    assert_accessible(partner_page, "partner feedback")
    # The unknown, closed and refused pages answer 404, 410 and 400 on purpose.
    expected = ("status of 404", "status of 410", "status of 400")
    for page in (anyone, staff_page, manager_page, partner_page):
        assert not [p for p in page.problems if not any(e in p for e in expected)], page.problems

"""Browser journey for case-file audits, with axe-core on every page: quality assurance draws
a random sample, an auditor from another team grades a case against the restorative
criteria (with the language checker's findings beside the record), the practitioner adds a
reflection, the auditor finishes, a moderator changes the grade with a reason, quality
assurance raises a learning action and a training need from the moderation note, and the
workforce lead sees the need beside the course catalogue (issue 12's acceptance journey)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from restorative.evaluation.models import AuditProgramme, CaseAudit, LearningAction, TrainingNeed
from restorative.people.models import Staff
from restorative.people.tests.factories import FamilyFactory, StaffFactory, TeamFactory
from restorative.practice.models import Meeting

pytestmark = pytest.mark.e2e


def test_case_audit_with_the_practitioner_and_moderation(
    e2e_world: Any,
    new_page: Any,
    sign_in: Any,
    screenshot: Any,
    assert_accessible: Any,
    fill_date: Any,
) -> None:
    practitioner = e2e_world.practitioner
    org = practitioner.organisation
    family = e2e_world.family
    password = e2e_world.password
    # Only the practitioner's families are open in this world: the other two are closed.
    for other in (e2e_world.neighbour, e2e_world.hidden):
        other.status = "closed"
        other.save()
    FamilyFactory(team=practitioner.team, allocated_worker=practitioner, name="Evans")
    other_team = TeamFactory(service=practitioner.team.service, name="South Safeguarding")
    auditor = StaffFactory(
        email="auditor@test.example",
        first_name="Maya",
        last_name="Brown",
        role=Staff.Role.TEAM_MANAGER,
        team=other_team,
        organisation=org,
        password=password,
    )
    moderator_team = e2e_world.hidden.team
    moderator = StaffFactory(
        email="moderator@test.example",
        first_name="Mo",
        last_name="Clarke",
        role=Staff.Role.TEAM_MANAGER,
        team=moderator_team,
        organisation=org,
        password=password,
    )
    quality = StaffFactory(
        email="quality@test.example",
        first_name="Quinn",
        last_name="Adeyemi",
        role=Staff.Role.QUALITY,
        team=None,
        organisation=org,
        password=password,
    )
    lead = StaffFactory(
        email="workforce@test.example",
        first_name="Wren",
        last_name="Hughes",
        role=Staff.Role.WORKFORCE,
        team=None,
        organisation=org,
        password=password,
    )
    today = datetime.date.today()
    Meeting.objects.create(
        family=family,
        meeting_type="core_group",
        status=Meeting.Status.HELD,
        held_on=today - datetime.timedelta(days=20),
        what_happened="Mum is a non-compliant parent.",
        worries='Amara said "I like it when Nan picks me up".',
        created_by=practitioner,
    )

    page = new_page(bypass_csp=True)
    # 1. Quality assurance draws a random sample of 2.
    sign_in(page, email=quality.email, password=password)
    page.goto("/evaluation/audits/")
    assert_accessible(page, "Case-file audits (quality assurance)")
    page.get_by_role("link", name="Start a programme").click()
    page.wait_for_load_state()
    assert_accessible(page, "Start a programme")
    page.get_by_label("Theme").fill("The child's voice in child protection plans")
    fill_date(page, "Start of the period", today - datetime.timedelta(days=90))
    fill_date(page, "End of the period", today)
    page.get_by_label("Random sample").check()
    page.get_by_label("How many families to audit").fill("3")
    page.get_by_role("group", name="Auditors").get_by_label(
        "Maya Brown (South Safeguarding)"
    ).check()
    page.get_by_role("group", name="Moderators (optional)").get_by_label(
        "Mo Clarke (Children in Care East)"
    ).check()
    page.get_by_label("Share of audits to moderate, in per cent").fill("100")
    page.get_by_role("button", name="Draw the sample").click()
    page.wait_for_load_state()
    error = page.locator(".govuk-error-summary").inner_text()
    assert "larger than the 2 families that can be audited" in error
    assert_accessible(page, "Start a programme (errors)")
    assert not AuditProgramme.objects.exists()
    page.get_by_label("How many families to audit").fill("2")
    page.get_by_role("button", name="Draw the sample").click()
    page.wait_for_load_state()
    assert "2 families drawn" in page.locator("main").inner_text()
    assert "Checked" in page.locator("main").inner_text()
    assert_accessible(page, "Programme")
    screenshot(page, "case-audits-01-programme")
    audit = CaseAudit.objects.get(family=family)
    assert audit.auditor_id == auditor.pk

    # 2. The auditor reads the record and grades it against the restorative criteria.
    page.context.clear_cookies()
    sign_in(page, email=auditor.email, password=password)
    page.goto("/evaluation/audits/")
    page.get_by_role("link", name=f"{family.name} ({family.case_reference})").click()
    page.wait_for_load_state()
    assert_accessible(page, "Audit (auditor)")
    page.get_by_role("link", name="Read the record and audit it").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "non-compliant" in main and "The language checker's findings" in main
    assert_accessible(page, "Audit the record (empty)")
    page.get_by_role("button", name="Save the findings").click()
    page.wait_for_load_state()
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "Audit the record (errors)")
    for fieldset in page.locator("form fieldset").all():
        if fieldset.get_by_label("Yes", exact=True).count():
            fieldset.get_by_label("Yes", exact=True).check()
        else:
            fieldset.get_by_label("Good", exact=True).check()
    page.get_by_label("Strengths found").fill("Nan's support is well described.")
    page.get_by_label("Why this grade").fill("Amara's own words shaped the plan.")
    screenshot(page, "case-audits-02-grading")
    page.get_by_role("button", name="Save the findings").click()
    page.wait_for_load_state()
    assert page.locator("#overall-grade").inner_text() == "Good"
    page.get_by_role("button", name="Share the draft with the practitioner").click()
    page.wait_for_load_state()
    assert "shared" in page.locator("#audit-status").inner_text()

    # 3. The practitioner sees the draft and adds their reflection.
    page.context.clear_cookies()
    sign_in(page, email=practitioner.email, password=password)
    page.goto("/evaluation/audits/")
    assert "waiting for your reflection" in page.locator("main").inner_text()
    assert_accessible(page, "Case-file audits (practitioner)")
    page.get_by_role("link", name=f"{family.name} ({family.case_reference})").click()
    page.wait_for_load_state()
    page.get_by_label("Your reflection on the findings").fill(
        "I recognise this: I will write Amara's words as she says them."
    )
    assert_accessible(page, "Audit (practitioner)")
    page.get_by_role("button", name="Add your reflection").click()
    page.wait_for_load_state()
    assert "I will write Amara" in page.locator("#reflection").inner_text()

    # 4. The auditor finishes the audit; their access to the record ends.
    page.context.clear_cookies()
    sign_in(page, email=auditor.email, password=password)
    page.goto(f"/evaluation/audits/{audit.uuid}/")
    page.get_by_role("button", name="Finish the audit").click()
    page.wait_for_load_state()
    assert "Finished" in page.locator("#audit-status").inner_text()
    response = page.goto(f"/evaluation/audits/{audit.uuid}/record/")
    assert response is not None and response.status == 404
    page.problems.clear()  # that 404 was the point

    # 5. The moderator changes the grade with a reason.
    page.context.clear_cookies()
    sign_in(page, email=moderator.email, password=password)
    page.goto("/evaluation/audits/")
    page.get_by_role("link", name=f"{family.name} ({family.case_reference})").click()
    page.wait_for_load_state()
    assert_accessible(page, "Moderate")
    page.get_by_label("Requires improvement to be good").check()
    page.get_by_label("Your reason").fill("The plan's sustainability was not reviewed.")
    page.get_by_role("button", name="Save the moderation").click()
    page.wait_for_load_state()
    moderated = page.locator("#moderated-grade").inner_text()
    assert "Requires improvement to be good" in moderated and "changed from Good" in moderated
    assert_accessible(page, "Audit (moderated)")
    screenshot(page, "case-audits-03-moderated")

    # 6. Quality assurance turns the moderation note into a learning action and a need.
    page.context.clear_cookies()
    sign_in(page, email=quality.email, password=password)
    page.goto(f"/evaluation/audits/{audit.uuid}/")
    page.get_by_role(
        "link", name="Learning from this moderation note: actions and training needs"
    ).click()
    page.wait_for_load_state()
    assert "Moderation note:" in page.inner_text("main")
    assert_accessible(page, "Learning from a moderation note (empty)")
    page.get_by_role("link", name="Raise a learning action").click()
    page.wait_for_load_state()
    page.get_by_label("What will be done").fill("Auditors' calibration on sustainability reviews")
    page.get_by_label("Who owns it").select_option(label=quality.display_name)
    fill_date(page, "Due by", timezone.localdate() + datetime.timedelta(days=30))
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Raise a training need").click()
    page.wait_for_load_state()
    page.get_by_label("Theme of the training needed").fill("Reviewing whether a plan holds")
    page.get_by_label("Team manager", exact=True).check()
    page.get_by_label("About how many people").fill("6")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert LearningAction.objects.get().source_kind == "moderation_note"
    assert TrainingNeed.objects.get().source_uuid == audit.uuid
    assert "Reviewing whether a plan holds" in page.inner_text("main")
    assert_accessible(page, "Learning from a moderation note")

    # 7. The workforce lead sees the need beside the course catalogue.
    page.context.clear_cookies()
    sign_in(page, email=lead.email, password=password)
    page.goto("/workforce/")
    main = page.inner_text("main")
    assert "Training needs from quality findings" in main
    assert "Reviewing whether a plan holds" in main
    assert_accessible(page, "Training catalogue with the audit's training need")
    screenshot(page, "case-audits-04-training-need")
    assert not page.problems

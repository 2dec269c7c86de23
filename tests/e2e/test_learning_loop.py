"""Browser journey for complaints and learning (issue 12 points 6, 8 and 9): the complaints
manager records a complaint, records its outcome as upheld, and raises a learning action and
a training need from it; the workforce lead sees the need beside the course catalogue and
links a course that meets it; the finding's page shows the whole loop. axe-core on every page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from restorative.evaluation.models import Complaint, LearningAction, TrainingNeed
from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory
from restorative.workforce.tests.factories import CourseFactory

COURSE = "Restorative conversations about plans"
NEED = "Explaining changes to plans with families"

pytestmark = pytest.mark.e2e


def test_a_complaint_outcome_raises_learning_the_workforce_lead_sees(
    e2e_world: Any,
    new_page: Any,
    sign_in: Any,
    screenshot: Any,
    assert_accessible: Any,
    fill_date: Any,
) -> None:
    practitioner = e2e_world.practitioner
    password = e2e_world.password
    org = practitioner.organisation
    manager = StaffFactory(
        email="complaints@test.example",
        first_name="Joanne",
        last_name="Pritchard",
        role=Staff.Role.COMPLAINTS_MANAGER,
        team=None,
        organisation=org,
        password=password,
    )
    lead = StaffFactory(
        email="workforce@test.example",
        first_name="Wendy",
        last_name="Lowe",
        role=Staff.Role.WORKFORCE,
        team=None,
        organisation=org,
        password=password,
    )
    team_manager = StaffFactory(
        email="teammanager@test.example",
        first_name="Marcus",
        last_name="Reid",
        role=Staff.Role.TEAM_MANAGER,
        team=practitioner.team,
        organisation=org,
        password=password,
    )
    CourseFactory(title=COURSE)
    page = new_page(bypass_csp=True)  # to inject axe-core; the app's own scripts are all files

    # The complaints manager records a complaint from a parent about the team.
    sign_in(page, email=manager.email, password=password)
    page.goto("/evaluation/complaints/")
    assert_accessible(page, "Complaints")
    page.get_by_role("button", name="Record a complaint").click()
    page.wait_for_load_state()
    assert_accessible(page, "Record a complaint")
    page.get_by_label("Children Act 1989 representations procedure").check()
    received = timezone.localdate() - datetime.timedelta(days=3)
    fill_date(page, "Date received", received)
    page.get_by_role("group", name="Who made the complaint").get_by_label("Parent").check()
    page.get_by_label("Complainant's name").fill("Joan Okafor")
    page.get_by_label("Team it is about").select_option(label="North Safeguarding")
    page.get_by_label("Summary of the complaint").fill("The plan changed without anyone asking us")
    page.get_by_label("Element 1: category").select_option(label="Communication")
    page.get_by_label("Element 1: what is complained about").fill("We were not told of the change")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    complaint = Complaint.objects.get()
    assert f"Complaint {complaint.reference}" in page.inner_text("h1")
    assert_accessible(page, "A complaint")
    screenshot(page, "complaint-detail")

    # Its outcome: upheld.
    page.get_by_role("link", name="Record outcome for Communication").click()
    page.wait_for_load_state()
    assert_accessible(page, "Record the outcome")
    page.get_by_label("Upheld", exact=True).check()
    fill_date(page, "Date decided", timezone.localdate())
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "Upheld (stage 1" in page.inner_text("main")

    # The complaint's learning: an action for the team manager and a training need.
    page.get_by_role(
        "link", name="Learning from this complaint: actions and training needs"
    ).click()
    page.wait_for_load_state()
    assert_accessible(page, "Learning from a finding (empty)")
    page.get_by_role("link", name="Raise a learning action").click()
    page.wait_for_load_state()
    assert_accessible(page, "Raise a learning action")
    page.get_by_label("What will be done").fill(
        "Brief the team on telling families of plan changes"
    )
    page.get_by_label("Who owns it").select_option(label=team_manager.display_name)
    fill_date(page, "Due by", timezone.localdate() + datetime.timedelta(days=30))
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Raise a training need").click()
    page.wait_for_load_state()
    assert_accessible(page, "Raise a training need")
    page.get_by_label("Theme of the training needed").fill(NEED)
    page.get_by_label("Practitioner", exact=True).check()
    page.get_by_label("About how many people").fill("12")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert LearningAction.objects.get().source_uuid == complaint.uuid
    assert TrainingNeed.objects.get().theme == NEED
    main = page.inner_text("main")
    assert "Brief the team on telling families of plan changes" in main and NEED in main
    assert_accessible(page, "Learning from a finding")

    # The workforce lead sees the need beside the catalogue and links a course to it.
    lead_page = new_page(bypass_csp=True)
    sign_in(lead_page, email=lead.email, password=password)
    lead_page.goto("/workforce/")
    section = lead_page.locator("main")
    assert "Training needs from quality findings" in section.inner_text()
    assert NEED in section.inner_text()
    assert_accessible(lead_page, "Training catalogue with training needs")
    screenshot(lead_page, "catalogue-training-needs")
    lead_page.get_by_role("link", name=f"Link training to {NEED}").click()
    lead_page.wait_for_load_state()
    assert_accessible(lead_page, "Link training to a need")
    lead_page.get_by_label("Course that meets it").select_option(label=COURSE)
    lead_page.get_by_role("button", name="Save").click()
    lead_page.wait_for_load_state()
    assert TrainingNeed.objects.get().course is not None

    # The finding's page shows the loop closed: finding, action, need, course.
    page.reload()
    page.wait_for_load_state()
    assert COURSE in page.inner_text("main")
    screenshot(page, "learning-loop")

    # The figures, as charts with their tables.
    page.goto("/evaluation/complaints/reports/")
    assert_accessible(page, "Complaint reports")
    assert not page.problems, page.problems
    assert not lead_page.problems, lead_page.problems
